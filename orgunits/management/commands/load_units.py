from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.system import system_actor
from orgunits.loader import load_units


class Command(BaseCommand):
    help = "Load official administrative units from the vietnam-provinces package (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--legacy", action="store_true", help="Also load pre-July-2025 units and the lineage.")
        parser.add_argument("--province", type=int, help="Only this (current) province code and its predecessors.")

    def handle(self, *args, legacy=False, province=None, **options):
        try:
            result = load_units(legacy=legacy, province_code=province, by=system_actor())
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        created = ", ".join(f"{kind}: {count}" for kind, count in sorted(result.created.items())) or "0"
        self.stdout.write(
            f"Created {created}; renamed {result.renamed}; lineage events created {result.lineage_created}."
        )
