"""The submissions list pages with a cursor: following ``next`` walks the same rows in the same
order as limit/offset, and a deep page costs the queries of the first one (no rows read and
thrown away before it)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.system import system_actor
from api.tests.conftest import API
from stats import services
from stats.models import DataSet

PERIODS = [f"{year}H1" for year in range(2019, 2025)]  # the half-year form is reported for the first half


def _open_forms(tree):
    form = DataSet.objects.get(code="BC_DV_6T")
    for ward in ("conhue1", "dongngac_old"):
        for period in PERIODS:
            services.submission_open(data_set=form, period=period, unit=tree[ward], by=system_actor())
    return 2 * len(PERIODS)


def _walk(client, **params):
    ids, pages, answer = [], 0, client.get(f"{API}/stats/submissions", {"limit": 5, **params}).json()
    while True:
        pages += 1
        ids += [row["id"] for row in answer["items"]]
        if not answer["next"]:
            return ids, pages, answer["count"]
        answer = client.get(f"{API}/stats/submissions", {"limit": 5, "after": answer["next"], **params}).json()


def test_following_next_walks_every_row_once_in_the_lists_order(api_as, tree):
    total = _open_forms(tree)
    client = api_as("district_reviewer")
    ids, pages, count = _walk(client)
    by_offset = []
    for offset in range(0, total, 5):
        by_offset += [
            r["id"] for r in client.get(f"{API}/stats/submissions", {"limit": 5, "offset": offset}).json()["items"]
        ]
    assert count == total == len(ids) == len(set(ids))
    assert ids == by_offset
    assert pages == -(-total // 5)


def test_a_cursor_keeps_the_filters_of_the_list(api_as, tree):
    _open_forms(tree)
    ids, _pages, count = _walk(api_as("district_reviewer"), unit=tree["conhue1"].pk)
    assert count == len(PERIODS) == len(ids)


def test_a_deep_page_by_cursor_costs_the_queries_of_the_first(api_as, tree):
    _open_forms(tree)
    client = api_as("district_reviewer")
    first = client.get(f"{API}/stats/submissions", {"limit": 2}).json()
    second = client.get(f"{API}/stats/submissions", {"limit": 2, "after": first["next"]}).json()
    with CaptureQueriesContext(connection) as at_first:
        client.get(f"{API}/stats/submissions", {"limit": 2})
    with CaptureQueriesContext(connection) as deep:
        answer = client.get(f"{API}/stats/submissions", {"limit": 2, "after": second["next"]}).json()
    assert len(deep.captured_queries) == len(at_first.captured_queries)
    assert not any("OFFSET" in q["sql"].upper() for q in deep.captured_queries)
    assert len(answer["items"]) == 2


def test_a_broken_cursor_is_refused_in_vietnamese(api_as, tree):
    response = api_as("district_reviewer").get(f"{API}/stats/submissions", {"after": "không-phải-con-trỏ"})
    assert response.status_code == 422
    assert "trang đầu" in response.json()["fields"]["after"][0]
