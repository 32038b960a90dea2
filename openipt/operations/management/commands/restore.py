"""`openipt restore PATH`: replace the database with a backup, after a safety backup."""

from django.core.management.base import BaseCommand, CommandError

from openipt.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database with the backup at PATH. Refuses a database that holds data "
        "unless --force; always takes a safety backup of the database first. Stop the app "
        "servers and the task worker before restoring."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a file written by `openipt backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that holds data",
        )
        parser.add_argument(
            "--safety-backup-dir",
            metavar="DIR",
            help="where the safety backup goes (default: the directory of PATH)",
        )

    def handle(self, *args, path, force, safety_backup_dir, **options):
        try:
            safety = restore(path, force=force, safety_dir=safety_backup_dir)
        except BackupError as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(f"Safety backup of the database as it was: {safety}")
        self.stdout.write(
            f"Restored the database from {path}. Run `openipt migrate` if the backup comes "
            "from an older release, then `openipt verify-audit`."
        )
