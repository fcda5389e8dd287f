"""The one access layer. Every view and API endpoint asks here what a user may see or change.

A user's scope for a capability is the set of subtree roots (materialized paths) of the units
they hold a role with that capability on, plus the units that became those units through
lineage (so today's ward sees the records of the wards merged into it). Superusers see all."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.roles import Cap, roles_with

_CACHE_ATTR = "_danvan_scope_cache"


def _scope_cache(user) -> dict:
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, _CACHE_ATTR, cache)
    return cache


def scope_paths(user, cap: str = Cap.VIEW) -> list[str] | None:
    """Subtree roots where ``user`` has ``cap``; None means everywhere (superuser)."""
    if not user or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    cache = _scope_cache(user)
    if cap not in cache:
        cache[cap] = _compute_paths(user, cap)
    return cache[cap]


def _compute_paths(user, cap: str) -> list[str]:
    from orgunits.models import OrgUnit
    from orgunits.selectors import predecessors

    unit_ids = set(user.assignments.filter(role__in=roles_with(cap)).values_list("unit_id", flat=True))
    if not unit_ids:
        return []
    unit_ids |= predecessors(unit_ids)
    paths = sorted(OrgUnit.objects.filter(pk__in=unit_ids).values_list("path", flat=True))
    # Drop paths already covered by a shorter one so subtree filters stay small.
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def visible_paths(user) -> list[str] | None:
    return scope_paths(user, Cap.VIEW)


def path_in_scope(path: str, paths: list[str] | None) -> bool:
    return paths is None or any(path.startswith(p) for p in paths)


def can(user, cap: str, unit) -> bool:
    return unit is not None and path_in_scope(unit.path, scope_paths(user, cap))


def require(user, cap: str, unit, message: str | None = None) -> None:
    """The one way a service refuses an actor: PermissionDenied unless ``user`` has ``cap`` on
    ``unit``. The system actor (loaders, the demo, scheduled jobs) may do everything."""
    from accounts.system import is_system

    if is_system(user) or can(user, cap, unit):
        return
    raise PermissionDenied(message or _("You may not do this for this unit."))


def has_cap_anywhere(user, cap: str) -> bool:
    paths = scope_paths(user, cap)
    return paths is None or bool(paths)


def clear_cache(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def get_unit_for_user(user, pk, *, cap: str = Cap.VIEW):
    """The unit if the user has ``cap`` on it, else 404 — the same answer as "does not exist"."""
    from orgunits.models import OrgUnit

    try:
        unit = OrgUnit.objects.select_related("level", "parent").get(pk=int(pk))
    except (OrgUnit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not can(user, cap, unit):
        raise Http404
    return unit


def get_user_for_admin(actor, pk):
    """A user account the actor may manage: every one of its assignments lies in the actor's
    user-management scope (an account with no assignment only for superusers)."""
    from accounts.models import User

    try:
        target = User.objects.prefetch_related("assignments__unit").get(pk=int(pk))
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    paths = scope_paths(actor, Cap.MANAGE_USERS)
    if paths is None:
        return target
    units = [a.unit for a in target.assignments.all()]
    if not units or not all(path_in_scope(u.path, paths) for u in units):
        raise Http404
    return target


def scope_q(user, cap: str = Cap.VIEW, field: str = "unit__path"):
    """A Q object limiting any queryset to rows whose ``field`` (a unit path) lies in the user's
    scope for ``cap``. Used by every app's ``.visible_to(user)`` queryset method."""
    from django.db.models import Q

    paths = scope_paths(user, cap)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition
