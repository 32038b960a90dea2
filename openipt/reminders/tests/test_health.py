"""Heartbeats of the scheduler and the worker: warnings on the admin's and supervisors'
pages after 15 silent minutes, and `openipt check-health` for a monitoring system."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from openipt.operations import health
from openipt.operations.models import Heartbeat
from openipt.reminders.scheduler import run_due

WARNING = "Reminders and safety mails may not be going out"


def test_a_pass_beats_for_the_scheduler_and_the_worker_answers_its_probe(db, travel):
    now = travel(timezone.now())
    run_due(now)  # the immediate backend runs the probe at once, as a worker would
    beats = dict(Heartbeat.objects.values_list("name", "beat_at"))
    assert beats[health.SCHEDULER] == now and beats[health.WORKER] == now
    assert health.silences(now) == []


def test_a_silent_worker_is_probed_once_every_five_minutes(db, travel, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    start = travel(timezone.now())
    assert health.probe_worker(start)
    assert not health.probe_worker(start + timedelta(minutes=4))
    assert health.probe_worker(start + timedelta(minutes=5))


def test_check_health_exits_non_zero_when_either_is_silent(db, travel):
    now = travel(timezone.now())
    with pytest.raises(SystemExit) as stopped:
        call_command("check_health", stdout=StringIO(), stderr=StringIO())
    assert stopped.value.code == 1
    run_due(now)
    out = StringIO()
    call_command("check_health", stdout=out)
    assert "ok:" in out.getvalue()
    travel(now + timedelta(minutes=16))
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("check_health", stdout=StringIO(), stderr=err)
    assert "scheduler" in err.getvalue() and "has not run since" in err.getvalue()


@pytest.mark.parametrize(
    ("person", "url_name", "warned"),
    [
        ("admin", "clinic:clients", True),
        ("admin", "clinic:organisation", True),
        ("supervisor", "clinic:supervision", True),
        ("supervisor", "clinic:clients", True),
        ("owner", "clinic:caseload", False),
        ("owner", "clinic:clients", False),
    ],
)
def test_the_admin_and_supervisors_are_warned(people, client, travel, person, url_name, warned):
    client.force_login(getattr(people, person))
    now = travel(timezone.now())
    assert (WARNING in client.get(reverse(url_name)).content.decode()) is warned
    run_due(now)
    assert WARNING not in client.get(reverse(url_name)).content.decode()
    travel(now + timedelta(minutes=16))
    assert (WARNING in client.get(reverse(url_name)).content.decode()) is warned
