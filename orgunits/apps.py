from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgunitsConfig(AppConfig):
    name = "orgunits"
    verbose_name = _("Org units")

    def ready(self):
        from webkit.menu import MenuItem, register

        register(MenuItem(_("Org units"), "orgunits:tree", "diagram-3", 800))
