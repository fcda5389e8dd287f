"""State changes of API tokens. The API endpoints and the "API keys" page both call these."""

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.system import is_system
from api.models import TOKEN_PREFIX, ApiToken, token_hash
from lib.audit import save_by

MAX_DAYS = 365
MAX_ACTIVE_TOKENS = 20


def _require_owner(by, user) -> None:
    """Keys are personal: only their owner (or the system actor) makes or revokes them."""
    if is_system(by) or (by is not None and by.pk is not None and by.pk == user.pk):
        return
    raise PermissionDenied(_("Only the owner of an API key may manage it."))


def _new_secret() -> tuple[str, str]:
    """(prefix, full token). The prefix is part of the token so a user can match a token they hold
    to a row of the list; the rest is 32 random bytes."""
    prefix = secrets.token_hex(4)
    return prefix, f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def token_create(*, user, name: str, days: int, by) -> tuple[ApiToken, str]:
    """Create a personal token for ``user``; returns the row and the token itself, which is
    never stored and so can be shown only now."""
    _require_owner(by, user)
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
    return save_by(token, by=by), raw


@transaction.atomic
def token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke a token; revoking twice keeps the first time."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    _require_owner(by, token.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        save_by(token, by=by, update_fields=["revoked_at"], clean=False)
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
