"""Questionnaires in the client's language (docs/instruments.md, "Translations"): the
official wording where a translation file is held, English with a note where not; the
language is stored with the administration and never changes the score."""

import json

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from openipt.fhir.questionnaire_response import questionnaire_response
from openipt.measures.instruments import QUESTIONNAIRES, get, translations
from openipt.measures.models import MeasureAdministration
from openipt.protocol.tests.builders import course_with_sessions


@pytest.fixture
def course(people):
    # Session 5 (middle phase) is next: PHQ-9 and GAD-7 are due.
    return course_with_sessions(people.owner, people.episode, recorded=4, scheduled=6)


@pytest.fixture
def robin(client, people, course):
    client.force_login(people.client_user)
    client.episode_id = people.episode.pk
    return client


def reads(user, language):
    user.language = language
    user.save(update_fields=["language"])


@pytest.fixture
def held_translation(tmp_path, monkeypatch):
    """A stand-in translation file for the PHQ-9 in Dutch, marked as such in every text:
    the machinery is tested without shipping wording that is not the official one."""
    definition = QUESTIONNAIRES["phq9"]
    data = {
        "source": "test stand-in",
        "terms": "test stand-in",
        "instructions": "[nl] instructions",
        "items": {item.key: f"[nl] {item.key}" for item in definition.items},
        "options": {
            item.key: {str(option.value): f"[nl] {option.label}" for option in item.options}
            for item in definition.items
        },
    }
    (tmp_path / "phq9.nl.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(translations, "DIRECTORY", tmp_path)
    translations.translation_for.cache_clear()
    yield definition
    translations.translation_for.cache_clear()


def send_every_answer(robin, definition, value=1):
    address = reverse("portal:questionnaire", args=[robin.episode_id, definition.code])
    answers = {item.key: str(value) for item in definition.items}
    return robin.post(address + "?all=1", {"all": "1", "action": "finish", **answers})


def test_without_an_official_translation_the_questions_are_in_english_with_a_note(robin, people):
    reads(people.client_user, "nl")
    address = reverse("portal:questionnaire", args=[robin.episode_id, "phq9"])
    page = robin.get(address + "?q=1").content.decode()
    assert '<html lang="nl">' in page
    assert "Deze vragenlijst wordt in het Engels gesteld" in page
    assert 'lang="en"' in page and QUESTIONNAIRES["phq9"].items[0].text in page
    send_every_answer(robin, QUESTIONNAIRES["phq9"])
    assert MeasureAdministration.objects.get().language == "en"


def test_an_instrument_whose_translation_is_not_free_says_so(robin, people):
    class NotFree:
        CODE = "wsas"

    assert translations.english_only_reason(NotFree, "fr") == translations.NOT_FREE
    assert translations.english_only_reason(get("phq9"), "fr") == translations.NOT_FOUND
    assert translations.english_only_reason(get("phq9"), "en-gb") is None


def test_a_held_translation_is_asked_and_its_language_stored(robin, people, held_translation):
    reads(people.client_user, "nl")
    address = reverse("portal:questionnaire", args=[robin.episode_id, "phq9"])
    page = robin.get(address + "?q=1").content.decode()
    assert "[nl] q1" in page and "[nl] instructions" in page
    assert "[nl] Not at all" in page
    assert "in het Engels" not in page
    send_every_answer(robin, held_translation)
    administration = MeasureAdministration.objects.get()
    assert administration.language == "nl"
    robin.force_login(people.owner)
    clinician_page = robin.get(reverse("clinic:measure", args=[administration.pk]))
    assert "<dt>Asked in</dt><dd>Dutch</dd>" in clinician_page.content.decode()


def test_the_fhir_questionnaire_response_carries_the_language(robin, people, held_translation):
    reads(people.client_user, "nl")
    send_every_answer(robin, held_translation)
    resource = questionnaire_response(
        MeasureAdministration.objects.get(), "id-1", {"reference": "s"}, {"reference": "a"}
    )
    assert resource["language"] == "nl"


def test_the_same_answers_score_the_same_in_every_language(robin, people, held_translation, client):
    reads(people.client_user, "nl")
    send_every_answer(robin, held_translation, value=2)
    reads(people.client_user, "en-gb")
    send_every_answer(robin, QUESTIONNAIRES["gad7"], value=2)
    dutch, english = MeasureAdministration.objects.order_by("id")
    assert (dutch.language, english.language) == ("nl", "en")
    assert dutch.total == get("phq9").score(dutch.answers).total


def stand_in(definition):
    """A translation of `definition` whose every text is marked as a stand-in."""
    return translations.Translation(
        code=definition.code,
        language="xx",
        source="test stand-in",
        terms="test stand-in",
        instructions="[xx] instructions",
        items={item.key: f"[xx] {item.key}" for item in definition.items},
        options={"*": {str(o.value): f"[xx] {o.label}" for o in definition.items[0].options}},
    )


@pytest.mark.parametrize("code", ["phq9", "gad7"])
@given(data=st.data())
def test_a_translation_changes_words_never_items_values_or_scores(code, data):
    """Property: a translated definition (every held file, and a stand-in) has the same
    items, option values and scores, so the same answers make the same total."""
    original = QUESTIONNAIRES[code]
    versions = [translations.applied(original, stand_in(original))]
    for held_code, language in translations.available():
        if held_code == code:
            translation = translations.translation_for(code, language)
            assert translations.problems(original, translation) == []
            versions.append(translations.applied(original, translation))
    answers = {
        item.key: data.draw(st.sampled_from([option.value for option in item.options]))
        for item in original.items
    }
    expected = get(code).score(answers).total
    for translated in versions:
        assert translated.item_keys == original.item_keys
        total = sum(item.option_for(answers[item.key]).score for item in translated.scored_items)
        assert total == expected
