"""Stocks and longer periods through the aggregate API."""

from decimal import Decimal

import pytest

from accounts.system import system_actor
from api.tests.conftest import API

pytestmark = pytest.mark.django_db

HOUSEHOLDS = {"conhue1": {"2024H1": 5000, "2024H2": 5200}, "dongngac_old": {"2024H1": 3000, "2024H2": 3100}}


@pytest.fixture
def stocks(tree):
    from stats import services
    from stats.models import DataElement, DataSet

    form = DataSet.objects.get(code="BC_DV_6T")
    form.half_years = "1,2"
    form.save()
    element = DataElement.objects.get(code="HOUSEHOLDS_TOTAL")
    for ward, by_period in HOUSEHOLDS.items():
        for period, value in by_period.items():
            sub = services.submission_open(data_set=form, period=period, unit=tree[ward], by=system_actor())
            services.value_set(submission=sub, element=element, value=value, by=system_actor())
    return HOUSEHOLDS


def _get(client, unit, period, **extra):
    query = {"unit": unit.pk, "period": period, "element": "HOUSEHOLDS_TOTAL", "include_unapproved": True, **extra}
    response = client.get(f"{API}/stats/aggregate", query)
    assert response.status_code == 200, response.content
    return response.json()


def test_a_stock_year_under_todays_city_through_lineage_is_the_later_half(api_as, tree, stocks):
    leader = api_as("city_leader")
    body = _get(leader, tree["hanoi"], "2024", through_lineage=True)
    later = sum(w["2024H2"] for w in stocks.values())
    assert Decimal(body["value"]) == later
    assert Decimal(body["value"]) != sum(sum(w.values()) for w in stocks.values())
    assert body["period"] == "2024"
    assert _get(leader, tree["hanoi"], "2024")["value"] is None  # today's city alone has no 2024 figure


def test_a_stock_is_added_over_the_wards_of_a_district(api_as, tree, stocks):
    reviewer = api_as("district_reviewer")
    body = _get(reviewer, tree["btl"], "2024H1")
    assert Decimal(body["value"]) == sum(w["2024H1"] for w in stocks.values())
