"""`openipt demo-data`: build the demonstration organisation and print its logins."""

from django.core.management.base import BaseCommand

from openipt.demo.build import build, logins


class Command(BaseCommand):
    help = "Create the demonstration organisation, staff and clients (idempotent)."

    def handle(self, *args, **options):
        organisation = build()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready for {organisation.name}."))
        self.stdout.write("\n" + "\n".join(logins()))
