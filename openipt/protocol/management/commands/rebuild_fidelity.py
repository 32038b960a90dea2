"""`openipt rebuild-fidelity`: recompute every course's stored fidelity from its records.

The actions keep the stored rows up to date (docs/course.md, "Stored fidelity"); run this
after loading records in bulk (the benchmark does), after an upgrade that changes a
modality or which instruments are offered, or to check a database: `--check` reports the
courses whose stored row differs from a fresh computation, and changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from openipt.protocol import fidelity_store


class Command(BaseCommand):
    help = "Recompute the stored fidelity of every course from its records."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="only report courses whose stored fidelity differs from their records",
        )

    def handle(self, *args, check=False, **options):
        if check:
            differing = fidelity_store.differing()
            for episode_id in differing:
                self.stdout.write(f"episode {episode_id}: stored fidelity differs")
            if differing:
                raise CommandError(f"{len(differing)} course(s) differ; run without --check.")
            self.stdout.write(self.style.SUCCESS("Every stored fidelity matches its records."))
            return
        count = fidelity_store.rebuild()
        self.stdout.write(self.style.SUCCESS(f"Recomputed the fidelity of {count} course(s)."))
