from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts.access import has_cap_anywhere
        from accounts.roles import Cap
        from danvan.menu import MenuItem, register

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
