from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danvan.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore an archive written by `backup` into an empty installation, checking every hash and row count."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        try:
            manifest = backup_restore(archive=Path(archive))
        except BackupError as exc:
            raise CommandError(str(exc))
        rows = sum(manifest["tables"].values())
        self.stdout.write(f"Đã khôi phục {rows} bản ghi và {len(manifest['media'])} tệp từ {archive}.")
