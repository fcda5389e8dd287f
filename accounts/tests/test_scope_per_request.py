"""A user's scopes for every capability are worked out once per request, in a few queries,
and equal the scopes worked out one capability at a time."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import access
from accounts.roles import roles_with
from orgunits.models import OrgUnit
from orgunits.selectors import subtree_roots


def _one_at_a_time(user, cap):
    units = OrgUnit.objects.filter(assignments__user=user, assignments__role__in=roles_with(cap))
    return subtree_roots(list(units), through_lineage=True)


def test_every_capabilitys_scope_equals_the_one_worked_out_alone(personas):
    for name in ("ward_clerk", "ward_head", "district_reviewer", "city_leader", "outsider", "admin"):
        user = personas[name]
        for cap in access.ALL_CAPS:
            access.clear_cache(user)
            assert access.scope_paths(user, cap) == _one_at_a_time(user, cap), (name, cap)


def test_a_leaders_scopes_for_all_capabilities_cost_a_few_queries_once(personas):
    leader = personas["city_leader"]  # new Hà Nội, reaching the old city through lineage
    access.clear_cache(leader)
    with CaptureQueriesContext(connection) as first:
        scopes = [access.scope_paths(leader, cap) for cap in access.ALL_CAPS]
    # the assignments, one query per lineage generation (one here, plus the empty next one), the paths
    assert len(first.captured_queries) <= 4
    assert len(scopes[0]) == 2  # today's city and the old one
    with CaptureQueriesContext(connection) as again:
        [access.scope_paths(leader, cap) for cap in access.ALL_CAPS]
    assert len(again.captured_queries) == 0


def test_the_overview_asks_the_leaders_scope_once(client_as, tree):
    client = client_as("city_leader")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dashboard:index"), {"year": 2024}).status_code == 200
    scope_reads = [q for q in ctx.captured_queries if q["sql"].startswith('SELECT "accounts_roleassignment"."role"')]
    assert len(scope_reads) == 1
