"""Incremental rollups equal a recomputation from scratch after any sequence of edits and
decisions; aggregates across the 2025 reorganization count the units merged away."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.system import system_actor
from lib.errors import InvalidTransition
from stats import selectors, services
from stats.models import DataElement, Rollup, Submission

UNITS = ["conhue1", "dongngac_old", "quangan"]
PERIODS = ["2023H1", "2024H1", "2024H2", "2024"]  # the annual form and both halves of 2024 mix
CODES = ["RECOMMENDATIONS_RAISED", "RECOMMENDATIONS_RESOLVED", "DIALOGUE_PARTICIPANTS", "DIALOGUES"]

steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("set"),
            st.sampled_from(UNITS),
            st.sampled_from(PERIODS),
            st.sampled_from(CODES),
            st.sampled_from(["PARTY", "GOVERNMENT"]),
            st.one_of(st.none(), st.integers(0, 60)),
        ),
        st.tuples(
            st.sampled_from(["submit", "approve", "return", "reopen", "submit+approve"]),
            st.sampled_from(UNITS),
            st.sampled_from(PERIODS),
        ),
    ),
    min_size=1,
    max_size=25,
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_incremental_rollups_equal_a_recomputation_after_random_edits_and_decisions(
    steps, tree, form6, form_year, personas
):
    from stats.models import DataValue, Submission, WorkflowEvent

    # hypothesis reuses the database of one test run: start each example clean
    DataValue.objects.all().delete()
    WorkflowEvent.objects.all().delete()
    Submission.objects.all().delete()
    Rollup.objects.all().delete()
    form6.half_years = "1,2"
    form6.save()
    reviewer = personas["city_leader"]
    elements = {e.code: e for e in DataElement.objects.filter(code__in=CODES).select_related("combo")}
    for step in steps:
        unit, period = tree[step[1]], step[2]
        data_set = form6 if "H" in period else form_year
        sub = services.submission_open(data_set=data_set, period=period, unit=unit, by=system_actor())
        try:
            if step[0] == "set":
                element = elements[step[3]]
                option = element.combo.options.get(code=step[4]) if element.combo_id else None
                services.value_set(submission=sub, element=element, option=option, value=step[5], by=system_actor())
            elif step[0] == "submit":
                services.submission_submit(submission=sub, by=system_actor())
            elif step[0] == "approve":
                services.submission_approve(submission=sub, by=reviewer)
            elif step[0] == "submit+approve":
                services.submission_submit(submission=sub, by=system_actor())
                services.submission_approve(submission=sub, by=reviewer)
            else:
                action = services.submission_return if step[0] == "return" else services.submission_reopen
                action(submission=sub, reason="Kiểm tra lại", by=reviewer)
        except (ValidationError, InvalidTransition):
            pass  # refused steps (bad data, wrong state) change nothing
    assert services.rollup_snapshot() == services.rollup_compute()


@pytest.fixture
def approved_wards(tree, form6, fill, personas):
    """2024 H1 figures of the two old wards that formed the new Phường Đông Ngạc in 2025."""
    for name, raised in (("conhue1", 30), ("dongngac_old", 50)):
        sub = services.submission_open(data_set=form6, period="2024H1", unit=tree[name], by=system_actor())
        fill(sub, RECOMMENDATIONS_RAISED=raised)
        services.submission_submit(submission=sub, by=system_actor())
        services.submission_approve(submission=sub, by=personas["district_reviewer"])


def test_a_ward_formed_in_2025_counts_its_predecessors_through_lineage_and_says_which(approved_wards, tree):
    new_ward = tree["dongngac"]
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", new_ward, "2024H1") is None
    result = selectors.aggregate_detail("RECOMMENDATIONS_RAISED", new_ward, "2024H1", through_lineage=True)
    assert result.value == 80
    assert {u.name for u in result.units} == {"Phường Đông Ngạc", "Phường Cổ Nhuế 1"}
    assert len(result.units) == 3  # the new ward itself, and the two old wards


def test_the_tree_as_it_was_then_is_the_old_unit_itself(approved_wards, tree):
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["conhue1"], "2024H1") == 30
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["btl"], "2024H1") == 80
    # the new city counts the old city through lineage, without counting anything twice
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["hanoi"], "2024H1", through_lineage=True) == 80


def test_a_year_asked_of_a_half_year_element_is_made_from_its_halves(tree, form6, fill, personas):
    form6.half_years = "1,2"
    form6.save()
    for period, raised in (("2024H1", 10), ("2024H2", 15)):
        sub = services.submission_open(data_set=form6, period=period, unit=tree["conhue1"], by=system_actor())
        fill(sub, RECOMMENDATIONS_RAISED=raised)
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["btl"], "2024", include_unapproved=True) == 25
    element = DataElement.objects.get(code="RECOMMENDATIONS_RAISED")
    element.aggregation = "latest"
    element.save()
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["btl"], "2024", include_unapproved=True) == 15


def test_unapproved_values_are_included_only_on_request_and_marked(tree, form6, fill):
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    fill(sub, RECOMMENDATIONS_RAISED=9)
    assert selectors.aggregate_detail("RECOMMENDATIONS_RAISED", tree["btl"], "2024H1").value is None
    detail = selectors.aggregate_detail("RECOMMENDATIONS_RAISED", tree["btl"], "2024H1", include_unapproved=True)
    assert detail.value == 9 and detail.includes_unapproved


def test_change_versus_last_year_in_percent_and_in_points(tree, form6, fill, personas):
    for period, raised, resolved in (("2023H1", 50, 41), ("2024H1", 100, 87)):
        sub = services.submission_open(data_set=form6, period=period, unit=tree["conhue1"], by=system_actor())
        fill(sub, RECOMMENDATIONS_RAISED=raised, RECOMMENDATIONS_RESOLVED=resolved)
        services.submission_submit(submission=sub, by=system_actor())
        services.submission_approve(submission=sub, by=personas["district_reviewer"])
    element = selectors.compare_with_last_year("RECOMMENDATIONS_RAISED", tree["btl"], "2024H1")
    assert (element.current, element.previous, element.percent_change) == (100, 50, 100)
    rate = selectors.compare_rate_with_last_year(
        "RECOMMENDATIONS_RESOLVED", "RECOMMENDATIONS_RAISED", tree["btl"], "2024H1"
    )
    assert (rate.current, rate.previous, rate.points_change) == (87, 82, 5)
    assert str(rate.percent_change) == "6.10"  # (87 − 82) / 82


def test_an_aggregate_is_one_indexed_lookup(tree, form6, fill, django_assert_max_num_queries):
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    fill(sub, RECOMMENDATIONS_RAISED=9)
    with django_assert_max_num_queries(2):  # the element, then the rollup rows
        selectors.aggregate("RECOMMENDATIONS_RAISED", tree["vn"], "2024H1", include_unapproved=True)


def test_a_new_wards_2026_figure_compares_with_its_predecessors_2022_figure(tree, form6, fill, personas):
    for name, raised in (("conhue1", 30), ("dongngac_old", 50)):
        sub = services.submission_open(data_set=form6, period="2022H1", unit=tree[name], by=system_actor())
        fill(sub, RECOMMENDATIONS_RAISED=raised)
        services.submission_submit(submission=sub, by=system_actor())
        services.submission_approve(submission=sub, by=personas["district_reviewer"])
    new_ward = tree["dongngac"]
    sub = services.submission_open(data_set=form6, period="2026H1", unit=new_ward, by=system_actor())
    fill(sub, RECOMMENDATIONS_RAISED=100)
    services.submission_submit(submission=sub, by=system_actor())
    services.submission_approve(submission=sub, by=personas["city_leader"])
    then = selectors.aggregate_detail("RECOMMENDATIONS_RAISED", new_ward, "2022H1", through_lineage=True)
    now = selectors.aggregate("RECOMMENDATIONS_RAISED", new_ward, "2026H1", through_lineage=True)
    assert (then.value, now) == (80, 100)
    assert {"Phường Cổ Nhuế 1", "Phường Đông Ngạc"} <= {u.name for u in then.units}


def test_a_multi_year_total_takes_each_year_from_its_annual_form_or_else_its_halves(
    tree, form6, form_year, fill, personas
):
    for data_set, period, raised in ((form_year, "2022", 40), (form6, "2023H1", 15), (form_year, "2024", 30)):
        sub = services.submission_open(data_set=data_set, period=period, unit=tree["conhue1"], by=system_actor())
        fill(sub, RECOMMENDATIONS_RAISED=raised)
        services.submission_submit(submission=sub, by=system_actor())
        services.submission_approve(submission=sub, by=personas["district_reviewer"])
    assert selectors.aggregate_years("RECOMMENDATIONS_RAISED", tree["btl"], 2021, 2024) == 85
    assert selectors.aggregate_years("RECOMMENDATIONS_RAISED", tree["btl"], 2019, 2020) is None


def test_a_year_total_takes_each_units_annual_form_where_it_filed_one_and_its_halves_elsewhere(
    tree, form6, form_year, fill, personas
):
    """One ward filed the annual form, two others only half-years: the district's year is the
    annual figure of the first plus the halves of the others, not the annual forms alone."""
    form6.half_years = "1,2"
    form6.save()
    filed = [
        (form_year, "2024", "conhue1", 40),
        (form6, "2024H1", "conhue1", 15),  # superseded by its own annual form
        (form6, "2024H1", "dongngac_old", 10),
        (form6, "2024H2", "dongngac_old", 12),
        (form6, "2024H1", "quangan", 7),
    ]
    for data_set, period, unit, raised in filed:
        sub = services.submission_open(data_set=data_set, period=period, unit=tree[unit], by=system_actor())
        fill(sub, RECOMMENDATIONS_RAISED=raised)
        services.submission_submit(submission=sub, by=system_actor())
        services.submission_approve(submission=sub, by=personas["city_leader"])
    annual = {unit for ds, _, unit, _ in filed if ds == form_year}
    expected = {
        unit: sum(v for ds, p, u, v in filed if u == unit and (ds == form_year) == (unit in annual))
        for unit in ("conhue1", "dongngac_old", "quangan")
    }
    assert expected == {"conhue1": 40, "dongngac_old": 22, "quangan": 7}
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["btl"], "2024") == 62
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["hanoi_old"], "2024") == sum(expected.values())
    assert selectors.aggregate_years("RECOMMENDATIONS_RAISED", tree["vn"], 2024, 2024) == sum(expected.values())
    # a "latest value" element takes each unit's later half where it has no annual figure
    element = DataElement.objects.get(code="RECOMMENDATIONS_RAISED")
    element.aggregation = "latest"
    element.save()
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["hanoi_old"], "2024") == 40 + 12 + 7
    # reopening the annual form takes it out of the approved year; the ward's half counts again
    annual_sub = Submission.objects.get(unit=tree["conhue1"], period="2024")
    services.submission_reopen(submission=annual_sub, reason="Sửa lại", by=personas["city_leader"])
    element.aggregation = "sum"
    element.save()
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["btl"], "2024") == 15 + 22
    assert services.rollup_snapshot() == services.rollup_compute()
