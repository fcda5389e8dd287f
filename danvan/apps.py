from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DanvanConfig(AppConfig):
    name = "danvan"
    verbose_name = "Dân vận khéo"

    def ready(self):
        from webkit.menu import MenuItem, register

        register(MenuItem(_("Configuration"), "admin:index", "gear", 950, visible=lambda u: u.is_staff))
