"""The Excel files this app hands out: templates to fill in (Vietnamese headers, drop-down lists,
an instructions sheet, the person's own units filled in) and the error report (the uploaded
sheet with each bad cell filled and commented)."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.access import scope_q
from accounts.roles import Cap
from imports import kinds, services
from imports.services import DATA_SHEET, HELP_SHEET, LISTS_SHEET, Column, column_letter

FONT = "Times New Roman"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
MAX_TEMPLATE_ROWS = 2000


def units_for(user):
    """The units this person enters data for that exist today, in tree order."""
    from orgunits.models import OrgUnit

    today = timezone.localdate()
    return list(OrgUnit.objects.filter(scope_q(user, Cap.ENTER, field="path")).valid_on(today).order_by("path"))


def unit_label(unit) -> str:
    return f"{unit.pk} · {unit.name}"


def _style_header(ws, columns: list[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.header())
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[column_letter(index - 1)].width = column.width
    ws.freeze_panes = "A2"


def _list_column(lists, title: str, values: list[str]) -> str:
    """Write a list into the "Danh mục" sheet; returns the range for a drop-down."""
    col = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
    letter = column_letter(col - 1)
    lists.cell(row=1, column=col, value=title).font = Font(name=FONT, bold=True)
    for row, value in enumerate(values, start=2):
        lists.cell(row=row, column=col, value=value).font = Font(name=FONT)
    lists.column_dimensions[letter].width = 40
    return f"'{LISTS_SHEET}'!${letter}$2:${letter}${max(2, len(values) + 1)}"


def _drop_down(ws, source: str, col_index: int, rows: int) -> None:
    validation = DataValidation(type="list", formula1=f"={source}", allow_blank=True, showErrorMessage=True)
    validation.error = _("Pick a value from the list.")
    validation.errorTitle = _("Not in the list")
    ws.add_data_validation(validation)
    letter = column_letter(col_index)
    validation.add(f"{letter}2:{letter}{rows + 1}")


def _help_sheet(wb, lines: list[str]) -> None:
    ws = wb.create_sheet(HELP_SHEET)
    ws.column_dimensions["A"].width = 110
    for row, line in enumerate(lines, start=1):
        cell = ws.cell(row=row, column=1, value=line)
        cell.font = Font(name=FONT, bold=row == 1, size=13 if row == 1 else 12)
        cell.alignment = Alignment(wrap_text=True)


def _fonts(ws) -> None:
    for row in ws.iter_rows():
        for cell in row:
            if cell.font is None or cell.font.name != FONT:
                cell.font = Font(name=FONT, bold=cell.font.bold if cell.font else False)


def _save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def initiatives_template(user) -> bytes:
    from initiatives.models import Field, Kind, Origin, Subject

    with translation.override("vi"):
        columns = services.initiative_columns()
        wb = Workbook()
        ws = wb.active
        ws.title = DATA_SHEET
        _style_header(ws, columns)
        lists = wb.create_sheet(LISTS_SHEET)
        units = units_for(user)
        keys = [c.key for c in columns]
        sources = {
            "unit": _list_column(lists, _("Unit"), [unit_label(u) for u in units]),
            "field": _list_column(lists, _("Field of work"), [f.name for f in Field.objects.filter(active=True)]),
            "kind": _list_column(lists, _("Kind"), [str(label) for _v, label in Kind.choices]),
            "subject": _list_column(lists, _("Subject"), [str(label) for _v, label in Subject.choices]),
            "origin": _list_column(lists, _("Origin"), [str(label) for _v, label in Origin.choices]),
        }
        for key, source in sources.items():
            _drop_down(ws, source, keys.index(key), MAX_TEMPLATE_ROWS)
        if len(units) == 1:
            ws.cell(row=2, column=keys.index("unit") + 1, value=unit_label(units[0]))
        for key in ("start_date", "end_date"):
            for row in range(2, 200):
                ws.cell(row=row, column=keys.index(key) + 1).number_format = "dd/mm/yyyy"
        _fonts(ws)
        _help_sheet(
            wb,
            [
                _("How to fill in the initiative registration sheet"),
                _("1. Fill one initiative per row on the “%(sheet)s” sheet, from row 2.") % {"sheet": DATA_SHEET},
                _("2. Columns marked required: initiative name, unit, year, field of work."),
                _("3. Unit, field of work, kind, subject and origin: pick from the drop-down lists."),
                _("4. Dates as dd/mm/yyyy (e.g. 15/03/2026); numbers as 1.500 or plain digits."),
                _("5. Type values, not formulas; use Unicode fonts (not TCVN3/VNI)."),
                _("6. Importing the same file again creates nothing new; a corrected file updates the initiatives."),
                _("7. If any row has an error, nothing is imported: fix the highlighted cells and upload again."),
            ],
        )
        wb.move_sheet(HELP_SHEET, offset=-(len(wb.sheetnames) - 1))
        wb.active = wb.sheetnames.index(DATA_SHEET)
        lists.sheet_state = "hidden"
        return _save(wb)


def values_template(user, data_set, period) -> bytes:
    """One row per unit the person enters for (that reports this form), one column per value."""
    from lib import periods

    with translation.override("vi"):
        period = periods.parse(period)
        columns = services.value_columns(data_set)
        wb = Workbook()
        ws = wb.active
        ws.title = DATA_SHEET
        _style_header(ws, columns)
        units = [u for u in units_for(user) if data_set.assigns(u)]
        lists = wb.create_sheet(LISTS_SHEET)
        source = _list_column(lists, _("Unit"), [unit_label(u) for u in units])
        _drop_down(ws, source, 0, max(len(units), 200))
        for row, unit in enumerate(units, start=2):
            ws.cell(row=row, column=1, value=unit_label(unit))
        _fonts(ws)
        _help_sheet(
            wb,
            [
                _("How to fill in the statistics sheet"),
                _("Form: %(form)s — %(period)s.") % {"form": data_set.name, "period": period.words()},
                _("1. One row per unit; the units you enter data for are already listed."),
                _("2. Numbers as 1.500 or 1.500,5 (Vietnamese style) or plain digits; leave a cell empty to keep it."),
                _("3. Type values, not formulas; use Unicode fonts (not TCVN3/VNI)."),
                _("4. If any cell has an error, nothing is imported: fix the highlighted cells and upload again."),
            ],
        )
        wb.move_sheet(HELP_SHEET, offset=-(len(wb.sheetnames) - 1))
        wb.active = wb.sheetnames.index(DATA_SHEET)
        lists.sheet_state = "hidden"
        return _save(wb)


SHEET_TITLE_BAD = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique (case aside)."""
    base = " ".join(name.translate(SHEET_TITLE_BAD).split())[:31].strip("'") or "Sheet"
    title, n = base, 1
    while title.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title.casefold())
    return title


def values_template_by_unit(user, data_set, period) -> bytes:
    """The form for a period with one sheet per unit the person enters for (that reports this
    form): the unit in B1, then one row per value (its code, its name, an empty cell for the value).
    ``services.unit_sheets_table`` reads it back as the row-per-unit layout."""
    from lib import periods

    with translation.override("vi"):
        period = periods.parse(period)
        columns = services.value_columns(data_set)[1:]
        units = [u for u in units_for(user) if data_set.assigns(u)]
        wb = Workbook()
        _help_sheet(
            wb,
            [
                _("How to fill in the statistics workbook (one sheet per unit)"),
                _("Form: %(form)s — %(period)s.") % {"form": data_set.name, "period": period.words()},
                _("1. One sheet per unit you enter data for; keep the unit in cell B1 and the codes in column A."),
                _(
                    "2. Type each value in column C: numbers as 1.500 or 1.500,5 (Vietnamese style) or plain digits; leave a cell empty to keep it."
                ),
                _("3. Type values, not formulas; use Unicode fonts (not TCVN3/VNI)."),
                _("4. If any cell has an error, nothing is imported: fix the cells listed and upload again."),
            ],
        )
        wb.remove(wb.active)
        taken = {HELP_SHEET.casefold(), LISTS_SHEET.casefold(), DATA_SHEET.casefold()}
        bold = Font(name=FONT, bold=True)
        for unit in units:
            ws = wb.create_sheet(_sheet_title(unit.name, taken))
            ws["A1"], ws["B1"] = _("Unit"), unit_label(unit)
            ws["A2"], ws["B2"] = _("Form"), f"{data_set.name} — {period.words()}"
            for col, title in enumerate((_("Code"), _("Indicator"), _("Value")), start=1):
                cell = ws.cell(row=services.UNIT_SHEET_FIRST_ROW - 1, column=col, value=title)
                cell.fill = HEADER_FILL
            for row, column in enumerate(columns, start=services.UNIT_SHEET_FIRST_ROW):
                ws.cell(row=row, column=1, value=column.key)
                ws.cell(row=row, column=2, value=column.header()).alignment = Alignment(wrap_text=True)
            for letter, width in zip("ABC", (16, 70, 18), strict=True):
                ws.column_dimensions[letter].width = width
            ws.freeze_panes = f"A{services.UNIT_SHEET_FIRST_ROW}"
            _fonts(ws)
            for ref in ("A1", "A2", "B1", "A3", "B3", "C3"):
                ws[ref].font = bold
        if len(wb.sheetnames) > 1:
            wb.active = 1
        return _save(wb)


def kind_template(user, kind: str) -> bytes:
    """The template of one of ``imports.kinds.SPECS``: its headers, a drop-down for every column
    with a list (the person's own units among them), dates formatted dd/mm/yyyy, instructions."""
    spec = kinds.SPECS[kind]
    with translation.override("vi"):
        columns = spec.columns()
        wb = Workbook()
        ws = wb.active
        ws.title = DATA_SHEET
        _style_header(ws, columns)
        lists = wb.create_sheet(LISTS_SHEET)
        keys = [c.key for c in columns]
        for key, values in spec.lists(user).items():
            column = columns[keys.index(key)]
            _drop_down(ws, _list_column(lists, column.header(), values), keys.index(key), MAX_TEMPLATE_ROWS)
            if len(values) == 1 and column.required:
                ws.cell(row=2, column=keys.index(key) + 1, value=values[0])
        for key in spec.dates:
            for row in range(2, 200):
                ws.cell(row=row, column=keys.index(key) + 1).number_format = "dd/mm/yyyy"
        _fonts(ws)
        _help_sheet(wb, spec.help_lines())
        wb.move_sheet(HELP_SHEET, offset=-(len(wb.sheetnames) - 1))
        wb.active = wb.sheetnames.index(DATA_SHEET)
        lists.sheet_state = "hidden"
        return _save(wb)


def error_report(job) -> bytes:
    """The uploaded data sheet, row for row, with every bad cell filled red and commented with the
    message, after a sheet listing the errors. Written in openpyxl's write-only mode from the
    streamed rows, so a 100,000-row file costs no more memory than a small one (the job keeps at
    most ``cells.MAX_KEPT_ERRORS`` errors)."""
    from openpyxl.cell import WriteOnlyCell

    try:
        sheet = services.job_sheet(job)
    except services.FileRefused:
        sheet = None  # the file as a whole was refused: the list of errors is the report
    headers = sheet.headers if sheet else []
    positions = {services._header_key(v): i + 1 for i, v in enumerate(headers) if v not in (None, "")}
    with translation.override("vi"):
        notes: dict[int, dict[int, list[str]]] = {}  # row → column → messages
        for error in job.errors:
            row = error["row"] or (sheet.header_row if sheet else 1)
            col = error.get("col") or positions.get(services._header_key(error["column"]), 1)
            notes.setdefault(row, {}).setdefault(col, []).append(error["message"])
        wb = Workbook(write_only=True)
        summary = wb.create_sheet(_("Errors"))
        for letter, width in zip("ABCD", (8, 28, 28, 90), strict=True):
            summary.column_dimensions[letter].width = width
        bold, plain = Font(name=FONT, bold=True), Font(name=FONT)

        def styled(ws, value, font=plain):
            cell = WriteOnlyCell(ws, value=value)
            cell.font = font
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # what was typed, never a formula
            return cell

        summary.append([styled(summary, t, bold) for t in (_("Row"), _("Column"), _("Value"), _("Error"))])
        for error in job.errors:
            values = (error["row"] or "", error["column"], error["value"], error["message"])
            summary.append([styled(summary, v) for v in values])
        if sheet is None:
            return _save(wb)
        data = wb.create_sheet(DATA_SHEET)
        for index in range(len(sheet.headers)):
            data.column_dimensions[column_letter(index)].width = 20
        for _blank in range(sheet.offset):  # rows above the sheet's first cell: keep the numbering
            data.append([])
        for number, cells in enumerate(sheet.sheet.iter_rows(), start=sheet.offset + 1):
            marks = notes.get(number, {})
            width = max(len(cells), max(marks, default=0))  # a mark past the last cell still gets its cell
            row = []
            for col in range(1, width + 1):
                value = cells[col - 1] if col <= len(cells) else None
                cell = styled(data, None if value == "" else value, bold if number == sheet.header_row else plain)
                if isinstance(value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
                if col in marks:
                    cell.fill = ERROR_FILL
                    cell.comment = Comment("\n".join(marks[col]), _("Import"), width=320, height=120)
                row.append(cell)
            data.append(row)
        return _save(wb)
