"""`openipt backup PATH`: a consistent backup of the whole database, owner-readable only."""

from django.core.management.base import BaseCommand, CommandError

from openipt.operations.backup import BackupError, back_up


class Command(BaseCommand):
    help = (
        "Back up the whole database to a new file PATH (SQLite: online backup; "
        "PostgreSQL: pg_dump custom format). The file is readable by its owner only."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the new backup file; an existing file is refused")

    def handle(self, *args, path, **options):
        try:
            written = back_up(path)
        except BackupError as problem:
            raise CommandError(str(problem)) from problem
        size = written.stat().st_size
        self.stdout.write(
            f"Backed up the database to {written} ({size:,} bytes, readable by its owner only)."
        )
