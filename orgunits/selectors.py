"""Reads across org units and lineage.

This module (like the rest of the orgunits core) imports nothing from ``accounts``: accounts
builds on org units (a role is held on a unit), so the dependency runs one way only."""

import datetime as dt

from django.db.models import Count

from orgunits.models import LineageEvent, OrgUnit
from orgunits.scope import minimal_paths

MAX_LINEAGE_DEPTH = 10


def predecessors(unit_ids: set[int]) -> set[int]:
    """All units that became (part of) the given units through lineage, transitively.
    One query per generation; reorganizations are a handful of generations deep."""
    found: set[int] = set()
    frontier = set(unit_ids)
    for _ in range(MAX_LINEAGE_DEPTH):
        sources = set(LineageEvent.objects.filter(target_id__in=frontier).values_list("source_id", flat=True))
        sources -= found | set(unit_ids)
        if not sources:
            break
        found |= sources
        frontier = sources
    return found


def predecessors_by_unit(unit_ids: set[int]) -> dict[int, set[int]]:
    """:func:`predecessors` of each unit separately, in the same one query per generation for
    all of them (a user's several assignments cost no more than one)."""
    sources: dict[int, set[int]] = {}
    frontier, seen = set(unit_ids), set(unit_ids)
    for _ in range(MAX_LINEAGE_DEPTH):
        if not frontier:
            break
        pairs = list(LineageEvent.objects.filter(target_id__in=frontier).values_list("target_id", "source_id"))
        for target, source in pairs:
            sources.setdefault(target, set()).add(source)
        frontier = {source for _, source in pairs} - seen
        seen |= frontier
    result = {}
    for unit_id in unit_ids:
        found, stack = set(), [unit_id]
        while stack:
            for source in sources.get(stack.pop(), ()):
                if source not in found and source != unit_id:
                    found.add(source)
                    stack.append(source)
        result[unit_id] = found
    return result


def successors(unit_ids: set[int]) -> set[int]:
    found: set[int] = set()
    frontier = set(unit_ids)
    for _ in range(MAX_LINEAGE_DEPTH):
        targets = set(LineageEvent.objects.filter(source_id__in=frontier).values_list("target_id", flat=True))
        targets -= found | set(unit_ids)
        if not targets:
            break
        found |= targets
        frontier = targets
    return found


def subtree_roots(units_or_paths, *, through_lineage: bool) -> list[str] | None:
    """The scope (minimal subtree-root paths, sorted) for ``units_or_paths``: None (everywhere),
    one OrgUnit, one path, or an iterable of OrgUnits and/or paths. With ``through_lineage`` the
    units that became these units (their predecessors, transitively) are added, so today's ward
    or province covers the records of the units merged into it."""
    if units_or_paths is None:
        return None
    if isinstance(units_or_paths, str) or hasattr(units_or_paths, "path"):
        units_or_paths = [units_or_paths]
    paths, ids, bare_paths = [], set(), []
    for item in units_or_paths:
        if isinstance(item, str):
            paths.append(item)
            bare_paths.append(item)
        else:
            paths.append(item.path)
            ids.add(item.pk)
    if through_lineage and paths:
        if bare_paths:
            ids |= set(OrgUnit.objects.filter(path__in=bare_paths).values_list("pk", flat=True))
        earlier = predecessors(ids)
        if earlier:
            paths += OrgUnit.objects.filter(pk__in=earlier).values_list("path", flat=True)
    return minimal_paths(paths)


def lineage_of(unit: OrgUnit) -> dict:
    """What the unit came from and what it became, with the units' parents for display."""
    related = LineageEvent.objects.select_related("source__parent", "target__parent")
    return {
        "came_from": list(related.filter(target=unit)),
        "became": list(related.filter(source=unit)),
    }


def current_successors(unit: OrgUnit, on: dt.date | None = None) -> list[OrgUnit]:
    """Today's units that the given (possibly ended) unit leads to."""
    on = on or dt.date.today()
    ids = successors({unit.pk}) | {unit.pk}
    return list(OrgUnit.objects.filter(pk__in=ids).valid_on(on).select_related("parent"))


def children_on(units, date: dt.date):
    return OrgUnit.objects.filter(parent__in=units).valid_on(date)


def top_paths(paths: list[str] | None) -> list[str]:
    """Subtree roots a user starts browsing from: their view scope (``accounts.access.scope_paths``),
    or the country and its top units when the scope is everywhere (superusers)."""
    if paths is None:
        return list(OrgUnit.objects.filter(depth__lte=1).values_list("path", flat=True))
    return paths


def annotate_child_counts(units, on, include_ended) -> None:
    """One grouped query for all rows on the page."""
    units = list(units)
    children = OrgUnit.objects.filter(parent__in=units)
    if not include_ended:
        children = children.valid_on(on)
    counts = dict(children.values("parent_id").annotate(n=Count("id")).values_list("parent_id", "n"))
    for unit in units:
        unit.child_count = counts.get(unit.pk, 0)
