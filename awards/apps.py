from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from danvan.menu import MenuItem, register

        register(MenuItem(_("Awards"), "awards:list", "award", 300))
        register(MenuItem(_("Reward dossiers"), "awards:dossier_list", "folder-check", 305))

        from awards import choices, dossier_forms, forms
        from orgunits import picker_scopes

        # What the decision form's unit pickers suggest is what the form accepts.
        picker_scopes.register(forms.ISSUER_SCOPE, choices.issuer_unit_set)
        picker_scopes.register(forms.PROPOSER_SCOPE, choices.proposer_unit_set)
        picker_scopes.register(forms.RECIPIENT_SCOPE, choices.recipient_unit_set_of, with_arg=True)
        picker_scopes.register(dossier_forms.CANDIDATE_SCOPE, choices.candidate_unit_set_of, with_arg=True)
