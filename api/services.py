"""State changes of API tokens. The API endpoints and the "API keys" page both call these."""

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import TOKEN_PREFIX, ApiToken, token_hash

MAX_DAYS = 365
MAX_ACTIVE_TOKENS = 20


def _new_secret() -> tuple[str, str]:
    """(prefix, full token). The prefix is part of the token so a user can match a token they hold
    to a row of the list; the rest is 32 random bytes."""
    prefix = secrets.token_hex(4)
    return prefix, f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def token_create(*, user, name: str, days: int, by=None) -> tuple[ApiToken, str]:
    """Create a personal token for ``user``; returns the row and the token itself, which is
    never stored and so can be shown only now."""
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the key a name.")]
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        errors["days"] = [_("The validity must be between 1 and %(max)s days.") % {"max": MAX_DAYS}]
    if ApiToken.objects.filter(user=user).active().count() >= MAX_ACTIVE_TOKENS:
        errors["name"] = [_("You already have %(max)s active keys; revoke one first.") % {"max": MAX_ACTIVE_TOKENS}]
    if errors:
        raise ValidationError(errors)
    prefix, raw = _new_secret()
    now = timezone.now()
    token = ApiToken(
        user=user, name=name, prefix=prefix, hash=token_hash(raw), created=now, expires_at=now + dt.timedelta(days=days)
    )
    token.full_clean()
    token._history_user = by or user
    token.save()
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, by=None) -> ApiToken:
    """Revoke a token; revoking twice keeps the first time."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token._history_user = by
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(raw: str) -> ApiToken | None:
    """The active token matching ``raw`` (with its user), or None. Records when it was last used,
    at most once a minute so busy clients do not write on every request."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    now = timezone.now()
    token = ApiToken.objects.active(now).select_related("user").filter(hash=token_hash(raw)).first()
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
