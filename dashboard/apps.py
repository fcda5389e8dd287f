from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Overview")

    def ready(self):
        from webkit.menu import MenuItem, register

        register(MenuItem(_("Overview"), "dashboard:index", "speedometer2", 50))
        register(MenuItem(_("My tasks"), "dashboard:tasks", "list-check", 55))
