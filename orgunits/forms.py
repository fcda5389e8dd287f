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
