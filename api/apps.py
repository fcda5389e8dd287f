from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("JSON API")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from webkit.menu import MenuItem, register

        register(MenuItem(_("API keys"), "api:tokens", "key", 950))
