"""Reads across org units and lineage."""

import datetime as dt

from django.db.models import Count

from accounts.access import scope_paths
from accounts.roles import Cap
from orgunits.models import LineageEvent, OrgUnit

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


def top_paths(user, on):
    """Subtree roots a user starts browsing from: their scope, or the country for superusers."""
    paths = scope_paths(user, Cap.VIEW)
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
