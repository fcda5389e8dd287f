import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from danvan.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write one archive of the database and the uploaded files, with a manifest (hashes, row counts)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Archive path (default: var/backups/danvan-<date-time>.tar.gz).")

    def handle(self, *args, output=None, **options):
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = Path(output) if output else Path(settings.VAR_DIR) / "backups" / f"danvan-{stamp}.tar.gz"
        try:
            manifest = backup_create(output=path)
        except BackupError as exc:
            raise CommandError(str(exc))
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"{path}: {rows} bản ghi, {len(manifest['media'])} tệp ({manifest['engine']}).")
