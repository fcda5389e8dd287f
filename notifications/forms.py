"""The preferences page: for each kind of notice, shown in the app or not, and how it is emailed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import EmailMode, Kind


class PreferencesForm(forms.Form):
    def __init__(self, *args, current: dict[str, tuple[bool, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for kind, label in Kind.choices:
            in_app, email = current[kind]
            self.fields[f"{kind}-in_app"] = forms.BooleanField(
                label=_("Show in the app"), required=False, initial=in_app
            )
            self.fields[f"{kind}-email"] = forms.ChoiceField(
                label=_("Email"),
                choices=EmailMode.choices,
                initial=email,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"{kind}-in_app"].widget.attrs["class"] = "form-check-input"
            self.rows.append((label, self[f"{kind}-in_app"], self[f"{kind}-email"]))

    def choices(self) -> dict[str, tuple[bool, str]]:
        d = self.cleaned_data
        return {kind: (d[f"{kind}-in_app"], d[f"{kind}-email"]) for kind in Kind.values}
