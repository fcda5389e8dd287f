import time

from django.core.management.base import BaseCommand, CommandError

from danvan.generate import SCALES, generate


class Command(BaseCommand):
    help = (
        "Write deterministic volume data on the real unit tree: S = one pre-2025 district, 5 years; "
        "M = one province, 10 years; L = the whole country, 10 years. Rollups are rebuilt at the end."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="S")

    def handle(self, *args, scale="S", **options):
        from stats.models import Submission

        # Made-up figures must never mix with real ones: only into a database without statistics.
        if Submission.objects.exists():
            raise CommandError("This database already holds statistics forms: generate into an empty database.")
        start = time.perf_counter()
        counts = generate(scale, log=lambda m: self.stdout.write(f"… {m}"))
        figures = ", ".join(f"{k}: {v}" for k, v in vars(counts).items() if k != "extra")
        self.stdout.write(f"Scale {scale} in {time.perf_counter() - start:.1f} s — {figures}")
