import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from danvan import demo
from lib import events

# Order matters: statistics and reports read the registry.
DEMO_APPS = ["initiatives", "awards", "stats", "reports"]


class Command(BaseCommand):
    help = "Load the demo data (real units of Hà Nội and Bình Định, persona accounts, seed figures)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when demo accounts already exist.")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and User.objects.filter(username=demo.PERSONAS[0][0]).exists():
            self.stdout.write("Demo data already present.")
            self._print_accounts()
            return
        # The demo replays history: nobody is notified of it.
        with transaction.atomic(), events.muted():
            context = demo.load_foundation()
            for app in DEMO_APPS:
                if apps.is_installed(app) and importlib.util.find_spec(f"{app}.demo"):
                    importlib.import_module(f"{app}.demo").load(context)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self._print_accounts()

    def _print_accounts(self):
        """Each account with its role and unit, and the unit's validity (legacy or today's)."""
        self.stdout.write("Demo accounts (password %s):" % demo.DEMO_PASSWORD)
        for line in demo.account_lines():
            self.stdout.write(f"  {line}")
