"""No message says what it is about: every message template is checked against the words
no message may hold, every kind's message as sent is checked too, and an organisation
cannot type such a word into its wording."""

from datetime import date, datetime, time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from openipt import notices
from openipt.reminders.kinds import KINDS
from openipt.reminders.models import MessageSettings
from openipt.reminders.wording import DEFAULTS, FORBIDDEN_WORDS, forbidden_in, wording_for

TEMPLATES = Path(settings.BASE_DIR) / "openipt" / "templates" / "notices" / "reminders"
WHEN = timezone.make_aware(datetime.combine(date(2026, 9, 14), time(10)))
CONTEXTS = {
    "session": {"when": WHEN, "where": "Room 4"},
    "group_session": {"when": WHEN, "where": "Community hall"},
    "things_due": {"when": WHEN, "count": 3},
    "homework_due": {"day": WHEN.date()},
    "diary": {"day": WHEN.date()},
    "follow_up": {"day": WHEN.date()},
    "staff_digest": {
        "day": WHEN.date(),
        "sessions": [(WHEN, "C-7KQ2MX")],
        "overdue_homework": 2,
        "open_flags": 1,
        "team_flags": 1,
        "escalations": 1,
        "group_notes": 1,
    },
}


def test_every_message_template_is_free_of_forbidden_words():
    templates = sorted(TEMPLATES.iterdir())
    assert len(templates) >= 2 * len(KINDS)
    for template in templates:
        assert forbidden_in(template.read_text()) == [], template.name


def test_every_kind_has_its_templates_and_a_context_here():
    assert set(CONTEXTS) == set(KINDS)
    for code in KINDS:
        assert (TEMPLATES / f"{code}.txt").exists()
        if KINDS[code].audience == "client":
            assert (TEMPLATES / f"{code}.sms.txt").exists()


@pytest.mark.parametrize("code", sorted(KINDS))
@pytest.mark.parametrize("channel", ["email", "sms"])
def test_messages_as_sent_hold_no_forbidden_word(code, channel):
    if channel not in KINDS[code].channels:
        return
    built = notices.reminder(
        code,
        CONTEXTS[code],
        wording=wording_for(None, code),
        sender="Appointments",
        channel=channel,
        stop_url="https://openipt.example/portal/stop/abc/",
        action_url="https://openipt.example/portal/",
    )
    for part in (built.subject, built.text, built.html, built.sms):
        assert forbidden_in(part) == [], part
    if channel == "email":
        assert built.text and "<p>" in built.html
    else:
        assert built.sms and "\n" not in built.sms


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Your therapy session", ["therapy"]),
        ("Fill in the PHQ-9 today", ["phq-9"]),
        ("Grief group tonight", ["grief"]),
        ("A self-harm check", ["self-harm"]),
        ("Your appointment tomorrow", []),
        ("Harmony Hall, 2nd floor", []),  # whole words only
    ],
)
def test_forbidden_words_are_found_as_whole_words(text, found):
    assert forbidden_in(text) == found


def test_the_list_names_instruments_and_problem_areas():
    for word in ("PHQ-9", "GAD-7", "grief", "dispute", "transition", "therapy", "score"):
        assert word in FORBIDDEN_WORDS


def test_defaults_cover_every_client_kind():
    client_kinds = {code for code, kind in KINDS.items() if kind.audience == "client"}
    assert set(DEFAULTS) == client_kinds


def test_an_organisation_cannot_type_a_forbidden_word(people, client):
    client.force_login(people.admin)
    url = reverse("clinic:message_settings")
    assert client.get(url).status_code == 200
    form = {
        "sender_name": "Riverside Therapy",
        "sms_sender": "Riverside",
        "session_lead_hours": 24,
        "things_due_lead_hours": 48,
        "day_reminder_hour": 18,
        "diary_hour": 20,
        "digest_hour": 7,
        "session_opening": "Your IPT session is coming up.",
    }
    response = client.post(url, form)
    page = response.content.decode()
    assert response.status_code == 400
    assert "leave out “therapy”" in page and "leave out “ipt”" in page
    assert not MessageSettings.objects.exists()
    form.update(sender_name="Riverside appointments", session_opening="See you soon.")
    assert client.post(url, form).status_code == 302
    saved = MessageSettings.objects.get(organisation=people.admin.organisation)
    assert saved.sender_name == "Riverside appointments"
    assert wording_for(saved, "session")["opening"] == "See you soon."
    assert wording_for(saved, "diary") == DEFAULTS["diary"]
