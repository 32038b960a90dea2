"""Heartbeats of the scheduler and the task worker, and the warning when one is silent.

The scheduler beats at the end of every pass. The worker beats whenever it runs a task
(reminders.signals); when it has had nothing to do for a while, the scheduler queues a
small probe task so that a quiet worker and a stopped one can be told apart. Both are
warned about on the admin's and the supervisors' pages after SILENT_AFTER, and
`openipt check-health` exits non-zero (docs/deploy.md).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy
from django_tasks import task

from openipt.accounts.models import Role

from .models import Heartbeat

SCHEDULER = "scheduler"
WORKER = "worker"
WATCHED = {
    SCHEDULER: gettext_lazy("The reminder scheduler (openipt run-due)"),
    WORKER: gettext_lazy("The task worker (openipt db-worker)"),
}
# A worker that has run nothing for this long gets a probe from the next scheduler pass;
# probes are sent at most this often, so a stopped worker does not collect a pile.
PROBE_AFTER = timedelta(minutes=2)
PROBE_EVERY = timedelta(minutes=5)


def silent_after():
    return timedelta(minutes=settings.OPENIPT_HEARTBEAT_MINUTES)


def beat(name, now=None):
    """Record that `name` is alive now (one UPDATE, or an INSERT the first time)."""
    now = now or timezone.now()
    if not Heartbeat.objects.filter(name=name).update(beat_at=now):
        Heartbeat.objects.get_or_create(name=name, defaults={"beat_at": now})


@task()
def worker_probe():
    """Runs on the worker: its beat is recorded by the task signal (reminders.signals)."""
    beat(WORKER)


def probe_worker(now):
    """Queue a probe when the worker has been quiet for PROBE_AFTER and no probe was sent
    in the last PROBE_EVERY. Returns whether one was queued."""
    with transaction.atomic():
        row = Heartbeat.objects.filter(name=WORKER).first()
        if row is None:
            # Not seen yet: the row records the probe, not a beat.
            row, _ = Heartbeat.objects.get_or_create(name=WORKER)
        if row.beat_at and row.beat_at > now - PROBE_AFTER:
            return False
        if row.probe_sent_at and row.probe_sent_at > now - PROBE_EVERY:
            return False
        Heartbeat.objects.filter(pk=row.pk).update(probe_sent_at=now)
    worker_probe.enqueue()
    return True


@dataclass(frozen=True)
class Silence:
    name: str
    what: str
    last_seen: object  # datetime or None

    @property
    def text(self):
        if self.last_seen is None:
            return gettext("%(what)s has never run on this site.") % {"what": self.what}
        when = formats.date_format(timezone.localtime(self.last_seen), "j F Y, H:i")
        return gettext("%(what)s has not run since %(when)s.") % {"what": self.what, "when": when}


def silences(now=None):
    """The watched processes that have not been seen for SILENT_AFTER (one query)."""
    now = now or timezone.now()
    seen = dict(Heartbeat.objects.values_list("name", "beat_at"))
    found = []
    for name, what in WATCHED.items():
        last = seen.get(name)
        if last is None or last < now - silent_after():
            found.append(Silence(name, what, last))
    return found


def warnings_for(user, now=None):
    """What the admin's and supervisors' pages warn about; nothing for anyone else."""
    if user.role not in (Role.ADMIN, Role.SUPERVISOR):
        return []
    return silences(now)
