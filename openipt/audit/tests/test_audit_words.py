"""The audit trail's words in the reader's language (issue 16): each action's words are
declared with gettext_lazy and read when the trail is shown; an event stores codes only."""

import json

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from openipt.audit import events
from openipt.audit.events import _placeholders
from openipt.audit.models import AuditEvent
from openipt.audit.record import record
from openipt.measures.models import RiskFlag

LANGUAGES = ("nl", "fr")


def english_placeholders():
    with translation.override("en-gb"):
        return {code: _placeholders(a.says) for code, a in events.declared().items()}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_translated_action_keeps_the_facts_of_its_english_words(language):
    english = english_placeholders()
    with translation.override(language):
        translated = {code: _placeholders(a.says) for code, a in events.declared().items()}
    assert translated == english


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", "Traject overgedragen van medewerker 9001 aan medewerker 9002"),
        ("fr", "Épisode réattribué de membre du personnel 9001 à membre du personnel 9002"),
    ],
)
def test_an_action_with_its_facts_is_described_in_the_readers_language(language, words):
    facts = {"from_clinician": 9001, "to_clinician": 9002, "client_moved": True}
    with translation.override(language):
        described = events.describe("episode.reassigned", facts)
    assert described.startswith(words)
    assert "responsible clinician" not in described


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", "scores zonder identiteit bewaard: ja"),
        ("fr", "scores conservés sans identité : oui"),
    ],
)
def test_the_yes_and_no_of_a_fact_are_translated(language, words):
    facts = {"reason": "duplicate", "scores": True}
    with translation.override(language):
        assert words in events.describe("episode.erased", facts)


@pytest.mark.parametrize(
    ("language", "words", "role"),
    [("nl", "Medewerker uitgenodigd als", "supervisor"), ("fr", "invité comme", "superviseur")],
)
def test_code_words_read_at_import_follow_the_reader_too(language, words, role):
    with translation.override(language):
        described = events.describe("staff.invited", {"role": "supervisor"})
    assert words in described and described.endswith(role)


@pytest.mark.parametrize(
    ("language", "shown", "english"),
    [
        ("nl", "Dossier van de cliënt bekeken", "Client record viewed"),
        ("fr", "Dossier du client consulté", "Client record viewed"),
    ],
)
def test_the_client_audit_trail_shows_the_actions_in_the_readers_language(
    people, client, language, shown, english
):
    record(people.owner, "client.viewed", people.client, client=people.client)
    record(
        people.owner,
        "client.updated",
        people.client,
        client=people.client,
        facts={"changed": ["phone"]},
    )
    people.supervisor.language = language
    people.supervisor.save(update_fields=["language"])
    client.force_login(people.supervisor)
    page = client.get(reverse("clinic:client_audit", args=[people.client.pk])).content.decode()
    assert shown in page and english not in page
    assert {"nl": "telefoonnummer", "fr": "numéro de téléphone"}[language] in page
    # The store keeps the codes, never words in any language.
    stored = AuditEvent.objects.filter(action="client.updated").get()
    assert json.dumps(stored.facts) == '{"changed": ["phone"]}'


def test_every_model_an_event_may_name_has_words_and_no_words_outlive_their_model():
    """AuditEvent.object_type may name any model of the project (record() takes any object),
    so each has its words for the "Concerning" column, instead of Django's English name."""
    project = {
        model._meta.label_lower
        for model in apps.get_models()
        if model.__module__.startswith("openipt.")
    }
    assert sorted(project - set(events.OBJECT_WORDS)) == []
    assert sorted(set(events.OBJECT_WORDS) - project) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_object_word_keeps_its_number_in_every_language(language):
    with translation.override(language):
        for label in events.OBJECT_WORDS:
            assert events.object_words(label, "9001").count("9001") == 1, label


@pytest.mark.parametrize(
    ("language", "concerning", "english"),
    [("nl", "Veiligheidsmelding", "Risk flag"), ("fr", "Signalement", "Risk flag")],
)
def test_the_trail_names_what_an_event_concerns_in_the_readers_language(
    people, client, language, concerning, english
):
    flag = RiskFlag(pk=9001)  # only its label and number are stored
    record(people.owner, "risk_flag.viewed", flag, client=people.client)
    people.supervisor.language = language
    people.supervisor.save(update_fields=["language"])
    client.force_login(people.supervisor)
    page = client.get(reverse("clinic:client_audit", args=[people.client.pk])).content.decode()
    assert f"{concerning} 9001" in page and english not in page
    with translation.override(language):
        assert events.object_words("old.model", "7") == "old.model 7"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_declared_action_has_words_in_the_readers_language(language):
    """Every app declares its actions' words with gettext_lazy; one declared with plain
    strings (the course's were, until 2026-11-26) shows English in every trail."""
    with translation.override("en-gb"):
        english = {code: (str(a.words), str(a.says)) for code, a in events.declared().items()}
    with translation.override(language):
        shown = {code: (str(a.words), str(a.says)) for code, a in events.declared().items()}
    untranslated = sorted(code for code in english if shown[code][0] == english[code][0])
    assert untranslated == []
    says_untranslated = sorted(
        code for code in english if english[code][1] and shown[code][1] == english[code][1]
    )
    assert says_untranslated == []


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", "Sessie 3 vastgelegd: niet gekomen; 2 van 5 agendataken gedaan"),
        ("fr", "Séance 3 enregistrée : absent ; 2 tâches de l’ordre du jour sur 5 faites"),
    ],
)
def test_a_course_action_reads_in_the_readers_language(language, words):
    facts = {"session": 3, "attendance": "did_not_attend", "tasks_done": 2, "tasks": 5}
    with translation.override(language):
        assert events.describe("session.recorded", facts) == words
