"""State changes of accounts and role assignments."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import can, clear_cache, path_in_scope, scope_paths
from accounts.models import Role, RoleAssignment, User
from accounts.roles import Cap

# Roles from least to most powerful: an administrator never grants a role above their own.
ROLE_ORDER = [Role.CLERK, Role.HEAD, Role.REVIEWER, Role.LEADER, Role.ADMIN]


def role_rank(role: str) -> int:
    return ROLE_ORDER.index(role)


def _require_manage(by, unit) -> None:
    if by is not None and not can(by, Cap.MANAGE_USERS, unit):
        raise ValidationError(_("You may not manage accounts of this unit."))


def _own_rank_on(by, unit) -> int:
    """The highest role ``by`` holds on ``unit`` (a role on an ancestor counts); -1 for none.
    Holding user management there (possibly through lineage) means holding the admin role."""
    if can(by, Cap.MANAGE_USERS, unit):
        return role_rank(Role.ADMIN)
    ranks = [role_rank(a.role) for a in by.assignments.select_related("unit") if unit.path.startswith(a.unit.path)]
    return max(ranks, default=-1)


def check_may_manage_user(*, by, user: User) -> None:
    """The one rule for editing, resetting the password of, deactivating or changing the roles of
    an account: ``by`` manages users on every unit the account holds a role on, and the account is
    not a superuser or staff member (those sit above every unit administrator). Raises
    PermissionDenied with a message saying why."""
    if by is None or by.is_superuser:
        return
    if user.is_superuser or user.is_staff:
        raise PermissionDenied(_("Only a superuser may manage this account."))
    paths = scope_paths(by, Cap.MANAGE_USERS)
    units = [a.unit for a in user.assignments.select_related("unit")]
    if not paths or not units or not all(path_in_scope(u.path, paths) for u in units):
        raise PermissionDenied(_("This account holds roles outside the units you manage."))


def check_may_grant(*, by, user: User, unit, role: str) -> None:
    """A role may be given only by a user-management administrator of the unit, never to oneself,
    and never above the giver's own role on that unit."""
    if by is None or by.is_superuser:
        return
    if by.pk is not None and by.pk == user.pk:
        raise PermissionDenied(_("You may not change your own roles; ask another administrator."))
    if not can(by, Cap.MANAGE_USERS, unit):
        raise PermissionDenied(_("You may not manage accounts of this unit."))
    if role not in ROLE_ORDER or role_rank(role) > _own_rank_on(by, unit):
        raise PermissionDenied(_("You may not give a role above your own."))


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
    check_may_manage_user(by=by, user=user)
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user._history_user = by
    user.save(update_fields=list(fields))
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, by=None) -> None:
    check_may_manage_user(by=by, user=user)
    validate_password(password, user)
    user.set_password(password)
    user._history_user = by
    user.save(update_fields=["password"])


@transaction.atomic
def assignment_add(*, user: User, unit, role: str, by=None) -> RoleAssignment:
    _require_manage(by, unit)
    check_may_grant(by=by, user=user, unit=unit, role=role)
    if user.pk is not None and user.assignments.exists():
        # A brand-new account has no roles yet; an existing one must be wholly the giver's.
        check_may_manage_user(by=by, user=user)
    assignment = RoleAssignment(user=user, unit=unit, role=role)
    assignment.full_clean()
    assignment._history_user = by
    assignment.save()
    clear_cache(user)
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: RoleAssignment, by=None) -> None:
    _require_manage(by, assignment.unit)
    check_may_manage_user(by=by, user=assignment.user)
    user = User.objects.select_for_update().get(pk=assignment.user_id)
    if user.assignments.count() <= 1 and not user.is_superuser:
        raise ValidationError(
            _("This is the user's only role; a user must keep at least one. Deactivate the account instead.")
        )
    assignment._history_user = by
    assignment.delete()
    clear_cache(user)
