from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from webkit.menu import MenuItem, register

        register(MenuItem(_("Awards"), "awards:list", "award", 300))
        register(MenuItem(_("Reward dossiers"), "awards:dossier_list", "folder-check", 305))

        from awards import choices, dossier_forms, forms
        from orgunits import picker_scopes

        # What the decision form's unit pickers suggest is what the form accepts.
        picker_scopes.register(forms.ISSUER_SCOPE, choices.issuer_unit_set)
        picker_scopes.register(forms.PROPOSER_SCOPE, choices.proposer_unit_set)
        picker_scopes.register(forms.RECIPIENT_SCOPE, choices.recipient_unit_set_of, with_arg=True)
        picker_scopes.register(dossier_forms.CANDIDATE_SCOPE, choices.candidate_unit_set_of, with_arg=True)

        from awards.models import AwardDecision, AwardRecipient
        from lib import softdelete

        softdelete.register(
            softdelete.Deletable(
                key="award",
                label=_("Award decisions"),
                model=AwardDecision,
                unit_path="issuer__path",
                restore=_restore_decision,
                describe=lambda d: f"{d} — {d.issuer.name}, {d.year}",
                select_related=("issuer",),
            )
        )
        softdelete.register(
            softdelete.Deletable(
                key="award-recipient",
                label=_("Award recipients"),
                model=AwardRecipient,
                unit_path="decision__issuer__path",
                restore=_restore_recipient,
                describe=lambda r: f"{r.display_name} — {r.decision}",
                select_related=("unit", "decision"),
                # A recipient deleted with its decision comes back with the decision.
                listed=lambda rows: rows.filter(decision__deleted_at__isnull=True),
            )
        )


def _restore_decision(decision, *, by):
    from awards.services import decision_restore

    return decision_restore(decision=decision, by=by)


def _restore_recipient(recipient, *, by):
    from awards.services import recipient_restore

    return recipient_restore(recipient=recipient, by=by)
