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


@pytest.fixture
def years_of_figures(tree):
    """Citizen receptions and households of the two old wards, 2021–2023 by half-year."""
    from stats import services
    from stats.models import DataElement, DataSet

    form = DataSet.objects.get(code="BC_DV_6T")
    form.half_years = "1,2"
    form.save()
    flow, stock = (DataElement.objects.get(code=c) for c in ("CITIZEN_RECEPTIONS", "HOUSEHOLDS_TOTAL"))
    figures = {
        ("conhue1", "2021H2"): (3, 100),
        ("conhue1", "2022H1"): (4, 110),
        ("conhue1", "2023H2"): (5, 120),
        ("dongngac_old", "2022H2"): (6, 200),
        ("dongngac_old", "2024H1"): (7, 210),
    }
    for (ward, period), (a, b) in figures.items():
        sub = services.submission_open(data_set=form, period=period, unit=tree[ward], by=system_actor())
        services.value_set(submission=sub, element=flow, value=a, by=system_actor())
        services.value_set(submission=sub, element=stock, value=b, by=system_actor())
    return figures


def test_a_multi_year_and_a_range_through_the_api_under_todays_city(api_as, tree, years_of_figures):
    leader = api_as("city_leader")
    inside = {k: v for k, v in years_of_figures.items() if "2021" <= k[1][:4] <= "2023"}
    body = _get(leader, tree["hanoi"], "2021-2023", through_lineage=True, element="CITIZEN_RECEPTIONS")
    assert Decimal(body["value"]) == sum(a for a, _b in inside.values())
    assert body["period"] == "2021-2023" and body["previous"] is None and body["percent_change"] is None
    stock = _get(leader, tree["hanoi"], "2021-2023", through_lineage=True)
    # each ward's latest figure inside the period, added
    wards = {ward for ward, _p in inside}
    latest = [inside[max((k for k in inside if k[0] == ward), key=lambda k: k[1])][1] for ward in wards]
    assert Decimal(stock["value"]) == sum(latest)
    # 01/07/2021–30/06/2022: the second half of 2021 and the first of 2022
    rng = _get(leader, tree["hanoi"], "2021-07-01_2022-06-30", through_lineage=True, element="CITIZEN_RECEPTIONS")
    assert Decimal(rng["value"]) == sum(years_of_figures[("conhue1", p)][0] for p in ("2021H2", "2022H1"))
    # a range of a year has the same range a year earlier to compare with (nothing there)
    assert rng["previous"] is None and rng["period"] == "2021-07-01_2022-06-30"
    assert _get(leader, tree["hanoi"], "2021-2023", element="CITIZEN_RECEPTIONS")["value"] is None  # no lineage


@pytest.mark.parametrize("bad", ["2023-2021", "2023-08-31_2021-03-01", "2021-02-30_2021-03-31", "2021Q5", "2021M13"])
def test_an_impossible_period_is_refused_by_the_aggregate_api(api_as, tree, bad):
    response = api_as("city_leader").get(
        f"{API}/stats/aggregate", {"unit": tree["hanoi"].pk, "period": bad, "element": "CITIZEN_RECEPTIONS"}
    )
    assert response.status_code == 422


def test_a_quarterly_form_through_the_api(api_as, tree):
    from stats.models import DataElement, DataSet, Section, SectionElement

    form = DataSet.objects.create(code="BC_QUY", name="Báo cáo quý", period_type="quarter", unit_types=["commune"])
    section = Section.objects.create(data_set=form, name="Chung")
    SectionElement.objects.create(section=section, element=DataElement.objects.get(code="CITIZEN_RECEPTIONS"))
    clerk = api_as("ward_clerk")
    made = clerk.post(
        f"{API}/stats/submissions",
        {"data_set": form.pk, "period": "2024Q2", "unit": tree["conhue1"].pk},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["period"] == "2024Q2"
    pk = made.json()["id"]
    saved = clerk.put(
        f"{API}/stats/submissions/{pk}/values",
        {"values": [{"element": "CITIZEN_RECEPTIONS", "value": 8}]},
        content_type="application/json",
    )
    assert saved.status_code == 200
    wrong = clerk.post(
        f"{API}/stats/submissions",
        {"data_set": form.pk, "period": "2024H1", "unit": tree["conhue1"].pk},
        content_type="application/json",
    )
    assert wrong.status_code == 422
    body = _get(api_as("district_reviewer"), tree["btl"], "2024Q2", element="CITIZEN_RECEPTIONS")
    assert Decimal(body["value"]) == 8
