"""Reading and writing numbers the Vietnamese way, for every form field and the API.

``.`` separates thousands and ``,`` the decimals: ``150.000.000`` is 150 million, ``12,5`` is
twelve and a half, ``1.500,5`` is 1500.5. Plain digits (``150000000``) are accepted too, and so
is a space between groups of three digits (``1 500``).

Anything that could be read two ways is refused rather than guessed, because a wrong guess
silently stores an amount a thousand or a million times off: ``1.5`` (a dot not followed by
groups of exactly three digits), ``1.50.0``, ``1,500.5`` (English style), and ``1,500`` where a
whole number is expected. Unicode digits other than 0-9, ``1_000`` and ``1e3`` are refused too.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

__all__ = [
    "QUALIFIER_WORDS",
    "VNNumberError",
    "combine_qualifiers",
    "format_vn_number",
    "parse_qualified_vn_number",
    "parse_vn_number",
    "split_qualifier",
]

# ASCII digits only: "\d" would also accept Arabic-Indic or full-width digits.
_NUMBER = re.compile(r"^(?P<sign>-?)(?P<int>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<frac>[0-9]+))?$")
_SPACES = " \t\r\n\u00a0\u202f"
# "1 500" and "150 000 000": a space (or a no-break space, as word processors type) between groups of
# three digits is read as the thousands separator; any other space inside a number is refused.
_SPACED_GROUPS = re.compile(r"^-?[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?:,[0-9]+)?$")


class VNNumberError(ValueError):
    """The text is not a number written the Vietnamese way (or is ambiguous)."""


def parse_vn_number(value, *, integer: bool = False) -> Decimal | None:
    """The number in ``value`` as a Decimal; ``None`` for empty input.

    ``value`` may already be a number (a JSON number in the API): ints and Decimals pass
    through, floats go through ``str`` so 12.5 stays 12.5. With ``integer=True`` a decimal
    part is refused (``1,500`` could be a misread 1500). Raises :class:`VNNumberError`."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise VNNumberError(value)
    if isinstance(value, int | Decimal | float):
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        return _checked(number, integer, value)
    text = str(value).strip(_SPACES)
    if not text:
        return None
    if _SPACED_GROUPS.match(text):
        text = re.sub(r"[ \u00a0\u202f]", ".", text)
    match = _NUMBER.match(text)
    if not match or (integer and match["frac"] is not None):
        raise VNNumberError(text)
    digits = match["sign"] + match["int"].replace(".", "")
    if match["frac"] is not None:
        digits += "." + match["frac"]
    return Decimal(digits)


def _checked(number: Decimal, integer: bool, raw) -> Decimal:
    try:
        finite = number.is_finite()
        whole = finite and number == number.to_integral_value()
    except InvalidOperation:
        raise VNNumberError(raw) from None
    if not finite or (integer and not whole):
        raise VNNumberError(raw)
    return number


def format_vn_number(value, *, grouping: bool = True) -> str:
    """``150000000`` → ``150.000.000``; ``Decimal("12.50")`` → ``12,5`` (no trailing zeros);
    ``grouping=False`` for years and codes: ``2026`` → ``2026``. ``None`` → ``""``."""
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return str(value)
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    int_part, _, frac_part = text.partition(".")
    frac_part = frac_part.rstrip("0")
    if grouping:
        head = len(int_part) % 3 or 3
        int_part = ".".join([int_part[:head]] + [int_part[i : i + 3] for i in range(head, len(int_part), 3)])
    if sign and int_part.strip("0.") == "" and not frac_part:
        sign = ""  # no "-0"
    return sign + int_part + ("," + frac_part if frac_part else "")


# Qualifiers of a reported figure: "trên 11.000 lượt" (over), "gần 3.600" (nearly), "khoảng 6.500"
# (about). Exact is the default and has no word.
EXACT, OVER, NEARLY, ABOUT = "exact", "over", "nearly", "about"
QUALIFIER_WORDS = {OVER: "trên", NEARLY: "gần", ABOUT: "khoảng"}
# Longest first, so "gần như" is not read as "gần" followed by "như".
_LEADING_WORDS = sorted(
    [
        ("trên", OVER),
        ("hơn", OVER),
        (">", OVER),
        ("gần", NEARLY),
        ("gần như", NEARLY),
        ("xấp xỉ", ABOUT),
        ("khoảng", ABOUT),
        ("chừng", ABOUT),
        ("khoảng chừng", ABOUT),
        ("ước", ABOUT),
        ("ước tính", ABOUT),
        ("ước khoảng", ABOUT),
        ("~", ABOUT),
        ("≈", ABOUT),
    ],
    key=lambda pair: -len(pair[0]),
)


def split_qualifier(value) -> tuple[str, object]:
    """(qualifier, the rest) of typed text: "trên 11.000" → ("over", "11.000"), "Gần 3.600" →
    ("nearly", "3.600"), "khoảng 6.500" → ("about", "6.500"); a plain number → ("exact", value).
    Numbers (not text) pass through as exact."""
    if not isinstance(value, str):
        return EXACT, value
    text = unicodedata.normalize("NFC", value).strip(_SPACES)
    lowered = text.lower()
    for word, qualifier in _LEADING_WORDS:
        if lowered.startswith(word):
            rest = text[len(word) :]
            # A word must end where the number starts ("trên 5", not "trênx5"); signs need no space.
            if word.isalpha() and rest[:1] not in tuple(_SPACES):
                continue
            return qualifier, rest.strip(_SPACES)
    return EXACT, value


def parse_qualified_vn_number(value, *, integer: bool = False) -> tuple[Decimal | None, str]:
    """(number, qualifier) of typed text such as "trên 11.000" → (11000, "over"). The number
    follows :func:`parse_vn_number`; an empty value is (None, "exact"). Raises VNNumberError."""
    qualifier, rest = split_qualifier(value)
    number = parse_vn_number(rest, integer=integer)
    if number is None:
        if qualifier != EXACT:
            raise VNNumberError(value)  # "trên" with no number
        return None, EXACT
    return number, qualifier


def combine_qualifiers(qualifiers) -> str:
    """The qualifier of a sum of parts: exact when every part is; the one kind when all inexact
    parts agree (over + exact → over: the sum is over too); "about" when they differ (over + nearly)."""
    kinds = {q for q in qualifiers if q and q != EXACT}
    if not kinds:
        return EXACT
    return kinds.pop() if len(kinds) == 1 else ABOUT
