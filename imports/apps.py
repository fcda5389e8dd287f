from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _may_import(user):
    from imports.services import kinds_for

    return bool(kinds_for(user))


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Excel import")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from webkit.menu import MenuItem, register

        register(
            MenuItem(_("Import from Excel"), "imports:upload", "file-earmark-spreadsheet", 450, visible=_may_import)
        )
