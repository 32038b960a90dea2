"""The scheduler pass: idempotent, safe to run from several machines at once, constant in
queries whatever the number of messages, and `openipt run-due` prints what it queued."""

import threading
import time
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, connection, connections
from django.test.utils import CaptureQueriesContext

from openipt.protocol.models import Session
from openipt.reminders import actions
from openipt.reminders.delivery import deliver_claimed
from openipt.reminders.kinds.base import Due
from openipt.reminders.models import Message, Status
from openipt.reminders.scheduler import Pass, queue_due, run_due
from openipt.testing.people import make_client, make_people
from tests.test_access_matrix import open_flag

from .builders import SESSION_2, run, texts

NO_WORKER = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def clients_with_a_session_tomorrow(people, count):
    for index in range(count):
        client = make_client(people.owner, given=f"Client{index}")
        Session.objects.create(episode=client.episodes.get(), number=1, scheduled_for=SESSION_2)


def test_two_passes_at_the_same_moment_log_and_queue_each_message_once(people, travel, settings):
    settings.TASKS = NO_WORKER
    clients_with_a_session_tomorrow(people, 3)
    first = run(travel, SESSION_2 - timedelta(hours=20))
    second = run(travel, SESSION_2 - timedelta(hours=20))
    assert len([q for q in first.queued if q.kind == "session"]) == 3
    assert second.queued == []
    assert Message.objects.filter(kind="session").count() == 3


def test_a_pass_costs_the_same_queries_for_1_and_5_messages(people, travel, settings):
    settings.TASKS = NO_WORKER

    def queries_of_a_pass(count):
        Message.objects.all().delete()
        Session.objects.all().delete()
        clients_with_a_session_tomorrow(people, count)
        travel(SESSION_2 - timedelta(hours=20))
        with CaptureQueriesContext(connection) as captured:
            result = run_due(SESSION_2 - timedelta(hours=20))
        assert len([q for q in result.queued if q.kind == "session"]) == count
        return len(captured)

    queries_of_a_pass(1)  # the first pass also records the heartbeats' rows
    one = queries_of_a_pass(1)
    assert queries_of_a_pass(5) == one
    assert queries_of_a_pass(25) == one
    assert one == 20  # one query per kind: the group session reminder added one


def test_run_due_prints_one_line_per_message_and_a_summary(people, travel, settings):
    settings.TASKS = NO_WORKER
    clients_with_a_session_tomorrow(people, 2)
    travel(SESSION_2 - timedelta(hours=20))
    out = StringIO()
    call_command("run_due", stdout=out)
    lines = out.getvalue().splitlines()
    references = sorted(
        Message.objects.filter(kind="session").values_list("client__reference", flat=True)
    )
    assert sorted(line for line in lines if line.startswith("session ")) == [
        f"session {reference} email" for reference in references
    ]
    assert lines[-1].startswith("run-due: ") and "queued" in lines[-1]


def test_the_late_safety_flag_mail_is_part_of_the_pass(
    people, travel, django_capture_on_commit_callbacks
):
    flag = open_flag(people)
    with django_capture_on_commit_callbacks(execute=True):
        result = run(travel, flag.raised_at + timedelta(days=5))
    assert [q.line for q in result.queued if q.kind == "late_risk_flag"] == [
        f"late_risk_flag {people.client.reference} email"
    ]
    assert [m.to for m in mail.outbox if "safety flag" in m.subject] == [[people.supervisor.email]]
    again = run(travel, flag.raised_at + timedelta(days=5, minutes=1))
    assert [q for q in again.queued if q.kind == "late_risk_flag"] == []


def test_the_old_late_flag_command_still_works(people, travel):
    flag = open_flag(people)
    travel(flag.raised_at + timedelta(days=5))
    out = StringIO()
    call_command("notify_unacknowledged_risk_flags", stdout=out)
    assert "1 flag(s)" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_schedulers_and_workers_running_at_once_never_send_a_message_twice(settings, travel):
    """Four schedulers run the same pass at the same moment (as on four machines), then
    two workers deliver every claim at once: each reminder is logged once, claimed by one
    pass, and sent once. Meaningful on PostgreSQL (`make test-postgres`), where the
    passes and workers truly overlap; on SQLite, writers take turns."""

    settings.TASKS = NO_WORKER
    people = make_people()
    clients_with_a_session_tomorrow(people, 8)
    now = travel(SESSION_2 - timedelta(hours=20))
    results = _at_once(4, lambda: _queued(now))
    claims = [result.claim for result in results]
    lines = Counter(q.line for result in results for q in result.queued if q.kind == "session")
    assert len(lines) == 8 and set(lines.values()) == {1}
    assert Message.objects.filter(kind="session").count() == 8
    deliver_all = lambda: [deliver_claimed.call(claim) for claim in claims]  # noqa: E731
    if connection.vendor == "postgresql":
        _at_once(2, deliver_all)
    else:
        # Shared-memory SQLite cannot make a worker wait for another's write (above); one
        # worker after the other still shows that the second finds nothing left to send.
        deliver_all()
        deliver_all()
    sent = Message.objects.filter(kind="session", status=Status.SENT)
    assert sent.count() == 8
    assert sorted(text["to"] for text in texts()) == []  # e-mail, not SMS

    reminders = [m for m in mail.outbox if "appointment" in m.body]
    assert len(reminders) == 8 and len({m.to[0] for m in reminders}) == 8


def _queued(now):
    """The pass's transaction: find, log, claim and queue (scheduler.queue_due)."""
    result = Pass()
    queue_due(now, result)
    return result


def _at_once(count, work):
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run_one(index):
        try:
            barrier.wait()
            results[index] = _taking_turns_on_sqlite(work)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run_one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def _taking_turns_on_sqlite(work):
    """The test database on SQLite is shared memory, whose table locks do not wait as a
    database file's do (20 s, settings.py): wait and try the whole transaction again."""
    for _ in range(200):
        try:
            return work()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.05)
    raise AssertionError("the database stayed locked")


def test_insert_due_skips_keys_already_logged(people, travel):
    now = SESSION_2 - timedelta(hours=20)
    # A real client: the test's end checks foreign keys (an unknown id is an error there).
    client_id = people.client.pk
    due = Due("session", people.owner.organisation_id, 1, "x", now, SESSION_2, client_id=client_id)
    actions.insert_due([due, due], now)
    actions.insert_due([due], now)
    assert Message.objects.filter(key=due.key).count() == 1
