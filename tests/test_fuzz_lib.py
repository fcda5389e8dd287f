"""Property tests (hypothesis) for the pure helpers every page and report leans on: Vietnamese
text folding, numbers, dates, periods and the narrative wording."""

import copy
import datetime as dt
import re
import string
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import periods
from lib.vn_format import date_short, date_words
from lib.vn_numbers import VNNumberError, format_vn_number, parse_vn_number
from lib.vn_text import fold

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VIET_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # none, huyền, sắc, hỏi, ngã, nặng


@st.composite
def vietnamese_words(draw):
    """Vietnamese-looking text: letters with any tone mark, spaces and some punctuation."""
    pieces = draw(
        st.lists(
            st.tuples(st.sampled_from(VIET_LETTERS + " ,.-"), st.sampled_from(TONES)),
            min_size=0,
            max_size=40,
        )
    )
    text = "".join(ch + (tone if ch.isalpha() else "") for ch, tone in pieces)
    return unicodedata.normalize("NFC", text)


# ------------------------------------------------------------------------------ text folding
@FAST
@given(st.one_of(vietnamese_words(), st.text(max_size=60)))
def test_folding_twice_is_folding_once(text):
    assert fold(fold(text)) == fold(text)


@FAST
@given(vietnamese_words())
def test_folding_drops_every_tone_and_diacritic_and_reads_dd_as_d(text):
    folded = fold(text)
    assert "đ" not in folded and "Đ" not in folded
    assert all(unicodedata.category(ch) != "Mn" for ch in unicodedata.normalize("NFD", folded))
    # The folded text is plain ASCII here: every Vietnamese letter folds to a Latin one.
    assert folded.isascii()
    assert folded == folded.lower()


@FAST
@given(vietnamese_words())
def test_folding_does_not_care_how_the_accents_were_typed(text):
    assert fold(unicodedata.normalize("NFC", text)) == fold(unicodedata.normalize("NFD", text))


@FAST
@given(vietnamese_words())
def test_text_without_accents_finds_the_accented_text(text):
    """What a user types without accents folds to what the accented name folds to."""
    plain = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    plain = plain.replace("đ", "d").replace("Đ", "D")
    assert fold(plain) == fold(text)


def test_folding_known_names():
    assert fold("Phường Cổ Nhuế 1") == "phuong co nhue 1"
    assert fold("  Đông   Ngạc ") == "dong ngac"


# ------------------------------------------------------------------------------ numbers
@FAST
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_a_formatted_integer_reads_back_as_itself(n):
    assert parse_vn_number(format_vn_number(n)) == n
    assert parse_vn_number(format_vn_number(n), integer=True) == n
    assert parse_vn_number(format_vn_number(n, grouping=False)) == n


@FAST
@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=4, allow_nan=False))
def test_a_formatted_decimal_reads_back_as_the_same_amount(d):
    assert parse_vn_number(format_vn_number(d)) == d


@FAST
@given(st.integers(min_value=1000, max_value=10**12))
def test_grouped_thousands_use_dots_and_never_commas(n):
    text = format_vn_number(n)
    assert "," not in text and "." in text
    assert text.replace(".", "") == str(n)


NON_ASCII_DIGITS = [ch for ch in map(chr, range(0x80, 0x10000)) if ch.isdigit() or unicodedata.category(ch) == "Nd"]


@FAST
@given(
    st.text(alphabet=string.digits, min_size=0, max_size=6),
    st.sampled_from(NON_ASCII_DIGITS),
    st.text(alphabet=string.digits, min_size=0, max_size=6),
)
def test_a_number_with_any_non_ascii_digit_is_refused(before, digit, after):
    with pytest.raises(VNNumberError):
        parse_vn_number(before + digit + after)


@FAST
@given(st.text(max_size=20))
def test_parsing_any_text_either_gives_a_number_or_the_number_error(text):
    try:
        value = parse_vn_number(text)
    except VNNumberError:
        return
    assert value is None or isinstance(value, Decimal)
    if value is not None:
        stripped = text.strip(" \t\r\n\u00a0\u202f")
        assert stripped.isascii(), "only ASCII digits and separators may make a number"


# ------------------------------------------------------------------------------ dates
DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31))


@FAST
@given(day=DATES)
def test_a_date_shown_as_dd_mm_yyyy_is_read_back_by_the_forms(day):
    from django import forms
    from django.utils import translation

    with translation.override("vi"):
        assert forms.DateField().clean(date_short(day)) == day


@FAST
@given(day=DATES)
def test_the_official_date_wording_names_the_same_day(day):
    words = date_words(day)
    _, d, _, m, _, y = words.split(" ")
    assert dt.date(int(y), int(m), int(d)) == day
    # Nghị định 30/2020: the day always has two digits, the month a leading zero only for 1 and 2.
    assert len(d) == 2 and m.startswith("0") == (day.month < 3)


# ------------------------------------------------------------------------------ periods
PERIODS = st.builds(periods.Period, st.integers(min_value=1901, max_value=2998), st.sampled_from([None, 1, 2]))


@FAST
@given(PERIODS)
def test_next_and_previous_undo_each_other(p):
    assert p.previous().next() == p
    assert p.next().previous() == p
    assert p.previous() < p < p.next()


@FAST
@given(PERIODS)
def test_a_period_reads_back_from_its_code_and_its_words(p):
    assert periods.parse(p.code) == p
    assert periods.parse(p.words()) == p
    assert periods.parse(p.code.lower()) == p


@FAST
@given(PERIODS)
def test_the_halves_of_a_year_cover_it_exactly(p):
    halves = p.halves()
    assert halves[0].start == p.start and halves[-1].end == p.end
    for first, second in zip(halves, halves[1:], strict=False):
        assert first.end + dt.timedelta(days=1) == second.start
    if p.half is None:
        assert [h.half for h in halves] == [1, 2]
    else:
        assert halves == [p]


@FAST
@given(PERIODS)
def test_consecutive_periods_leave_no_day_out(p):
    assert p.end + dt.timedelta(days=1) == p.next().start


@FAST
@given(st.text(max_size=12))
def test_a_period_code_is_either_read_or_refused_with_value_error(text):
    try:
        p = periods.parse(text)
    except ValueError:
        return
    assert periods.parse(p.code) == p


# ------------------------------------------------------------------------------ narrative
def _base_facts():
    from reports.tests.test_narrative import BASE

    return copy.deepcopy(BASE)


COUNT = st.integers(min_value=0, max_value=3000)


@st.composite
def facts(draw):
    """A facts dict shaped like reports.facts builds, with random counts."""
    f = _base_facts()
    total = draw(COUNT)
    models = draw(st.integers(min_value=0, max_value=total))
    recognized = draw(st.integers(min_value=0, max_value=total))
    collectives = draw(st.integers(min_value=0, max_value=total))
    f["registry"].update(
        total=total,
        models=models,
        exemplars=total - models,
        collectives=collectives,
        individuals=total - collectives,
        recognized=recognized,
        recognized_collectives=draw(st.integers(min_value=0, max_value=recognized)),
        recognized_individuals=draw(st.integers(min_value=0, max_value=recognized)),
        new=draw(COUNT),
        replicated=draw(COUNT),
        funding_social=draw(st.integers(min_value=0, max_value=10**11)),
        workdays=draw(COUNT),
        land_m2=draw(COUNT),
        active_models=draw(COUNT),
        plaques={"district": draw(st.integers(min_value=0, max_value=5))},
        decisions={"district": {"n": draw(st.integers(min_value=0, max_value=total))}},
    )
    f["scope"] = draw(
        st.sampled_from(
            [
                {"kind": "year", "year": 2022, "year_from": None, "words": "năm 2022", "period": "2022"},
                {
                    "kind": "half_year",
                    "year": 2024,
                    "year_from": None,
                    "words": "6 tháng đầu năm 2024",
                    "period": "2024H1",
                },
                {
                    "kind": "multi_year",
                    "year": 2024,
                    "year_from": 2014,
                    "words": "từ năm 2014 đến năm 2024",
                    "period": "2024",
                },
            ]
        )
    )
    expected = draw(st.one_of(st.integers(min_value=1, max_value=3), st.integers(min_value=1, max_value=40)))
    submitted = draw(st.integers(min_value=0, max_value=expected))
    on_time = draw(st.integers(min_value=0, max_value=submitted))
    required = draw(st.integers(min_value=0, max_value=3))
    f["stats"]["values"] = {
        "CBCC_CONF_REQUIRED": required,
        "CBCC_CONF_HELD": draw(st.integers(min_value=0, max_value=required)),
        "DIALOGUES": draw(st.integers(min_value=0, max_value=30)),
    }
    f["stats"]["completeness"] = draw(
        st.one_of(
            st.none(),
            st.just(
                {
                    "data_set": "Báo cáo định kỳ",
                    "expected": expected,
                    "submitted": submitted,
                    "on_time": on_time,
                    "late": submitted - on_time,
                    "missing": expected - submitted,
                    "missing_units": [f"Phường {i}" for i in range(min(expected - submitted, 3))],
                }
            ),
        )
    )
    return f


def _sentences(f):
    from reports import narrative

    for _key, _heading, text in narrative.draft_sections(f):
        for paragraph in text.split("\n\n"):
            # A sentence starts after ". " (numbers use "." only between digits, never before a space).
            for sentence in paragraph.split(". "):
                if sentence:
                    yield sentence


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts())
def test_no_sentence_of_the_narrative_starts_with_a_digit(f):
    for sentence in _sentences(f):
        assert not sentence[0].isdigit(), sentence


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts())
def test_the_narrative_never_says_one_of_one_unit(f):
    """ "1/1 đơn vị" is how a machine writes; a single unit is named as such."""
    for sentence in _sentences(f):
        assert not re.search(r"(?<![0-9.])1/1 đơn vị", sentence), sentence
