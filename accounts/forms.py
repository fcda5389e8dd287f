from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from orgunits.widgets import UnitPicker
from webkit.fields import VNYearField
from webkit.http import client_ip


def client_address(request) -> str | None:
    return client_ip(request)


class ThrottledLoginForm(AuthenticationForm):
    """The sign-in form. Throttling is django-axes' (see accounts.signin): authenticate() gets the
    request, axes counts failures per account and address and answers a locked-out attempt with
    ``accounts.signin.lockout_response``."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong username or password. Note that the password is case-sensitive."),
        "throttled": _("Too many failed sign-in attempts. Please wait %(minutes)s minutes and try again."),
        "no_assignment": _("This account has no role on any unit yet. Ask your administrator to assign one."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_superuser and not user.assignments.exists():
            raise forms.ValidationError(self.error_messages["no_assignment"], code="no_assignment")


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput(render_value=True))
    unit = VNYearField(label=_("Unit"), widget=UnitPicker(cap="manage_users"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False)


class AssignmentForm(forms.Form):
    unit = VNYearField(label=_("Unit"), widget=UnitPicker(cap="manage_users"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
