from django.core.management.base import BaseCommand

from stats.services import rollup_compute, rollup_rebuild, rollup_rebuild_batched, rollup_snapshot


class Command(BaseCommand):
    help = (
        "Check the statistics rollups against a recomputation from the values, and rebuild them: "
        "by default in batches (one subtree and one year per short transaction, restartable)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only report whether they differ.")
        parser.add_argument("--resume", action="store_true", help="Continue a batched rebuild that stopped.")
        parser.add_argument("--single", action="store_true", help="The old way: everything in one transaction.")

    def handle(self, *args, check=False, resume=False, single=False, **options):
        if check:
            same = rollup_snapshot() == rollup_compute()
            self.stdout.write("Rollups are current." if same else "Rollups differ from the values.")
            return
        if single:
            self.stdout.write(f"Rebuilt {rollup_rebuild()} rollup rows.")
            return

        def progress(path, year):
            self.stdout.write(f"  {path} {year}")

        rows = rollup_rebuild_batched(resume=resume, progress=progress if options["verbosity"] > 1 else None)
        self.stdout.write(f"Rebuilt {rows} rollup rows in batches.")
