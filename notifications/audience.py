"""Who hears of an event: always people whose role covers the event's unit (its subtree, or the
units that became theirs through lineage — the scope rule of ``accounts.access``) and whose role
has the capability the event calls for. Each candidate is checked once more with
``accounts.access.can`` before anything is made for them, so nobody outside scope is told.

- ``reviewers_of_form``: REVIEW over the unit from a level above (``stats.access.can_review``);
- ``deciders_of_proposal``: REVIEW at the proposed level (``initiatives.access.can_decide``);
- ``workers_of``: the clerks and heads (SUBMIT) nearest the unit — its own, or if it has none, those
  of the closest unit above that covers it;
- ``issuers_over``: heads and leaders (ISSUE) whose scope covers the unit."""

from accounts.access import can
from accounts.models import RoleAssignment
from accounts.roles import Cap, roles_with
from accounts.system import is_system
from orgunits.models import OrgUnit
from orgunits.selectors import successors


def covering_assignments(unit, cap: str):
    """Role assignments with ``cap`` whose scope covers ``unit``: held on the unit or an ancestor,
    or on a unit that one of those became through lineage."""
    ancestors = set(OrgUnit.objects.filter(path__in=unit.ancestor_paths()).values_list("pk", flat=True))
    holders = ancestors | successors(ancestors)
    return (
        RoleAssignment.objects.filter(unit_id__in=holders, role__in=roles_with(cap), user__is_active=True)
        .select_related("user", "unit")
        .order_by("user_id", "pk")
    )


def _in_scope(users, cap: str, unit) -> list:
    """Distinct users (in a stable order) who really hold ``cap`` on ``unit``, never the system."""
    seen, kept = set(), []
    for user in users:
        if user.pk in seen or is_system(user) or not can(user, cap, unit):
            continue
        seen.add(user.pk)
        kept.append(user)
    return kept


def reviewers_of_form(unit) -> list:
    from stats.access import can_review

    users = [a.user for a in covering_assignments(unit, Cap.REVIEW)]
    return [u for u in _in_scope(users, Cap.REVIEW, unit) if can_review(u, unit)]


def deciders_of_proposal(initiative, level: str) -> list:
    from initiatives.access import can_decide

    unit = initiative.unit
    users = [a.user for a in covering_assignments(unit, Cap.REVIEW)]
    return [u for u in _in_scope(users, Cap.REVIEW, unit) if can_decide(u, initiative, level)]


def workers_of(unit) -> list:
    assignments = list(covering_assignments(unit, Cap.SUBMIT))
    if not assignments:
        return []
    nearest = max(a.unit.depth for a in assignments)
    return _in_scope([a.user for a in assignments if a.unit.depth == nearest], Cap.SUBMIT, unit)


def issuers_over(unit) -> list:
    return _in_scope([a.user for a in covering_assignments(unit, Cap.ISSUE)], Cap.ISSUE, unit)
