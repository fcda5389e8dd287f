"""The "API keys" page: create a personal key (shown once), see one's keys, revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api import services
from api.access import get_token_for_user
from api.forms import TokenForm
from api.models import ApiToken
from webkit.forms import SERVICE_ERRORS, add_errors

_NEW = "api_new_token"


@login_required
def token_page(request):
    """POST creates a key and redirects; the key is kept in the session for the one page that
    shows it (so reloading neither shows it again nor makes a second key)."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = services.token_create(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"], by=request.user
            )
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            request.session[_NEW] = raw
            return redirect("api:tokens")
    new_token = request.session.pop(_NEW, None) if request.method == "GET" else None
    tokens = ApiToken.objects.filter(user=request.user)[:100]
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens, "new_token": new_token})


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_token_for_user(request.user, pk)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("The key %(name)s was revoked.") % {"name": token.name})
    return redirect("api:tokens")
