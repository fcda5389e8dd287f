"""Tests for lib.vn_format (plain pytest, no Django)."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest

from lib import vn_format as vf
from lib.vn_format import (
    approx_count_words,
    change_words,
    date_short,
    date_words,
    format_decimal,
    format_int,
    format_percent,
    fraction_words,
    money_words,
    percent_of,
    place_date_line,
)


def test_rounding_rule_is_declared_once():
    assert vf.ROUNDING == ROUND_HALF_UP
    assert vf.THOUSANDS_SEP == "."
    assert vf.DECIMAL_SEP == ","


# --------------------------------------------------------------------------- #
# format_int
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (7, "7"),
        (999, "999"),
        (1000, "1.000"),
        (1500, "1.500"),
        (-1500, "-1.500"),
        (-999, "-999"),
        (1234567, "1.234.567"),
        (7_050_000_000, "7.050.000.000"),
        (Decimal(3374), "3.374"),
        ("2500", "2.500"),
        (None, ""),
    ],
)
def test_format_int(value, expected):
    assert format_int(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.5, "3"),
        (Decimal("2.5"), "3"),
        (Decimal("2.4999"), "2"),
        (-2.5, "-3"),  # half away from zero
        (Decimal("-0.4"), "0"),  # never "-0"
        (1499.5, "1.500"),
    ],
)
def test_format_int_rounds_half_up(value, expected):
    assert format_int(value) == expected


# --------------------------------------------------------------------------- #
# format_decimal
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (96.99, 2, "96,99"),
        (1234.5, 1, "1.234,5"),
        (1234.5, 2, "1.234,50"),
        (0, 2, "0,00"),
        (1234567.891, 2, "1.234.567,89"),
        (-1234.5, 1, "-1.234,5"),
        (Decimal("96.915"), 2, "96,92"),  # half-up, not banker's
        (Decimal("96.925"), 2, "96,93"),
        (2.675, 2, "2,68"),  # float goes through str(): no binary surprise
        (Decimal("-0.004"), 2, "0,00"),  # never "-0,00"
        (Decimal("-0.005"), 2, "-0,01"),
        (12.5, 0, "13"),
        (None, 2, ""),
    ],
)
def test_format_decimal(value, places, expected):
    assert format_decimal(value, places) == expected


def test_format_decimal_default_places_is_two():
    assert format_decimal(5) == "5,00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(87, "87"), (Decimal("87.50"), "87,5"), (Decimal("87.05"), "87,05")],
)
def test_format_decimal_strip_zeros(value, expected):
    assert format_decimal(value, 2, strip_zeros=True) == expected


# --------------------------------------------------------------------------- #
# percent_of / format_percent
# --------------------------------------------------------------------------- #
def test_percent_of_seed_article_value():
    # 3270/3374*100 = 96.9176... The seed article prints "96,99%"; we are correct.
    assert percent_of(3270, 3374) == Decimal("96.92")
    assert format_percent(percent_of(3270, 3374)) == "96,92%"


@pytest.mark.parametrize(
    ("num", "den", "places", "expected"),
    [
        (1, 3, 2, Decimal("33.33")),
        (2, 3, 2, Decimal("66.67")),
        (2, 3, 0, Decimal(67)),
        (1, 8, 1, Decimal("12.5")),
        (1, 8, 0, Decimal(13)),  # 12.5 -> 13 half-up
        (1, 40, 1, Decimal("2.5")),
        (1, 400, 1, Decimal("0.3")),  # 0.25 -> 0.3
        (42, 42, 2, Decimal("100.00")),
        (0, 42, 2, Decimal("0.00")),
        (50, 40, 0, Decimal(125)),
        (-1, 8, 0, Decimal(-13)),
        (Decimal("1.5"), 3, 2, Decimal("50.00")),
    ],
)
def test_percent_of(num, den, places, expected):
    result = percent_of(num, den, places)
    assert isinstance(result, Decimal)
    assert result == expected
    assert result.as_tuple().exponent == -places


@pytest.mark.parametrize(("num", "den"), [(5, 0), (5, None), (None, 5), (None, None), (0, 0)])
def test_percent_of_undefined(num, den):
    assert percent_of(num, den) is None


@pytest.mark.parametrize(
    ("value", "places", "strip", "expected"),
    [
        (Decimal("96.99"), 2, False, "96,99%"),
        (Decimal("87.00"), 2, False, "87,00%"),
        (Decimal("87.00"), 2, True, "87%"),
        (Decimal("87.50"), 2, True, "87,5%"),
        (Decimal("87.5"), 0, False, "88%"),
        (100, 2, False, "100,00%"),
        (0, 2, True, "0%"),
        (Decimal("-3.456"), 1, False, "-3,5%"),
        (1234.5, 1, False, "1.234,5%"),
        (None, 2, False, ""),
    ],
)
def test_format_percent(value, places, strip, expected):
    assert format_percent(value, places, strip_zeros=strip) == expected


# --------------------------------------------------------------------------- #
# fraction_words
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (42, 42, "42/42"),
        (0, 42, "0/42"),
        (3270, 3374, "3.270/3.374"),
        (None, 42, ""),
        (42, None, ""),
    ],
)
def test_fraction_words(part, whole, expected):
    assert fraction_words(part, whole) == expected


# --------------------------------------------------------------------------- #
# money_words
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (7_000_000_000, "7 tỷ đồng"),
        (7_050_000_000, "hơn 7 tỷ đồng"),
        (7_500_000_000, "7,5 tỷ đồng"),
        (7_550_000_000, "hơn 7,5 tỷ đồng"),
        (7_999_999_999, "hơn 7,9 tỷ đồng"),
        (1_000_000_000, "1 tỷ đồng"),
        (1_000_000_001, "hơn 1 tỷ đồng"),
        (1_200_000_000_000, "1.200 tỷ đồng"),
        (350_000_000, "350 triệu đồng"),
        (350_500_000, "hơn 350 triệu đồng"),
        (999_999_999, "hơn 999 triệu đồng"),
        (1_000_000, "1 triệu đồng"),
        (1_500_000, "hơn 1 triệu đồng"),
        (999_999, "999.999 đồng"),
        (500_000, "500.000 đồng"),
        (1, "1 đồng"),
        (0, "0 đồng"),
        (Decimal("7000000000.4"), "7 tỷ đồng"),  # rounded to whole đồng first
        (None, ""),
    ],
)
def test_money_words_approx(amount, expected):
    assert money_words(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (7_000_000_000, "7 tỷ đồng"),
        (7_500_000_000, "7,5 tỷ đồng"),
        (7_050_000_000, "7.050.000.000 đồng"),
        (350_000_000, "350 triệu đồng"),
        (350_500_000, "350.500.000 đồng"),
        (999_999, "999.999 đồng"),
        (0, "0 đồng"),
    ],
)
def test_money_words_exact(amount, expected):
    assert money_words(amount, approx=False) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (-7_000_000_000, "-7 tỷ đồng"),
        (-7_500_000_000, "-7,5 tỷ đồng"),
        (-7_050_000_000, "-7.050.000.000 đồng"),  # never "hơn -7 tỷ"
        (-350_000_000, "-350 triệu đồng"),
        (-1500, "-1.500 đồng"),
    ],
)
def test_money_words_negative(amount, expected):
    assert money_words(amount) == expected


# --------------------------------------------------------------------------- #
# approx_count_words
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    ("n", "kind", "expected"),
    [
        (3046, "more", "hơn 3.000"),
        (3999, "more", "hơn 3.900"),
        (3000, "more", "3.000"),  # exact: not "more"
        (1520, "about", "khoảng 1.500"),
        (1550, "about", "khoảng 1.600"),  # half-up
        (1549, "about", "khoảng 1.500"),
        (1500, "about", "1.500"),  # exact: plain number
        (3046, "about", "khoảng 3.000"),
        (9960, "about", "khoảng 10.000"),
        (15_320, "more", "hơn 15.000"),
        (15_320, "about", "khoảng 15.000"),
        (152_600, "about", "khoảng 150.000"),
        (150_000, "about", "150.000"),
        (155_000, "about", "khoảng 160.000"),  # two significant figures
        (154_999, "about", "khoảng 150.000"),
        (347, "more", "hơn 340"),
        (345, "about", "khoảng 350"),  # tens below 1000, half-up
        (344, "about", "khoảng 340"),
        (995, "about", "khoảng 1.000"),
        (340, "more", "340"),
        (100, "about", "100"),
        (99, "more", "99"),  # exact below 100
        (42, "about", "42"),
        (0, "more", "0"),
        (None, "more", ""),
    ],
)
def test_approx_count_words(n, kind, expected):
    assert approx_count_words(n, kind) == expected


def test_approx_count_words_default_kind_is_more():
    assert approx_count_words(3046) == "hơn 3.000"


def test_approx_count_words_rejects_bad_input():
    with pytest.raises(ValueError):
        approx_count_words(10, "less")
    with pytest.raises(ValueError):
        approx_count_words(-5)


# --------------------------------------------------------------------------- #
# dates
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    ("value", "short", "words"),
    [
        (date(2022, 12, 20), "20/12/2022", "ngày 20 tháng 12 năm 2022"),
        (date(2023, 1, 5), "05/01/2023", "ngày 05 tháng 01 năm 2023"),
        (date(2023, 2, 28), "28/02/2023", "ngày 28 tháng 02 năm 2023"),
        (date(2023, 3, 5), "05/03/2023", "ngày 05 tháng 3 năm 2023"),
        (date(2023, 9, 10), "10/09/2023", "ngày 10 tháng 9 năm 2023"),
        (date(2023, 10, 9), "09/10/2023", "ngày 09 tháng 10 năm 2023"),
        (date(2024, 11, 1), "01/11/2024", "ngày 01 tháng 11 năm 2024"),
        (datetime(2022, 12, 20, 23, 59), "20/12/2022", "ngày 20 tháng 12 năm 2022"),
    ],
)
def test_dates(value, short, words):
    assert date_short(value) == short
    assert date_words(value) == words


def test_dates_none():
    assert date_short(None) == ""
    assert date_words(None) == ""


def test_place_date_line():
    assert place_date_line("Hà Nội", date(2022, 12, 20)) == "Hà Nội, ngày 20 tháng 12 năm 2022"
    assert place_date_line("Hà Nội", date(2023, 1, 5)) == "Hà Nội, ngày 05 tháng 01 năm 2023"
    assert place_date_line("Hà Nội", None) == "Hà Nội"


# --------------------------------------------------------------------------- #
# change_words
# --------------------------------------------------------------------------- #
def test_change_words_points_officials_style():
    assert change_words(Decimal(87), Decimal(82), unit="points", year=2021) == "tăng 5% so với năm 2021"


def test_change_words_points_explicit():
    assert (
        change_words(Decimal(87), Decimal(82), unit="points", year=2021, explicit_points=True)
        == "tăng 5 điểm phần trăm so với năm 2021"
    )


def test_change_words_explicit_points_ignored_for_relative_change():
    assert change_words(110, 100, unit="percent", year=2021, explicit_points=True) == "tăng 10% so với năm 2021"


@pytest.mark.parametrize(
    ("current", "previous", "kwargs", "expected"),
    [
        (110, 100, {"year": 2021}, "tăng 10% so với năm 2021"),
        (90, 100, {"year": 2021}, "giảm 10% so với năm 2021"),
        (100, 100, {"year": 2021}, "bằng năm 2021"),
        (110, 100, {}, "tăng 10% so với cùng kỳ"),
        (90, 100, {}, "giảm 10% so với cùng kỳ"),
        (100, 100, {}, "bằng cùng kỳ"),
        (0, 100, {}, "giảm 100% so với cùng kỳ"),
        (300, 100, {}, "tăng 200% so với cùng kỳ"),
        (3270, 3000, {}, "tăng 9% so với cùng kỳ"),  # 9.0 exactly
        (3374, 3000, {}, "tăng 12% so với cùng kỳ"),  # 12.466..
        (3374, 3000, {"places": 1}, "tăng 12,5% so với cùng kỳ"),
        (3374, 3000, {"places": 2}, "tăng 12,47% so với cùng kỳ"),
        (1125, 1000, {}, "tăng 13% so với cùng kỳ"),  # 12.5 -> 13 half-up
        (875, 1000, {}, "giảm 13% so với cùng kỳ"),  # -12.5 -> 13 half-up
        (1100, 1000, {"places": 2}, "tăng 10% so với cùng kỳ"),  # zeros dropped
        (1002, 1000, {}, "tương đương cùng kỳ"),  # 0.2% rounds to 0
        (1002, 1000, {"year": 2021}, "tương đương năm 2021"),
        (1002, 1000, {"places": 1}, "tăng 0,2% so với cùng kỳ"),
        (-50, -100, {}, "tăng 50% so với cùng kỳ"),  # relative to |previous|
        (110.0, 100.0, {}, "tăng 10% so với cùng kỳ"),
    ],
)
def test_change_words_percent(current, previous, kwargs, expected):
    assert change_words(current, previous, **kwargs) == expected


@pytest.mark.parametrize(
    ("current", "previous", "kwargs", "expected"),
    [
        (Decimal(82), Decimal(87), {"year": 2021}, "giảm 5% so với năm 2021"),
        (Decimal(87), Decimal(87), {"year": 2021}, "bằng năm 2021"),
        (Decimal(87), Decimal(82), {}, "tăng 5% so với cùng kỳ"),
        (Decimal("96.92"), Decimal("94.5"), {}, "tăng 2% so với cùng kỳ"),
        (Decimal("96.92"), Decimal("94.5"), {"places": 1}, "tăng 2,4% so với cùng kỳ"),
        (Decimal("96.95"), Decimal("94.5"), {"places": 1}, "tăng 2,5% so với cùng kỳ"),
        (Decimal("87.4"), Decimal(87), {}, "tương đương cùng kỳ"),
        (Decimal("87.5"), Decimal(87), {}, "tăng 1% so với cùng kỳ"),  # half-up
        (Decimal(5), Decimal(0), {}, "tăng 5% so với cùng kỳ"),  # 0 is fine
        (
            Decimal(82),
            Decimal(87),
            {"explicit_points": True},
            "giảm 5 điểm phần trăm so với cùng kỳ",
        ),
    ],
)
def test_change_words_points(current, previous, kwargs, expected):
    assert change_words(current, previous, unit="points", **kwargs) == expected


@pytest.mark.parametrize(
    ("current", "previous", "unit"),
    [
        (10, 0, "percent"),
        (10, None, "percent"),
        (None, 10, "percent"),
        (None, 10, "points"),
        (10, None, "points"),
        (0, 0, "percent"),
    ],
)
def test_change_words_cannot_say(current, previous, unit):
    assert change_words(current, previous, unit=unit, year=2021) is None


def test_change_words_rejects_unknown_unit():
    with pytest.raises(ValueError):
        change_words(1, 2, unit="ratio")


def test_file_sizes_read_with_a_decimal_comma():
    from lib.vn_format import format_filesize

    assert format_filesize(512) == "512 byte"
    assert format_filesize(1536) == "1,5 KB"
    assert format_filesize(20 * 1024 * 1024) == "20,0 MB"
    assert format_filesize(3 * 1024**3 + 1024**3 // 2) == "3,5 GB"
    assert format_filesize(None) == ""
