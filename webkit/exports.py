"""Spreadsheet exports shared by every list and aggregate page and the API.

A page describes its table as ``Column``s (a Vietnamese header, how to read the value from a row,
and the kind of value) and hands rows to :func:`export_response`, which answers XLSX or CSV:

- XLSX: real numbers with number formats (Excel shows thousands Vietnamese-style from its locale),
  percentages as fractions formatted ``0.00%``, dates as real dates ``dd/mm/yyyy``, Times New Roman,
  the header row frozen, column widths fitted to the header and the first rows. Written with
  openpyxl's write-only mode so a large export streams rows without holding the sheet in memory.
- CSV: UTF-8 with a byte order mark (Excel then reads the Vietnamese letters), comma separated,
  quoted where needed.

Every text cell that a spreadsheet could take for a formula (beginning with = + - @, tab or carriage
return) is neutralized by :func:`neutralize` (CSV) or stored as a plain string (XLSX): a name typed as
``=HYPERLINK(...)`` must never run on the reader's machine."""

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.text import slugify

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Kinds of columns and their Excel number formats.
# CODE: whole numbers shown without a thousands separator (a code, an id, a year: 2024, never 2.024).
TEXT, INT, CODE, MONEY, DECIMAL, PERCENT, DATE = "text", "int", "code", "money", "decimal", "percent", "date"
NUMBER_FORMATS = {INT: "#,##0", CODE: "0", MONEY: "#,##0", DECIMAL: "#,##0.##", PERCENT: "0.00%", DATE: "dd/mm/yyyy"}
FONT_NAME = "Times New Roman"
WIDTH_SAMPLE = 200  # rows read ahead to fit the column widths
MIN_WIDTH, MAX_WIDTH = 6, 60


@dataclass(frozen=True)
class Column:
    """One column: ``getter`` is a dotted attribute path ("unit.name"), a dict key, or a callable
    taking the row. For ``PERCENT`` the getter gives a percentage (96.99), not a fraction."""

    label: object
    getter: str | Callable
    kind: str = TEXT

    def value(self, row):
        if callable(self.getter):
            return self.getter(row)
        value = row
        for part in self.getter.split("."):
            if value is None:
                return None
            value = value.get(part) if isinstance(value, dict) else getattr(value, part)
        return value


@dataclass
class Sheet:
    title: object
    columns: list[Column]
    rows: Iterable = field(default_factory=list)


def neutralize(text: str) -> str:
    """Text a spreadsheet would read as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _display(value) -> str | None:
    """Choices, model instances and lazy strings as text."""
    if value is None or isinstance(value, (str, int, float, Decimal, dt.date)):
        return value
    return str(value)


def _typed(value, kind):
    """The cell value for ``kind``: numbers as numbers, dates as dates (datetimes in local time)."""
    if value is None or value == "":
        return None
    if kind == DATE:
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
        return value
    if kind == PERCENT:
        return Decimal(value) / 100
    if kind in (INT, CODE, MONEY):
        return int(value)
    if kind == DECIMAL:
        return Decimal(value)
    return str(_display(value))


# ------------------------------------------------------------------------------------------- XLSX
def _fit_widths(columns, rows) -> list[float]:
    widths = [len(str(c.label)) + 2 for c in columns]
    for row in rows:
        for i, value in enumerate(row):
            if value is None:
                continue
            if columns[i].kind == CODE:
                value = str(value)
            text = (
                value.strftime("%d/%m/%Y")
                if isinstance(value, dt.date)
                else f"{value:,}"
                if isinstance(value, (int, Decimal)) and not isinstance(value, bool)
                else str(value)
            )
            widths[i] = max(widths[i], len(text) + 2)
    return [min(max(w, MIN_WIDTH), MAX_WIDTH) for w in widths]


def _xlsx_sheet(workbook, sheet: Sheet, used_titles: set) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = workbook.create_sheet(_sheet_title(sheet.title, used_titles))
    font, bold = Font(name=FONT_NAME, size=12), Font(name=FONT_NAME, size=12, bold=True)
    rows = (tuple(_typed(c.value(r), c.kind) for c in sheet.columns) for r in sheet.rows)
    head = list(islice(rows, WIDTH_SAMPLE))
    for i, width in enumerate(_fit_widths(sheet.columns, head), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, value=str(column.label))
        cell.font, cell.alignment = bold, Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    ws.append(header)

    def cells(values):
        out = []
        for column, value in zip(sheet.columns, values, strict=True):
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                # Stored as a string whatever it begins with: never a formula.
                cell.data_type = "s"
                if value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True
            cell.font = font
            if column.kind in NUMBER_FORMATS:
                cell.number_format = NUMBER_FORMATS[column.kind]
            out.append(cell)
        return out

    for values in head:
        ws.append(cells(values))
    for values in rows:
        ws.append(cells(values))


def _sheet_title(title, used: set) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique."""
    text = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title)).strip()[:31] or "Sheet"
    candidate, n = text, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = text[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def xlsx_bytes(sheets: list[Sheet]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    used: set = set()
    for sheet in sheets:
        _xlsx_sheet(workbook, sheet, used)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -------------------------------------------------------------------------------------------- CSV
def _csv_text(value, kind) -> str:
    value = _typed(value, kind)
    if value is None:
        return ""
    if kind == DATE:
        return value.strftime("%d/%m/%Y")
    if kind == PERCENT:
        return format(round(value * 100, 2).normalize(), "f")
    if kind == DECIMAL:
        return format(value.normalize(), "f")
    if kind in (INT, CODE, MONEY):
        return str(value)
    return neutralize(value)


def csv_text(sheets: list[Sheet]) -> str:
    """One table per sheet; several sheets follow each other under their titles, a blank line between."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for i, sheet in enumerate(sheets):
        if len(sheets) > 1:
            if i:
                writer.writerow([])
            writer.writerow([neutralize(str(sheet.title))])
        writer.writerow([neutralize(str(c.label)) for c in sheet.columns])
        for row in sheet.rows:
            writer.writerow([_csv_text(c.value(row), c.kind) for c in sheet.columns])
    return buffer.getvalue()


# -------------------------------------------------------------------------------------- responses
def filename_for(stem: str, extension: str) -> str:
    return f"{slugify(stem) or 'xuat'}-{timezone.localdate():%Y%m%d}.{extension}"


def xlsx_response(stem: str, sheets: list[Sheet]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename_for(stem, "xlsx")}"'
    return response


def csv_response(stem: str, sheets: list[Sheet]) -> HttpResponse:
    response = HttpResponse(("\ufeff" + csv_text(sheets)).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename_for(stem, "csv")}"'
    return response


def requested_format(request) -> str:
    """``?format=xlsx|csv`` (XLSX when absent); anything else is a 404."""
    fmt = request.GET.get("format") or "xlsx"
    if fmt not in FORMATS:
        raise Http404
    return fmt


def export_response(fmt: str, stem: str, sheets: list[Sheet]) -> HttpResponse:
    return csv_response(stem, sheets) if fmt == "csv" else xlsx_response(stem, sheets)


def query_without(request, *names: str) -> str:
    """The page's query string without ``page`` and ``format`` (for the export buttons)."""
    params = request.GET.copy()
    for name in ("page", "format", *names):
        params.pop(name, None)
    return params.urlencode()
