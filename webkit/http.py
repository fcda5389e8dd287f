"""Small request helpers every app shares: where to go back to, and who is asking."""

import ipaddress

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default, *, field: str = "next") -> str:
    """The ``next`` address from the POST (or GET) data when it points inside this site, else
    ``default`` (a URL or a URL name). Following any ``next`` blindly is an open redirect: a
    crafted link could send a signed-in official on to a look-alike site."""
    candidate = request.POST.get(field) or request.GET.get(field) or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default)


def int_param(value, default: int, low: int, high: int) -> int:
    """A whole number from the query string within [low, high]; anything else gives ``default``
    (a hand-edited address shows the default page rather than an error)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def _valid_ip(value: str) -> str | None:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address. Behind a reverse proxy every request comes from the proxy, so with
    ``DANVAN_TRUSTED_PROXY_HEADER`` set (e.g. ``HTTP_X_FORWARDED_FOR``) the address is read from that
    header, counting ``DANVAN_TRUSTED_PROXY_COUNT`` entries from the right: each trusted proxy appends
    the address it saw, and anything further left was written by the client and may be forged.
    Without the setting (or when the header is missing or short) REMOTE_ADDR is used."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR") or "")
    header = getattr(settings, "DANVAN_TRUSTED_PROXY_HEADER", "")
    if not header:
        return remote
    entries = [e for e in (request.META.get(header) or "").split(",") if e.strip()]
    count = max(int(getattr(settings, "DANVAN_TRUSTED_PROXY_COUNT", 1)), 1)
    if len(entries) < count:
        return remote
    return _valid_ip(entries[-count]) or remote
