"""Sign-in throttling with django-axes: how long a lockout lasts, what a locked-out person sees,
and the sign-in log administrators read."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import CharField, Value
from django.forms.utils import ErrorDict, ErrorList
from django.shortcuts import render
from django.utils import timezone

from webkit.http import client_ip, safe_next


def _username(request) -> str:
    return (request.POST.get("username") or "").strip() if request is not None else ""


def cool_off(request=None) -> dt.timedelta:
    """The first lockout of an account from one address lasts SIGNIN_COOL_OFF_MINUTES; each further
    round of failures within a day doubles it, up to SIGNIN_COOL_OFF_MAX_MINUTES. Someone guessing
    passwords slows down quickly, while a person who mistypes waits a quarter of an hour."""
    base = dt.timedelta(minutes=settings.SIGNIN_COOL_OFF_MINUTES)
    ceiling = dt.timedelta(minutes=settings.SIGNIN_COOL_OFF_MAX_MINUTES)
    username = _username(request)
    if not username:
        return base
    from axes.models import AccessFailureLog

    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    failures = AccessFailureLog.objects.filter(
        username=username, ip_address=address, attempt_time__gte=timezone.now() - dt.timedelta(days=1)
    ).count()
    rounds = max(failures // max(settings.AXES_FAILURE_LIMIT, 1), 1)
    return min(base * 2 ** min(rounds - 1, 16), ceiling)


def lockout_response(request, original_response=None, credentials=None):
    """The login page again, keeping the username, with the Vietnamese lockout message (429)."""
    from accounts.forms import ThrottledLoginForm

    minutes = max(int(cool_off(request).total_seconds() // 60), 1)
    form = ThrottledLoginForm(request, initial={"username": _username(request)})
    message = form.error_messages["throttled"] % {"minutes": minutes}
    # Set the error directly: validating the form again would call authenticate() once more.
    form._errors = ErrorDict({NON_FIELD_ERRORS: ErrorList([message])})
    next_url = safe_next(request, settings.LOGIN_REDIRECT_URL)
    return render(request, "registration/login.html", {"form": form, "next": next_url}, status=429)


def signin_log(*, usernames=None):
    """Successful and failed sign-ins, newest first, as rows of username, address, time and outcome.
    ``usernames`` (a queryset of usernames) limits the log to those accounts; None means all."""
    from axes.models import AccessFailureLog, AccessLog

    successes = AccessLog.objects.all()
    failures = AccessFailureLog.objects.all()
    if usernames is not None:
        successes = successes.filter(username__in=usernames)
        failures = failures.filter(username__in=usernames)
    fields = ["username", "ip_address", "attempt_time", "outcome"]
    successes = successes.annotate(outcome=Value("success", output_field=CharField())).values(*fields)
    failures = failures.annotate(outcome=Value("failure", output_field=CharField())).values(*fields)
    return successes.union(failures, all=True).order_by("-attempt_time")
