"""The daily notifications at once: deadline notices and the digests (for cron), or with
``--schedule`` only queue the background worker's daily run."""

import datetime as dt

from django.core.management.base import BaseCommand

from accounts.system import system_actor
from notifications import services, tasks


class Command(BaseCommand):
    help = "Create the deadline notices and send the daily digests; --schedule queues the worker's daily run."

    def add_arguments(self, parser):
        parser.add_argument("--schedule", action="store_true", help="Only queue the daily run on the worker.")
        parser.add_argument("--today", type=dt.date.fromisoformat, help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, schedule=False, today=None, **options):
        if schedule:
            queued = tasks.schedule_next()
            self.stdout.write("queued" if queued else "already queued")
            return
        result = services.run_daily(by=system_actor(), today=today)
        self.stdout.write(f"deadline notices: {result['deadline_notices']}, digests: {result['digests']}")
