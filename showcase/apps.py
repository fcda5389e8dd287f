from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = _("Public showcase")

    def ready(self):
        from webkit.menu import MenuItem, register

        register(MenuItem(_("Showcase"), "showcase:list", "stars", 800, public=True))
