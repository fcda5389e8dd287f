"""Turn a report into its frozen ``content`` (header, title, sections, appendix, signature) and
render that content as DOCX (docxtpl template staff can edit in Word), XLSX (the appendix) and
PDF (WeasyPrint, with the vendored Liberation Serif font)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from jinja2 import TemplateError

from lib.vn_format import place_date_line
from reports import appendix, layout, layout_docx, layout_html, layouts, structure, templating
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
    parts = structure.parts_for(layouts.layout_for(report.kind, body))
    written = []
    for section in report.sections.all():
        paragraphs = [p.strip() for p in section.text.split("\n") if p.strip()]
        if paragraphs:
            written.append({"key": section.key, "heading": section.heading, "paragraphs": paragraphs})
    return_sections = number_sections(written, parts)
    return {
        "header": header(body, number, day),
        "draft": number is None,
        "date": day.strftime("%d/%m/%Y") if day else "",
        "body_words": body_words(body),
        "title": "BÁO CÁO",
        "subtitle": report.title,
        "sections": return_sections,
        "appendix": appendix.tables(report.facts) if report.facts else [],
        "signature": {
            "on_behalf": body.signer_on_behalf,
            "title": body.signer_title,
            "name": body.signer_name,
        },
        "recipients": body.recipient_lines,
    }


def number_sections(sections: list[dict], parts: dict[str, str]) -> list[dict]:
    """Headings numbered as reports number them: a part "I. TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN" with
    its sections "1. …", "2. …"; a section outside any part under its own Roman numeral. Only
    sections with text count, so numbers have no gaps."""
    out, current, roman, sub = [], None, 0, 0
    for section in sections:
        part = parts.get(section["key"], "")
        if part and part != current:
            out.append(
                {
                    "key": f"part-{roman + 1}",
                    "heading": f"{_roman(roman)}. {part.upper()}",
                    "paragraphs": [],
                    "level": 1,
                }
            )
            roman, current, sub = roman + 1, part, 0
        if part:
            sub += 1
            out.append({**section, "heading": f"{sub}. {section['heading']}", "level": 2})
        else:
            out.append({**section, "heading": f"{_roman(roman)}. {section['heading'].upper()}", "level": 1})
            roman, current = roman + 1, None
    return out


def _roman(index: int) -> str:
    return ROMAN[index] if index < len(ROMAN) else str(index + 1)


def body_words(body: IssuingBody) -> str:
    """The body as an appendix names it: "Ban Dân vận Quận ủy Bắc Từ Liêm"."""
    unit = body.unit
    if unit.unit_type == "agency":
        return unit.name
    text = " ".join(body.name_lines)
    if unit.name.upper() in text:
        prefix = text.replace(unit.name.upper(), "").strip().capitalize()
        return f"{prefix} {unit.name[:1].lower()}{unit.name[1:]}".strip()
    return text.capitalize()


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
        "recipient_lines": layout.recipient_lines(content["recipients"]),
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
    """The official layout (reports.layout, the same definition as the PDF); a body that uploaded
    its own DOCX template gets that template filled in instead."""
    if not body.template:
        return layout_docx.render(content)
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
    if "recipient_lines" in used:  # the recipients as the layout writes them ("- …;" … "- Lưu: VT.")
        used = used | {"recipients"}
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


def xlsx_value(value):
    """A cell as a spreadsheet wants it: whole numbers and decimals as numbers, a percentage as a
    fraction (shown "96,5%" by its number format), text as text. Returns (value, number format)."""
    if isinstance(value, bool) or value is None:
        return value, None
    if isinstance(value, int):
        return value, "#,##0"
    if isinstance(value, float):
        return value, "#,##0.##"
    text = str(value).strip()
    number = text.rstrip("%").strip().replace(".", "").replace(",", ".")
    try:
        parsed = float(number)
    except ValueError:
        return safe_cell(value), None
    if not re.fullmatch(r"-?[\d.]+(,\d+)?%?", text):
        return safe_cell(value), None
    if text.endswith("%"):
        return round(parsed / 100, 6), "0.00%" if parsed != int(parsed) else "0%"
    return (int(parsed) if parsed == int(parsed) else parsed), "#,##0.##"


def _sheet_name(number: str, name: str, used: set) -> str:
    """ "PL I - Khen thưởng…" within Excel's 31 characters, without the characters it refuses."""
    clean = re.sub(r"[\[\]:*?/\\]", " ", name)
    title = f"PL {number} - {clean}"[:31].rstrip()
    while title in used:
        title = title[:28] + f"~{len(used)}"
    used.add(title)
    return title


def render_xlsx(content: dict) -> bytes:
    """The appendices as a workbook a person can work with: one sheet per appendix named after it,
    a header with the body, number, date and period, real numbers with number formats (rates as
    percentages), A4 fitted to the width with the title rows repeated, Times New Roman."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    font, bold, italic = Font(name=layout.FONT, size=12), Font(name=layout.FONT, size=12, bold=True), None
    italic = Font(name=layout.FONT, size=12, italic=True)
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    wb.remove(wb.active)
    tables = layout.appendix_tables(content.get("appendix") or [])
    h = content["header"]
    head = [
        (content.get("body_words") or " ".join(h["body_lines"]), bold),
        (h["number"], font),
        (f"Ngày {content['date']}" if content.get("date") else "Ngày …", italic),
        (content.get("subtitle", ""), font),
    ]
    if not tables:
        ws = wb.create_sheet("Phụ lục")
        for text, style in head:
            ws.append([safe_cell(text)])
            ws.cell(row=ws.max_row, column=1).font = style
    used: set = set()
    for table in tables:
        ws = wb.create_sheet(_sheet_name(table["number"], table["name"], used))
        width = len(table["columns"])
        for text, style in [*head, (f"Phụ lục {table['number']}. {table['name']}", bold)]:
            ws.append([safe_cell(text)])
            ws.cell(row=ws.max_row, column=1).font = style
        ws.append([])
        ws.append([safe_cell(c) for c in table["columns"]])
        header_row = ws.max_row
        for cell in ws[header_row]:
            cell.font, cell.border = bold, box
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        rows = [(r, False) for r in table["rows"]] + ([(table["total"], True)] if table.get("total") else [])
        for values, is_total in rows:
            # The first column names the row (a unit, a year, an indicator): text, never a number.
            converted = [(safe_cell(values[0]), None), *[xlsx_value(v) for v in values[1:]]]
            ws.append([v for v, _f in converted])
            for cell, (_v, fmt) in zip(ws[ws.max_row], converted, strict=False):
                cell.font, cell.border = (bold if is_total else font), box
                if fmt:
                    cell.number_format = fmt
        widths = layout.column_widths_cm(table)
        for col in range(1, width + 1):
            ws.column_dimensions[get_column_letter(col)].width = round(widths[col - 1] * 5.1, 1)  # cm → characters
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "portrait"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ------------------------------------------------------------------------------------ HTML / PDF
def render_html(content: dict, *, for_pdf: bool = False) -> str:
    """The official layout as HTML (reports.layout, the same definition as the DOCX)."""
    return layout_html.render(content, for_pdf=for_pdf)


def render_pdf(content: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(content, for_pdf=True), base_url=str(APP_DIR)).write_pdf()
