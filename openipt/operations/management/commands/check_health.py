"""`openipt check-health`: for a monitoring system. Prints when the scheduler and the task
worker were last seen, and exits non-zero when either has been silent for
OPENIPT_HEARTBEAT_MINUTES (15 by default): risk mails and reminders depend on both."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from openipt.operations import health
from openipt.operations.models import Heartbeat


class Command(BaseCommand):
    help = "Exit non-zero when the reminder scheduler or the task worker has stopped."

    def handle(self, *args, **options):
        seen = dict(Heartbeat.objects.values_list("name", "beat_at"))
        for name, what in health.WATCHED.items():
            last = seen.get(name)
            when = f"{timezone.localtime(last):%Y-%m-%d %H:%M:%S}" if last else "never"
            self.stdout.write(f"{name}: last seen {when} ({what})")
        silent = health.silences()
        for silence in silent:
            self.stderr.write(f"SILENT: {silence.text}")
        if silent:
            raise SystemExit(1)
        self.stdout.write("ok: the scheduler and the worker are running.")
