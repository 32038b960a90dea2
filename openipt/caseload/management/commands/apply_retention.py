"""`openipt apply-retention`: erase the records whose retention period has ended.

Each organisation keeps a client's clinical record `retention_years` after their last
episode closed (accounts.Organisation, set on the organisation page); then the record is
erased: identifying details and clinical free text, scores kept without identity if the
organisation's rule says so (caseload/erasure.py). Run it daily (docs/deploy.md);
`--dry-run` lists what would go and changes nothing.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from openipt.caseload.actions import apply_retention


class Command(BaseCommand):
    help = "Erase the client records whose retention period has ended."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be erased; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        clients = apply_retention(timezone.localdate(), dry_run=dry_run)
        verb = "would be erased" if dry_run else "erased"
        for client in clients:
            self.stdout.write(f"{client.organisation.name}: {client.reference} {verb}")
        self.stdout.write(f"{len(clients)} client records {verb}.")
