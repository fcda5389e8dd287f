from django.core.management.base import BaseCommand

from stats.services import rollup_compute, rollup_rebuild, rollup_snapshot


class Command(BaseCommand):
    help = "Check the statistics rollups against a recomputation from the values, and rebuild them."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only report whether they differ.")

    def handle(self, *args, check=False, **options):
        same = rollup_snapshot() == rollup_compute()
        self.stdout.write("Rollups are current." if same else "Rollups differ from the values.")
        if not check:
            self.stdout.write(f"Rebuilt {rollup_rebuild()} rollup rows.")
