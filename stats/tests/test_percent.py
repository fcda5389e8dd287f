"""Stated percentages ("95% ý kiến được giải đáp") are never summed: over units they are a mean
weighted by a declared weight element, or not aggregated at all."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.system import system_actor
from stats import selectors, services
from stats.models import DataElement, Section, SectionElement

pytestmark = pytest.mark.django_db


@pytest.fixture
def percent(form6):
    section = Section.objects.filter(data_set=form6).first()
    weight = DataElement.objects.create(
        code="T_OPINIONS", name="Số ý kiến", value_type="count", unit_of_measure="ý kiến"
    )
    share = DataElement.objects.create(
        code="T_ANSWERED_PCT",
        name="Tỷ lệ ý kiến được giải đáp",
        value_type="percent",
        unit_of_measure="%",
        aggregation="latest",
        weight=weight,
    )
    plain = DataElement.objects.create(
        code="PLANS_PCT", name="Tỷ lệ đơn vị xây dựng kế hoạch", value_type="percent", unit_of_measure="%"
    )
    for order, element in enumerate((weight, share, plain)):
        SectionElement.objects.create(section=section, element=element, sort_order=50 + order)
    return {"weight": weight, "share": share, "plain": plain}


def _fill(tree, form6, fill, period="2024H1", **by_unit):
    subs = {}
    for unit, values in by_unit.items():
        subs[unit] = services.submission_open(data_set=form6, period=period, unit=tree[unit], by=system_actor())
        fill(subs[unit], **values)
    return subs


def test_a_percent_over_units_is_never_their_sum(tree, form6, fill, percent):
    _fill(tree, form6, fill, conhue1={"PLANS_PCT": 50}, dongngac_old={"PLANS_PCT": 60})
    # Each ward states its own share …
    assert selectors.aggregate("PLANS_PCT", tree["conhue1"], "2024H1", include_unapproved=True) == 50
    assert selectors.aggregate("PLANS_PCT", tree["dongngac_old"], "2024H1", include_unapproved=True) == 60
    # … and the district has no figure: neither 110% nor a made-up plain average.
    assert selectors.aggregate("PLANS_PCT", tree["btl"], "2024H1", include_unapproved=True) is None
    values = selectors.aggregate_many(["PLANS_PCT"], tree["btl"], "2024H1", include_unapproved=True)
    assert ("PLANS_PCT", None) not in values


def test_a_weighted_percent_is_the_mean_weighted_by_the_weight_element(tree, form6, fill, percent):
    # Cổ Nhuế 1 answered 100% of 20 opinions, Đông Ngạc 50% of 80: 20 + 40 = 60 of 100 opinions.
    _fill(
        tree,
        form6,
        fill,
        conhue1={"T_OPINIONS": 20, "T_ANSWERED_PCT": 100},
        dongngac_old={"T_OPINIONS": 80, "T_ANSWERED_PCT": 50},
    )
    value = selectors.aggregate("T_ANSWERED_PCT", tree["btl"], "2024H1", include_unapproved=True)
    assert value == Decimal(60)  # a plain mean would say 75%, a sum 150%


def test_a_units_own_stated_percent_speaks_for_it(tree, form6, fill, percent):
    form6.unit_types = ["commune", "district"]
    form6.save()
    _fill(
        tree,
        form6,
        fill,
        conhue1={"T_OPINIONS": 20, "T_ANSWERED_PCT": 100},
        btl={"T_OPINIONS": 300, "T_ANSWERED_PCT": 95},
    )
    assert selectors.aggregate("T_ANSWERED_PCT", tree["btl"], "2024H1", include_unapproved=True) == 95
    # Above the district, the district's own percent stands for its wards (weighted by its 300 opinions).
    assert selectors.aggregate("T_ANSWERED_PCT", tree["hanoi_old"], "2024H1", include_unapproved=True) == 95


def test_a_year_of_a_percent_is_the_later_half_never_the_two_added(tree, form6, fill, percent):
    form6.half_years = "1,2"
    form6.save()
    _fill(tree, form6, fill, "2024H1", conhue1={"PLANS_PCT": 40})
    _fill(tree, form6, fill, "2024H2", conhue1={"PLANS_PCT": 70})
    assert selectors.aggregate("PLANS_PCT", tree["conhue1"], "2024", include_unapproved=True) == 70
    assert selectors.aggregate_years("PLANS_PCT", tree["conhue1"], 2023, 2024, include_unapproved=True) == 70


def test_only_approved_percents_count_unless_asked(tree, form6, fill, percent, personas):
    subs = _fill(tree, form6, fill, conhue1={"PLANS_PCT": 50})
    assert selectors.aggregate("PLANS_PCT", tree["conhue1"], "2024H1") is None
    services.submission_submit(submission=subs["conhue1"], by=system_actor())
    services.submission_approve(submission=subs["conhue1"], by=personas["district_reviewer"])
    assert selectors.aggregate("PLANS_PCT", tree["conhue1"], "2024H1") == 50


def test_a_percent_above_100_is_refused(tree, form6, percent):
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    with pytest.raises(ValidationError):
        services.value_set(submission=sub, element=percent["plain"], value="110", by=system_actor())


def test_an_element_in_percent_cannot_be_added_as_a_count_or_latest_value(db):
    element = DataElement(code="SHARE", name="Tỷ lệ", value_type="count", unit_of_measure="%", aggregation="latest")
    with pytest.raises(ValidationError) as caught:
        element.full_clean()
    assert "value_type" in caught.value.message_dict


def test_a_weight_must_be_a_summable_figure(percent):
    percent["plain"].weight = percent["share"]
    with pytest.raises(ValidationError) as caught:
        percent["plain"].full_clean()
    assert "weight" in caught.value.message_dict


def test_a_weighted_percent_holds_through_lineage_under_the_ward_formed_in_2025(tree, form6, fill, percent):
    # The new Phường Đông Ngạc counts the two old wards it was formed from: 20 + 40 of 100 opinions.
    _fill(
        tree,
        form6,
        fill,
        conhue1={"T_OPINIONS": 20, "T_ANSWERED_PCT": 100},
        dongngac_old={"T_OPINIONS": 80, "T_ANSWERED_PCT": 50},
    )
    value = selectors.aggregate(
        "T_ANSWERED_PCT", tree["dongngac"], "2024H1", include_unapproved=True, through_lineage=True
    )
    assert value == Decimal(60)
