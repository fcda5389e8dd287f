"""The pieces every row importer shares: reading one cell (text in NFC, Vietnamese numbers,
dd/mm/yyyy and Excel dates, legacy encodings refused), the columns a sheet may have, the outcome
of a run, and the base row importer (unit look-up within the importer's scope, errors put on the
right cell, a service's refusal turned into cell errors)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.access import scope_q
from accounts.roles import Cap
from lib.errors import InvalidTransition
from lib.vn_numbers import VNNumberError, parse_vn_number
from lib.vn_text import fold

SERVICE_ERRORS = (ValidationError, InvalidTransition, PermissionDenied)
EXCEL_EPOCH = dt.date(1899, 12, 30)
# At most this many errors are kept (the count goes on): the report of a file that is wrong on
# every one of its 100,000 rows must not grow with it.
MAX_KEPT_ERRORS = 5000

# ============================================================================ cells


class CellError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# TCVN3 (ABC) text shown as Unicode: its Vietnamese letters land on these Latin-1 signs
# ("§«ng Ng¹c" for "Đông Ngạc", "Ph\xadêng" for "Phường"). Unicode Vietnamese never uses them.
_TCVN3 = set("§®¸µ¶·¹¨©ª«¬\xad¤¦¥£¢¡ÇÒ")
# VNI-Windows text: tone and shape marks typed as separate Latin-1 letters ("Ñoâng Ngaïc",
# "Phöôøng"). These letters never occur in Unicode Vietnamese.
_VNI = set("øïöñÑÖØÏäëå")


def legacy_encoding(text: str) -> str | None:
    """The name of the old Vietnamese encoding the text seems typed in, or None."""
    if sum(ch in _TCVN3 for ch in text) >= 2:
        return "TCVN3 (ABC)"
    if sum(ch in _VNI for ch in text) >= 2:
        return "VNI-Windows"
    return None


def clean_text(raw) -> str:
    """A cell as NFC text; formulas typed as text and legacy encodings are refused."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if text.startswith("="):
        raise CellError(_("Formulas are not accepted: type the value itself."))
    encoding = legacy_encoding(text)
    if encoding:
        raise CellError(
            _(
                "The text seems typed in the old %(encoding)s encoding: convert the sheet to Unicode and import it again."
            )
            % {"encoding": encoding}
        )
    return text


def clean_number(raw, *, integer: bool = False) -> Decimal | None:
    """Numbers as the pages read them: "1.500", "1.500,5"; Excel's own numbers as they are."""
    if isinstance(raw, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": raw})
    if isinstance(raw, int | float):
        try:
            return parse_vn_number(raw, integer=integer)
        except VNNumberError:
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": raw}) from None
    text = clean_text(raw)
    try:
        return parse_vn_number(text, integer=integer)
    except VNNumberError:
        raise CellError(
            _("“%(value)s” is not a number written the Vietnamese way (1.500 or 1.500,5).") % {"value": text}
        ) from None


_DATE = re.compile(r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$")


def clean_date(raw) -> dt.date | None:
    """dd/mm/yyyy text, an Excel date cell, or an Excel serial number."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if not 1 <= raw < 2958466:
            raise CellError(_("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": raw})
        return EXCEL_EPOCH + dt.timedelta(days=int(raw))
    text = clean_text(raw)
    match = _DATE.match(text)
    try:
        if not match:
            raise ValueError
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        raise CellError(_("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": text}) from None


def cell_words(raw) -> str:
    """A cell's value as the error report shows it."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime | dt.date):
        return f"{raw:%d/%m/%Y}"
    return str(raw)[:200]


# ============================================================================ columns


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy text: the Vietnamese header of the template
    required: bool = False
    width: int = 18
    note: object = ""
    aliases: tuple = ()

    def header(self) -> str:
        with translation.override("vi"):
            return str(self.label)


def _header_key(text) -> str:
    folded = fold(str(text)).replace("*", "")
    return re.sub(r"[^a-z0-9:]+", " ", folded).strip()


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    processed: int = 0
    error_count: int = 0
    errors: list = field(default_factory=list)  # the first MAX_KEPT_ERRORS of them

    def error(self, row: int, column: str, value, message: str, col: int | None = None) -> None:
        """``col`` is the 1-based sheet column, so the report marks the right cell whatever the header says."""
        self.error_count += 1
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(
                {"row": row, "column": column, "col": col, "value": cell_words(value), "message": str(message)}
            )


# ============================================================================ rows


class RowImporter:
    """One kind of row. ``prepare(chunk)`` is called with each chunk of rows before its rows go
    through ``row(number, cells)``, so an importer loads what it compares against (existing
    natural keys) a chunk at a time, never the whole scope at once."""

    # Units a row may name: those within the scope of any of these capabilities.
    UNIT_CAPS: tuple = (Cap.ENTER,)

    def __init__(self, job, by, mapping: dict[int, Column], outcome: Outcome):
        self.job, self.by, self.mapping, self.outcome = job, by, mapping, outcome
        self.keys: dict = {}
        self._unit_cache: dict = {}

    def prepare(self, chunk: list) -> None:
        """Load what the rows of ``chunk`` [(number, cells)] will be compared against."""

    def _find_unit(self, pk: int, caps: tuple):
        from django.db.models import Q

        from orgunits.models import OrgUnit

        key = (pk, caps)
        if key not in self._unit_cache:
            condition = Q(pk__in=[])
            for cap in caps:
                condition |= scope_q(self.by, cap, field="path")
            self._unit_cache[key] = OrgUnit.objects.filter(condition, pk=pk).select_related("level").first()
        return self._unit_cache[key]

    def cells(self, cells) -> dict[str, object]:
        return {col.key: (cells[i] if i < len(cells) else None) for i, col in self.mapping.items()}

    def header(self, key: str) -> str:
        return next((c.header() for c in self.mapping.values() if c.key == key), key)

    def err(self, number: int, key: str, raw, message: str) -> None:
        """An error on the cell of column ``key`` ("" = the row as a whole) of row ``number``."""
        col = next((i + 1 for i, c in self.mapping.items() if c.key == key), None) if key else None
        self.outcome.error(number, self.header(key) if key else "", raw, message, col)

    def unit(self, raw, caps: tuple | None = None):
        """ "12 · Phường X" (the template's list) or just the id; an unknown or out-of-scope unit is
        refused. Looked up once per unit (a file names few units, however many rows it has)."""
        from orgunits.models import OrgUnit

        text = clean_text(raw)
        if not text:
            raise CellError(_("Required."))
        match = re.match(r"^([0-9]+)\b", text)
        if not match:
            raise CellError(_("Unknown unit code “%(value)s”: pick the unit from the list.") % {"value": text})
        unit = self._find_unit(int(match[1]), caps or self.UNIT_CAPS)
        if unit is None:
            if OrgUnit.objects.filter(pk=int(match[1])).exists():
                raise CellError(_("You may not enter data for unit %(value)s.") % {"value": text})
            raise CellError(_("Unknown unit code “%(value)s”: pick the unit from the list.") % {"value": text})
        return unit

    def service_errors(self, number: int, exc, values: dict, field_columns: dict | None = None) -> None:
        """A service's refusal as errors on the row's cells (by field name where it says one)."""
        field_columns = field_columns or {}
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                key = field_columns.get(name, name)
                for message in errors:
                    self.err(number, key if key in values else "", values.get(key), message)
            return
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        for message in messages:
            self.outcome.error(number, "", "", message)


def _choice(raw, choices, label) -> str:
    """A choice by its Vietnamese or English label or its code, accent-insensitively."""
    text = clean_text(raw)
    if not text:
        return ""
    wanted = fold(text)
    for value, name in choices:
        with translation.override("vi"):
            vi = str(name)
        if wanted in {fold(value), fold(vi), fold(str(name))}:
            return value
    with translation.override("vi"):
        options = ", ".join(str(n) for _v, n in choices)
    raise CellError(_("“%(value)s” is not one of: %(options)s.") % {"value": text, "options": options})


def _differs(old, new) -> bool:
    if isinstance(old, Decimal | int) and isinstance(new, Decimal | int):
        return Decimal(old) != Decimal(new)
    return (old or None) != (new or None)
