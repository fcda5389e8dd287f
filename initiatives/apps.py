from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Models and exemplars")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from webkit.menu import MenuItem, register

        register(MenuItem(_("Models"), "initiatives:list", "lightbulb", 100))
        register(MenuItem(_("Decisions"), "initiatives:decision_list", "file-earmark-check", 110))
        register(MenuItem(_("Historical summary figures"), "initiatives:summaries", "clock-history", 120))

        from initiatives.access import issuer_unit_set
        from initiatives.forms import ISSUER_SCOPE
        from orgunits import picker_scopes

        # What the decision's issuer picker suggests is what the bulk form accepts.
        picker_scopes.register(ISSUER_SCOPE, issuer_unit_set)

        from initiatives.models import Initiative
        from lib import softdelete

        softdelete.register(
            softdelete.Deletable(
                key="initiative",
                label=_("Initiatives"),
                model=Initiative,
                unit_path="unit__path",
                restore=_restore_initiative,
                describe=lambda i: f"{i.name} — {i.unit.name}, {i.year}",
                select_related=("unit",),
            )
        )


def _restore_initiative(initiative, *, by):
    from initiatives.services import initiative_restore

    return initiative_restore(initiative=initiative, by=by)
