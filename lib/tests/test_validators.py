"""The shared name and date rules."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lib.validators import ACTIVITY, BIRTH, DECISION, check_date, clean_name, date_range, normalize_text


@pytest.mark.parametrize("text", ["", "   ", "\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u200b \u00a0\u2060"])
def test_a_name_of_spaces_or_invisible_characters_is_refused_with_the_field_named(text):
    with pytest.raises(ValidationError) as caught:
        clean_name(text, "tên")
    assert caught.value.messages[0].startswith("Tên:")


def test_a_name_is_normalized_to_nfc_without_invisible_characters_or_double_spaces():
    assert clean_name("  Co\u0302\u0309 \u200bNhue\u0302\u0301   1 ", "tên") == "Cổ Nhuế 1"
    assert normalize_text(None) == ""


@pytest.mark.parametrize("kind", [ACTIVITY, DECISION, BIRTH])
@pytest.mark.parametrize("day", [dt.date(1900, 1, 1), dt.date(2200, 1, 1)])
def test_dates_in_1900_or_2200_are_refused_for_every_kind(kind, day):
    with pytest.raises(ValidationError) as caught:
        check_date(day, "ngày", kind)
    assert day.strftime("%d/%m/%Y") in caught.value.messages[0]


def test_the_ranges_are_the_stated_ones():
    today = dt.date(2026, 12, 1)
    assert date_range(ACTIVITY, today) == (dt.date(1990, 1, 1), dt.date(2036, 12, 1))
    assert date_range(DECISION, today) == (dt.date(1945, 9, 2), dt.date(2027, 1, 1))
    assert date_range(BIRTH, today) == (dt.date(1910, 1, 1), today)
    check_date(dt.date(1945, 9, 2), "ngày", DECISION)
    check_date(None, "ngày", BIRTH)
