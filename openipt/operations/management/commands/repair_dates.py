"""`openipt repair-dates [--fix]`: list stored dates outside any sound range, and repair them.

Without --fix it only lists (and exits non-zero when it finds any, so a timer can warn).
With --fix each optional date is cleared and each required one moved to the nearest end
of its range, in one audited action per row (`data.date_repaired`, with the old value).
"""

from django.core.management.base import BaseCommand, CommandError

from openipt.operations.actions import repair_date
from openipt.operations.repair import findings


class Command(BaseCommand):
    help = (
        "List stored dates outside their sound range (before 1900, a birth or life event "
        "after today, anything else more than ten years ahead); --fix repairs them, audited."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help="clear optional dates and move required ones to the end of their range",
        )

    def handle(self, *args, fix=False, **options):
        found = findings()
        if not found:
            self.stdout.write(self.style.SUCCESS("Every stored date is within its range."))
            return
        for finding in found:
            self.stdout.write(finding.describe())
        if not fix:
            raise CommandError(
                f"{len(found)} stored date(s) outside their range; "
                "run `openipt repair-dates --fix` to repair them."
            )
        for finding in found:
            repair_date(finding)
        self.stdout.write(
            self.style.SUCCESS(f"Repaired {len(found)} date(s); each repair is in the audit trail.")
        )
