"""Vietnamese number, money, date and change wording for reports (pure Python).

Conventions used throughout (Vietnamese administrative style):

* Thousands separator ``.`` and decimal separator ``,``: ``1.234,5``.
* **Rounding.** Every rounding in this module goes through :func:`_round`, which
  uses :class:`decimal.Decimal` with ``ROUNDING = ROUND_HALF_UP`` ("round half
  away from zero", the school rule officials use): ``2,5 -> 3``, ``-2,5 -> -3``,
  ``96,915 -> 96,92``. Floats are converted through ``str()`` first, so ``96.99``
  is treated as ``Decimal("96.99")``, not its binary approximation. A value that
  rounds to zero is shown as ``0`` (never ``-0``).
* Approximate wordings ("hơn", "khoảng") only ever round *down* for "hơn" (so the
  sentence stays true) and round half-up for "khoảng".
* Dates follow Nghị định 30/2020/NĐ-CP (Phụ lục I): days below 10 and months 1
  and 2 are written with a leading zero: "ngày 05 tháng 01 năm 2023", but
  "ngày 15 tháng 3 năm 2023".
* ``None`` input gives ``""`` for ``format_*``/``date_*`` helpers and ``None``
  for helpers that compute a value (:func:`percent_of`, :func:`change_words`).
"""

from __future__ import annotations

import datetime as _dt
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

__all__ = [
    "DECIMAL_SEP",
    "ROUNDING",
    "THOUSANDS_SEP",
    "approx_count_words",
    "change_words",
    "date_short",
    "date_words",
    "format_decimal",
    "format_int",
    "format_percent",
    "fraction_words",
    "money_words",
    "percent_of",
    "place_date_line",
]

#: The single rounding rule of this module (see module docstring).
ROUNDING = ROUND_HALF_UP
THOUSANDS_SEP = "."
DECIMAL_SEP = ","

_TY = 1_000_000_000
_TRIEU = 1_000_000

Number = int | float | Decimal | str


# --------------------------------------------------------------------------- #
# internals
# --------------------------------------------------------------------------- #
def _to_decimal(value: Number) -> Decimal:
    """Convert to Decimal; floats go through ``str`` to avoid binary noise."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def _round(value: Decimal, places: int = 0) -> Decimal:
    """Quantize ``value`` to ``places`` decimals with ``ROUNDING`` (half-up)."""
    with localcontext() as ctx:
        ctx.prec = max(60, value.adjusted() + places + 10)
        result = value.quantize(Decimal(1).scaleb(-places), rounding=ROUNDING)
    if result == 0:
        result = abs(result)  # no "-0"
    return result


def _group(digits: str) -> str:
    """Insert ``THOUSANDS_SEP`` every three digits: ``"1234567" -> "1.234.567"``."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return THOUSANDS_SEP.join(parts)


def _render(value: Decimal, places: int, strip_zeros: bool = False) -> str:
    """Format an already-rounded Decimal with Vietnamese separators."""
    sign = "-" if value < 0 else ""
    text = f"{abs(value):.{places}f}"
    int_part, _, frac_part = text.partition(".")
    if strip_zeros:
        frac_part = frac_part.rstrip("0")
    result = sign + _group(int_part)
    if frac_part:
        result += DECIMAL_SEP + frac_part
    return result


# --------------------------------------------------------------------------- #
# numbers
# --------------------------------------------------------------------------- #
def format_int(value: Number | None) -> str:
    """Whole number with ``.`` thousands: ``1500 -> "1.500"``, ``-1500 -> "-1.500"``.

    Non-integers are rounded half-up first (``2.5 -> "3"``); ``None -> ""``.
    """
    if value is None:
        return ""
    return _render(_round(_to_decimal(value), 0), 0)


def format_decimal(value: Number | None, places: int = 2, strip_zeros: bool = False) -> str:
    """Number with ``places`` decimals: ``96.99 -> "96,99"``, ``(1234.5, 1) -> "1.234,5"``.

    Rounded half-up. ``strip_zeros=True`` drops trailing fractional zeros
    (``87.50 -> "87,5"``, ``87.00 -> "87"``). ``None -> ""``.
    """
    if value is None:
        return ""
    return _render(_round(_to_decimal(value), places), places, strip_zeros)


def percent_of(numerator: Number | None, denominator: Number | None, places: int = 2) -> Decimal | None:
    """``numerator / denominator * 100`` rounded half-up to ``places`` decimals.

    ``percent_of(3270, 3374) == Decimal("96.92")`` (3270/3374*100 = 96,9176...).
    Returns ``None`` when either side is ``None`` or the denominator is 0.
    """
    # NB: the seed article prints "96,99%" for 3270/3374; the correct value is
    # 96,92% and this function must stay mathematically correct.
    if numerator is None or denominator is None:
        return None
    den = _to_decimal(denominator)
    if den == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 60
        ratio = _to_decimal(numerator) * 100 / den
    return _round(ratio, places)


def format_percent(value: Number | None, places: int = 2, strip_zeros: bool = False) -> str:
    """Percentage value (already ×100) as text: ``Decimal("96.99") -> "96,99%"``.

    ``strip_zeros=True`` drops trailing fractional zeros: ``87.00 -> "87%"``,
    ``87.50 -> "87,5%"``. ``None -> ""``. Use :func:`percent_of` to compute.
    """
    if value is None:
        return ""
    return format_decimal(value, places, strip_zeros) + "%"


def fraction_words(part: Number | None, whole: Number | None) -> str:
    """``"part/whole"`` with thousands separators: ``(42, 42) -> "42/42"``.

    ``(1500, 3000) -> "1.500/3.000"``; ``""`` if either side is ``None``.
    """
    if part is None or whole is None:
        return ""
    return f"{format_int(part)}/{format_int(whole)}"


# --------------------------------------------------------------------------- #
# money
# --------------------------------------------------------------------------- #
def money_words(amount_vnd: Number | None, approx: bool = True) -> str:
    """Amount in đồng as official prose.

    Rules (``a`` = amount rounded half-up to whole đồng):

    * ``a >= 1 tỷ``: if ``a`` is a multiple of 100 triệu, show tỷ with at most
      one decimal: ``7_000_000_000 -> "7 tỷ đồng"``, ``7_500_000_000 ->
      "7,5 tỷ đồng"``. Otherwise floor to 0,1 tỷ and prefix "hơn ":
      ``7_050_000_000 -> "hơn 7 tỷ đồng"``, ``7_550_000_000 -> "hơn 7,5 tỷ đồng"``.
    * ``1 triệu <= a < 1 tỷ``: whole triệu only: ``350_000_000 ->
      "350 triệu đồng"``, ``350_500_000 -> "hơn 350 triệu đồng"``.
    * ``a < 1 triệu``: exact: ``500_000 -> "500.000 đồng"``, ``0 -> "0 đồng"``.

    ``approx=False`` never says "hơn": amounts that are not exact in the unit
    wording are written in full (``"7.050.000.000 đồng"``). Negative amounts are
    treated the same way (exact unit wording or full digits). ``None -> ""``.
    """
    if amount_vnd is None:
        return ""
    amount = int(_round(_to_decimal(amount_vnd), 0))
    exact = format_int(amount) + " đồng"
    magnitude = abs(amount)
    sign = "-" if amount < 0 else ""
    if magnitude >= _TY:
        unit, unit_name, step = _TY, "tỷ", _TY // 10
    elif magnitude >= _TRIEU:
        unit, unit_name, step = _TRIEU, "triệu", _TRIEU
    else:
        return exact
    floored = magnitude - magnitude % step
    number = format_decimal(Decimal(floored) / unit, 1, strip_zeros=True)
    text = f"{number} {unit_name} đồng"
    if floored == magnitude:
        return sign + text
    if approx and amount > 0:
        return "hơn " + text
    return exact


# --------------------------------------------------------------------------- #
# approximate counts
# --------------------------------------------------------------------------- #
def _count_step(n: int) -> int:
    """Rounding step for :func:`approx_count_words`.

    ``n < 100``: 1 (exact); ``100 <= n < 1000``: 10; ``n >= 1000``: keep two
    significant figures (3046 -> step 100, 15_320 -> step 1000).
    """
    if n < 100:
        return 1
    if n < 1000:
        return 10
    return 10 ** (len(str(n)) - 2)


def approx_count_words(n: int | None, kind: Literal["more", "about"] = "more") -> str:
    """Rounded count for prose: "hơn 3.000", "khoảng 1.500".

    The step is given by :func:`_count_step` (exact below 100, tens below 1000,
    two significant figures from 1000 up).

    * ``kind="more"``: floor to the step, prefix "hơn ": ``3046 -> "hơn 3.000"``.
    * ``kind="about"``: round half-up to the step, prefix "khoảng ":
      ``1520 -> "khoảng 1.500"``, ``1550 -> "khoảng 1.600"``.

    If ``n`` is already a multiple of the step (always true below 100) the plain
    number is returned, since it is exact: ``3000 -> "3.000"``,
    ``1500 -> "1.500"``, ``42 -> "42"``. ``None -> ""``. Negative ``n`` or an
    unknown ``kind`` raise ``ValueError``.
    """
    if kind not in ("more", "about"):
        raise ValueError(f"kind must be 'more' or 'about', not {kind!r}")
    if n is None:
        return ""
    n = int(n)
    if n < 0:
        raise ValueError("approx_count_words expects a non-negative count")
    step = _count_step(n)
    if n % step == 0:
        return format_int(n)
    if kind == "more":
        return "hơn " + format_int(n - n % step)
    rounded = _round(Decimal(n) / step, 0) * step
    return "khoảng " + format_int(rounded)


# --------------------------------------------------------------------------- #
# dates
# --------------------------------------------------------------------------- #
def date_short(value: _dt.date | None) -> str:
    """``dd/mm/yyyy``: ``date(2022, 12, 20) -> "20/12/2022"``, ``"05/01/2023"``."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def date_words(value: _dt.date | None) -> str:
    """Official wording "ngày 20 tháng 12 năm 2022"; zero-pad day < 10, month 1–2.

    ``date(2023, 1, 5) -> "ngày 05 tháng 01 năm 2023"``,
    ``date(2023, 3, 5) -> "ngày 05 tháng 3 năm 2023"`` (Nghị định 30/2020).
    """
    if value is None:
        return ""
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def place_date_line(place: str, value: _dt.date | None) -> str:
    """Header line of an official document: "Hà Nội, ngày 20 tháng 12 năm 2022".

    Returns just ``place`` when ``value`` is ``None``.
    """
    if value is None:
        return place
    return f"{place}, {date_words(value)}"


# --------------------------------------------------------------------------- #
# change between two periods
# --------------------------------------------------------------------------- #
def change_words(
    current: Number | None,
    previous: Number | None,
    unit: Literal["percent", "points"] = "percent",
    places: int = 0,
    year: int | None = None,
    explicit_points: bool = False,
) -> str | None:
    """Describe the change from ``previous`` to ``current`` in prose.

    * ``unit="percent"``: relative change ``(current - previous) / |previous|``:
      ``change_words(110, 100, year=2021) -> "tăng 10% so với năm 2021"``.
      Returns ``None`` if ``previous`` is 0 (cannot be said).
    * ``unit="points"``: both values are rates in percent; the difference is in
      percentage points. Official reports customarily write it with "%":
      ``change_words(87, 82, unit="points", year=2021) -> "tăng 5% so với năm
      2021"``; ``explicit_points=True`` gives "tăng 5 điểm phần trăm so với năm
      2021" (unambiguous wording).
    * ``year=None`` compares with "cùng kỳ": "tăng 10% so với cùng kỳ".
    * Equal values: "bằng năm 2021" / "bằng cùng kỳ". If the values differ but
      the change rounds to 0 at ``places``: "tương đương năm 2021" /
      "tương đương cùng kỳ".

    The change is rounded half-up to ``places`` decimals (a maximum: trailing
    zeros are dropped, "tăng 5%" rather than "tăng 5,0%"). Returns ``None``
    if ``current`` or ``previous`` is ``None``. Unknown ``unit`` -> ``ValueError``.
    """
    if unit not in ("percent", "points"):
        raise ValueError(f"unit must be 'percent' or 'points', not {unit!r}")
    if current is None or previous is None:
        return None
    cur = _to_decimal(current)
    prev = _to_decimal(previous)
    reference = "cùng kỳ" if year is None else f"năm {year}"
    if unit == "percent":
        if prev == 0:
            return None
        with localcontext() as ctx:
            ctx.prec = 60
            delta = (cur - prev) * 100 / abs(prev)
    else:
        delta = cur - prev
    if delta == 0:
        return f"bằng {reference}"
    rounded = _round(delta, places)
    if rounded == 0:
        return f"tương đương {reference}"
    verb = "tăng" if delta > 0 else "giảm"
    amount = format_decimal(abs(rounded), places, strip_zeros=True)
    suffix = " điểm phần trăm" if unit == "points" and explicit_points else "%"
    return f"{verb} {amount}{suffix} so với {reference}"


def format_filesize(size_bytes: Number | None) -> str:
    """File size in Vietnamese figures: ``512 -> "512 byte"``, ``20 * 2**20 -> "20,0 MB"``,
    ``1536 -> "1,5 KB"``. Binary units (1 KB = 1.024 byte), as file managers show them."""
    if size_bytes is None:
        return ""
    size = _to_decimal(size_bytes)
    if abs(size) < 1024:
        return f"{format_int(size)} byte"
    for unit in ("KB", "MB", "GB"):
        size /= 1024
        if abs(size) < 1024 or unit == "GB":
            return f"{format_decimal(size, 1)} {unit}"
    return ""  # unreachable: the loop returns at GB
