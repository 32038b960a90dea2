"""The formulation's pictures and wording in the reader's language (issue 16): month
labels, point labels, ring names, titles and text alternatives of the SVG pictures, the
problem-area suggestion and the formulation draft."""

import re
from datetime import date

import pytest
from django.utils import translation

from openipt.formulation import decision, maps, timeline
from openipt.formulation.draft import DraftFacts, draft

from .test_decision import DAD, FRIENDS, ONSET, death
from .test_maps import TWELVE
from .test_timeline import PHQ9, POINTS, SCORES

MONTHS = {"nl": ("Mrt 2026", "Mei 2026"), "fr": ("mars 2026", "juin 2026", "juil. 2026")}
TIMELINE_WORDS = {
    "nl": ('<title id="timeline-title">Tijdlijn</title>', "Dad died (ongeveer)", "PHQ-9-score"),
    "fr": ("Frise chronologique</title>", "Dad died (environ)", "Score PHQ-9"),
}
MAP_WORDS = {
    "nl": (
        "Steunkaart: 12 mensen in drie cirkels",
        "Binnenste cirkel",
        "Dad (steunend, overleden)",
    ),
    "fr": (
        "Carte de soutien : 12 personnes dans trois cercles",
        "Cercle du milieu",
        "Dad (soutenante, décédé(e))",
    ),
}


def texts(svg, css_class):
    return re.findall(rf'class="{css_class}"[^>]*>([^<]*)<', svg)


@pytest.mark.parametrize("language", sorted(MONTHS))
def test_the_timeline_names_months_and_points_in_the_readers_language(language):
    with translation.override(language):
        svg = timeline.timeline(POINTS, SCORES, PHQ9)
    months = texts(svg, "tick-label")
    for month in MONTHS[language]:
        assert month in months
    for words in TIMELINE_WORDS[language]:
        assert words in svg
    assert "Mar 2026" not in months and "(about)" not in svg and "life event" not in svg


@pytest.mark.parametrize("language", sorted(MAP_WORDS))
def test_the_support_map_names_its_rings_in_the_readers_language(language):
    with translation.override(language):
        svg = maps.support_map(TWELVE) + maps.narrow_support_map(TWELVE)
    for words in MAP_WORDS[language]:
        assert words in svg
    assert "Inner circle" not in svg and "in three circles" not in svg and "Key" not in svg


def test_a_suggestion_gives_its_reasons_in_dutch():
    events = (death(date(2026, 3, 10), "dad"), ONSET)
    with translation.override("nl"):
        assessment = decision.propose((*FRIENDS, DAD), events, as_of=date(2026, 9, 15))
        area_name = str(assessment.proposals[0].name)
    assert assessment.proposals[0].reasons == (
        "Dad, in de binnenste cirkel, overleed in maart 2026, 2 maanden voordat de sombere"
        " stemming begon.",
    )
    assert area_name == "Rouw"


def test_the_draft_is_written_in_french():
    with translation.override("fr"):
        text = draft(DraftFacts(planned_sessions=12, end_date=date(2026, 12, 1)))
    assert text.startswith("La dépression est une maladie fréquente")
    assert (
        "Nous prévoyons de nous voir pendant 12 séances, jusqu'aux environs du 1 décembre 2026."
        in text
    )
