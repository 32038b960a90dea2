from django.core.management.base import BaseCommand

from openipt.languages import compile_catalogues


class Command(BaseCommand):
    help = "Compile the .po message catalogues to the .mo files Django reads (docs/languages.md)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Compile even if up to date.")

    def handle(self, *args, force=False, **options):
        for source in compile_catalogues(force=force):
            self.stdout.write(f"Compiled {source}")
