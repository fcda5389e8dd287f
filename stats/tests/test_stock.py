"""Stocks (số hiện có, aggregation "latest"): the value as of a date. Over units a stock is added;
over time the latest value within the period stands — a year is its later half, never H1 + H2 —
and so through lineage (a pre-2025 ward's figure counted under today's Hà Nội)."""

from decimal import Decimal

import pytest
from django.utils import translation

from accounts.system import system_actor
from stats import selectors, services
from stats.models import Aggregation

pytestmark = pytest.mark.django_db

# households living in each ward, as of the end of each half of 2024
HOUSEHOLDS = {"conhue1": {"2024H1": 5000, "2024H2": 5200}, "dongngac_old": {"2024H1": 3000, "2024H2": 3100}}


@pytest.fixture
def stocks(tree, form6, fill):
    form6.half_years = "1,2"
    form6.save()
    for ward, by_period in HOUSEHOLDS.items():
        for period, value in by_period.items():
            sub = services.submission_open(data_set=form6, period=period, unit=tree[ward], by=system_actor())
            fill(sub, HOUSEHOLDS_TOTAL=value)
    return HOUSEHOLDS


def _aggregate(unit, period, **options):
    return selectors.aggregate("HOUSEHOLDS_TOTAL", unit, period, include_unapproved=True, **options)


def test_the_stock_is_named_as_offices_say_it(el):
    element = el("HOUSEHOLDS_TOTAL")
    assert element.aggregation == Aggregation.LATEST == "latest"
    assert element.is_stock and not el("DIALOGUES").is_stock
    with translation.override("vi"):
        assert str(Aggregation.LATEST.label) == "Số hiện có (tại thời điểm cuối kỳ)"
    with translation.override("en"):
        assert str(Aggregation.LATEST.label) == "Stock (value at the end of the period)"


def test_a_stocks_year_is_its_later_half_never_the_sum_of_its_halves(stocks, tree):
    mine = stocks["conhue1"]
    year = _aggregate(tree["conhue1"], "2024")
    assert year == mine["2024H2"]
    assert year != mine["2024H1"] + mine["2024H2"]
    assert _aggregate(tree["conhue1"], "2024H1") == mine["2024H1"]


def test_a_stock_is_added_over_units(stocks, tree):
    for period in ("2024H1", "2024H2"):
        assert _aggregate(tree["btl"], period) == sum(w[period] for w in stocks.values())
    assert _aggregate(tree["btl"], "2024") == sum(w["2024H2"] for w in stocks.values())


def test_a_stock_without_its_later_half_stands_at_the_half_filed(tree, form6, fill):
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["quangan"], by=system_actor())
    fill(sub, HOUSEHOLDS_TOTAL=1800)
    assert _aggregate(tree["quangan"], "2024") == 1800


def test_an_annual_stock_stands_for_the_year_over_its_halves(stocks, tree, form_year, fill):
    sub = services.submission_open(data_set=form_year, period="2024", unit=tree["conhue1"], by=system_actor())
    fill(sub, HOUSEHOLDS_TOTAL=5300)
    expected = 5300 + stocks["dongngac_old"]["2024H2"]
    assert _aggregate(tree["btl"], "2024") == expected


def test_a_stock_of_pre_2025_wards_counts_under_todays_city_through_lineage(stocks, tree):
    later = sum(w["2024H2"] for w in stocks.values())
    assert _aggregate(tree["hanoi"], "2024", through_lineage=True) == later
    assert _aggregate(tree["hanoi"], "2024H1", through_lineage=True) == sum(w["2024H1"] for w in stocks.values())
    # the ward formed in 2025 from both old wards counts both
    assert _aggregate(tree["dongngac"], "2024", through_lineage=True) == later
    detail = selectors.aggregate_detail(
        "HOUSEHOLDS_TOTAL", tree["hanoi"], "2024", include_unapproved=True, through_lineage=True
    )
    assert {u.pk for u in detail.units} == {tree["hanoi"].pk, tree["hanoi_old"].pk}
    # without lineage today's city has no 2024 figure
    assert _aggregate(tree["hanoi"], "2024") is None


def test_only_approved_stocks_count_unless_asked(stocks, tree, form6, personas):
    assert selectors.aggregate("HOUSEHOLDS_TOTAL", tree["btl"], "2024") is None
    sub = services.submission_open(data_set=form6, period="2024H2", unit=tree["conhue1"], by=system_actor())
    services.submission_submit(submission=sub, by=personas["ward_head"])
    services.submission_approve(submission=sub, by=personas["district_reviewer"])
    assert selectors.aggregate("HOUSEHOLDS_TOTAL", tree["btl"], "2024") == Decimal(stocks["conhue1"]["2024H2"])
