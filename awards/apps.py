from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from danvan.menu import MenuItem, register

        register(MenuItem(_("Awards"), "awards:list", "award", 300))
