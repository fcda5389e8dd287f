from django import forms
from django.utils.translation import gettext_lazy as _

EXPIRY_CHOICES = [
    (30, _("30 days")),
    (90, _("90 days")),
    (180, _("180 days")),
    (365, _("1 year")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Key name"), max_length=100, help_text=_('What the key is for, e.g. "Excel import script".')
    )
    days = forms.TypedChoiceField(label=_("Valid for"), choices=EXPIRY_CHOICES, coerce=int, initial=90)
