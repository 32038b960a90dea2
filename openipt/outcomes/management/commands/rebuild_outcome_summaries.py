"""Work out every episode's outcome summary afresh from its records.

Run after restoring data written past the actions, after changing
OPENIPT_RELIABLE_IMPROVEMENT_RULE, and once after upgrading to the version that added the
summaries (docs/outcomes.md, docs/deploy.md). `--stale` recomputes only summaries marked
stale whose recomputation after their change did not finish.
"""

import time

from django.core.management.base import BaseCommand

from openipt.outcomes.summaries import rebuild_all, recompute_stale


class Command(BaseCommand):
    help = "Recompute the outcome summary of every episode from its records."

    def add_arguments(self, parser):
        parser.add_argument("--stale", action="store_true", help="only the summaries marked stale")

    def handle(self, *args, stale=False, **options):
        started = time.perf_counter()
        written = recompute_stale() if stale else rebuild_all()
        took = time.perf_counter() - started
        self.stdout.write(f"Outcome summaries recomputed: {written} in {took:.1f} s.")
