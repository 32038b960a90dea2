"""Tell supervisors about safety flags their clinician has not acknowledged in time.

`openipt run-due` (the scheduler, every minute) does this as part of each pass; this command
runs only this part and is kept for timers set up before it (docs/deploy.md). Each flag is
reported once; acknowledged or resolved flags never are.
"""

from django.core.management.base import BaseCommand

from openipt.measures.actions import notify_unacknowledged_risk_flags


class Command(BaseCommand):
    help = "Email supervisors about risk flags not acknowledged within the organisation's time."

    def handle(self, *args, **options):
        told = notify_unacknowledged_risk_flags()
        self.stdout.write(f"Supervisors told about {len(told)} flag(s).")
