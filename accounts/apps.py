from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts.access import has_cap_anywhere, require_unit_manager, require_unit_viewer
        from accounts.roles import Cap
        from orgunits import permissions as unit_permissions
        from webkit.menu import MenuItem, register

        # orgunits may not import accounts (accounts builds on it); its services ask these checks.
        unit_permissions.register(manage=require_unit_manager, view=require_unit_viewer)

        register(
            MenuItem(
                _("Users"), "accounts:user_list", "people", 900, visible=lambda u: has_cap_anywhere(u, Cap.MANAGE_USERS)
            )
        )
        register(
            MenuItem(
                _("Sign-in log"),
                "accounts:signin_log",
                "shield-lock",
                910,
                visible=lambda u: has_cap_anywhere(u, Cap.MANAGE_USERS),
            )
        )
        register(
            MenuItem(
                _("Deleted"),
                "accounts:deleted",
                "trash",
                920,
                visible=lambda u: has_cap_anywhere(u, Cap.MANAGE_UNITS),
            )
        )
