"""Reporting periods (pure Python): half-years and years, with Vietnamese wording.

A period is written as a short code: ``"2022H1"`` (first half of 2022, "6 tháng đầu năm
2022"), ``"2022H2"`` ("6 tháng cuối năm 2022") or ``"2022"`` ("năm 2022"). Codes are what the
database stores; :class:`Period` gives the dates and the neighbours of a code.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["HALF_YEAR", "YEAR", "Period", "parse", "parse_words", "periods_of_type"]

HALF_YEAR = "half_year"
YEAR = "year"
PeriodType = Literal["half_year", "year"]

_CODE = re.compile(r"^\s*([0-9]{4})\s*(?:[Hh]\s*([12]))?\s*$")  # [0-9]: \d would read "٢٠٢٢" too
_WORDS = re.compile(r"^\s*(?:(6 tháng (đầu|cuối)) năm|năm)\s+([0-9]{4})\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Period:
    """A half-year (``half`` 1 or 2) or a whole year (``half`` None)."""

    year: int
    half: int | None = None

    def __post_init__(self):
        if not 1900 <= self.year <= 2999:
            raise ValueError(f"year out of range: {self.year}")
        if self.half not in (None, 1, 2):
            raise ValueError(f"half must be 1, 2 or None, not {self.half!r}")

    # -- identity ---------------------------------------------------------------------------
    @property
    def code(self) -> str:
        return str(self.year) if self.half is None else f"{self.year}H{self.half}"

    @property
    def type(self) -> PeriodType:
        return YEAR if self.half is None else HALF_YEAR

    def __str__(self) -> str:
        return self.code

    # -- dates ------------------------------------------------------------------------------
    @property
    def start(self) -> _dt.date:
        return _dt.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> _dt.date:
        return _dt.date(self.year, 6, 30) if self.half == 1 else _dt.date(self.year, 12, 31)

    def contains(self, day: _dt.date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, start: _dt.date | None, end: _dt.date | None) -> bool:
        """Whether a validity range (None = open) overlaps this period."""
        return (start is None or start <= self.end) and (end is None or end >= self.start)

    # -- neighbours -------------------------------------------------------------------------
    def previous(self) -> Period:
        """The period just before, of the same type: 2022H1 → 2021H2, 2022H2 → 2022H1, 2022 → 2021."""
        if self.half is None:
            return Period(self.year - 1)
        if self.half == 2:
            return Period(self.year, 1)
        return Period(self.year - 1, 2)

    def next(self) -> Period:
        if self.half is None:
            return Period(self.year + 1)
        if self.half == 1:
            return Period(self.year, 2)
        return Period(self.year + 1, 1)

    def same_period_last_year(self) -> Period:
        """ "Cùng kỳ năm trước": 2022H1 → 2021H1, 2022 → 2021."""
        return Period(self.year - 1, self.half)

    def halves(self) -> list[Period]:
        """The half-years a year is made of (a half-year is made of itself)."""
        return [Period(self.year, 1), Period(self.year, 2)] if self.half is None else [self]

    # -- wording ----------------------------------------------------------------------------
    def words(self) -> str:
        """Vietnamese wording used in reports: "6 tháng đầu năm 2022", "năm 2022"."""
        if self.half == 1:
            return f"6 tháng đầu năm {self.year}"
        if self.half == 2:
            return f"6 tháng cuối năm {self.year}"
        return f"năm {self.year}"


def parse(code: str | Period) -> Period:
    """``"2022H1"`` → Period(2022, 1); ``"2022"`` → Period(2022). Also accepts the wording
    ("6 tháng đầu năm 2022", "năm 2022"). Raises ValueError on anything else."""
    if isinstance(code, Period):
        return code
    text = str(code or "")
    match = _CODE.match(text)
    if match:
        return Period(int(match.group(1)), int(match.group(2)) if match.group(2) else None)
    return parse_words(text)


def parse_words(text: str) -> Period:
    match = _WORDS.match(text or "")
    if not match:
        raise ValueError(f"not a period: {text!r}")
    half = None if not match.group(1) else (1 if match.group(2).lower() == "đầu" else 2)
    return Period(int(match.group(3)), half)


def periods_of_type(period_type: str, first_year: int, last_year: int, *, halves: tuple[int, ...] = (1, 2)):
    """All periods of a type between two years, oldest first."""
    if period_type == YEAR:
        return [Period(y) for y in range(first_year, last_year + 1)]
    if period_type == HALF_YEAR:
        return [Period(y, h) for y in range(first_year, last_year + 1) for h in halves]
    raise ValueError(f"unknown period type: {period_type!r}")
