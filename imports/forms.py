from django import forms
from django.utils.translation import gettext_lazy as _

from imports.models import ImportKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("The sheet holds"), choices=ImportKind.choices)
    data_set = forms.ModelChoiceField(label=_("Statistics form"), queryset=None, required=False)
    period = forms.CharField(label=_("Period (e.g. 2026H1 or 2026)"), max_length=10, required=False)
    file = forms.FileField(label=_("Excel file (.xlsx)"))

    def __init__(self, *args, user=None, **kwargs):
        from imports.services import kinds_for
        from stats.models import DataSet

        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["kind"].choices = kinds_for(user)
        self.fields["data_set"].queryset = DataSet.objects.filter(active=True).order_by("name")
