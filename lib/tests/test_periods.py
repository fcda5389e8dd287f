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


# ---------------------------------------------------------------- quarters, months, longer periods
from hypothesis import assume, given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lib.periods import (  # noqa: E402
    MONTH,
    MULTI_YEAR,
    QUARTER,
    RANGE,
    date_range,
    month,
    multi_year,
    parse_words,
    quarter,
)


@pytest.mark.parametrize(
    ("code", "words", "start", "end", "kind"),
    [
        ("2024Q1", "quý I năm 2024", dt.date(2024, 1, 1), dt.date(2024, 3, 31), QUARTER),
        ("2024Q4", "quý IV năm 2024", dt.date(2024, 10, 1), dt.date(2024, 12, 31), QUARTER),
        ("2024M03", "tháng 3 năm 2024", dt.date(2024, 3, 1), dt.date(2024, 3, 31), MONTH),
        ("2024M02", "tháng 2 năm 2024", dt.date(2024, 2, 1), dt.date(2024, 2, 29), MONTH),
        ("2021-2024", "giai đoạn 2021–2024", dt.date(2021, 1, 1), dt.date(2024, 12, 31), MULTI_YEAR),
        (
            "2021-03-01_2023-08-31",
            "từ tháng 3/2021 đến tháng 8/2023",
            dt.date(2021, 3, 1),
            dt.date(2023, 8, 31),
            RANGE,
        ),
        (
            "2021-03-05_2023-08-31",
            "từ ngày 05/03/2021 đến ngày 31/08/2023",
            dt.date(2021, 3, 5),
            dt.date(2023, 8, 31),
            RANGE,
        ),
        (
            "2021-03-01_2023-08-30",
            "từ ngày 01/03/2021 đến ngày 30/08/2023",
            dt.date(2021, 3, 1),
            dt.date(2023, 8, 30),
            RANGE,
        ),
    ],
)
def test_the_new_period_types_have_codes_words_dates_and_a_type(code, words, start, end, kind):
    period = parse(code)
    assert (period.code, period.words(), period.start, period.end, period.type) == (code, words, start, end, kind)
    assert parse(words) == period == parse_words(words)
    assert period.half is None  # only half-years have a half
    assert period.year == start.year
    assert period.contains(start) and period.contains(end)
    assert not period.contains(start - dt.timedelta(days=1)) and not period.contains(end + dt.timedelta(days=1))


def test_other_ways_of_writing_them_are_read():
    assert parse("2024q2") == quarter(2024, 2) == parse("Quý 2 năm 2024") == parse("quý II 2024")
    assert parse("2024M3") == month(2024, 3) == parse("tháng 3/2024") == parse("Tháng 03 năm 2024")
    assert parse("2021 – 2024") == multi_year(2021, 2024) == parse("giai đoạn 2021-2024")
    assert parse("từ ngày 1/3/2021 đến ngày 31/8/2023") == date_range(dt.date(2021, 3, 1), dt.date(2023, 8, 31))


@pytest.mark.parametrize(
    "bad",
    [
        "2024Q5",
        "2024Q0",
        "2024M13",
        "2024M00",
        "2024-2024",
        "2024-2021",
        "2023-08-31_2021-03-01",
        "2021-02-30_2021-03-01",
        "quý V năm 2024",
        "tháng 13 năm 2024",
        "từ tháng 13/2021 đến tháng 8/2023",
        "giai đoạn 2024–2020",
    ],
)
def test_impossible_new_periods_are_refused(bad):
    with pytest.raises(ValueError):
        parse(bad)


def test_a_period_is_of_one_type_only():
    with pytest.raises(ValueError):
        Period(2024, half=1, quarter=1)
    with pytest.raises(ValueError):
        Period(2024, first_day=dt.date(2024, 1, 1))


def test_neighbours_and_the_same_period_a_year_earlier():
    assert quarter(2024, 1).previous() == quarter(2023, 4) and quarter(2023, 4).next() == quarter(2024, 1)
    assert month(2024, 1).previous() == month(2023, 12) and month(2024, 12).next() == month(2025, 1)
    assert multi_year(2021, 2024).previous() == multi_year(2017, 2020)
    assert multi_year(2021, 2024).next() == multi_year(2025, 2028)
    assert quarter(2024, 3).same_period_last_year() == quarter(2023, 3)
    assert month(2024, 2).same_period_last_year() == month(2023, 2)
    six_months = parse("từ tháng 3/2024 đến tháng 8/2024")
    assert six_months.same_period_last_year() == parse("từ tháng 3/2023 đến tháng 8/2023")
    # a range ending on 29/02 ends on 28/02 a year earlier, still a whole month
    leap = parse("2024-01-01_2024-02-29")
    assert leap.same_period_last_year().words() == "từ tháng 1/2023 đến tháng 2/2023"
    week = parse("2024-03-04_2024-03-10")
    assert week.previous() == parse("2024-02-26_2024-03-03") and week.next() == parse("2024-03-11_2024-03-17")
    # no "cùng kỳ" for a multi-year period or a range over a year
    for long in (multi_year(2021, 2024), parse("2021-03-01_2023-08-31")):
        assert not long.has_same_period_last_year
        with pytest.raises(ValueError):
            long.same_period_last_year()
    assert Period(2024, 1).has_same_period_last_year and Period(2024).has_same_period_last_year


def test_a_long_period_covers_the_periods_inside_it():
    span = multi_year(2021, 2024)
    assert span.is_long and parse("2021-03-01_2023-08-31").is_long and not Period(2024).is_long
    assert span.years == [2021, 2022, 2023, 2024]
    assert all(span.covers(p) for p in (Period(2021, 1), Period(2024), quarter(2022, 3), month(2024, 12)))
    assert not span.covers(Period(2025, 1)) and not span.covers(Period(2020))
    months = parse("2021-03-01_2023-08-31")
    assert months.covers(quarter(2021, 2)) and not months.covers(quarter(2021, 1))
    assert months.covers(Period(2022)) and not months.covers(Period(2023, 2))


def test_periods_order_by_their_dates():
    mixed = [Period(2022), month(2022, 2), Period(2022, 2), quarter(2022, 1), Period(2021, 2), multi_year(2020, 2021)]
    ordered = sorted(mixed)
    assert [p.start for p in ordered] == sorted(p.start for p in mixed)
    assert sorted([Period(2022, 2), Period(2022, 1), Period(2021, 2)]) == [
        Period(2021, 2),
        Period(2022, 1),
        Period(2022, 2),
    ]
    assert quarter(2024, 1) < quarter(2024, 2) < month(2024, 7)


def test_lists_of_quarters_and_months():
    assert [p.code for p in periods_of_type(QUARTER, 2024, 2024)] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    months = periods_of_type(MONTH, 2023, 2024)
    assert len(months) == 24 and months[0].code == "2023M01" and months[-1].code == "2024M12"
    assert all(a.next() == b for a, b in zip(months, months[1:], strict=False))


years = st.integers(min_value=1900, max_value=2998)
days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31))


@st.composite
def any_period(draw):
    kind = draw(st.sampled_from(["half", "year", "quarter", "month", "years", "range"]))
    year = draw(years)
    if kind == "half":
        return Period(year, draw(st.sampled_from([1, 2])))
    if kind == "year":
        return Period(year)
    if kind == "quarter":
        return quarter(year, draw(st.integers(1, 4)))
    if kind == "month":
        return month(year, draw(st.integers(1, 12)))
    if kind == "years":
        return multi_year(year, draw(st.integers(year + 1, 2999)))
    first = draw(days)
    last = draw(st.dates(min_value=first, max_value=dt.date(2999, 12, 31)))
    return date_range(first, last)


@given(any_period())
def test_every_period_round_trips_through_its_code_and_its_words(period):
    assert parse(period.code) == period
    assert parse(period.code).code == period.code
    assert parse_words(period.words()) == period
    assert period.start <= period.end
    assert period.covers(period)


@given(any_period())
def test_neighbours_are_of_the_same_type_and_touch(period):
    span = len(period.years) + 1
    assume(period.start.year - span >= 1900 and period.end.year + span <= 2999)  # inside the years a Period takes
    before, after = period.previous(), period.next()
    assert before.type == period.type == after.type
    assert before.end + dt.timedelta(days=1) == period.start
    assert period.end + dt.timedelta(days=1) == after.start
    assert before < period < after
    if period.has_same_period_last_year and period.start.year > 1900:
        last = period.same_period_last_year()
        assert last.type == period.type and last.start.year == period.start.year - 1
