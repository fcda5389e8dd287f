"""More Vietnamese wording for generated reports (pure Python), beside ``lib.vn_format``.

Officials round figures *down* to a round number in prose so the sentence stays true:
"hơn 7 tỷ đồng" for 7.215.000.000 đồng, "hơn 3.000 ngày công" for 3.126, "trên 1.000 camera"
for 1.026. ``lib.vn_format`` keeps two significant figures ("hơn 7,2 tỷ đồng", "hơn 3.100");
these helpers keep one, as the seed reports do."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from lib.vn_format import format_int

__all__ = ["capitalize_first", "join_words", "more_than_money_words", "more_than_words"]

_TY = 1_000_000_000
_TRIEU = 1_000_000


def _leading_floor(n: int) -> int:
    """Floor to the leading digit's place: 3126 → 3000, 1026 → 1000, 549 → 500, 87 → 80."""
    if n < 10:
        return n
    step = 10 ** (len(str(n)) - 1)
    return n - n % step


def more_than_words(n: int | Decimal | None, word: str = "hơn", exact_below: int = 100) -> str:
    """``3126 → "hơn 3.000"``, ``(1026, "trên") → "trên 1.000"``, ``3000 → "3.000"``.

    Counts below ``exact_below`` are written exactly (``87 → "87"``); ``None → ""``."""
    if n is None:
        return ""
    n = int(n)
    if n < 0:
        raise ValueError("more_than_words expects a non-negative count")
    if n < exact_below:
        return format_int(n)
    floored = _leading_floor(n)
    if floored == n:
        return format_int(n)
    return f"{word} {format_int(floored)}"


def more_than_money_words(amount_vnd: int | Decimal | None, word: str = "hơn") -> str:
    """Money floored to whole tỷ / triệu: ``7_215_000_000 → "hơn 7 tỷ đồng"``,
    ``7_000_000_000 → "7 tỷ đồng"``, ``350_500_000 → "hơn 350 triệu đồng"``,
    ``500_000 → "500.000 đồng"``; ``None → ""``."""
    if amount_vnd is None:
        return ""
    amount = int(amount_vnd)
    if amount < 0:
        raise ValueError("more_than_money_words expects a non-negative amount")
    for unit, name in ((_TY, "tỷ"), (_TRIEU, "triệu")):
        if amount >= unit:
            whole = amount // unit
            text = f"{format_int(whole)} {name} đồng"
            return text if whole * unit == amount else f"{word} {text}"
    return f"{format_int(amount)} đồng"


def join_words(items: Iterable[str], last: str = " và ", sep: str = ", ") -> str:
    """``["a", "b", "c"] → "a, b và c"``; empty items are dropped."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return sep.join(items[:-1]) + last + items[-1]


def capitalize_first(text: str) -> str:
    """Upper-case the first letter only: "toàn quận có …" → "Toàn quận có …"."""
    return text[:1].upper() + text[1:] if text else text
