"""Reporting periods (pure Python), with Vietnamese wording, as DHIS2 has them.

A period is written as a short code — what the database stores and URLs carry:

=============  =========================  ============================================
type           code                       wording
=============  =========================  ============================================
half-year      ``2022H1`` / ``2022H2``    "6 tháng đầu năm 2022" / "6 tháng cuối năm 2022"
year           ``2022``                   "năm 2022"
quarter        ``2024Q1``                 "quý I năm 2024"
month          ``2024M03``                "tháng 3 năm 2024"
multi-year     ``2021-2024``              "giai đoạn 2021–2024"
date range     ``2021-03-01_2023-08-31``  "từ tháng 3/2021 đến tháng 8/2023" (whole months),
                                          else "từ ngày 01/03/2021 đến ngày 31/08/2023"
=============  =========================  ============================================

:class:`Period` gives the dates, the type, the wording and the neighbours of a code. A half-year
and a year keep their ``year`` / ``half`` attributes (``half`` None for a year); the other types
have ``half`` None too and say what they are through ``type`` (and ``quarter``, ``month``,
``last_year``, ``first_day`` / ``last_day``). ``year`` is always the year the period starts in.
Periods order by their dates (start, then end).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "HALF_YEAR",
    "MONTH",
    "MULTI_YEAR",
    "QUARTER",
    "RANGE",
    "YEAR",
    "Period",
    "date_range",
    "month",
    "multi_year",
    "parse",
    "parse_words",
    "periods_of_type",
    "quarter",
]

HALF_YEAR = "half_year"
YEAR = "year"
QUARTER = "quarter"
MONTH = "month"
MULTI_YEAR = "multi_year"
RANGE = "range"
PeriodType = Literal["half_year", "year", "quarter", "month", "multi_year", "range"]
# the types a form can be reported for (a multi-year period and a date range are read only)
REPORTING_TYPES = (HALF_YEAR, YEAR, QUARTER, MONTH)

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_FROM_ROMAN = {v: k for k, v in _ROMAN.items()}

# [0-9]: \d would read "٢٠٢٢" too
_CODE = re.compile(r"^\s*([0-9]{4})\s*(?:[Hh]\s*([12]))?\s*$")
_QUARTER = re.compile(r"^\s*([0-9]{4})\s*[Qq]\s*([1-4])\s*$")
_MONTH = re.compile(r"^\s*([0-9]{4})\s*[Mm]\s*([0-9]{1,2})\s*$")
_YEARS = re.compile(r"^\s*([0-9]{4})\s*[-–—]\s*([0-9]{4})\s*$")
_RANGE = re.compile(r"^\s*([0-9]{4}-[0-9]{2}-[0-9]{2})\s*_\s*([0-9]{4}-[0-9]{2}-[0-9]{2})\s*$")

_WORDS = re.compile(r"^\s*(?:(6 tháng (đầu|cuối)) năm|năm)\s+([0-9]{4})\s*$", re.IGNORECASE)
_QUARTER_WORDS = re.compile(r"^\s*quý\s+(IV|III|II|I|[1-4])\s+(?:năm\s+)?([0-9]{4})\s*$", re.IGNORECASE)
_MONTH_WORDS = re.compile(r"^\s*tháng\s+([0-9]{1,2})\s*(?:năm\s+|/\s*)([0-9]{4})\s*$", re.IGNORECASE)
_YEARS_WORDS = re.compile(r"^\s*giai đoạn\s+([0-9]{4})\s*[-–—]\s*([0-9]{4})\s*$", re.IGNORECASE)
_MONTHS_WORDS = re.compile(
    r"^\s*từ\s+tháng\s+([0-9]{1,2})\s*/\s*([0-9]{4})\s+đến\s+tháng\s+([0-9]{1,2})\s*/\s*([0-9]{4})\s*$",
    re.IGNORECASE,
)
_DAYS_WORDS = re.compile(
    r"^\s*từ\s+ngày\s+([0-9]{1,2})\s*/\s*([0-9]{1,2})\s*/\s*([0-9]{4})"
    r"\s+đến\s+ngày\s+([0-9]{1,2})\s*/\s*([0-9]{1,2})\s*/\s*([0-9]{4})\s*$",
    re.IGNORECASE,
)

_RANK = {HALF_YEAR: 3, YEAR: 5, QUARTER: 2, MONTH: 1, MULTI_YEAR: 6, RANGE: 4}


def _month_end(year: int, month_: int) -> _dt.date:
    return _dt.date(year, month_, calendar.monthrange(year, month_)[1])


def _check_year(year: int) -> None:
    if not 1900 <= year <= 2999:
        raise ValueError(f"year out of range: {year}")


@functools.total_ordering
@dataclass(frozen=True, eq=True)
class Period:
    """A half-year (``half`` 1 or 2), a whole year (nothing else given), a quarter (``quarter``
    1–4), a month (``month`` 1–12), a multi-year period (``year`` … ``last_year``) or a date range
    (``first_day`` … ``last_day``; ``year`` is the first day's year). Build the new types with
    :func:`quarter`, :func:`month`, :func:`multi_year` and :func:`date_range`."""

    year: int
    half: int | None = None
    quarter: int | None = None
    month: int | None = None
    last_year: int | None = None
    first_day: _dt.date | None = None
    last_day: _dt.date | None = None

    def __post_init__(self):
        _check_year(self.year)
        given = [n for n in ("half", "quarter", "month", "last_year", "first_day") if getattr(self, n) is not None]
        if len(given) > 1:
            raise ValueError(f"a period is of one type only, not {', '.join(given)}")
        if self.half not in (None, 1, 2):
            raise ValueError(f"half must be 1, 2 or None, not {self.half!r}")
        if self.quarter is not None and self.quarter not in (1, 2, 3, 4):
            raise ValueError(f"quarter must be 1 to 4, not {self.quarter!r}")
        if self.month is not None and not (isinstance(self.month, int) and 1 <= self.month <= 12):
            raise ValueError(f"month must be 1 to 12, not {self.month!r}")
        if self.last_year is not None:
            _check_year(self.last_year)
            if self.last_year <= self.year:
                raise ValueError(f"a multi-year period ends after it starts: {self.year}-{self.last_year}")
        if (self.first_day is None) != (self.last_day is None):
            raise ValueError("a date range needs both its first and its last day")
        if self.first_day is not None:
            _check_year(self.last_day.year)
            if self.first_day.year != self.year:
                raise ValueError("a date range's year is the year of its first day")
            if self.last_day < self.first_day:
                raise ValueError(f"a date range ends after it starts: {self.first_day} … {self.last_day}")

    # -- identity ---------------------------------------------------------------------------
    @property
    def type(self) -> PeriodType:
        if self.half is not None:
            return HALF_YEAR
        if self.quarter is not None:
            return QUARTER
        if self.month is not None:
            return MONTH
        if self.last_year is not None:
            return MULTI_YEAR
        if self.first_day is not None:
            return RANGE
        return YEAR

    @property
    def is_year(self) -> bool:
        return self.type == YEAR

    @property
    def is_half_year(self) -> bool:
        return self.half is not None

    @property
    def is_long(self) -> bool:
        """A multi-year period or a date range: read from the stored periods inside it, never
        reported as such."""
        return self.type in (MULTI_YEAR, RANGE)

    @property
    def code(self) -> str:
        kind = self.type
        if kind == HALF_YEAR:
            return f"{self.year}H{self.half}"
        if kind == QUARTER:
            return f"{self.year}Q{self.quarter}"
        if kind == MONTH:
            return f"{self.year}M{self.month:02d}"
        if kind == MULTI_YEAR:
            return f"{self.year}-{self.last_year}"
        if kind == RANGE:
            return f"{self.first_day.isoformat()}_{self.last_day.isoformat()}"
        return str(self.year)

    def __str__(self) -> str:
        return self.code

    def _key(self):
        return (self.start, self.end, _RANK[self.type])

    def __lt__(self, other):
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() < other._key()

    # -- dates ------------------------------------------------------------------------------
    @property
    def start(self) -> _dt.date:
        kind = self.type
        if kind == QUARTER:
            return _dt.date(self.year, 3 * self.quarter - 2, 1)
        if kind == MONTH:
            return _dt.date(self.year, self.month, 1)
        if kind == RANGE:
            return self.first_day
        return _dt.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> _dt.date:
        kind = self.type
        if kind == HALF_YEAR:
            return _dt.date(self.year, 6, 30) if self.half == 1 else _dt.date(self.year, 12, 31)
        if kind == QUARTER:
            return _month_end(self.year, 3 * self.quarter)
        if kind == MONTH:
            return _month_end(self.year, self.month)
        if kind == MULTI_YEAR:
            return _dt.date(self.last_year, 12, 31)
        if kind == RANGE:
            return self.last_day
        return _dt.date(self.year, 12, 31)

    @property
    def years(self) -> list[int]:
        """The calendar years the period touches, oldest first."""
        return list(range(self.start.year, self.end.year + 1))

    def contains(self, day: _dt.date) -> bool:
        return self.start <= day <= self.end

    def covers(self, other: Period) -> bool:
        """Whether ``other`` lies wholly inside this period (2024Q1 inside 2021-2024)."""
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, start: _dt.date | None, end: _dt.date | None) -> bool:
        """Whether a validity range (None = open) overlaps this period."""
        return (start is None or start <= self.end) and (end is None or end >= self.start)

    # -- neighbours -------------------------------------------------------------------------
    def previous(self) -> Period:
        """The period just before, of the same type and length: 2022H1 → 2021H2, 2022 → 2021,
        2024Q1 → 2023Q4, 2024M01 → 2023M12, 2021-2024 → 2017-2020; a date range → the as many
        days just before it."""
        kind = self.type
        if kind == HALF_YEAR:
            return Period(self.year, 1) if self.half == 2 else Period(self.year - 1, 2)
        if kind == QUARTER:
            return quarter(self.year, self.quarter - 1) if self.quarter > 1 else quarter(self.year - 1, 4)
        if kind == MONTH:
            return month(self.year, self.month - 1) if self.month > 1 else month(self.year - 1, 12)
        if kind == MULTI_YEAR:
            span = self.last_year - self.year + 1
            return multi_year(self.year - span, self.year - 1)
        if kind == RANGE:
            length = self.last_day - self.first_day + _dt.timedelta(days=1)
            return date_range(self.first_day - length, self.first_day - _dt.timedelta(days=1))
        return Period(self.year - 1)

    def next(self) -> Period:
        kind = self.type
        if kind == HALF_YEAR:
            return Period(self.year, 2) if self.half == 1 else Period(self.year + 1, 1)
        if kind == QUARTER:
            return quarter(self.year, self.quarter + 1) if self.quarter < 4 else quarter(self.year + 1, 1)
        if kind == MONTH:
            return month(self.year, self.month + 1) if self.month < 12 else month(self.year + 1, 1)
        if kind == MULTI_YEAR:
            span = self.last_year - self.year + 1
            return multi_year(self.last_year + 1, self.last_year + span)
        if kind == RANGE:
            length = self.last_day - self.first_day + _dt.timedelta(days=1)
            return date_range(self.last_day + _dt.timedelta(days=1), self.last_day + length)
        return Period(self.year + 1)

    @property
    def has_same_period_last_year(self) -> bool:
        """Whether "cùng kỳ năm trước" makes sense: not for a multi-year period, nor for a date
        range longer than a year."""
        if self.type == MULTI_YEAR:
            return False
        if self.type == RANGE:
            return _shift_year(self.last_day, -1, end=True) < self.first_day
        return True

    def same_period_last_year(self) -> Period:
        """ "Cùng kỳ năm trước": 2022H1 → 2021H1, 2022 → 2021, 2024Q1 → 2023Q1, 2024M03 → 2023M03,
        01/03–31/08/2023 → 01/03–31/08/2022. ValueError where it makes no sense (see
        :attr:`has_same_period_last_year`)."""
        if not self.has_same_period_last_year:
            raise ValueError(f"{self.code} has no same period a year earlier")
        kind = self.type
        if kind == QUARTER:
            return quarter(self.year - 1, self.quarter)
        if kind == MONTH:
            return month(self.year - 1, self.month)
        if kind == RANGE:
            return date_range(_shift_year(self.first_day, -1), _shift_year(self.last_day, -1, end=True))
        return Period(self.year - 1, self.half)

    def halves(self) -> list[Period]:
        """The half-years a year is made of (any other period is made of itself)."""
        return [Period(self.year, 1), Period(self.year, 2)] if self.type == YEAR else [self]

    # -- wording ----------------------------------------------------------------------------
    def words(self) -> str:
        """Vietnamese wording used in reports: "6 tháng đầu năm 2022", "năm 2022", "quý I năm 2024",
        "tháng 3 năm 2024", "giai đoạn 2021–2024", "từ tháng 3/2021 đến tháng 8/2023"."""
        kind = self.type
        if kind == HALF_YEAR:
            return f"6 tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.year}"
        if kind == QUARTER:
            return f"quý {_ROMAN[self.quarter]} năm {self.year}"
        if kind == MONTH:
            return f"tháng {self.month} năm {self.year}"
        if kind == MULTI_YEAR:
            return f"giai đoạn {self.year}–{self.last_year}"
        if kind == RANGE:
            first, last = self.first_day, self.last_day
            if first.day == 1 and last == _month_end(last.year, last.month):
                return f"từ tháng {first.month}/{first.year} đến tháng {last.month}/{last.year}"
            return f"từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}"
        return f"năm {self.year}"


def _shift_year(day: _dt.date, years: int, *, end: bool = False) -> _dt.date:
    """The same day ``years`` later (29/02 → 28/02); with ``end`` a month's last day stays its
    month's last day (29/02/2024 ↔ 28/02/2023)."""
    year = day.year + years
    if end and day == _month_end(day.year, day.month):
        return _month_end(year, day.month)
    return _dt.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def quarter(year: int, number: int) -> Period:
    return Period(year, quarter=number)


def month(year: int, number: int) -> Period:
    return Period(year, month=number)


def multi_year(first_year: int, last_year: int) -> Period:
    return Period(first_year, last_year=last_year)


def date_range(first_day: _dt.date, last_day: _dt.date) -> Period:
    return Period(first_day.year, first_day=first_day, last_day=last_day)


def parse(code: str | Period) -> Period:
    """A code (``"2022H1"``, ``"2022"``, ``"2024Q1"``, ``"2024M03"``, ``"2021-2024"``,
    ``"2021-03-01_2023-08-31"``) or its wording → :class:`Period`. ValueError on anything else."""
    if isinstance(code, Period):
        return code
    text = str(code or "")
    match = _CODE.match(text)
    if match:
        return Period(int(match.group(1)), int(match.group(2)) if match.group(2) else None)
    match = _QUARTER.match(text)
    if match:
        return quarter(int(match.group(1)), int(match.group(2)))
    match = _MONTH.match(text)
    if match:
        return month(int(match.group(1)), int(match.group(2)))
    match = _YEARS.match(text)
    if match:
        return multi_year(int(match.group(1)), int(match.group(2)))
    match = _RANGE.match(text)
    if match:
        return date_range(_dt.date.fromisoformat(match.group(1)), _dt.date.fromisoformat(match.group(2)))
    return parse_words(text)


def parse_words(text: str) -> Period:
    """The Vietnamese wording of a period (as :meth:`Period.words` writes it; also "quý 1 năm
    2024", "tháng 3/2024", "giai đoạn 2021-2024") → :class:`Period`."""
    text = text or ""
    match = _WORDS.match(text)
    if match:
        half = None if not match.group(1) else (1 if match.group(2).lower() == "đầu" else 2)
        return Period(int(match.group(3)), half)
    match = _QUARTER_WORDS.match(text)
    if match:
        number = match.group(1).upper()
        return quarter(int(match.group(2)), _FROM_ROMAN.get(number) or int(number))
    match = _MONTH_WORDS.match(text)
    if match:
        return month(int(match.group(2)), int(match.group(1)))
    match = _YEARS_WORDS.match(text)
    if match:
        return multi_year(int(match.group(1)), int(match.group(2)))
    match = _MONTHS_WORDS.match(text)
    if match:
        m1, y1, m2, y2 = (int(g) for g in match.groups())
        if not (1 <= m1 <= 12 and 1 <= m2 <= 12):
            raise ValueError(f"not a period: {text!r}")
        return date_range(_dt.date(y1, m1, 1), _month_end(y2, m2))
    match = _DAYS_WORDS.match(text)
    if match:
        d1, m1, y1, d2, m2, y2 = (int(g) for g in match.groups())
        return date_range(_dt.date(y1, m1, d1), _dt.date(y2, m2, d2))
    raise ValueError(f"not a period: {text!r}")


def periods_of_type(period_type: str, first_year: int, last_year: int, *, halves: tuple[int, ...] = (1, 2)):
    """All periods of a reporting type between two years, oldest first."""
    years = range(first_year, last_year + 1)
    if period_type == YEAR:
        return [Period(y) for y in years]
    if period_type == HALF_YEAR:
        return [Period(y, h) for y in years for h in halves]
    if period_type == QUARTER:
        return [quarter(y, q) for y in years for q in (1, 2, 3, 4)]
    if period_type == MONTH:
        return [month(y, m) for y in years for m in range(1, 13)]
    raise ValueError(f"unknown period type: {period_type!r}")
