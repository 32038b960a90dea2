"""Time travel through a session reminder: sent once at the right time, not in quiet hours,
not after an opt-out, not for a session cancelled or moved, not once the course ended."""

from datetime import time, timedelta

from django.core import mail

from openipt.audit.models import AuditEvent
from openipt.measures.actions import end_course
from openipt.protocol import actions as course_actions
from openipt.reminders.actions import opt_out, set_contact_preference, update_message_settings
from openipt.reminders.delivery import deliver_claimed
from openipt.reminders.models import Message, Reason, Status

from .builders import SESSION_2, course_with, messages, run

ROBIN = "robin@example.invalid"


def reminders_to_robin():
    return [m for m in mail.outbox if m.to == [ROBIN] and "appointment" in m.body]


def test_sent_once_24_hours_before_with_time_and_place(people, travel):
    course_with(people, location="Room 4, 12 Mill Lane")
    run(travel, SESSION_2 - timedelta(hours=24, minutes=1))
    assert reminders_to_robin() == []
    run(travel, SESSION_2 - timedelta(hours=24))
    [sent] = reminders_to_robin()
    assert "Monday 14 September 2026, 10:00" in sent.body
    assert "Room 4, 12 Mill Lane" in sent.body
    assert sent.alternatives[0][1] == "text/html" and "Room 4" in sent.alternatives[0][0]
    for later in (timedelta(hours=23), timedelta(hours=1), timedelta(minutes=1)):
        run(travel, SESSION_2 - later)
    assert len(reminders_to_robin()) == 1
    [message] = messages("session")
    assert (message.status, message.attempts) == (Status.SENT, 1)


def test_a_video_session_reminder_gives_the_meeting_link_and_a_phone_session_says_so(
    people, travel
):
    link = "https://meet.example.invalid/room-42"
    course_with(people, location="", delivery_mode="video", meeting_link=link)
    run(travel, SESSION_2 - timedelta(hours=24))
    [sent] = reminders_to_robin()
    assert f"Join the video call: {link}" in sent.body
    assert "telephone" not in sent.body


def test_a_telephone_session_reminder_says_the_call_will_come(people, travel):
    course_with(people, location="", delivery_mode="telephone")
    run(travel, SESSION_2 - timedelta(hours=24))
    [sent] = reminders_to_robin()
    assert "We will call you by telephone at that time." in sent.body
    assert "video" not in sent.body


def test_the_organisations_lead_time_decides_when(people, travel):
    update_message_settings(people.admin, people.owner.organisation, session_lead_hours=2)
    course_with(people)
    run(travel, SESSION_2 - timedelta(hours=3))
    assert reminders_to_robin() == []
    run(travel, SESSION_2 - timedelta(hours=2))
    assert len(reminders_to_robin()) == 1


def test_never_in_quiet_hours_but_once_they_end(people, travel):
    course_with(people)
    set_contact_preference(
        people.client_user,
        people.client,
        channel="email",
        quiet_from=time(21, 0),
        quiet_until=time(10, 30),
        language="en",
    )
    run(travel, SESSION_2 - timedelta(hours=24))  # Sunday 10:00: quiet
    assert reminders_to_robin() == []
    [message] = messages("session")
    assert (message.status, message.reason) == (Status.PENDING, Reason.QUIET_HOURS)
    run(travel, SESSION_2 - timedelta(hours=23, minutes=45))  # 10:15: still quiet
    assert reminders_to_robin() == []
    run(travel, SESSION_2 - timedelta(hours=23, minutes=30))  # 10:30: quiet hours over
    assert len(reminders_to_robin()) == 1


def test_quiet_hours_that_last_past_the_session_mean_no_reminder(people, travel):
    course_with(people)
    set_contact_preference(
        people.client_user,
        people.client,
        channel="email",
        quiet_from=time(9, 0),
        quiet_until=time(11, 0),
        language="en",
    )
    # Booked at 09:30 for 10:00 the same day: inside the quiet hours until after it starts.
    run(travel, SESSION_2 - timedelta(minutes=30))
    assert reminders_to_robin() == []
    [message] = messages("session")
    assert (message.status, message.reason) == (Status.SUPPRESSED, Reason.QUIET_HOURS)


def test_not_after_opting_out(people, travel):
    course_with(people)
    opt_out(people.client, how="link")
    run(travel, SESSION_2 - timedelta(hours=20))
    assert reminders_to_robin() == []
    [message] = messages("session")
    assert (message.status, message.reason) == (Status.SUPPRESSED, Reason.OPTED_OUT)


def test_an_opt_out_after_queueing_still_stops_it(people, travel, settings):
    """The worker asks again just before sending (REDCap's re-check)."""
    course_with(people)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    result = run(travel, SESSION_2 - timedelta(hours=20))
    assert [q.kind for q in result.queued if q.kind == "session"] == ["session"]
    opt_out(people.client, how="sms")

    deliver_claimed.call(result.claim)
    assert reminders_to_robin() == []
    assert messages("session")[0].reason == Reason.OPTED_OUT


def test_not_for_a_cancelled_session(people, travel):
    _, sessions = course_with(people)
    course_actions.cancel_session(people.owner, sessions[1], cancelled_by="cancelled_client")
    run(travel, SESSION_2 - timedelta(hours=20))
    assert reminders_to_robin() == []
    assert messages("session") == []


def test_cancelled_after_queueing_is_withdrawn(people, travel, settings):
    _, sessions = course_with(people)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    result = run(travel, SESSION_2 - timedelta(hours=20))
    course_actions.cancel_session(people.owner, sessions[1], cancelled_by="cancelled_clinician")

    deliver_claimed.call(result.claim)
    assert reminders_to_robin() == []
    [message] = messages("session")
    assert (message.status, message.reason) == (Status.WITHDRAWN, Reason.NO_LONGER_DUE)


def test_a_moved_session_gets_a_reminder_at_its_new_time_only(people, travel):
    _, sessions = course_with(people)
    run(travel, SESSION_2 - timedelta(hours=30))
    course_actions.reschedule_session(
        people.owner, sessions[1], scheduled_for=SESSION_2 + timedelta(days=2), reason="away"
    )
    run(travel, SESSION_2 - timedelta(hours=20))  # the old time's window: nothing
    assert reminders_to_robin() == []
    run(travel, SESSION_2 + timedelta(days=2) - timedelta(hours=20))
    [sent] = reminders_to_robin()
    assert "Wednesday 16 September 2026, 10:00" in sent.body


def test_not_once_the_course_has_ended(people, travel):
    plan, _ = course_with(people)
    end_course(
        people.owner,
        plan,
        ended_on=SESSION_2.date() - timedelta(days=2),
        reason="ended_early",
        problem_area_progress="Better.",
        future_plan="Keep walking.",
    )
    run(travel, SESSION_2 - timedelta(hours=20))
    assert reminders_to_robin() == []
    assert messages("session") == []


def test_a_client_without_the_chosen_address_is_logged_not_sent(people, travel):
    course_with(people)
    set_contact_preference(
        people.owner,
        people.client,
        channel="sms",
        quiet_from=None,
        quiet_until=None,
        language="en",
    )
    run(travel, SESSION_2 - timedelta(hours=20))
    [message] = messages("session")
    assert (message.status, message.reason) == (Status.SUPPRESSED, Reason.NO_ADDRESS)


def test_every_outcome_is_in_the_clients_audit_trail(people, travel):
    course_with(people)
    run(travel, SESSION_2 - timedelta(hours=20))
    event = AuditEvent.objects.get(action="message.sent")
    assert event.client_id == people.client.pk
    assert event.object_id == str(Message.objects.get(kind="session").pk)
    assert event.facts == {"kind": "session", "channel": "email"}
