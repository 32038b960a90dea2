"""`openipt run-due`: one scheduler pass (reminders/scheduler.py). Run it every minute from
a systemd timer or cron, beside `openipt db-worker` (docs/deploy.md); several machines may
run it at once. Prints one line per message queued (kind, client reference, channel) and
a summary line."""

from django.core.management.base import BaseCommand

from openipt.reminders.scheduler import run_due


class Command(BaseCommand):
    help = "Queue the reminders, digests and late safety-flag mails that are due now."

    def handle(self, *args, **options):
        result = run_due()
        for queued in result.queued:
            self.stdout.write(queued.line)
        self.stdout.write(result.summary)
