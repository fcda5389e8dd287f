"""State changes of accounts and role assignments."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import can, clear_cache
from accounts.models import RoleAssignment, SignInFailure, User
from accounts.roles import Cap


def _require_manage(by, unit) -> None:
    if by is not None and not can(by, Cap.MANAGE_USERS, unit):
        raise ValidationError(_("You may not manage accounts of this unit."))


@transaction.atomic
def user_create(
    *, username: str, password: str, unit, role: str, full_name: str = "", position: str = "", email: str = "", by=None
) -> User:
    """A new account always comes with its first role assignment: an account with no unit could
    see nothing and would only confuse its owner."""
    if unit is None or not role:
        raise ValidationError(_("A user must have at least one role on a unit."))
    _require_manage(by, unit)
    user = User(username=username.strip(), full_name=full_name.strip(), position=position.strip(), email=email.strip())
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user._history_user = by
    user.save()
    assignment_add(user=user, unit=unit, role=role, by=by)
    return user


@transaction.atomic
def user_update(*, user: User, by=None, **fields) -> User:
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user._history_user = by
    user.save(update_fields=list(fields))
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, by=None) -> None:
    validate_password(password, user)
    user.set_password(password)
    user._history_user = by
    user.save(update_fields=["password"])


@transaction.atomic
def assignment_add(*, user: User, unit, role: str, by=None) -> RoleAssignment:
    _require_manage(by, unit)
    assignment = RoleAssignment(user=user, unit=unit, role=role)
    assignment.full_clean()
    assignment._history_user = by
    assignment.save()
    clear_cache(user)
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: RoleAssignment, by=None) -> None:
    _require_manage(by, assignment.unit)
    user = User.objects.select_for_update().get(pk=assignment.user_id)
    if user.assignments.count() <= 1 and not user.is_superuser:
        raise ValidationError(
            _("This is the user's only role; a user must keep at least one. Deactivate the account instead.")
        )
    assignment._history_user = by
    assignment.delete()
    clear_cache(user)


def signin_blocked(*, username: str, address: str | None) -> bool:
    since = timezone.now() - dt.timedelta(minutes=settings.SIGNIN_WINDOW_MINUTES)
    recent = SignInFailure.objects.filter(at__gte=since)
    by_name = recent.filter(username=username.lower()).count()
    by_address = recent.filter(address=address).count() if address else 0
    # An address may try a few more times than one username, so a shared office NAT
    # does not lock out everybody after one person's typos.
    return by_name >= settings.SIGNIN_MAX_FAILURES or by_address >= settings.SIGNIN_MAX_FAILURES * 4


def signin_failed(*, username: str, address: str | None) -> None:
    SignInFailure.objects.create(username=username.lower()[:150], address=address)


def signin_succeeded(*, username: str) -> None:
    SignInFailure.objects.filter(username=username.lower()).delete()
