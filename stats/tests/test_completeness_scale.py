"""The completeness page at scale: counts made in SQL and grouped by the next level down, the
units paged, and the same number of queries (with no id list growing with the tree) whether a
province has a handful of wards or hundreds."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stats import selectors
from stats.models import Status, Submission
from stats.views import COMPLETENESS_PAGE_SIZE

ON_TIME = timezone.make_aware(dt.datetime(2024, 7, 10, 9, 0))  # the 2024H1 deadline is 15/07/2024
LATE = timezone.make_aware(dt.datetime(2024, 8, 1, 9, 0))


def _add_wards(district, count, start=0):
    """``count`` more wards under ``district``; every third missing, the others alternately on
    time and late (approved when on time). Rows made directly: this is a read-side test."""
    from accounts.system import system_actor
    from orgunits.models import Level, UnitType
    from orgunits.services import unit_create

    level = Level.objects.get(code="commune")
    wards = [
        unit_create(
            name=f"Phường Thử {start + i:03d}",
            unit_type=UnitType.COMMUNE,
            level=level,
            parent=district,
            valid_to=district.valid_to,
            by=system_actor(),
        )
        for i in range(count)
    ]
    return wards


def _submit(form6, units):
    for i, unit in enumerate(units):
        if i % 3 == 2:
            continue
        on_time = i % 3 == 0
        Submission.objects.create(
            data_set=form6,
            period="2024H1",
            unit=unit,
            status=Status.APPROVED if on_time else Status.SUBMITTED,
            submitted_at=ON_TIME if on_time else LATE,
        )


def _expected_counts(form6, district):
    """The counts of a district's subtree worked out in Python from the rows themselves."""
    from orgunits.models import OrgUnit

    units = [
        u
        for u in OrgUnit.objects.filter(path__startswith=district.path, unit_type__in=form6.unit_types)
        if u.existed_in_year(2024)
    ]
    subs = {s.unit_id: s for s in Submission.objects.filter(data_set=form6, period="2024H1")}
    sent = [subs[u.pk] for u in units if u.pk in subs and subs[u.pk].submitted_at]
    on_time = sum(1 for s in sent if s.submitted_at == ON_TIME)
    return len(units), on_time, len(sent) - on_time, len(units) - len(sent)


def test_the_summary_groups_a_province_by_district_with_counts_from_the_data(tree, form6):
    _submit(form6, _add_wards(tree["btl"], 7) + _add_wards(tree["tayho"], 4, start=50))
    summary = selectors.completeness_summary(form6, "2024H1", tree["hanoi_old"])
    groups = {g.unit.pk: (g.expected, g.on_time, g.late, g.missing) for g in summary.groups}
    assert groups == {
        tree["btl"].pk: _expected_counts(form6, tree["btl"]),
        tree["tayho"].pk: _expected_counts(form6, tree["tayho"]),
    }
    assert summary.expected == sum(g[0] for g in groups.values())
    assert summary.submitted == summary.on_time + summary.late == sum(g[1] + g[2] for g in groups.values())
    assert summary.approved == Submission.objects.filter(status=Status.APPROVED).count()


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def _longest_in_list(sqls) -> int:
    lists = [m.count(",") + 1 for sql in sqls for m in re.findall(r"IN \(([^()]*)\)", sql)]
    return max(lists, default=0)


def test_the_page_costs_the_same_queries_for_a_few_wards_and_for_hundreds(client_as, tree, form6):
    client = client_as("admin")
    url = reverse("stats:completeness") + f"?data_set={form6.pk}&period=2024H1&unit={tree['hanoi_old'].pk}"
    _submit(form6, _add_wards(tree["btl"], 3))
    client.get(url)  # warm the per-session caches (scope, menu)
    small, small_sqls = _page_queries(client, url)
    _submit(form6, _add_wards(tree["btl"], 2 * COMPLETENESS_PAGE_SIZE, start=100))
    large, large_sqls = _page_queries(client, url)
    assert len(large_sqls) == len(small_sqls)
    # no query carries the ids of every unit (the old page sent "unit_id IN (…all…)")
    assert _longest_in_list(large_sqls) <= COMPLETENESS_PAGE_SIZE
    assert large.context["result"].expected == _expected_counts(form6, tree["hanoi_old"])[0]
    assert len(large.context["page"].object_list) == COMPLETENESS_PAGE_SIZE
    assert large.context["page"].paginator.count == large.context["result"].expected


def test_the_page_drills_down_and_filters_the_missing_units(client_as, tree, form6):
    _submit(form6, _add_wards(tree["btl"], 6))
    client = client_as("admin")
    base = reverse("stats:completeness") + f"?data_set={form6.pk}&period=2024H1"
    body = client.get(base + f"&unit={tree['hanoi_old'].pk}").content.decode()
    assert f"unit={tree['btl'].pk}" in body and f"unit={tree['tayho'].pk}" in body  # drill-down links
    response = client.get(base + f"&unit={tree['btl'].pk}&state=missing")
    names = [row.name for row in response.context["page"]]
    expected_missing = _expected_counts(form6, tree["btl"])[3]
    assert len(names) == expected_missing and all(row.state == "missing" for row in response.context["page"])
    assert sorted(r["unit"].name for r in response.context["reminders"]) == sorted(names)


@pytest.mark.parametrize("when, state", [(ON_TIME, "on_time"), (LATE, "late")])
def test_a_unit_row_says_on_time_or_late_like_the_old_reckoning(tree, form6, when, state):
    Submission.objects.create(
        data_set=form6, period="2024H1", unit=tree["conhue1"], status=Status.SUBMITTED, submitted_at=when
    )
    row = selectors.completeness_rows(form6, "2024H1", tree["btl"]).get(pk=tree["conhue1"].pk)
    old = {r.unit.pk: r.state for r in selectors.completeness(form6, "2024H1", tree["btl"]).rows}
    assert row.state == old[tree["conhue1"].pk] == state
