"""Subtree reads on the whole country (34 + 63 provinces, 696 districts, 13,372 communes).

Baseline: walking the tree level by level through ``parent_id`` (what an adjacency list without
a materialized path needs). Ours: one prefix query on ``path``."""

from bench.core import bench, timed


def _ensure_country():
    from orgunits.loader import load_units
    from orgunits.models import OrgUnit

    if OrgUnit.objects.filter(code_scheme="legacy").count() < 10000:
        load_units(legacy=True)


def _walk_ids(root_ids):
    from orgunits.models import OrgUnit

    found, frontier = set(root_ids), set(root_ids)
    while frontier:
        frontier = set(OrgUnit.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        found |= frontier
    return found


@bench
def subtree_of_old_hanoi():
    from orgunits.models import OrgUnit

    _ensure_country()
    hanoi = OrgUnit.objects.get(ext_key="legacy:p:1")
    walked = _walk_ids({hanoi.pk})
    by_path = set(OrgUnit.objects.filter(path__startswith=hanoi.path).values_list("id", flat=True))
    assert walked == by_path, "the two methods must agree"
    baseline = timed(lambda: _walk_ids({hanoi.pk}))
    ours = timed(lambda: list(OrgUnit.objects.filter(path__startswith=hanoi.path).values_list("id", flat=True)))
    return "subtree ids of old Hà Nội (~610 units)", baseline, ours


@bench
def visible_scope_of_city_leader():
    """A city leader's scope (today's Hà Nội + old Hà Nội through lineage) as a filter on a
    commune count: prefix filter versus an id list computed by walking."""
    from orgunits.models import OrgUnit, UnitType

    _ensure_country()
    roots = list(OrgUnit.objects.filter(ext_key__in=["2025:p:1", "legacy:p:1"]))
    communes = OrgUnit.objects.filter(unit_type=UnitType.COMMUNE)
    baseline = timed(lambda: communes.filter(pk__in=_walk_ids({r.pk for r in roots})).count())
    ours = timed(lambda: communes.within([r.path for r in roots]).count())
    assert (
        communes.filter(pk__in=_walk_ids({r.pk for r in roots})).count()
        == communes.within([r.path for r in roots]).count()
    )
    return "communes in a city leader's scope (count)", baseline, ours
