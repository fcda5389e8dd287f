"""Validation as DHIS2 does it: a believable range per element and level, an outlier warning
against the unit's own history, rules across periods, and a follow-up flag with a discussion."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.system import system_actor
from orgunits.models import Level
from stats import selectors, services
from stats.models import DataValue, ElementBound

pytestmark = pytest.mark.django_db


def _open(form, unit, period="2024H1"):
    return services.submission_open(data_set=form, period=period, unit=unit, by=system_actor())


def _set(sub, element, value, comment=None):
    return services.value_set(submission=sub, element=element, value=value, comment=comment, by=system_actor())


def test_the_standard_catalogue_refuses_999999_dialogues_in_one_ward(tree, form6, el):
    # Shipped as a default range for a commune; a district adds its wards' dialogues and has no such bound.
    with pytest.raises(ValidationError) as caught:
        _set(_open(form6, tree["conhue1"]), el("CITIZEN_RECEPTIONS"), "999.999")
    assert "Số buổi tiếp công dân" in " ".join(caught.value.messages)


def test_a_level_range_wins_over_the_range_for_every_level(tree, form6, el):
    element = el("SECURITY_CAMERAS")
    ElementBound.objects.filter(element=element).delete()
    ElementBound.objects.create(element=element, level=None, max_value=10)
    ElementBound.objects.create(element=element, level=Level.objects.get(code="commune"), max_value=500)
    sub = _open(form6, tree["conhue1"])
    assert _set(sub, element, 400).value == 400  # the commune's own range allows it
    ElementBound.objects.filter(element=element, level__isnull=False).delete()
    with pytest.raises(ValidationError):
        _set(sub, element, 400)


def test_a_value_far_above_the_units_history_is_saved_with_a_warning(tree, form6, form_year, el):
    form6.half_years = "1,2"
    form6.save()
    element = el("SECURITY_CAMERAS")
    ElementBound.objects.filter(element=element).delete()
    _set(_open(form6, tree["conhue1"], "2023H1"), element, 10)
    _set(_open(form6, tree["conhue1"], "2023H2"), element, 12)
    ordinary = _set(_open(form6, tree["conhue1"], "2024H1"), element, 14)
    assert ordinary.warnings == []
    odd = _set(_open(form6, tree["conhue1"], "2024H1"), element, 120)  # ten times the usual
    assert odd.value == 120 and len(odd.warnings) == 1
    assert "10–12" in odd.warnings[0]


def test_a_half_year_cannot_exceed_its_year(tree, form6, form_year, el):
    element = el("CITIZEN_RECEPTIONS")
    _set(_open(form_year, tree["conhue1"], "2024"), element, 30)
    with pytest.raises(ValidationError):
        _set(_open(form6, tree["conhue1"], "2024H1"), element, 31)
    assert _set(_open(form6, tree["conhue1"], "2024H1"), element, 20).value == 20
    # And the year, typed after its half, cannot be smaller than it.
    with pytest.raises(ValidationError):
        _set(_open(form_year, tree["conhue1"], "2024"), element, 19)


def test_a_stock_does_not_fall_without_a_comment(tree, form6, el):
    form6.half_years = "1,2"
    form6.save()
    households = el("HOUSEHOLDS_TOTAL")  # a "latest value" element: households living in the ward
    _set(_open(form6, tree["conhue1"], "2024H1"), households, 5000)
    later = _open(form6, tree["conhue1"], "2024H2")
    with pytest.raises(ValidationError) as caught:
        _set(later, households, 4800)
    assert "5.000" in " ".join(caught.value.messages)
    explained = _set(later, households, 4800, comment="Giải tỏa khu tập thể B")
    assert explained.value == 4800
    assert _set(later, households, 5200).value == 5200  # a rise needs no reason


def test_a_follow_up_flag_carries_a_discussion(tree, form6, el, personas):
    sub = _open(form6, tree["conhue1"])
    element = el("CITIZEN_RECEPTIONS")
    _set(sub, element, 40)
    services.value_follow_up(
        submission=sub, element=element, flag=True, comment="Số buổi cao bất thường?", by=personas["district_reviewer"]
    )
    services.value_comment_add(
        submission=sub, element=element, text="Đã kiểm tra sổ tiếp dân.", by=personas["ward_clerk"]
    )
    row = DataValue.objects.get(submission=sub, element=element)
    assert row.follow_up is True
    thread = selectors.value_thread(sub, element)
    assert [(c.author.username, c.text) for c in thread] == [
        ("district_reviewer", "Số buổi cao bất thường?"),
        ("ward_clerk", "Đã kiểm tra sổ tiếp dân."),
    ]
    assert list(selectors.follow_ups(personas["city_leader"])) == [row]
    assert list(selectors.follow_ups(personas["outsider"])) == []
    # Clearing the value keeps the discussed line.
    _set(sub, element, "")
    assert DataValue.objects.filter(submission=sub, element=element, value__isnull=True).exists()


def test_someone_who_neither_enters_nor_reviews_the_unit_cannot_flag(tree, form6, el, personas):
    sub = _open(form6, tree["conhue1"])
    with pytest.raises(PermissionDenied):
        services.value_follow_up(submission=sub, element=el("CITIZEN_RECEPTIONS"), flag=True, by=personas["outsider"])
    with pytest.raises(ValidationError):
        services.value_comment_add(
            submission=sub, element=el("CITIZEN_RECEPTIONS"), text="  ", by=personas["ward_clerk"]
        )
