"""The inbox, the bell (an htmx partial in the navigation bar), marking read and the preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import selectors, services
from notifications.access import get_notification_for_user
from notifications.forms import PreferencesForm
from webkit.forms import SERVICE_ERRORS, add_errors

PAGE_SIZE = 25


@login_required
def inbox(request):
    unread_only = request.GET.get("chua-doc") == "1"
    page = Paginator(selectors.inbox(request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "unread_only": unread_only, "unread": selectors.unread_count(request.user)},
    )


@login_required
def bell(request):
    return render(request, "notifications/_bell.html", {"unread": selectors.unread_count(request.user)})


def _safe(link: str, request) -> str:
    """Only a path of this site (notices are made with ``reverse``; this guards old rows)."""
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}) and link.startswith("/"):
        return link
    return ""


@login_required
@require_POST
def open_notice(request, pk):
    notice = get_notification_for_user(request.user, pk)
    services.mark_read(notification=notice, by=request.user)
    return redirect(_safe(notice.link, request) or "notifications:inbox")


@login_required
@require_POST
def mark_read(request, pk):
    notice = get_notification_for_user(request.user, pk)
    services.mark_read(notification=notice, by=request.user)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(by=request.user)
    messages.success(request, _("%(count)s notices marked as read.") % {"count": count})
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    current = selectors.preferences_of(request.user)
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_set(user=request.user, choices=form.choices(), by=request.user)
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Your notification settings were saved."))
            return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
