from django.core.management.base import BaseCommand

from reports.docx_builder import build_all


class Command(BaseCommand):
    help = "Write the default DOCX report templates (party and state layouts) into reports/templates_docx/."

    def handle(self, *args, **options):
        for path in build_all():
            self.stdout.write(str(path))
