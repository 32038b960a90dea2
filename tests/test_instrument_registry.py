"""The instrument module is the one place an instrument is described (issue 13, item 7).

Every registered instrument declares what it is and shows up wherever it should: the
clinician's list of questionnaires, the portal, the course schedule and fidelity's labels,
the modality checks, the FHIR export and docs/instruments.md. And a new module, registered
and nothing else, is picked up by all of them.
"""

import dataclasses
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from django.conf import settings
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from openipt.fhir.questionnaire_response import administration_bundle
from openipt.measures import instruments
from openipt.measures.actions import record_administration
from openipt.measures.instruments import gad7
from openipt.measures.tests.builders import quietest_answers
from openipt.protocol import phases, readings
from openipt.protocol.catalogue import Catalogue
from openipt.protocol.course import CourseFacts, SessionFact
from openipt.protocol.fidelity import episode_fidelity
from openipt.protocol.modalities import get as modality
from openipt.protocol.modalities.base import Phase, PhaseKey
from openipt.protocol.schedule import CourseSchedule

DOCS = Path(__file__).resolve().parent.parent / "docs" / "instruments.md"
CODES = sorted(instruments.INSTRUMENTS)
QUESTIONNAIRE_CODES = sorted(instruments.QUESTIONNAIRES)


@pytest.mark.parametrize("code", CODES)
def test_every_module_declares_what_it_is(code):
    module = instruments.get(code)
    assert module.KIND in (instruments.QUESTIONNAIRE, instruments.DIARY)
    assert isinstance(module.AT_HOME, bool)
    assert isinstance(module.OFFERED_BY_DEFAULT, bool)
    assert isinstance(module.LICENCE_SETTLED, bool)
    assert module.ABOUT.strip()
    if not module.OFFERED_BY_DEFAULT:
        assert hasattr(settings, module.OFFERED_WITH_SETTING)
    for substitute in getattr(module, "SUBSTITUTES", ()):
        # What replaces an instrument must itself always be offered.
        assert instruments.get(substitute).OFFERED_BY_DEFAULT
    if module.KIND == instruments.QUESTIONNAIRE:
        assert module.DEFINITION.licence_settled is module.LICENCE_SETTLED
        if not module.LICENCE_SETTLED:
            # Unsettled licence: our own labels only, never the published wording.
            assert all(item.text is None for item in module.DEFINITION.items)


@pytest.mark.parametrize("code", CODES)
def test_docs_describe_every_instrument(code):
    assert f"`{code}`" in DOCS.read_text()


@pytest.mark.parametrize("code", CODES)
def test_the_course_rules_know_and_name_every_instrument(code):
    catalogue = readings.catalogue()
    assert code in readings.instrument_codes()
    assert catalogue.label(code) == instruments.short_name(code) != code
    assert instruments.is_offered(code) is catalogue.is_offered(code)


@pytest.mark.parametrize("code", QUESTIONNAIRE_CODES)
def test_every_offered_questionnaire_is_on_the_clinicians_list(code, people, client, settings):
    settings.OPENIPT_SHOW_PHQA = True
    client.force_login(people.owner)
    page = client.get(reverse("clinic:measure_new", args=[people.episode.pk])).content.decode()
    assert f"?instrument={code}" in page


def test_the_phqa_is_offered_only_with_its_setting(settings):
    settings.OPENIPT_SHOW_PHQA = False
    assert "phqa" not in instruments.offered() and "phqa" not in instruments.recordable()
    settings.OPENIPT_SHOW_PHQA = True
    assert "phqa" in instruments.offered() and "phqa" in instruments.at_home()


@pytest.mark.parametrize("code", QUESTIONNAIRE_CODES)
def test_every_questionnaire_exports_as_valid_fhir(code, people):
    administration = record_administration(
        people.owner,
        people.episode,
        code,
        quietest_answers(instruments.QUESTIONNAIRES[code]),
        administered_on=date(2026, 9, 8),
        respondent="client_at_home",
    )
    Bundle.model_validate(administration_bundle(administration, client=people.client))


# --- a new instrument needs no edit elsewhere ---------------------------------------------


def new_instrument():
    """A copy of the GAD-7 module under a new code, as a new module file would be."""
    module = ModuleType("openipt.measures.instruments.newq")
    for name in dir(gad7):
        if name.isupper():
            setattr(module, name, getattr(gad7, name))
    module.CODE, module.NAME = "newq", "NEWQ-4"
    module.DEFINITION = dataclasses.replace(gad7.DEFINITION, code="newq", name="NEWQ-4")
    module.validate, module.score = gad7.validate, gad7.score
    return module


@pytest.fixture
def registered(monkeypatch):
    module = new_instrument()
    monkeypatch.setitem(instruments.INSTRUMENTS, module.CODE, module)
    monkeypatch.setitem(instruments.QUESTIONNAIRES, module.CODE, module.DEFINITION)
    return module


def test_a_registered_module_is_offered_at_home_and_named(registered):
    assert "newq" in instruments.offered()
    assert "newq" in instruments.recordable()
    assert "newq" in instruments.at_home()
    catalogue = readings.catalogue()
    assert catalogue.is_offered("newq") and catalogue.label("newq") == "NEWQ-4"


def test_a_modality_may_expect_a_registered_module_and_the_schedule_asks_for_it(registered):
    ipt = modality("individual_ipt")
    initial = dataclasses.replace(ipt.phase(PhaseKey.INITIAL), once_measures=("newq",))
    changed = dataclasses.replace(ipt, phases=(initial, *ipt.phases[1:]))
    assert list(phases.measure_problems(changed)) == []
    facts = CourseFacts(changed, 12, sessions=(SessionFact(1, "scheduled"),))
    assert "newq" in CourseSchedule(facts, catalogue=readings.catalogue()).due().outstanding
    held = CourseFacts(changed, 12, sessions=(SessionFact(1, "attended"),))
    result = episode_fidelity(held, {(1, "newq")}, (), readings.catalogue())
    assert [unit.label for unit in result.measures if unit.instrument == "newq"] == ["NEWQ-4"]


def test_an_unregistered_code_is_refused_by_the_modality_checks():
    ipt = modality("individual_ipt")
    initial = Phase(
        key=PhaseKey.INITIAL,
        name="Initial phase",
        tasks=ipt.phase(PhaseKey.INITIAL).tasks,
        once_measures=("newq",),
    )
    changed = dataclasses.replace(ipt, phases=(initial, *ipt.phases[1:]))
    assert list(phases.measure_problems(changed)) == [
        "phase initial expects unknown measure 'newq'"
    ]


def test_a_registered_module_is_on_the_clinicians_list(registered, people, client):
    client.force_login(people.owner)
    page = client.get(reverse("clinic:measure_new", args=[people.episode.pk])).content.decode()
    assert "?instrument=newq" in page and "NEWQ-4" in page


def test_no_catalogue_offers_what_the_registry_does_not_hold():
    assert readings.catalogue().offered <= set(instruments.INSTRUMENTS)
    assert isinstance(readings.catalogue(), Catalogue)
