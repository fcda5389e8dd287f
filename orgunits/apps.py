from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgunitsConfig(AppConfig):
    name = "orgunits"
    verbose_name = _("Org units")

    def ready(self):
        from webkit.menu import MenuItem, register

        register(MenuItem(_("Org units"), "orgunits:tree", "diagram-3", 800))
        register(
            MenuItem(
                _("Earlier reorganizations"), "orgunits:reorganization", "diagram-2", 810, visible=_may_manage_units
            )
        )


def _may_manage_units(user) -> bool:
    from accounts.access import has_cap_anywhere
    from accounts.roles import Cap

    return user.is_authenticated and has_cap_anywhere(user, Cap.MANAGE_UNITS)
