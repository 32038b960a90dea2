"""`openipt verify-audit`: check every organisation's audit hash chain.

Prints one line per chain (events, and the last hash, worth keeping somewhere else) and,
for a broken chain, the first event whose link does not hold. Exits non-zero when any
chain is broken.
"""

from django.core.management.base import BaseCommand, CommandError

from openipt.accounts.models import Organisation
from openipt.audit import chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chains; report the first broken link of each."

    def handle(self, *args, **options):
        reports = chain.check_all()
        names = dict(Organisation.objects.values_list("pk", "name"))
        for report in reports:
            self.stdout.write(self._line(report, names))
        broken = [report for report in reports if not report.intact]
        if broken:
            raise CommandError(
                f"The audit trail of {len(broken)} of {len(reports)} chains is broken: "
                "restore the database from a backup taken before the first broken event, "
                "and find out who could write to it."
            )
        self.stdout.write(self.style.SUCCESS(f"All {len(reports)} audit chains are intact."))

    def _line(self, report, names):
        if report.organisation_id is None:
            who = "Events without an organisation"
        else:
            name = names.get(report.organisation_id, "(organisation no longer exists)")
            who = f"{name} (organisation {report.organisation_id})"
        if report.intact:
            return f"{who}: {report.events} events, intact; last hash {report.last_hash}"
        event = report.broken_event
        return self.style.ERROR(
            f"{who}: BROKEN at event {report.broken_at} "
            f"({event['at']:%Y-%m-%d %H:%M:%S.%f %Z}, {event['action']}): {report.reason}."
        )
