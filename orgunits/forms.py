from django import forms
from django.utils.translation import gettext_lazy as _

from orgunits.models import Level, LineageKind, UnitType
from orgunits.widgets import UnitPicker
from webkit.fields import VNIntegerField


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"class": "form-control js-date", "placeholder": "dd/mm/yyyy", **(attrs or {})}, format="%d/%m/%Y"
        )


class TreeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    on = forms.DateField(label=_("As of"), required=False, widget=DateInput)
    include_ended = forms.BooleanField(label=_("Include ended units"), required=False)


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    unit_type = forms.ChoiceField(label=_("Type"), choices=UnitType.choices)
    level = forms.ModelChoiceField(label=_("Level"), queryset=Level.objects.all())
    code = forms.CharField(label=_("Official code"), max_length=20, required=False)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput)
    valid_to = forms.DateField(label=_("Valid to"), required=False, widget=DateInput)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LineageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LineageKind.choices)
    target = VNIntegerField(grouping=False, label=_("To unit"), widget=UnitPicker())
    date = forms.DateField(label=_("Effective date"), widget=DateInput)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class ReorganizationForm(forms.Form):
    """An earlier reorganization (before the package's 01/07/2025 snapshot), as an administrator
    records it: what happened, on which date, to which old units, and which units received them."""

    KIND_CHOICES = [
        (LineageKind.MERGED_INTO, _("Merge: the old unit(s) merged into one unit")),
        (LineageKind.SPLIT_INTO, _("Split: the old unit split into several units")),
        (LineageKind.RENAMED_TO, _("Rename: the old unit renamed")),
        (LineageKind.SUCCEEDED_BY, _("Succession: the old unit succeeded by another (e.g. moved to another district)")),
    ]
    MANAGED = {"cap": "manage"}

    kind = forms.ChoiceField(label=_("What happened"), choices=KIND_CHOICES)
    date = forms.DateField(
        label=_("Effective date"),
        widget=DateInput,
        help_text=_("The first day of the new arrangement; the old units end the day before."),
    )
    source = VNIntegerField(grouping=False, label=_("Old unit"), widget=UnitPicker(**MANAGED))
    source_2 = VNIntegerField(
        grouping=False, label=_("Second old unit (merge)"), required=False, widget=UnitPicker(**MANAGED)
    )
    source_3 = VNIntegerField(
        grouping=False, label=_("Third old unit (merge)"), required=False, widget=UnitPicker(**MANAGED)
    )
    target = VNIntegerField(
        grouping=False,
        label=_("Receiving unit (existing)"),
        required=False,
        widget=UnitPicker(**MANAGED),
        help_text=_("An existing unit that received the old unit(s); or give new names below."),
    )
    target_2 = VNIntegerField(
        grouping=False, label=_("Second receiving unit (split)"), required=False, widget=UnitPicker(**MANAGED)
    )
    new_names = forms.CharField(
        label=_("New unit names"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One name a line; each becomes a new unit valid from the effective date."),
    )
    parent = VNIntegerField(
        grouping=False,
        label=_("New units under"),
        required=False,
        widget=UnitPicker(**MANAGED),
        help_text=_("By default the parent of the (first) old unit."),
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def sources(self) -> list[int]:
        return [v for v in (self.cleaned_data.get(n) for n in ("source", "source_2", "source_3")) if v]

    def targets(self) -> list[int]:
        return [v for v in (self.cleaned_data.get(n) for n in ("target", "target_2")) if v]

    def names(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("new_names", "").splitlines() if line.strip()]
