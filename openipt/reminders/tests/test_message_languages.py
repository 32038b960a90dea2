"""Every message is written in its recipient's language (docs/reminders.md, "Languages"):
each kind in Dutch and French (subject, body, day and month names), English for an English
reader whatever language the worker runs in, the organisation's own wording as it wrote
it, and the same key, Message-ID and stop link in every language."""

import hashlib
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from openipt import notices
from openipt.reminders.kinds import KINDS
from openipt.reminders.models import ContactPreference, MessageSettings
from openipt.reminders.wording import forbidden_in, wording_for
from tests.test_access_matrix import open_flag

from .builders import SESSION_2, course_with, messages, run
from .test_stopping import stop_token_from
from .test_wording import CONTEXTS

ROBIN = "robin@example.invalid"
STOP = "https://openipt.example/portal/stop/abc/"
PAGE = "https://openipt.example/portal/"

# A phrase of each kind's e-mail text (and the day as written) in each language.
GREETING = {"nl": "Goedendag,", "fr": "Bonjour,", "en-gb": "Hello,"}
DAY = {"nl": "14 september", "fr": "14 septembre", "en-gb": "14 September"}
WEEKDAY = {"nl": "maandag", "fr": "lundi", "en-gb": "Monday"}
SUBJECT = {
    "session": {"nl": "Herinnering aan uw afspraak", "fr": "Rappel de rendez-vous"},
    "group_session": {"nl": "Herinnering aan de bijeenkomst", "fr": "Rappel de réunion"},
    "things_due": {"nl": "Voor uw afspraak", "fr": "Avant votre rendez-vous"},
    "homework_due": {"nl": "Een herinnering voor morgen", "fr": "Un rappel pour demain"},
    "diary": {"nl": "De pagina van vandaag", "fr": "La page du jour"},
    "follow_up": {"nl": "Herinnering aan uw afspraak", "fr": "Rappel de rendez-vous"},
    "staff_digest": {"nl": "Uw dag in OpenIPT", "fr": "Votre journée dans OpenIPT"},
}
SMS_STOP = {"nl": "Antwoord STOP", "fr": "Répondez STOP", "en-gb": "Reply STOP"}


def built(code, channel, language, wording=None):
    subject = SUBJECT[code].get(language, "") if code == "staff_digest" else None
    with translation.override(language):
        chosen = wording or wording_for(None, code)
    return notices.reminder(
        code,
        CONTEXTS[code],
        wording={**chosen, "subject": subject} if subject is not None else chosen,
        sender="Appointments",
        channel=channel,
        stop_url=STOP if KINDS[code].audience == "client" else "",
        action_url=PAGE,
        language=language,
    )


@pytest.mark.parametrize("code", sorted(KINDS))
@pytest.mark.parametrize("language", ["nl", "fr"])
def test_each_kinds_email_is_written_in_the_recipients_language(code, language):
    english, translated = built(code, "email", "en-gb"), built(code, "email", language)
    assert translated.subject == SUBJECT[code][language]
    assert translated.text != english.text
    assert translated.text.startswith(GREETING[language])
    assert "Hello" not in translated.text and "Hello" not in translated.html
    if code != "diary":  # the diary prompt names no day
        assert DAY[language] in translated.text and DAY["en-gb"] not in translated.text
    assert f'<html lang="{language}">' in translated.html
    # The links are the same in every language.
    assert PAGE in translated.text
    if KINDS[code].audience == "client":
        assert STOP in translated.text and STOP in translated.html


@pytest.mark.parametrize("code", sorted(c for c in KINDS if "sms" in KINDS[c].channels))
@pytest.mark.parametrize("language", ["nl", "fr"])
def test_each_kinds_text_message_is_written_in_the_recipients_language(code, language):
    text = built(code, "sms", language).sms
    assert SMS_STOP[language] in text and "Reply STOP" not in text
    assert STOP in text and " ".join(text.split()) == text
    # STOP stays STOP: it is the carriers' keyword in every language.
    assert "STOP" in text


@pytest.mark.parametrize("code", sorted(KINDS))
@pytest.mark.parametrize("language", ["en-gb", "nl", "fr"])
@pytest.mark.parametrize("channel", ["email", "sms"])
def test_no_message_holds_a_forbidden_word_in_any_language(code, language, channel):
    if channel not in KINDS[code].channels:
        return
    message = built(code, channel, language)
    for part in (message.subject, message.text, message.html, message.sms):
        assert forbidden_in(part) == [], part


def test_the_weekday_follows_the_language_too():
    for language in ("nl", "fr", "en-gb"):
        assert WEEKDAY[language] in built("session", "email", language).text


def test_an_english_reader_gets_english_whatever_the_workers_language():
    with translation.override("fr"):
        message = built("session", "email", None)
        assert translation.get_language() == "fr"  # the override is given back
    assert message.subject == "Appointment reminder"
    assert message.text.startswith("Hello,") and "Monday 14 September 2026" in message.text


def test_the_organisations_own_wording_stays_as_it_wrote_it():
    own = {"subject": "Tot maandag", "opening": "We zien u graag."}
    message = built("session", "email", "fr", wording=own)
    assert message.subject == "Tot maandag" and "We zien u graag." in message.text
    assert message.text.startswith("Bonjour,")  # the rest is the reader's language
    saved = MessageSettings(wording={"session": {"subject": "See you Monday"}})
    with translation.override("nl"):
        assert wording_for(saved, "session") == {
            "subject": "See you Monday",
            "opening": "Dit is een herinnering aan uw afspraak.",
        }


@pytest.mark.parametrize("count", [1, 3])
def test_the_count_of_things_due_takes_the_right_plural(count):
    context = {**CONTEXTS["things_due"], "count": count}
    for language, singular, plural in (
        ("nl", "Er is 1 ding", "Er zijn 3 dingen"),
        ("fr", "Vous avez 1 chose à", "Vous avez 3 choses à"),
    ):
        message = notices.reminder(
            "things_due",
            context,
            wording=wording_for(None, "things_due"),
            sender="Afspraken",
            channel="email",
            language=language,
        )
        assert (singular if count == 1 else plural) in message.text


# --- as delivered -------------------------------------------------------------------------


def session_reminder(people, travel):
    course_with(people, sessions=3)
    run(travel, SESSION_2 - timedelta(hours=20))
    [sent] = [m for m in mail.outbox if m.to == [ROBIN]]
    return sent


def expected_message_id(message):
    return hashlib.sha256(message.key.encode()).hexdigest()[:40]


def set_account_language(user, language):
    user.language = language
    user.save(update_fields=["language"])


def test_a_dutch_client_is_reminded_in_dutch_with_the_same_key_and_stop_link(
    people, travel, client
):
    set_account_language(people.client_user, "nl")
    sent = session_reminder(people, travel)
    assert sent.subject == "Herinnering aan uw afspraak"
    assert "maandag 14 september 2026, 10:00" in sent.body
    assert "Waar: Room 4" in sent.body
    [message] = messages("session")
    assert expected_message_id(message) in sent.extra_headers["Message-ID"]
    token = stop_token_from(sent.body)
    assert sent.extra_headers["List-Unsubscribe"] == f"<{sent.body.split()[-1]}>"
    # The stop page the link opens speaks Dutch too, to a browser that asks for English.
    page = client.get(reverse("portal:stop", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Mijn herinneringen stoppen" in page.content.decode()
    done = client.post(reverse("portal:stop", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    assert "u krijgt geen herinneringen meer" in done.content.decode()


def test_a_french_client_without_an_account_language_gets_their_reminder_choice(people, travel):
    ContactPreference.objects.create(client=people.client, language="fr")
    sent = session_reminder(people, travel)
    assert sent.subject == "Rappel de rendez-vous"
    assert "lundi 14 septembre 2026, 10:00" in sent.body
    assert "Pour ne plus recevoir ces rappels" in sent.body


def test_an_english_client_is_reminded_in_english_by_a_worker_running_in_french(people, travel):
    with translation.override("fr"):
        sent = session_reminder(people, travel)
    assert sent.subject == "Appointment reminder"
    assert "Monday 14 September 2026, 10:00" in sent.body
    assert "To stop these reminders, open this link" in sent.body


def test_a_dutch_supervisors_digest_is_in_dutch(people, travel):
    set_account_language(people.supervisor, "nl")
    open_flag(people)
    run(travel, SESSION_2.replace(hour=7, minute=30))
    [digest] = [m for m in mail.outbox if m.to == [people.supervisor.email]]
    assert digest.subject == "Uw dag in OpenIPT"
    assert "Open punten van uw team die nog niemand als gezien heeft gemarkeerd: 1" in digest.body
    assert "Uw dag op maandag 14 september:" in digest.body


def test_staff_notices_follow_the_staff_members_language(people):
    set_account_language(people.owner, "fr")
    people.owner.email = people.owner.email or "owner@example.invalid"
    with translation.override("nl"):
        notice = notices.second_factor_replaced(people.owner)
    assert notice.subject == "Votre authentification OpenIPT a été remplacée"
    assert notice.body.startswith("Bonjour ")
