"""Turn a report into its frozen ``content`` (header, title, sections, appendix, signature) and
render that content as DOCX (docxtpl template staff can edit in Word), XLSX (the appendix) and
PDF (WeasyPrint, with the vendored Liberation Serif font)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from jinja2 import TemplateError

from lib.vn_format import place_date_line
from reports import appendix, templating
from reports.models import BodyKind, IssuingBody, Report
from webkit import uploads

APP_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = APP_DIR / "templates_docx"
FONTS_DIR = APP_DIR / "fonts"
DEFAULT_TEMPLATES = {BodyKind.PARTY: TEMPLATES_DIR / "party.docx", BodyKind.STATE: TEMPLATES_DIR / "state.docx"}
REQUIRED_VARIABLES = {"number", "place_date", "title", "subtitle", "sections", "signer_title", "recipients"}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
PARTY_NATIONAL = ["ĐẢNG CỘNG SẢN VIỆT NAM"]
STATE_NATIONAL = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


# ------------------------------------------------------------------------------------ content
def number_text(body: IssuingBody, number: int | None) -> str:
    """Party (HD 36): "Số 12-BC/BDVQU"; state (NĐ 30): "Số: 05/BC-UBND". Blank before issuing."""
    if body.kind == BodyKind.PARTY:
        return f"Số {number if number else '     '}-BC/{body.abbreviation}"
    shown = f"{number:02d}" if number else "     "
    return f"Số: {shown}/BC-{body.abbreviation}"


def header(body: IssuingBody, number: int | None, day: dt.date | None) -> dict:
    return {
        "kind": body.kind,
        "superior": body.superior_name,
        "body_lines": body.name_lines,
        "number": number_text(body, number),
        "national": PARTY_NATIONAL if body.kind == BodyKind.PARTY else STATE_NATIONAL,
        "place_date": place_date_line(body.place, day) if day else f"{body.place}, ngày     tháng     năm     ",
    }


def build_content(report: Report, *, number: int | None = None, day: dt.date | None = None) -> dict:
    """Everything the document shows, as plain data (stored when the report is issued)."""
    body = report.body
    sections = []
    for section in report.sections.all():
        paragraphs = [p.strip() for p in section.text.split("\n") if p.strip()]
        if paragraphs:
            sections.append({"key": section.key, "heading": section.heading, "paragraphs": paragraphs})
    for index, section in enumerate(sections):
        section["heading"] = f"{ROMAN[index] if index < len(ROMAN) else index + 1}. {section['heading'].upper()}"
    return {
        "header": header(body, number, day),
        "title": "BÁO CÁO",
        "subtitle": report.title,
        "sections": sections,
        "appendix": appendix.tables(report.facts) if report.facts else [],
        "signature": {
            "on_behalf": body.signer_on_behalf,
            "title": body.signer_title,
            "name": body.signer_name,
        },
        "recipients": body.recipient_lines,
    }


def plain_text(content: dict) -> str:
    """The document as text (search, tests, the history view)."""
    lines = [content["header"]["number"], content["title"], content["subtitle"]]
    for section in content["sections"]:
        lines.append(section["heading"])
        lines.extend(section["paragraphs"])
    return "\n".join(lines)


# ------------------------------------------------------------------------------------ DOCX
APPENDIX_MARK = "[[PHU-LUC]]"


def _docx_context(content: dict) -> dict:
    from docxtpl import Listing

    h = content["header"]
    return {
        "superior": h["superior"],
        "body_name": Listing("\n".join(h["body_lines"])),
        "body_lines": h["body_lines"],
        "number": h["number"],
        "national": h["national"],
        "national_1": h["national"][0],
        "national_2": h["national"][1] if len(h["national"]) > 1 else "",
        "place_date": h["place_date"],
        "title": content["title"],
        "subtitle": content["subtitle"],
        "sections": content["sections"],
        "appendix": APPENDIX_MARK,
        "signer_on_behalf": content["signature"]["on_behalf"],
        "signer_title": content["signature"]["title"],
        "signer_name": content["signature"]["name"],
        "recipients": content["recipients"],
    }


def _insert_appendix(doc, tables: list[dict]) -> None:
    """Replace the paragraph holding ``{{ appendix }}`` by the appendix tables (python-docx:
    their columns vary, which docxtpl loops cannot express simply). No mark: tables go last."""
    from docx.shared import Pt

    anchor = next((p for p in doc.paragraphs if APPENDIX_MARK in p.text), None)
    elements = []
    for table in tables:
        heading = doc.add_paragraph()
        run = heading.add_run(table["title"])
        run.bold = True
        rows = table["rows"] + ([table["total"]] if table.get("total") else [])
        grid = doc.add_table(rows=1 + len(rows), cols=len(table["columns"]))
        try:
            grid.style = "Table Grid"
        except (KeyError, ValueError):  # a staff template without the style: plain table
            pass
        for col, name in enumerate(table["columns"]):
            cell = grid.rows[0].cells[col]
            cell.text = name
            for r in cell.paragraphs[0].runs:
                r.bold = True
                r.font.size = Pt(11)
        for i, row in enumerate(rows, start=1):
            is_total = bool(table.get("total")) and i == len(rows)
            for col, value in enumerate(row):
                cell = grid.rows[i].cells[col]
                cell.text = appendix.cell_text(value)
                for r in cell.paragraphs[0].runs:
                    r.font.size = Pt(11)
                    r.bold = is_total
        elements += [heading._p, grid._tbl]
    if anchor is None:
        return
    previous = anchor._p
    for element in elements:
        previous.addnext(element)
        previous = element
    anchor._p.getparent().remove(anchor._p)


def template_path(body: IssuingBody):
    if body.template:
        return body.template.path
    return DEFAULT_TEMPLATES[body.kind]


def _fill(source, content: dict):
    """The docxtpl template filled in the sandbox (see reports.templating): tags in an uploaded
    template can read the report's data, never Python's internals."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(source)
    tpl.render(_docx_context(content), jinja_env=templating.environment(), autoescape=True)
    _insert_appendix(tpl.docx, content["appendix"])
    return tpl


def render_docx(content: dict, body: IssuingBody) -> bytes:
    try:
        tpl = _fill(template_path(body), content)
    except (templating.SecurityError, TemplateError) as exc:
        # A template stored before uploads were checked (or planted in storage) stops here.
        raise ValidationError(
            _("The DOCX template of %(body)s cannot be used (%(error)s); upload a corrected template.")
            % {"body": body, "error": str(exc)[:200]}
        ) from None
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


SAMPLE_CONTENT = {
    "header": {
        "kind": "party",
        "superior": "QUẬN ỦY",
        "body_lines": ["BAN DÂN VẬN"],
        "number": "Số 1-BC/BDVQU",
        "national": PARTY_NATIONAL,
        "place_date": "Hà Nội, ngày 01 tháng 01 năm 2024",
    },
    "title": "BÁO CÁO",
    "subtitle": "Kiểm tra mẫu",
    "sections": [{"key": "intro", "heading": "I. ĐẶT VẤN ĐỀ", "paragraphs": ["Đoạn văn mẫu."]}],
    "appendix": [{"title": "Phụ lục", "columns": ["A", "B"], "rows": [["x", 1]], "total": ["Tổng", 1]}],
    "signature": {"on_behalf": "T/M BAN THƯỜNG VỤ", "title": "TRƯỞNG BAN", "name": "Nguyễn Văn A"},
    "recipients": ["Như trên", "Lưu VP"],
}


def validate_template(uploaded) -> None:
    """A DOCX template is accepted only if it is a real DOCX (by content, within the size limit)
    that names only the placeholders reports provide, reaches no ``_`` attribute, and fills in
    with sample data in the sandbox. Raises ValidationError in the user's language. The upload is
    renamed to a random name (webkit.uploads) for storage."""
    not_docx = _("The template must be a Word document (.docx).")
    uploads.check(uploaded, field="template", kinds=uploads.TEMPLATES, type_message=not_docx)
    data = uploaded.read()
    uploaded.seek(0)
    try:
        unknown, private, used = templating.inspect(data)
    except Exception as exc:  # docx/jinja raise many kinds of errors for a broken template
        raise ValidationError(
            {"template": _("The template cannot be read: %(error)s") % {"error": str(exc)[:200]}}
        ) from None
    errors = []
    if unknown:
        errors.append(
            _("The template uses unknown placeholders: %(names)s. Allowed placeholders: %(allowed)s.")
            % {"names": ", ".join(unknown), "allowed": ", ".join(sorted(templating.CONTEXT_NAMES))}
        )
    if private:
        errors.append(
            _("The template reaches hidden attributes, which is not allowed: %(names)s.")
            % {"names": ", ".join(private)}
        )
    if errors:
        raise ValidationError({"template": errors})
    missing = sorted(REQUIRED_VARIABLES - used)
    if missing:
        raise ValidationError(
            {"template": _("The template lacks the variables: %(names)s.") % {"names": ", ".join(missing)}}
        )
    try:
        _fill(io.BytesIO(data), SAMPLE_CONTENT).save(io.BytesIO())
    except Exception as exc:
        raise ValidationError(
            {"template": _("The template cannot be filled in: %(error)s") % {"error": str(exc)[:200]}}
        ) from None
    uploads.accept(uploaded, field="template", kinds=uploads.TEMPLATES, type_message=not_docx)


# ------------------------------------------------------------------------------------ XLSX
_FORMULA_START = ("=", "+", "-", "@")


def safe_cell(value):
    """Text starting with = + - @ would run as a formula in Excel: prefix it with a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def render_xlsx(content: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    tables = content["appendix"] or []
    if not tables:
        wb.create_sheet("Phụ lục").append([safe_cell(content["subtitle"])])
    for index, table in enumerate(tables, start=1):
        ws = wb.create_sheet(f"Phụ lục {index}")
        ws.append([safe_cell(table["title"])])
        ws["A1"].font = Font(bold=True)
        ws.append([safe_cell(c) for c in table["columns"]])
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in table["rows"]:
            ws.append([safe_cell(v) for v in row])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, int):
                    cell.number_format = "#,##0"  # shown as 1.500 in a Vietnamese Excel
        if table.get("total"):
            ws.append([safe_cell(v) for v in table["total"]])
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
        ws.column_dimensions["A"].width = 45
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------ HTML / PDF
def render_html(content: dict, *, for_pdf: bool = False) -> str:
    return render_to_string(
        "reports/document.html",
        {"content": content, "for_pdf": for_pdf, "fonts_url": FONTS_DIR.as_uri() if for_pdf else ""},
    )


def render_pdf(content: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(content, for_pdf=True), base_url=str(APP_DIR)).write_pdf()
