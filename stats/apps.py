from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _can_enter(user):
    from accounts.access import has_cap_anywhere
    from accounts.roles import Cap

    return has_cap_anywhere(user, Cap.ENTER)


def _can_review(user):
    from accounts.access import has_cap_anywhere
    from accounts.roles import Cap

    return has_cap_anywhere(user, Cap.REVIEW)


def _can_discuss(user):
    return _can_enter(user) or _can_review(user)


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Periodic statistics")

    def ready(self):
        from webkit.menu import MenuItem, register

        register(MenuItem(_("Data entry"), "stats:entry_list", "pencil-square", 300, visible=_can_enter))
        register(MenuItem(_("Approvals"), "stats:approvals", "check2-square", 310, visible=_can_review))
        register(MenuItem(_("Completeness"), "stats:completeness", "clipboard-check", 320))
        register(MenuItem(_("Aggregates"), "stats:aggregates", "bar-chart", 330))
        register(MenuItem(_("Figures to follow up"), "stats:follow_ups", "flag", 340, visible=_can_discuss))
