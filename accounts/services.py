"""State changes of accounts and role assignments. Every change names its author ``by`` (a person,
or ``accounts.system.system_actor()`` for loaders and the demo) and is refused inside the service
(PermissionDenied) unless ``by`` may make it. Changing a user's role assignments clears the scope
cache of that user (``accounts.access.clear_cache``)."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.access import can, clear_cache, path_in_scope, require, scope_paths
from accounts.models import Role, RoleAssignment, User
from accounts.roles import Cap
from accounts.system import is_system
from lib.audit import delete_by, save_by
from lib.errors import InvalidTransition

# Roles from least to most powerful: an administrator never grants a role above their own.
ROLE_ORDER = [Role.CLERK, Role.HEAD, Role.REVIEWER, Role.LEADER, Role.ADMIN]


def role_rank(role: str) -> int:
    return ROLE_ORDER.index(role)


def _require_manage(by, unit) -> None:
    require(by, Cap.MANAGE_USERS, unit, _("You may not manage accounts of this unit."))


def _above_every_unit(by) -> bool:
    """Superusers and the system actor are not bound by the per-unit rules below."""
    return by is not None and (by.is_superuser or is_system(by))


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
    if _above_every_unit(by):
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
    if _above_every_unit(by):
        return
    if by is not None and by.pk is not None and by.pk == user.pk:
        raise PermissionDenied(_("You may not change your own roles; ask another administrator."))
    if not can(by, Cap.MANAGE_USERS, unit):
        raise PermissionDenied(_("You may not manage accounts of this unit."))
    if role not in ROLE_ORDER or role_rank(role) > _own_rank_on(by, unit):
        raise PermissionDenied(_("You may not give a role above your own."))


@transaction.atomic
def user_create(
    *, username: str, password: str, unit, role: str, full_name: str = "", position: str = "", email: str = "", by
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
    save_by(user, by=by, clean=False)
    assignment_add(user=user, unit=unit, role=role, by=by)
    return user


@transaction.atomic
def user_update(*, user: User, by, **fields) -> User:
    check_may_manage_user(by=by, user=user)
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    return save_by(user, by=by, update_fields=list(fields), clean=False)


@transaction.atomic
def user_set_password(*, user: User, password: str, by) -> None:
    check_may_manage_user(by=by, user=user)
    validate_password(password, user)
    user.set_password(password)
    save_by(user, by=by, update_fields=["password"], clean=False)


@transaction.atomic
def assignment_add(*, user: User, unit, role: str, by) -> RoleAssignment:
    _require_manage(by, unit)
    check_may_grant(by=by, user=user, unit=unit, role=role)
    if user.pk is not None and user.assignments.exists():
        # A brand-new account has no roles yet; an existing one must be wholly the giver's.
        check_may_manage_user(by=by, user=user)
    assignment = save_by(RoleAssignment(user=user, unit=unit, role=role), by=by)
    clear_cache(user)
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: RoleAssignment, by) -> None:
    _require_manage(by, assignment.unit)
    check_may_manage_user(by=by, user=assignment.user)
    user = User.objects.select_for_update().get(pk=assignment.user_id)
    if user.assignments.count() <= 1 and not user.is_superuser:
        raise InvalidTransition(
            _("This is the user's only role; a user must keep at least one. Deactivate the account instead."),
            code="last_role",
        )
    delete_by(assignment, by=by)
    # The cache lives on user objects: clear the one the caller holds, not only the fresh copy.
    clear_cache(assignment.user)
    clear_cache(user)
