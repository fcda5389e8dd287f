from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.models import Field, RecognitionLevel
from orgunits.models import OrgUnit, UnitType
from webkit.fields import VNYearField


class LocalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return ("— " if obj.unit_type == UnitType.DISTRICT else "") + obj.name


class ShowcaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    field = forms.ModelChoiceField(label=_("Field"), queryset=Field.objects.filter(active=True), required=False)
    locality = LocalityChoiceField(
        label=_("Locality"),
        queryset=OrgUnit.objects.filter(unit_type__in=[UnitType.PROVINCE, UnitType.DISTRICT]).order_by("path"),
        required=False,
    )
    level = forms.ChoiceField(
        label=_("Recognized level"), choices=[("", _("All"))] + RecognitionLevel.choices, required=False
    )
    year = VNYearField(label=_("Year"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].empty_label = self.fields["locality"].empty_label = _("All")
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css
