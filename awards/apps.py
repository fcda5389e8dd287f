from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from webkit.menu import MenuItem, register

        register(MenuItem(_("Awards"), "awards:list", "award", 300))

        from awards import choices, forms
        from orgunits import picker_scopes

        # What the decision form's unit pickers suggest is what the form accepts.
        picker_scopes.register(forms.ISSUER_SCOPE, choices.issuer_unit_set)
        picker_scopes.register(forms.PROPOSER_SCOPE, choices.proposer_unit_set)
        picker_scopes.register(forms.RECIPIENT_SCOPE, choices.recipient_unit_set_of, with_arg=True)
