"""Quarterly and monthly forms (opened, entered, submitted for their own periods) and aggregates
over longer periods: a multi-year period ("giai đoạn 2021–2024") or a date range ("từ tháng 3/2021
đến tháng 8/2023") adds the flows of the stored periods inside it and takes the latest stock."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.system import system_actor
from lib import periods
from stats import selectors, services
from stats.models import DataSet, PeriodType, Section, SectionElement, Submission

pytestmark = pytest.mark.django_db

FLOW, STOCK = "CITIZEN_RECEPTIONS", "HOUSEHOLDS_TOTAL"


def _form(code, period_type, el):
    form = DataSet.objects.create(code=code, name=code, period_type=period_type, unit_types=["commune"])
    section = Section.objects.create(data_set=form, name="Chung")
    for order, code in enumerate((FLOW, STOCK)):
        SectionElement.objects.create(section=section, element=el(code), sort_order=order)
    return form


@pytest.fixture
def quarterly(el):
    return _form("BC_QUY", PeriodType.QUARTER, el)


@pytest.fixture
def monthly(el):
    return _form("BC_THANG", PeriodType.MONTH, el)


def _enter(form, period, unit, fill, **values):
    sub = services.submission_open(data_set=form, period=period, unit=unit, by=system_actor())
    return fill(sub, **values)


# ---------------------------------------------------------------- forms of quarters and months


def test_a_quarterly_form_is_opened_entered_submitted_and_approved(tree, quarterly, fill, personas):
    sub = _enter(quarterly, "2024Q1", tree["conhue1"], fill, **{FLOW: 12, STOCK: 4000})
    assert sub.period == "2024Q1" and sub.period_obj == periods.quarter(2024, 1)
    services.submission_submit(submission=sub, by=personas["ward_head"])
    services.submission_approve(submission=sub, by=personas["district_reviewer"])
    assert selectors.aggregate(FLOW, tree["btl"], "2024Q1") == 12
    assert selectors.aggregate(STOCK, tree["btl"], "2024Q1") == 4000
    assert selectors.aggregate(FLOW, tree["btl"], "2024Q2") is None
    # a quarter is not a half-year: nothing is read for 2024H1 or the year from quarterly forms
    assert selectors.aggregate(FLOW, tree["btl"], "2024H1") is None
    assert quarterly.due_date(periods.quarter(2024, 1)) == dt.date(2024, 3, 31) + dt.timedelta(
        days=quarterly.deadline_days
    )


def test_a_monthly_form_takes_months_only_and_not_before_they_start(tree, monthly, quarterly):
    unit = tree["conhue1"]
    services.check_can_report(data_set=monthly, period=periods.month(2024, 2), unit=unit, today=dt.date(2024, 3, 1))
    for form, period in (
        (monthly, periods.quarter(2024, 1)),
        (monthly, periods.Period(2024, 1)),
        (quarterly, periods.month(2024, 2)),
        (quarterly, periods.multi_year(2021, 2024)),
        (monthly, periods.parse("2024-03-01_2024-03-31")),
    ):
        with pytest.raises(ValidationError):
            services.check_can_report(data_set=form, period=period, unit=unit, today=dt.date(2024, 6, 1))
    with pytest.raises(ValidationError):  # July has not started on 01/06/2024
        services.check_can_report(data_set=monthly, period=periods.month(2024, 7), unit=unit, today=dt.date(2024, 6, 1))


def test_the_current_period_of_monthly_and_quarterly_forms(monthly, quarterly):
    # on 10/05/2024 April's reports are due (deadline 15 days after the month ends)
    assert monthly.current_period(dt.date(2024, 5, 10)) == periods.month(2024, 4)
    assert monthly.current_period(dt.date(2024, 5, 20)) == periods.month(2024, 5)
    assert quarterly.current_period(dt.date(2024, 4, 10)) == periods.quarter(2024, 1)
    assert quarterly.current_period(dt.date(2024, 5, 20)) == periods.quarter(2024, 2)


def test_the_entry_page_carries_the_quarter_code(client_as, tree, quarterly):
    url = reverse("stats:entry", args=[quarterly.pk, "2024Q3", tree["conhue1"].pk])
    response = client_as("ward_clerk").get(url)
    assert response.status_code == 200
    assert "quý III năm 2024" in response.content.decode()
    post = reverse("stats:entry_value", args=[quarterly.pk, "2024Q3", tree["conhue1"].pk])
    saved = client_as("ward_clerk").post(
        post, {"element": quarterly.sections.get().items.first().element.pk, "value": "9"}
    )
    assert saved.status_code == 200
    assert selectors.aggregate(FLOW, tree["conhue1"], "2024Q3", include_unapproved=True) == 9


# ---------------------------------------------------------------- multi-year periods and ranges

HALVES = {  # half-year forms of the two old wards of Bắc Từ Liêm
    "conhue1": {
        "2021H1": (10, 100),
        "2021H2": (20, 110),
        "2022H1": (30, 120),
        "2022H2": (40, 130),
        "2023H1": (50, 140),
    },
    "dongngac_old": {"2021H2": (5, 300), "2022H1": (6, 310), "2023H1": (7, 320)},
}
ANNUAL = {"dongngac_old": {"2022": (15, 315)}}  # stands for its 2022 halves
MONTHS = {"conhue1": {"2023M07": (1, 141), "2023M08": (2, 142), "2023M09": (4, 143)}}


@pytest.fixture
def history(tree, form6, form_year, monthly, fill):
    form6.half_years = "1,2"
    form6.save()
    for plan, form in ((HALVES, form6), (ANNUAL, form_year), (MONTHS, monthly)):
        for ward, by_period in plan.items():
            for period, (flow, stock) in by_period.items():
                _enter(form, period, tree[ward], fill, **{FLOW: flow, STOCK: stock})


def _flows(codes, wards=("conhue1", "dongngac_old")):
    """The flow summed over stored periods, a ward's annual figure standing for its halves."""
    total = 0
    for ward in wards:
        annual_years = {code for code in ANNUAL.get(ward, {}) if code in codes}
        for plan in (ANNUAL, HALVES, MONTHS):
            for code, (flow, _stock) in plan.get(ward, {}).items():
                if code in codes and (plan is ANNUAL or code[:4] not in annual_years):
                    total += flow
    return total


def _both(unit, period, **options):
    return tuple(selectors.aggregate(code, unit, period, include_unapproved=True, **options) for code in (FLOW, STOCK))


def test_a_multi_year_period_adds_flows_and_takes_the_latest_stock(history, tree):
    stored = ["2021H1", "2021H2", "2022", "2022H1", "2022H2", "2023H1", "2023M07", "2023M08", "2023M09"]
    flow = _flows(stored)
    # 2023 has no annual form: its first half from the half-year forms, its second from the months
    assert selectors.aggregate(FLOW, tree["btl"], "2021-2023", include_unapproved=True) == flow
    assert selectors.aggregate(FLOW, tree["btl"], "giai đoạn 2021–2023", include_unapproved=True) == flow
    years = [selectors.aggregate(FLOW, tree["btl"], str(y), include_unapproved=True) for y in (2021, 2022)]
    assert sum(years) == _flows(stored[:5])  # the whole years inside it are their year figures
    # the stock is each ward's latest figure: Cổ Nhuế 1's of September 2023, Đông Ngạc's of its first half
    assert selectors.aggregate(STOCK, tree["btl"], "2021-2023", include_unapproved=True) == (
        MONTHS["conhue1"]["2023M09"][1] + HALVES["dongngac_old"]["2023H1"][1]
    )
    # up to 2022: the year 2022, each ward's annual figure, else its later half
    assert selectors.aggregate(STOCK, tree["btl"], "2021-2022", include_unapproved=True) == (
        HALVES["conhue1"]["2022H2"][1] + ANNUAL["dongngac_old"]["2022"][1]
    )
    assert selectors.aggregate(FLOW, tree["btl"], "2017-2020", include_unapproved=True) is None


def test_a_date_range_counts_only_the_stored_periods_wholly_inside_it(history, tree):
    # 03/2021–08/2023: 2021H1 starts before it and 2023M09 ends after it; 2022 is whole.
    flow = _flows(["2021H2", "2022", "2022H1", "2022H2", "2023H1", "2023M07", "2023M08"])
    assert selectors.aggregate(FLOW, tree["btl"], "2021-03-01_2023-08-31", include_unapproved=True) == flow
    assert selectors.aggregate(FLOW, tree["btl"], "từ tháng 3/2021 đến tháng 8/2023", include_unapproved=True) == flow
    # the latest stock inside it is August 2023's for Cổ Nhuế 1, the first half of 2023 for Đông Ngạc
    assert (
        selectors.aggregate(STOCK, tree["conhue1"], "2021-03-01_2023-08-31", include_unapproved=True)
        == (MONTHS["conhue1"]["2023M08"][1])
    )
    assert selectors.aggregate(STOCK, tree["btl"], "2021-03-01_2023-08-31", include_unapproved=True) == (
        MONTHS["conhue1"]["2023M08"][1] + HALVES["dongngac_old"]["2023H1"][1]
    )
    # a range of one whole half-year is that half-year
    assert _both(tree["btl"], "2023-01-01_2023-06-30") == _both(tree["btl"], "2023H1")
    assert selectors.aggregate(FLOW, tree["btl"], "2023-01-01_2023-06-30", include_unapproved=True) == _flows(
        ["2023H1"]
    )


def test_a_long_stock_counts_approved_figures_only_unless_asked(history, tree, form6, personas):
    assert selectors.aggregate(STOCK, tree["btl"], "2021-2023") is None
    sub = Submission.objects.get(data_set=form6, period="2022H1", unit=tree["conhue1"])
    services.submission_submit(submission=sub, by=personas["ward_head"])
    services.submission_approve(submission=sub, by=personas["district_reviewer"])
    detail = selectors.aggregate_detail(STOCK, tree["btl"], "2021-2023", include_unapproved=True)
    assert detail.includes_unapproved
    assert selectors.aggregate(STOCK, tree["btl"], "2021-2023") == HALVES["conhue1"]["2022H1"][1]


def test_long_periods_hold_through_lineage_under_todays_city(history, tree):
    old = _both(tree["hanoi_old"], "2021-2023")
    assert old[0] is not None
    assert _both(tree["hanoi"], "2021-2023", through_lineage=True) == old
    assert _both(tree["hanoi"], "2021-2023") == (None, None)
    rng = "2021-03-01_2023-08-31"
    assert _both(tree["dongngac"], rng, through_lineage=True) == _both(tree["btl"], rng)


def test_a_long_period_has_no_comparison_with_last_year(history, tree):
    result = selectors.compare_with_last_year(FLOW, tree["btl"], "2021-2023", include_unapproved=True)
    assert result.current is not None and result.previous is None and result.percent_change is None


def test_a_long_period_costs_the_queries_of_a_year(history, tree, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as year:
        selectors.aggregate(FLOW, tree["btl"], "2022", include_unapproved=True)
    with django_assert_num_queries(len(year.captured_queries)):
        selectors.aggregate(FLOW, tree["btl"], "2010-2024", include_unapproved=True)


def test_completeness_of_a_quarterly_form(tree, quarterly, fill, personas):
    sub = _enter(quarterly, "2024Q2", tree["conhue1"], fill, **{FLOW: 3})
    services.submission_submit(submission=sub, by=personas["ward_head"])
    expected = {u.pk for u in selectors.expected_units(quarterly, "2024Q2", tree["btl"])}
    assert expected == {tree["conhue1"].pk, tree["dongngac_old"].pk}
    result = selectors.completeness(quarterly, "2024Q2", tree["btl"])
    assert (result.expected, result.submitted, result.missing) == (len(expected), 1, len(expected) - 1)
    summary = selectors.completeness_summary(quarterly, "2024Q2", tree["btl"])
    assert (summary.expected, summary.submitted) == (len(expected), 1)


def test_the_period_lists_offer_quarters_once_a_quarterly_form_is_active(quarterly, form6):
    from stats.forms import FilterForm, period_choices

    def offered():
        return [code for code, _words in FilterForm().fields["period"].widget.choices]

    assert {"2024Q1", "2024Q4", "2024H1", "2024"} <= set(offered())
    assert not any("M" in code for code in offered())  # no monthly form: no months
    own = [code for code, _words in period_choices(quarterly)]
    assert own and all(periods.parse(code).type == periods.QUARTER for code in own)
    assert "2024Q1" not in [code for code, _words in period_choices(form6)]
    quarterly.active = False
    quarterly.save()
    assert "2024Q1" not in offered()
