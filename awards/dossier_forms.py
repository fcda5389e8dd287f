"""Forms of the reward dossier pages; the services validate, these keep what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.choices import issuer_unit_set, proposer_unit_set
from awards.forms import ISSUER_SCOPE, PROPOSER_SCOPE
from awards.models import AchievementArea, Candidate, Dossier, EmulationTitle, RecipientKind, RewardForm
from orgunits.forms import DateInput
from orgunits.models import OrgUnit
from orgunits.widgets import UnitPicker
from webkit.fields import VNIntegerField, VNYearField

CANDIDATE_SCOPE = "dossier_candidate"  # + ":<dossier id>"


def _style(form):
    for field in form.fields.values():
        if isinstance(field.widget, UnitPicker | DateInput):
            continue
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs["class"] = "form-check-input"
        elif isinstance(field.widget, forms.Select):
            field.widget.attrs["class"] = "form-select"
        else:
            field.widget.attrs["class"] = "form-control"


class DossierForm(forms.ModelForm):
    proposer = VNIntegerField(grouping=False, label=_("Proposing unit"), widget=UnitPicker(scope=PROPOSER_SCOPE))
    issuer = VNIntegerField(grouping=False, label=_("Addressed to"), widget=UnitPicker(scope=ISSUER_SCOPE))

    class Meta:
        model = Dossier
        fields = [
            "proposer",
            "issuer",
            "issuer_title",
            "year",
            "reward_form",
            "emulation_title",
            "area",
            "letter_number",
            "letter_date",
            "letter_file",
        ]
        field_classes = {"year": VNYearField}
        widgets = {"letter_date": DateInput, "issuer_title": forms.TextInput(attrs={"list": "issuer-titles"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["reward_form"].queryset = RewardForm.objects.active()
        self.fields["emulation_title"].queryset = EmulationTitle.objects.active()
        self.fields["area"].queryset = AchievementArea.objects.active()
        if self.instance.pk:
            self.initial["proposer"] = self.instance.proposer_id
            self.initial["issuer"] = self.instance.issuer_id
            del self.fields["proposer"]
        _style(self)

    def _unit(self, name, allowed, message):
        pk = self.cleaned_data.get(name)
        if pk is not None and not allowed.filter(pk=pk).exists():
            raise forms.ValidationError(message, code="unit_not_allowed")
        return OrgUnit.objects.filter(pk=pk).first() if pk else None

    def clean_proposer(self):
        return self._unit(
            "proposer", proposer_unit_set(self.user), _("Proposing unit: choose a unit within your responsibility.")
        )

    def clean_issuer(self):
        return self._unit(
            "issuer", issuer_unit_set(self.user), _("Addressed to: choose a body above the unit you propose for.")
        )

    def _post_clean(self):
        pass  # the service validates

    def fields_for_service(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "proposer"}
        if "letter_file" not in self.changed_data or data.get("letter_file") is None:
            data.pop("letter_file", None)
        elif data["letter_file"] is False:
            data["letter_file"] = ""
        return data


class CandidateForm(forms.ModelForm):
    unit = VNIntegerField(grouping=False, label=_("Unit"), required=False, widget=UnitPicker())

    class Meta:
        model = Candidate
        fields = ["kind", "unit", "name", "position", "date_of_birth", "report_text", "report_file"]
        widgets = {"date_of_birth": DateInput, "report_text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, dossier=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.fields["kind"].choices = RecipientKind.choices
        self.fields["unit"].widget.scope = f"{CANDIDATE_SCOPE}:{dossier.pk}"
        self.fields["name"].help_text = _("Full name of the individual, or name of a group.")
        _style(self)

    def clean_unit(self):
        pk = self.cleaned_data.get("unit")
        if pk is None:
            return None
        unit = OrgUnit.objects.filter(pk=pk, path__startswith=self.dossier.proposer.path).first()
        if unit is None:
            raise forms.ValidationError(_("The candidate's unit must lie within the proposing unit."))
        return unit

    def _post_clean(self):
        pass


class ReportForm(forms.Form):
    report_text = forms.CharField(
        label=_("Achievement report"), required=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    report_file = forms.FileField(label=_("Achievement report file"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class CouncilForm(forms.Form):
    members = forms.CharField(
        label=_("Council members"), widget=forms.Textarea(attrs={"rows": 5}), help_text=_("One member per line.")
    )
    meeting_date = forms.DateField(label=_("Council meeting date"), widget=DateInput)
    required_share = VNIntegerField(label=_("Share of votes required (%)"), min_value=1, max_value=100, initial=50)
    share_inclusive = forms.BooleanField(
        label=_("This share is enough"), required=False, help_text=_("Unticked: more than this share is required.")
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for candidate in self.candidates:
            for key, label in (("for", _("votes for")), ("against", _("votes against"))):
                name = f"votes_{key}_{candidate.pk}"
                self.fields[name] = VNIntegerField(label=f"{candidate.display_name}: {label}", min_value=0)
                value = getattr(candidate, f"votes_{key}")
                if value is not None:
                    self.initial[name] = value
        _style(self)

    def votes(self) -> dict:
        data = self.cleaned_data
        return {c.pk: (data.get(f"votes_for_{c.pk}"), data.get(f"votes_against_{c.pk}")) for c in self.candidates}


class DecideForm(forms.Form):
    date = forms.DateField(label=_("Decision date"), widget=DateInput)
    signer = forms.CharField(label=_("Signed by"), max_length=255, required=False)
    number = forms.CharField(
        label=_("Decision number"),
        max_length=50,
        required=False,
        help_text=_("Leave empty: the next number of the issuer's year is given."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
