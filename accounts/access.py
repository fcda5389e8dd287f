"""The one access layer. Every view and API endpoint asks here what a user may see or change.

A user's scope for a capability is the set of subtree roots (materialized paths) of the units
they hold a role with that capability on, plus the units that became those units through
lineage (so today's ward sees the records of the wards merged into it). Superusers see all.

Scopes are the vocabulary of ``orgunits.scope`` (lists of subtree-root paths, None = everywhere).
They are cached on the user object for the request; ``clear_cache(user)`` is the one way to drop
that cache, and every service that changes a user's role assignments calls it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import ROLE_CAPS, Cap, roles_with
from accounts.system import is_system
from orgunits.models import OrgUnit
from orgunits.scope import in_subtrees, subtree_q

_CACHE_ATTR = "_danvan_scope_cache"


def scope_cache(user) -> dict:
    """The per-user dict where scopes derived from the user's role assignments are kept for the
    life of the user object (one request). Other apps keep their own derived scopes here too
    (under their own key) so that ``clear_cache`` drops them all at once."""
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, _CACHE_ATTR, cache)
    return cache


_scope_cache = scope_cache  # the former private name


def scope_paths(user, cap: str = Cap.VIEW) -> list[str] | None:
    """Subtree roots where ``user`` has ``cap``; None means everywhere (superuser)."""
    if not user or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return None
    cache = _scope_cache(user)
    if cap not in cache:
        cache.update(_compute_all_paths(user))
    return cache[cap]


ALL_CAPS = [value for name, value in vars(Cap).items() if name.isupper()]
ASSIGNMENTS = "assignments"  # the scope cache's (role, unit_id, path) rows of the user's own roles


def caps_held_on(user, unit) -> set[str]:
    """The capabilities the user's own roles give on ``unit`` itself — not through a unit above
    it or through lineage (issuing in a body's name needs that); from the request's scope cache."""
    if not user or not user.is_authenticated or not user.is_active or unit is None:
        return set()
    cache = scope_cache(user)
    if ASSIGNMENTS not in cache:
        cache.update(_compute_all_paths(user))
    return {cap for role, unit_id, _path in cache[ASSIGNMENTS] if unit_id == unit.pk for cap in ROLE_CAPS[role]}


def _compute_all_paths(user) -> dict[str, list[str]]:
    """The scope of every capability at once, the first time any is asked in a request: the
    user's assignments (one query), the units merged into them (one query per lineage
    generation) and those units' paths (one query) — instead of all of that per capability."""
    from accounts.models import RoleAssignment
    from orgunits.scope import minimal_paths
    from orgunits.selectors import predecessors_by_unit

    rows = list(RoleAssignment.objects.filter(user=user).values_list("role", "unit_id", "unit__path"))
    earlier = predecessors_by_unit({unit_id for _, unit_id, _ in rows})
    wanted = set().union(*earlier.values()) if earlier else set()
    paths = dict(OrgUnit.objects.filter(pk__in=wanted).values_list("pk", "path")) if wanted else {}
    result = {ASSIGNMENTS: rows}
    for cap in ALL_CAPS:
        roles = set(roles_with(cap))
        found = []
        for role, unit_id, path in rows:
            if role in roles:
                found.append(path)
                found += [paths[p] for p in earlier.get(unit_id, ()) if p in paths]
        result[cap] = minimal_paths(found)
    return result


def visible_paths(user) -> list[str] | None:
    return scope_paths(user, Cap.VIEW)


def path_in_scope(path: str, paths: list[str] | None) -> bool:
    return in_subtrees(path, paths)


def can(user, cap: str, unit) -> bool:
    return unit is not None and path_in_scope(unit.path, scope_paths(user, cap))


def require(user, cap: str, unit, message: str | None = None) -> None:
    """The one way a service refuses an actor: PermissionDenied unless ``user`` has ``cap`` on
    ``unit``. The system actor (loaders, the demo, scheduled jobs) may do everything."""
    if is_system(user) or can(user, cap, unit):
        return
    raise PermissionDenied(message or _("You may not do this for this unit."))


def require_unit_manager(user, unit) -> None:
    """The org-unit services' check (registered in ``orgunits.permissions``): unit management on
    ``unit``; a new top-level unit (``unit`` None) only for superusers and the system actor."""
    if unit is None and getattr(user, "is_superuser", False):
        return
    require(user, Cap.MANAGE_UNITS, unit, _("You may not manage this unit."))


def require_unit_viewer(user, unit) -> None:
    require(user, Cap.VIEW, unit, _("The target unit does not exist or is outside your scope."))


def has_cap_anywhere(user, cap: str) -> bool:
    paths = scope_paths(user, cap)
    return paths is None or bool(paths)


def clear_cache(user) -> None:
    """Forget every scope cached on this user object (see ``scope_cache``). Services that add or
    remove a role assignment call it for the affected user so the next check sees the change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def get_unit_for_user(user, pk, *, cap: str = Cap.VIEW):
    """The unit if the user has ``cap`` on it, else 404 — the same answer as "does not exist"."""
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
    return subtree_q(scope_paths(user, cap), field)
