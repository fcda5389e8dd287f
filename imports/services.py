"""Importing Excel sheets: the checks on the file, reading it, and running every row through the
same services the pages use.

The flow: ``job_create`` checks and stores the upload (size first, then the type by content, a
password-protected or old .xls file, a zip bomb, formulas) → ``job_preview`` reads the header and
the first rows and maps the columns (near-miss headers matched accent-insensitively) → ``job_run``
validates every row by calling the real services inside ONE transaction and keeps the errors;
when any row fails, or when only checking, everything is rolled back. So a file is imported
all or nothing, and a worker killed half-way leaves nothing behind.

Rows carry a natural key, so importing the same file twice creates nothing new and a corrected
file updates what the first one created: initiatives by (unit, year, folded name), statistics
values by (form, period, unit, element, option)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import has_cap_anywhere
from accounts.roles import Cap
from imports import kinds
from imports.cells import (  # noqa: F401 — re-exported: the cell readers are part of this module's API
    EXCEL_EPOCH,
    SERVICE_ERRORS,
    CellError,
    Column,
    Outcome,
    RowImporter,
    _choice,
    _differs,
    _header_key,
    cell_words,
    clean_date,
    clean_number,
    clean_text,
    column_letter,
    legacy_encoding,
)
from imports.models import ImportJob, ImportKind, ImportStatus
from lib import testpoints
from lib.errors import InvalidTransition
from lib.vn_text import fold
from webkit import uploads

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_UNCOMPRESSED = 100 * 1024 * 1024
DEFAULT_MAX_ROWS = 20000
DEFAULT_INLINE_ROWS = 500
DEFAULT_JOB_MINUTES = 15
PREVIEW_ROWS = 10
DATA_SHEET = "Dữ liệu"
HELP_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"
# Rows are validated a chunk at a time: each importer loads the natural keys a chunk needs.
CHUNK_ROWS = 1000


def max_bytes() -> int:
    return int(getattr(settings, "IMPORTS_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_uncompressed() -> int:
    return int(getattr(settings, "IMPORTS_MAX_UNCOMPRESSED", DEFAULT_MAX_UNCOMPRESSED))


def max_rows() -> int:
    return int(getattr(settings, "IMPORTS_MAX_ROWS", DEFAULT_MAX_ROWS))


def inline_rows() -> int:
    """Files with more rows than this run as a background task."""
    return int(getattr(settings, "IMPORTS_INLINE_ROWS", DEFAULT_INLINE_ROWS))


def job_minutes() -> int:
    return int(getattr(settings, "IMPORTS_JOB_MINUTES", DEFAULT_JOB_MINUTES))


# ============================================================================ the file itself


class FileRefused(ValidationError):
    """The file as a whole cannot be read (wrong type, too big, protected …)."""


def _refuse(message: str) -> FileRefused:
    return FileRefused({"file": [message]})


def check_file(upload) -> None:
    """Refuse a file before reading any cell. The size comes from the request's own count, so an
    oversized file is not read at all; then the first bytes; then the zip's directory."""
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise _refuse(_("The file exceeds the %(limit)s limit.") % {"limit": uploads.size_words(limit)})
    if not upload.size:
        raise _refuse(_("The file is empty."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(OLE_SIGNATURE):
        raise _refuse(
            _("The file is password-protected (or an old .xls file): remove the password and save it as .xlsx.")
        )
    try:
        uploads.check(
            upload, field="file", kinds=(uploads.XLSX,), type_message=_("The file must be an Excel .xlsx file.")
        )
    except ValidationError as exc:
        raise FileRefused(exc.message_dict) from None
    _check_zip(upload)


def _check_zip(upload) -> None:
    """A zip bomb declares a huge uncompressed size; refuse it from the directory alone."""
    try:
        with zipfile.ZipFile(upload) as archive:
            total = sum(info.file_size for info in archive.infolist())
            if total > max_uncompressed():
                raise _refuse(
                    _("The file unpacks to %(size)s, more than the %(limit)s allowed.")
                    % {"size": uploads.size_words(total), "limit": uploads.size_words(max_uncompressed())}
                )
            formulas = _formula_cells(archive)
    except zipfile.BadZipFile:
        raise _refuse(_("The file must be an Excel .xlsx file.")) from None
    finally:
        upload.seek(0)
    if formulas:
        raise _refuse(
            _("The sheet contains formulas (%(cells)s): paste the values only (Paste Special → Values).")
            % {"cells": ", ".join(formulas[:10])}
        )


_FORMULA = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*>\s*<f[ >/]')


def _formula_cells(archive: zipfile.ZipFile) -> list[str]:
    """The cells holding formulas, from the worksheet XML (calamine returns only their cached
    values, which may be stale or absent). The zip bomb check has bounded the sizes."""
    found = []
    for name in archive.namelist():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            found += [m.decode() for m in _FORMULA.findall(archive.read(name))]
    return found


def initiative_columns() -> list[Column]:
    return [
        Column("name", gettext_lazy("Initiative name"), True, 45),
        Column("unit", gettext_lazy("Unit"), True, 40, gettext_lazy("Pick from the list: code · name.")),
        Column("year", gettext_lazy("Year"), True, 8),
        Column("field", gettext_lazy("Field of work"), True, 28),
        Column("kind", gettext_lazy("Kind"), False, 14),
        Column("subject", gettext_lazy("Subject"), False, 14),
        Column("origin", gettext_lazy("Origin"), False, 14),
        Column("person_name", gettext_lazy("Individual's full name"), False, 24),
        Column("place", gettext_lazy("Where it is carried out"), False, 28),
        Column("start_date", gettext_lazy("Start date"), False, 13, gettext_lazy("dd/mm/yyyy")),
        Column("end_date", gettext_lazy("End date"), False, 13, gettext_lazy("dd/mm/yyyy")),
        Column("funding_social", gettext_lazy("Socialized funding (VND)"), False, 18),
        Column("funding_state", gettext_lazy("State budget (VND)"), False, 18),
        Column("workdays", gettext_lazy("Workdays"), False, 12),
        Column("beneficiaries", gettext_lazy("Beneficiaries"), False, 14),
        Column("content", gettext_lazy("Content and method"), False, 40),
        Column("results_text", gettext_lazy("Results"), False, 40),
    ]


def value_columns(data_set) -> list[Column]:
    """The unit, then one column per value a unit enters: each element, or each of its options."""
    from stats.services import data_set_elements

    columns = [Column("unit", gettext_lazy("Unit"), True, 40)]
    for element in data_set_elements(data_set):
        if element.combo_id:
            # "Chưa phân loại" is what a typed total leaves unsplit: computed, never a column to fill.
            for option in [o for o in element.combo.options.all() if not o.unclassified]:
                columns.append(Column(f"{element.code}:{option.code}", f"{element.name} – {option.name}", False, 16))
        else:
            columns.append(Column(element.code, element.name, False, 16))
    return columns


def map_headers(headers: list, columns: list[Column]) -> tuple[dict[int, Column], list[dict], list[str]]:
    """{sheet column index: Column}, a description of each header for the preview, and the file's
    problems (missing required columns, a column given twice). Headers match when equal after
    folding accents, case and spaces, and also by the column key (a code)."""
    lookup: dict[str, Column] = {}
    for column in columns:
        for name in (column.header(), str(column.label), column.key, *column.aliases):
            lookup.setdefault(_header_key(name), column)
    mapping: dict[int, Column] = {}
    described, problems, seen = [], [], {}
    for index, raw in enumerate(headers):
        text = unicodedata.normalize("NFC", str(raw if raw is not None else "")).strip()
        if not text:
            continue
        column = lookup.get(_header_key(text))
        if column is None:
            described.append({"header": text, "label": "", "exact": False})
            continue
        if column.key in seen:
            problems.append(
                _("The column “%(header)s” appears twice (columns %(a)s and %(b)s).")
                % {"header": column.header(), "a": column_letter(seen[column.key]), "b": column_letter(index)}
            )
            continue
        seen[column.key] = index
        mapping[index] = column
        described.append({"header": text, "label": column.header(), "exact": text == column.header()})
    for column in columns:
        if column.required and column.key not in seen:
            problems.append(_("The required column “%(header)s” is missing.") % {"header": column.header()})
    return mapping, described, problems


# ============================================================================ reading


class Sheet:
    """The data sheet, read lazily: the header row at once, the rows one at a time on each
    ``rows()`` pass, so no list of every row is ever built (only calamine's compact cells)."""

    def __init__(self, book, sheet):
        self.book, self.sheet = book, sheet
        self.offset = sheet.start[0] if sheet.start else 0
        self.headers, self.header_row = None, 0
        for number, cells in self._numbered():
            self.headers, self.header_row = list(cells), number
            break
        self.total_rows = 0

    def _numbered(self):
        for number, cells in enumerate(self.sheet.iter_rows(), start=self.offset + 1):
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue
            yield number, cells

    def rows(self):
        """(excel row number, [cells]) of every non-empty row after the header."""
        for number, cells in self._numbered():
            if number > self.header_row:
                yield number, cells

    def merged_header(self) -> bool:
        ranges = self.sheet.merged_cell_ranges or []
        return any(start[0] <= self.header_row - 1 for start, _end in ranges)


def read_sheet(source) -> Sheet:
    """The data sheet of ``source`` (a path, or a file object): the one named "Dữ liệu", else the
    first that is not the instructions or the lists. The header is its first non-empty row;
    wholly empty rows are skipped. One counting pass checks the row limit (nothing kept). A path
    is read by calamine itself, so the file's bytes never pass through the Python heap."""
    from python_calamine import CalamineWorkbook

    try:
        if isinstance(source, str | os.PathLike):
            book = CalamineWorkbook.from_path(source)
        else:
            source.seek(0)
            book = CalamineWorkbook.from_filelike(source)
    except Exception:  # calamine raises its own error types for every unreadable file
        raise _refuse(_("The file cannot be read as an Excel workbook.")) from None
    names = book.sheet_names
    wanted = next((n for n in names if fold(n) == fold(DATA_SHEET)), None) or next(
        (n for n in names if fold(n) not in {fold(HELP_SHEET), fold(LISTS_SHEET)}), None
    )
    if wanted is None:
        raise _refuse(_("The file has no data sheet."))
    sheet = Sheet(book, book.get_sheet_by_name(wanted))
    if sheet.headers is None:
        raise _refuse(_("The sheet is empty: fill in the header row and at least one row."))
    if sheet.merged_header():
        raise _refuse(
            _("The header rows have merged cells: keep a single header row, one title per column, as in the template.")
        )
    limit, count = max_rows(), 0
    for _row in sheet.rows():
        count += 1
        if count > limit:
            raise _refuse(_("The file has more than %(n)s rows: split it into smaller files.") % {"n": limit})
    sheet.total_rows = count
    if not count:
        raise _refuse(_("The sheet has a header but no rows."))
    return sheet


# ============================================================================ one sheet per unit

# The form's template with one sheet per unit (workbooks.values_template_by_unit): the unit in B1
# (A1 says "Đơn vị"), the form and period in row 2, then from row 4 the code of each value, its
# name and the value itself.
UNIT_SHEET_FIRST_ROW = 4


def unit_sheets_table(upload) -> bytes | None:
    """A workbook of one sheet per unit as the one "Dữ liệu" sheet of the row-per-unit layout
    (the unit, then one column per code, in the order the sheets give them), or None when the file
    is not of that layout (then it is read as it is). A code given twice in a sheet refuses the file."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    try:
        upload.seek(0)
        book = CalamineWorkbook.from_filelike(upload)
    except Exception:  # calamine's own errors: read_sheet will refuse the file
        return None
    finally:
        upload.seek(0)
    names = [n for n in book.sheet_names if fold(n) not in {fold(HELP_SHEET), fold(LISTS_SHEET)}]
    if not names or any(fold(n) == fold(DATA_SHEET) for n in names):
        return None
    sheets = []
    for name in names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if not _is_unit_sheet(rows):
            return None
        sheets.append((name, rows))
    codes: list[str] = []
    table = []
    for name, rows in sheets:
        values: dict[str, object] = {}
        for number, cells in enumerate(rows[UNIT_SHEET_FIRST_ROW - 1 :], start=UNIT_SHEET_FIRST_ROW):
            code = clean_text(cells[0]) if cells else ""
            if not code:
                continue
            if code in values:
                raise _refuse(
                    _("Sheet “%(sheet)s”, row %(row)s: the code %(code)s is given twice.")
                    % {"sheet": name, "row": number, "code": code}
                )
            values[code] = cells[2] if len(cells) > 2 and cells[2] != "" else None
            if code not in codes:
                codes.append(code)
        table.append((rows[0][1] if len(rows[0]) > 1 else None, values))
    out = Workbook(write_only=True)
    data = out.create_sheet(DATA_SHEET)
    data.append([_header_unit(), *codes])
    for unit, values in table:
        data.append([unit if unit != "" else None, *[values.get(code) for code in codes]])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _is_unit_sheet(rows: list) -> bool:
    """A1 says "Đơn vị" and the row above the values says "Mã", …, "Giá trị" (in Vietnamese or
    English): a row-per-unit sheet also starts with "Đơn vị", but holds a unit in A3."""

    def at(row: int, col: int) -> str:
        cells = rows[row] if row < len(rows) else []
        return fold(str(cells[col] if col < len(cells) and cells[col] is not None else ""))

    head = UNIT_SHEET_FIRST_ROW - 2
    return at(0, 0) in _said("Unit") and at(head, 0) in _said("Code") and at(head, 2) in _said("Value")


def _said(words: str) -> set[str]:
    """``words`` as the template writes it (in Vietnamese) or in English, folded."""
    from django.utils import translation

    with translation.override("vi"):
        return {fold(words), fold(_(words))}


def _header_unit() -> str:
    from django.utils import translation

    with translation.override("vi"):
        return _("Unit")


# ============================================================================ the job


def job_create(*, upload, kind: str, by, data_set=None, period: str = "") -> ImportJob:
    """Check and store an upload. Nothing else is written: reading and importing come later."""
    if kind not in ImportKind.values:
        raise ValidationError({"kind": _("Choose what the sheet holds.")})
    if not has_cap_anywhere(by, kind_cap(kind)):
        raise PermissionDenied(_("You may not import data."))
    if kind == ImportKind.VALUES:
        _check_values_target(data_set, period)
    check_file(upload)
    if kind == ImportKind.VALUES and (table := unit_sheets_table(upload)) is not None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        # One sheet per unit: stored as the one data sheet of one row per unit, then read,
        # checked and imported exactly as that layout is.
        upload = SimpleUploadedFile(upload.name, table, content_type=uploads.KINDS[uploads.XLSX].content_type)
    kind_code, original = uploads.accept(upload, field="file", kinds=(uploads.XLSX,))
    job = ImportJob(kind=kind, file=upload, original_name=original, data_set=data_set, period=period, created_by=by)
    job.full_clean(exclude=["file"])
    job.save()
    return job


def _check_values_target(data_set, period: str) -> None:
    from lib import periods

    if data_set is None:
        raise ValidationError({"data_set": _("Form: choose the statistics form.")})
    try:
        parsed = periods.parse(period)
    except ValueError:
        raise ValidationError({"period": _("Period: “%(value)s” is not a period.") % {"value": period}}) from None
    if not data_set.accepts_period(parsed):
        raise ValidationError({"period": _("This form is not reported for %(period)s.") % {"period": parsed.words()}})


def job_columns(job: ImportJob) -> list[Column]:
    if job.kind == ImportKind.INITIATIVES:
        return initiative_columns()
    if job.kind == ImportKind.VALUES:
        return value_columns(job.data_set)
    return kinds.SPECS[job.kind].columns()


def _importer_class(kind: str):
    if kind == ImportKind.INITIATIVES:
        return InitiativeImporter
    if kind == ImportKind.VALUES:
        return ValueImporter
    return kinds.SPECS[kind].importer


def kind_cap(kind: str) -> str:
    """The capability a person needs (anywhere) to import this kind of sheet."""
    return kinds.SPECS[kind].cap if kind in kinds.SPECS else Cap.ENTER


def kinds_for(user) -> list[tuple[str, str]]:
    """The kinds of sheet this person may import, as choices."""
    return [(value, label) for value, label in ImportKind.choices if has_cap_anywhere(user, kind_cap(value))]


@dataclass
class Preview:
    columns: list[dict]
    problems: list[str]
    headers: list[str]
    rows: list[list[str]]
    total_rows: int


def job_sheet(job: ImportJob) -> Sheet:
    """The job's stored file, read from its path when the storage has one."""
    try:
        path = job.file.path
    except NotImplementedError:  # a storage without local files
        with job.file.open("rb") as handle:
            return read_sheet(io.BytesIO(handle.read()))
    return read_sheet(path)


def job_preview(*, job: ImportJob) -> Preview:
    """The header mapping and the first rows, for the user to confirm before anything runs."""
    sheet = job_sheet(job)
    mapping, described, problems = map_headers(sheet.headers, job_columns(job))
    order = sorted(mapping)
    first = itertools.islice(sheet.rows(), PREVIEW_ROWS)
    rows = [[cell_words(cells[i] if i < len(cells) else None) for i in order] for _, cells in first]
    ImportJob.objects.filter(pk=job.pk).update(total_rows=sheet.total_rows, columns=described)
    job.total_rows, job.columns = sheet.total_rows, described
    return Preview(described, problems, [mapping[i].header() for i in order], rows, sheet.total_rows)


class Cancelled(Exception):
    pass


class _RollBack(Exception):
    """Raised at the end of a run that must not commit, to undo the whole transaction."""


PROGRESS_EVERY = 200


def job_run(*, job: ImportJob, by, commit: bool = True, progress=None) -> Outcome:
    """Validate every row through the services, in one transaction; commit only when ``commit``
    and no row failed. ``progress(processed)`` is called every few hundred rows and may raise
    ``Cancelled``. The job keeps the counts and the errors either way."""
    if by.pk != job.created_by_id:
        raise PermissionDenied(_("Only the person who uploaded the file may import it."))
    if job.status == ImportStatus.DONE:
        raise InvalidTransition(_("This file has already been imported."), code="already_imported")
    outcome = Outcome()
    try:
        sheet = job_sheet(job)
    except FileRefused as exc:
        outcome.error(0, "", "", " ".join(exc.messages))
        return _finish(job, outcome, committed=False)
    mapping, _described, problems = map_headers(sheet.headers, job_columns(job))
    for problem in problems:
        outcome.error(sheet.header_row, "", "", problem)
    if problems:
        return _finish(job, outcome, committed=False)
    importer = _importer_class(job.kind)(job, by, mapping, outcome)
    committed = False
    try:
        with transaction.atomic():
            for chunk in _chunks(sheet.rows(), CHUNK_ROWS):
                importer.prepare(chunk)
                for number, cells in chunk:
                    importer.row(number, cells)
                    outcome.processed += 1
                    if outcome.processed == 2:
                        testpoints.pause("imports.rows")  # crash-safety tests: rows written, none committed
                    if progress and outcome.processed % PROGRESS_EVERY == 0:
                        progress(outcome.processed)
                        testpoints.pause("imports.progress")  # browser test: the bar read mid-way
            if outcome.errors or not commit:
                raise _RollBack
            committed = True
    except _RollBack:
        pass
    return _finish(job, outcome, committed=committed, total=sheet.total_rows)


def _chunks(rows, size: int):
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _finish(job: ImportJob, outcome: Outcome, *, committed: bool, total: int | None = None) -> Outcome:
    if outcome.errors:
        status = ImportStatus.INVALID
    else:
        status = ImportStatus.DONE if committed else ImportStatus.VALID
    job.status = status
    job.total_rows = total if total is not None else job.total_rows
    job.processed_rows = outcome.processed
    job.created_count, job.updated_count, job.unchanged_count = outcome.created, outcome.updated, outcome.unchanged
    job.error_count = outcome.error_count
    job.errors = outcome.errors
    job.finished_at = timezone.now() if status != ImportStatus.VALID else None
    job.save()
    return outcome


class InitiativeImporter(RowImporter):
    NUMBERS = ("funding_social", "funding_state", "workdays", "beneficiaries")
    TEXTS = ("place", "person_name", "content", "results_text")

    def __init__(self, *args):
        super().__init__(*args)
        from initiatives.models import Field

        self.fields = {}
        for item in Field.objects.filter(active=True):
            self.fields[fold(item.name)] = item
            self.fields[fold(item.code)] = item
        self.existing: dict[tuple, list[int]] = {}
        self.unit_index = next((i for i, c in self.mapping.items() if c.key == "unit"), None)

    def prepare(self, chunk: list) -> None:
        """The existing initiatives of the units the chunk names, by natural key (the database
        already holds what earlier chunks created: same transaction)."""
        from initiatives.models import Initiative

        ids = set()
        for _number, cells in chunk:
            raw = cells[self.unit_index] if self.unit_index is not None and self.unit_index < len(cells) else None
            match = re.match(r"^\s*([0-9]+)\b", str(raw or ""))
            if match:
                ids.add(int(match[1]))
        self.existing = {}
        rows = Initiative.objects.filter(unit_id__in=ids).values_list("pk", "unit_id", "year", "name")
        for pk, unit_id, year, name in rows.iterator(chunk_size=2000):
            self.existing.setdefault((unit_id, year, fold(name)), []).append(pk)

    def convert(self, number: int, values: dict) -> dict | None:
        from initiatives.models import Kind, Origin, Subject

        data, ok = {}, True
        today = timezone.localdate()

        def cell(key, parse):
            nonlocal ok
            if key not in values:
                return None
            try:
                return parse(values[key])
            except CellError as exc:
                self.err(number, key, values[key], exc.message)
                ok = False
                return None

        def required_text(raw):
            text = clean_text(raw)
            if not text:
                raise CellError(_("Required."))
            return text

        def field_of_work(raw):
            text = required_text(raw)
            found = self.fields.get(fold(text))
            if found is None:
                raise CellError(_("Unknown field of work “%(value)s”: pick it from the list.") % {"value": text})
            return found

        def year(raw):
            found = clean_number(raw if raw not in (None, "") else "", integer=True)
            if found is None:
                raise CellError(_("Required."))
            return int(found)

        def date(raw):
            found = clean_date(raw)
            if found and found > today:
                raise CellError(_("The date %(date)s is in the future.") % {"date": f"{found:%d/%m/%Y}"})
            return found

        data["name"] = cell("name", required_text)
        data["unit"] = cell("unit", self.unit)
        data["year"] = cell("year", year)
        data["field"] = cell("field", field_of_work)
        for key, choices in (("kind", Kind.choices), ("subject", Subject.choices), ("origin", Origin.choices)):
            data[key] = cell(key, lambda raw, c=choices, k=key: _choice(raw, c, k))
        for key in self.TEXTS:
            data[key] = cell(key, clean_text)
        for key in ("start_date", "end_date"):
            data[key] = cell(key, date)
        for key in self.NUMBERS:
            data[key] = cell(key, lambda raw: clean_number(raw, integer=True))
        unit = data["unit"]
        for key in ("start_date", "end_date"):
            day = data[key]
            if ok and day and unit is not None and unit.valid_from and day < unit.valid_from:
                self.err(
                    number,
                    key,
                    values[key],
                    _("The date %(date)s is before %(unit)s existed (from %(start)s).")
                    % {"date": f"{day:%d/%m/%Y}", "unit": unit.name, "start": f"{unit.valid_from:%d/%m/%Y}"},
                )
                ok = False
        if not ok:
            return None
        cleaned = {k: v for k, v in data.items() if v not in (None, "") or k in ("start_date", "end_date")}
        cleaned = {k: v for k, v in cleaned.items() if k in values or k in ("name", "unit", "year", "field")}
        for key in self.NUMBERS:
            if key in cleaned and cleaned[key] is not None:
                cleaned[key] = int(cleaned[key])
        return cleaned

    def row(self, number: int, cells) -> None:
        from initiatives import services
        from initiatives.models import Initiative

        values = self.cells(cells)
        data = self.convert(number, values)
        if data is None:
            return
        key = (data["unit"].pk, data["year"], fold(data["name"]))
        if key in self.keys:
            self.err(
                number,
                "name",
                values.get("name"),
                _("Duplicate of row %(row)s (same unit, year and name).") % {"row": self.keys[key]},
            )
            return
        self.keys[key] = number
        matches = self.existing.get(key, [])
        if len(matches) > 1:
            self.err(
                number,
                "name",
                values.get("name"),
                _("%(n)s initiatives with this name already exist for this unit and year: edit them on the pages.")
                % {"n": len(matches)},
            )
            return
        try:
            with transaction.atomic():
                if not matches:
                    unit = data.pop("unit")
                    created = services.initiative_create(by=self.by, unit=unit, **data)
                    self.existing[key] = [created.pk]
                    self.outcome.created += 1
                    return
                current = Initiative.objects.get(pk=matches[0])
                changed = {k: v for k, v in data.items() if k != "unit" and _differs(getattr(current, k), v)}
                if not changed:
                    self.outcome.unchanged += 1
                    return
                services.initiative_update(initiative=current, by=self.by, **changed)
                self.outcome.updated += 1
        except SERVICE_ERRORS as exc:
            self.service_errors(number, exc, values)


class ValueImporter(RowImporter):
    """One row per unit; each value cell goes through ``stats.services.value_set``."""

    def __init__(self, *args):
        super().__init__(*args)
        from stats.models import CategoryOption, DataElement

        self.targets = {}
        for _index, column in self.mapping.items():
            if column.key == "unit":
                continue
            code, _sep, option_code = column.key.partition(":")
            element = DataElement.objects.get(code=code)
            option = CategoryOption.objects.get(combo_id=element.combo_id, code=option_code) if option_code else None
            self.targets[column.key] = (element, option)

    def row(self, number: int, cells) -> None:
        from stats import services
        from stats.models import DataValue

        values = self.cells(cells)
        try:
            unit = self.unit(values.get("unit"))
        except CellError as exc:
            self.err(number, "unit", values.get("unit"), exc.message)
            return
        if unit.pk in self.keys:
            self.err(
                number,
                "unit",
                values.get("unit"),
                _("Duplicate of row %(row)s (same unit).") % {"row": self.keys[unit.pk]},
            )
            return
        self.keys[unit.pk] = number
        try:
            with transaction.atomic():
                submission = services.submission_open(
                    data_set=self.job.data_set, period=self.job.period, unit=unit, by=self.by
                )
        except SERVICE_ERRORS as exc:
            self.service_errors(number, exc, values, {"period": "unit"})
            return
        existing = {
            (e, o): v
            for e, o, v in DataValue.objects.filter(submission=submission).values_list(
                "element_id", "option_id", "value"
            )
        }
        for key, (element, option) in self.targets.items():
            raw = values.get(key)
            try:
                number_value = clean_number(raw) if raw not in (None, "") else None
            except CellError as exc:
                self.err(number, key, raw, exc.message)
                continue
            if number_value is None:
                continue  # an empty cell leaves the value as it is
            old = existing.get((element.pk, option.pk if option else None))
            if old is not None and Decimal(old) == number_value:
                self.outcome.unchanged += 1
                continue
            try:
                with transaction.atomic():
                    services.value_set(
                        submission=submission, element=element, option=option, value=number_value, by=self.by
                    )
            except SERVICE_ERRORS as exc:
                for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
                    self.err(number, key, raw, message)
                continue
            if old is None:
                self.outcome.created += 1
            else:
                self.outcome.updated += 1


# ============================================================================ jobs in the background


def job_request_cancel(*, job: ImportJob, by) -> ImportJob:
    if by.pk != job.created_by_id:
        raise PermissionDenied(_("Only the person who uploaded the file may cancel it."))
    if job.is_finished:
        raise InvalidTransition(_("This import has already finished."), code="finished")
    if job.status == ImportStatus.RUNNING and (path := progress_path(job, CANCEL)) is not None:
        path.write_text(str(by.pk))  # read by the worker at its next report (ProgressChannel)
        if connection.vendor == "sqlite":
            # The running import holds SQLite's one write lock until its end: the file alone says it.
            return job
    ImportJob.objects.filter(pk=job.pk).update(cancel_requested=True)
    if job.status == ImportStatus.QUEUED:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.CANCELLED, finished_at=timezone.now())
    job.refresh_from_db()
    return job


def sweep_stale(jobs=None) -> int:
    """Jobs still RUNNING past the time limit had their worker killed: nothing was committed
    (one transaction), so mark them failed; they may be retried."""
    limit = timezone.now() - dt.timedelta(minutes=job_minutes())
    qs = ImportJob.objects.filter(status=ImportStatus.RUNNING, started_at__lt=limit)
    if jobs is not None:
        qs = qs.filter(pk__in=[j.pk for j in jobs])
    # Read first, write only when something is stale: on SQLite an UPDATE, even of no row, waits
    # for the write lock, which a running import holds until its end (the page polls meanwhile).
    stale = list(qs.values_list("pk", "task_id"))
    if not stale:
        return 0
    qs = ImportJob.objects.filter(pk__in=[pk for pk, _task in stale], status=ImportStatus.RUNNING)
    task_ids = [task_id for _pk, task_id in stale if task_id]
    now = timezone.now()
    swept = qs.update(
        status=ImportStatus.FAILED,
        finished_at=now,
        message=_("The import did not finish in time; nothing was imported. You may retry it."),
    )
    if task_ids:
        # The queue's own row of the killed run ends too, so no job is left RUNNING anywhere.
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(id__in=task_ids, status="RUNNING").update(
            status="FAILED",
            finished_at=now,
            exception_class_path="imports.services.TimeLimitExceeded",
            traceback=f"The import was still running after {job_minutes()} minutes; its worker is presumed gone.",
        )
    return swept


def job_start(*, job: ImportJob, by) -> ImportJob:
    """Import now (small files) or queue a background task (files over ``inline_rows()`` rows).
    A failed or cancelled job may be started again."""
    if by.pk != job.created_by_id:
        raise PermissionDenied(_("Only the person who uploaded the file may import it."))
    if job.status in (ImportStatus.DONE, ImportStatus.RUNNING, ImportStatus.QUEUED):
        raise InvalidTransition(_("This import is already running or done."), code="already_started")
    if job.total_rows <= inline_rows():
        job_run(job=job, by=by, commit=True)
        return job
    if (leftover := progress_path(job, CANCEL)) is not None:
        leftover.unlink(missing_ok=True)  # a cancel request of an earlier run
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.QUEUED, cancel_requested=False, processed_rows=0, message="", started_at=None
    )
    result = run_import.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def run_in_background(job_id: int) -> None:
    """The task's body: claim the job, run it, record the outcome. The import is one transaction,
    so nothing it writes is seen before its end; the progress goes through a channel of its own
    (``ProgressChannel``) that the pages read while the transaction is open."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("created_by", "data_set").get(pk=job_id)
    channel = ProgressChannel(job)

    def progress(done: int) -> None:
        if channel.report(done):
            raise Cancelled

    try:
        job_run(job=job, by=job.created_by, commit=True, progress=progress)
    except Cancelled:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.CANCELLED, finished_at=timezone.now(), message=_("Cancelled; nothing was imported.")
        )
    except Exception:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED,
            finished_at=timezone.now(),
            message=_("The import failed; nothing was imported."),
        )
        raise
    finally:
        channel.close()


@task()
def run_import(job_id: int) -> int:
    """The worker's entry point for a large import (``manage.py db_worker``): one transaction,
    like a small import run inline."""
    run_in_background(job_id)
    return ImportJob.objects.filter(pk=job_id).values_list("processed_rows", flat=True).first() or 0


class ProgressChannel:
    """How far a running import got, visible to the pages while the import's own transaction is
    still open (its writes, the count among them, are seen only at its end).

    Two ways, both written every ``PROGRESS_EVERY`` rows:

    - a small file next to the stored upload (``<upload>.progress``, the count alone, replaced
      atomically): the web server and the worker share the media folder, and a file is free of the
      database's locks. It is the only way on SQLite, where the import's transaction holds the one
      write lock until its end, so no other connection may write the count meanwhile;
    - on PostgreSQL, also a second, autocommit connection that stores ``processed_rows`` and reads
      the cancel flag as committed by the page.

    ``job_state`` reads the larger of the stored count and the file's. A cancel request of a running
    job is a file too (``<upload>.cancel``, written by ``job_request_cancel``), seen at the next
    report. Both files are removed when the run ends, once ``_finish`` has stored the final count."""

    def __init__(self, job: ImportJob):
        self.job_id = job.pk
        self.path = progress_path(job)
        self.cancel_path = progress_path(job, CANCEL)
        self.side = _side_connection()

    def report(self, done: int) -> bool:
        """Record ``done`` rows; True when the uploader asked to cancel (``job_request_cancel``)."""
        if self.path is not None:
            partial = self.path.with_name(self.path.name + ".part")
            partial.write_text(str(done))
            os.replace(partial, self.path)
        if self.cancel_path is not None and self.cancel_path.exists():
            return True
        if self.side is None:
            # SQLite: the flag is read through the import's own connection (what it can see).
            return ImportJob.objects.filter(pk=self.job_id, cancel_requested=True).exists()
        table = ImportJob._meta.db_table
        with self.side.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET processed_rows = %s WHERE id = %s", [done, self.job_id])
            cursor.execute(f"SELECT cancel_requested FROM {table} WHERE id = %s", [self.job_id])
            found = cursor.fetchone()  # None when the job's row is not committed (a test's transaction)
            return bool(found and found[0])

    def close(self) -> None:
        for path in (self.path, self.cancel_path):
            if path is not None:
                path.unlink(missing_ok=True)
        if self.side is not None:
            self.side.close()


PROGRESS, CANCEL = ".progress", ".cancel"


def progress_path(job: ImportJob, suffix: str = PROGRESS):
    """The progress file of a job (or, with ``CANCEL``, its cancel request), next to its stored
    upload; None for a storage without paths."""
    from pathlib import Path

    try:
        return Path(job.file.path + suffix)
    except (NotImplementedError, ValueError):
        return None


def job_state(job: ImportJob) -> ImportJob:
    """The job as its page shows it: a stale run marked failed, then, while it runs, the progress
    its worker reported (``ProgressChannel``)."""
    sweep_stale([job])
    job.refresh_from_db()
    if job.status == ImportStatus.RUNNING and (path := progress_path(job)) is not None:
        try:
            reported = int(path.read_text() or 0)
        except (OSError, ValueError):  # not written yet, or ended meanwhile
            reported = 0
        job.processed_rows = max(job.processed_rows, min(reported, job.total_rows))
    return job


def _side_connection():
    from django.db import connections

    if connections["default"].vendor != "postgresql":
        return None
    side = connections.create_connection("default")
    side.set_autocommit(True)
    return side
