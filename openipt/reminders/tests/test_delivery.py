"""Sending by SMS, failures retried with backoff, the last failure shown to the clinician,
and messages lost with their worker queued again (at least once, never twice once sent)."""

from datetime import timedelta

from django.urls import reverse

from openipt.reminders import actions
from openipt.reminders.actions import set_contact_preference
from openipt.reminders.delivery import deliver_claimed
from openipt.reminders.models import Message, Reason, Status
from openipt.reminders.sms import LocmemBackend, SmsError

from .builders import SESSION_2, course_with, messages, run, texts


class ProviderDown:
    """An SMS backend whose provider answers every call with a server error."""

    calls = 0

    def send(self, to, body, sender):
        ProviderDown.calls += 1
        raise SmsError("provider 503")


class NumberRefused:
    def send(self, to, body, sender):
        raise SmsError("provider 400 21211", permanent=True)


def by_sms(people, phone="07700 900123"):
    people.client.phone = phone
    people.client.save(update_fields=["phone"])
    set_contact_preference(
        people.client_user,
        people.client,
        channel="sms",
        quiet_from=None,
        quiet_until=None,
        language="en",
    )


def test_a_text_carries_the_time_place_and_ways_to_stop(people, travel):
    course_with(people, location="Room 4")
    by_sms(people)
    run(travel, SESSION_2 - timedelta(hours=20))
    [text] = texts()
    assert text["to"] == "+447700900123"
    assert text["body"].startswith("Appointments: This is a reminder of your appointment.")
    assert "Mon 14 Sep, 10:00, Room 4" in text["body"]
    assert "Reply STOP" in text["body"] and "/portal/stop/" in text["body"]
    [message] = messages("session")
    assert (message.channel, message.status) == ("sms", Status.SENT)
    assert message.provider_id.startswith("locmem-")


def test_a_failed_provider_call_is_retried_with_growing_waits_then_shown(
    people, travel, settings, client
):
    settings.OPENIPT_SMS_BACKEND = f"{__name__}.ProviderDown"
    ProviderDown.calls = 0
    course_with(people)
    by_sms(people)
    start = SESSION_2 - timedelta(hours=20)
    run(travel, start)
    message = Message.objects.get(kind="session")
    assert (message.status, message.attempts) == (Status.RETRYING, 1)
    assert message.send_after == start + timedelta(minutes=5)
    run(travel, start + timedelta(minutes=4))  # too early for the next try
    assert ProviderDown.calls == 1
    run(travel, start + timedelta(minutes=5))
    message.refresh_from_db()
    assert (message.attempts, message.send_after) == (2, start + timedelta(minutes=20))
    run(travel, start + timedelta(minutes=20))
    message.refresh_from_db()
    assert (message.attempts, message.send_after) == (3, start + timedelta(minutes=65))
    run(travel, start + timedelta(minutes=65))
    message.refresh_from_db()
    assert (message.status, message.attempts, message.reason) == (
        Status.FAILED,
        4,
        Reason.PROVIDER_ERROR,
    )
    assert message.last_error == "provider 503"
    run(travel, start + timedelta(hours=3))
    assert ProviderDown.calls == 4
    # The clinician sees it on their caseload and in the client's message log.
    client.force_login(people.owner)
    caseload = client.get(reverse("clinic:caseload")).content.decode()
    assert "could not be sent" in caseload and people.client.reference in caseload
    log = client.get(reverse("clinic:client_messages", args=[people.client.pk])).content.decode()
    assert "Failed" in log and "Session reminder" in log


def test_a_permanent_refusal_fails_at_once(people, travel, settings):
    settings.OPENIPT_SMS_BACKEND = f"{__name__}.NumberRefused"
    course_with(people)
    by_sms(people)
    run(travel, SESSION_2 - timedelta(hours=20))
    message = Message.objects.get(kind="session")
    assert (message.status, message.attempts) == (Status.FAILED, 1)


def test_no_retry_after_the_appointment(people, travel, settings):
    settings.OPENIPT_SMS_BACKEND = f"{__name__}.ProviderDown"
    course_with(people)
    by_sms(people)
    run(travel, SESSION_2 - timedelta(minutes=3))
    assert Message.objects.get(kind="session").status == Status.FAILED


def test_a_message_lost_with_its_worker_is_sent_again_and_only_once(people, travel, settings):
    course_with(people)
    by_sms(people)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    start = SESSION_2 - timedelta(hours=20)
    result = run(travel, start)  # claimed; its task never runs (the worker was lost)
    message = Message.objects.get(kind="session")
    assert message.status == Status.QUEUED
    run(travel, start + timedelta(minutes=10))  # not yet stale
    assert Message.objects.get(pk=message.pk).status == Status.QUEUED
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    run(travel, start + timedelta(minutes=16))
    assert Message.objects.get(pk=message.pk).status == Status.SENT
    assert len(texts()) == 1
    # The lost task turns up after all: the message is no longer queued for its claim.

    assert deliver_claimed.call(result.claim) == []
    assert len(texts()) == 1


def test_the_worker_takes_a_message_once(people, travel, settings):
    course_with(people)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    result = run(travel, SESSION_2 - timedelta(hours=20))
    message = Message.objects.get(kind="session")
    assert actions.start_sending(message.pk, result.claim)
    assert not actions.start_sending(message.pk, result.claim)


def test_the_log_holds_no_text_name_or_address(people, travel):
    course_with(people)
    by_sms(people)
    run(travel, SESSION_2 - timedelta(hours=20))
    row = Message.objects.filter(kind="session").values().get()
    stored = " ".join(str(value) for value in row.values())
    for private in ("Robin", "Example", "07700", "900123", "robin@", "Room 4", "reminder of"):
        assert private not in stored


def test_the_sms_outbox_is_the_locmem_backend():
    assert texts() is LocmemBackend.outbox
