"""The statistics panel is cached per (scope, period) and the cache key moves with every
change of the figures in the same transaction: a value approved shows on the very next request."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.system import system_actor
from stats import services
from stats.models import DataSet
from stats.services import ValueInput


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _rate(response, numerator_code="RECOMMENDATIONS_RESOLVED"):
    return {line.name: (line.numerator, line.denominator) for line in response.context["stats"].rates}


def _file(tree, unit, raised, resolved, reviewer):
    form = DataSet.objects.get(code="BC_DV_6T")
    sub = services.submission_open(data_set=form, period="2024H1", unit=tree[unit], by=system_actor())
    services.save_values(
        submission=sub,
        values=[
            ValueInput("RECOMMENDATIONS_RAISED", None, raised),
            ValueInput("RECOMMENDATIONS_RESOLVED", None, resolved),
        ],
        by=system_actor(),
    )
    services.submission_submit(submission=sub, by=system_actor())
    services.submission_approve(submission=sub, by=reviewer)
    return sub


def test_a_value_approved_changes_the_overview_on_the_next_request(client_as, tree, personas):
    client = client_as("city_leader")
    url = reverse("dashboard:index")
    query = {"unit": tree["btl"].pk, "year": 2024, "half": 1}
    _file(tree, "conhue1", "10", "4", personas["district_reviewer"])
    first = _rate(client.get(url, query))
    assert (Decimal(4), Decimal(10)) in first.values()
    client.get(url, query)  # served from the cache now
    _file(tree, "dongngac_old", "30", "20", personas["district_reviewer"])
    second = _rate(client.get(url, query))
    assert (Decimal(24), Decimal(40)) in second.values()
    # a reopen takes the figures out of the approved totals just as fast
    sub = services.submission_open(
        data_set=DataSet.objects.get(code="BC_DV_6T"), period="2024H1", unit=tree["dongngac_old"], by=system_actor()
    )
    services.submission_reopen(submission=sub, reason="Sai số liệu", by=personas["district_reviewer"])
    third = _rate(client.get(url, query))
    assert (Decimal(4), Decimal(10)) in third.values()


def test_a_second_overview_request_runs_fewer_queries(client_as, tree, personas):
    client = client_as("city_leader")
    url = reverse("dashboard:index")
    query = {"unit": tree["btl"].pk, "year": 2024, "half": 1}
    _file(tree, "conhue1", "10", "4", personas["district_reviewer"])
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url, query).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url, query).status_code == 200
    assert len(warm.captured_queries) < len(cold.captured_queries)
