"""Tests for lib.periods (plain pytest, no Django)."""

import datetime as dt

import pytest

from lib.periods import HALF_YEAR, YEAR, Period, parse, periods_of_type


def test_a_half_year_code_round_trips():
    assert parse("2022H1") == Period(2022, 1)
    assert parse("2022H1").code == "2022H1"
    assert parse("2022").code == "2022"
    assert parse(" 2022h2 ") == Period(2022, 2)


def test_dates_of_half_years_and_years():
    assert Period(2022, 1).start == dt.date(2022, 1, 1)
    assert Period(2022, 1).end == dt.date(2022, 6, 30)
    assert Period(2022, 2).start == dt.date(2022, 7, 1)
    assert Period(2022).end == dt.date(2022, 12, 31)


def test_previous_and_same_period_last_year():
    assert Period(2022, 1).previous() == Period(2021, 2)
    assert Period(2022, 2).previous() == Period(2022, 1)
    assert Period(2022).previous() == Period(2021)
    assert Period(2022, 1).same_period_last_year() == Period(2021, 1)
    assert Period(2022).same_period_last_year() == Period(2021)
    assert Period(2021, 2).next() == Period(2022, 1)


def test_vietnamese_wording_and_parsing_it_back():
    assert Period(2022, 1).words() == "6 tháng đầu năm 2022"
    assert Period(2022, 2).words() == "6 tháng cuối năm 2022"
    assert Period(2022).words() == "năm 2022"
    assert parse("6 tháng đầu năm 2022") == Period(2022, 1)
    assert parse("Năm 2022") == Period(2022)


@pytest.mark.parametrize("bad", ["", "2022H3", "22H1", "năm", "abc", None])
def test_anything_else_is_not_a_period(bad):
    with pytest.raises(ValueError):
        parse(bad)


def test_types_and_lists_of_periods():
    assert Period(2022).type == YEAR and Period(2022, 1).type == HALF_YEAR
    assert [p.code for p in periods_of_type(HALF_YEAR, 2021, 2022, halves=(1,))] == ["2021H1", "2022H1"]
    assert [p.code for p in periods_of_type(YEAR, 2021, 2022)] == ["2021", "2022"]


def test_overlap_with_a_validity_range():
    p = Period(2025)
    assert p.overlaps(None, dt.date(2025, 6, 30))
    assert not p.overlaps(dt.date(2026, 1, 1), None)
    assert Period(2025, 2).overlaps(dt.date(2025, 7, 1), None)
    assert not Period(2025, 2).overlaps(None, dt.date(2025, 6, 30))
