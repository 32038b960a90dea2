"""The modality guidance follows the reader's language (issue 16).

Task guides and titles are data read at import time, so they are marked with gettext_lazy
and turned into text only when a page renders them: the session page of a course shows each
agenda task's guide in the clinician's language.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from openipt.groups.tests.builders import people_group
from openipt.protocol import modalities
from openipt.protocol.modalities.base import PhaseKey
from openipt.protocol.tests import builders

MODALITIES = ("ipc", "group_ipt", "ipsrt")


def first_task(code):
    return modalities.get(code).phase(PhaseKey.INITIAL).tasks[0]


def in_language(text, language):
    with translation.override(language):
        return str(text)


def session_page(client, people, code, language):
    plan = builders.course_with_sessions(
        people.owner,
        people.episode,
        recorded=0,
        scheduled=1,
        modality=code,
        planned=modalities.get(code).planned_sessions.default,
    )
    people.owner.language = language
    people.owner.save(update_fields=["language"])
    client.force_login(people.owner)
    session = plan.episode.sessions.get(number=1)
    url = reverse("clinic:course_session", args=[session.episode_id, session.number])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("code", MODALITIES)
def test_the_session_page_shows_the_agenda_guide_in_the_readers_language(
    client, people, code, language
):
    task = first_task(code)
    english = in_language(task.guide, "en")
    translated = in_language(task.guide, language)
    assert translated != english

    page = session_page(client, people, code, language)

    assert escape(translated) in page
    assert escape(english) not in page
    assert escape(in_language(task.title, language)) in page


@pytest.mark.parametrize(
    "modality", modalities.SHIPPED, ids=[modality.code for modality in modalities.SHIPPED]
)
@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_title_guide_and_summary_has_a_translation(modality, language):
    texts = [modality.name, modality.summary]
    for task in modality.tasks:
        texts += [task.title, task.guide]
    untranslated = [
        str(text) for text in texts if in_language(text, language) == in_language(text, "en")
    ]
    assert untranslated == []


def test_the_guides_stay_lazy_until_rendered():
    # Read at import time: a plain str here would be frozen in whatever language was active.
    task = first_task("ipc")
    assert not isinstance(task.guide, str) and not isinstance(task.title, str)
    assert not isinstance(modalities.get("ipc").summary, str)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_group_session_page_shows_the_agenda_guides_in_the_readers_language(
    client, people, language
):
    group = people_group(people)[0]
    people.owner.language = language
    people.owner.save(update_fields=["language"])
    client.force_login(people.owner)

    response = client.get(
        reverse("clinic:group_session", args=[group.pk, 1]), HTTP_ACCEPT_LANGUAGE=language
    )

    page = response.content.decode()
    agenda = response.context["form"].agenda
    assert agenda
    for item in agenda:
        assert escape(in_language(item.task.guide, language)) in page
        assert escape(in_language(item.task.guide, "en")) not in page
