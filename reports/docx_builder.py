"""Builds the default DOCX templates (party: Hướng dẫn 36-HD/VPTW; state: Nghị định 30/2020) with
python-docx. The files it writes, ``templates_docx/party.docx`` and ``state.docx``, are ordinary
Word documents with docxtpl tags ({{ number }}, {%p for s in sections %} …): staff can open them
in Word, change fonts, spacing or wording, and upload them for their issuing body.

Run ``python manage.py reports_build_templates`` to write them again."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = "Times New Roman"


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _para(container, text="", *, bold=False, italic=False, underline=False, size=14, align=None, indent=False):
    p = container.add_paragraph() if hasattr(container, "add_paragraph") else container
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(0)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Cm(1.27)
        fmt.space_after = Pt(6)
    if text:
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)
        run.font.name = FONT
    return p


def _cell_para(cell, first: bool, text, **kw):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    return _para(p, text, **kw)


def _base_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return doc


def _header(doc, kind: str) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(9)
    center = WD_ALIGN_PARAGRAPH.CENTER
    if kind == "party":
        _cell_para(left, True, "{{ superior }}", size=14, align=center)
        _cell_para(left, False, "{{ body_name }}", bold=True, size=14, align=center)
        _cell_para(left, False, "*", size=14, align=center)
        _cell_para(left, False, "{{ number }}", size=14, align=center)
        _cell_para(right, True, "{{ national_1 }}", bold=True, underline=True, size=15, align=center)
        _cell_para(right, False, "", size=14)
        _cell_para(right, False, "{{ place_date }}", italic=True, size=14, align=center)
    else:
        _cell_para(left, True, "{{ superior }}", size=13, align=center)
        _cell_para(left, False, "{{ body_name }}", bold=True, size=13, align=center)
        _cell_para(left, False, "{{ number }}", size=13, align=center)
        _cell_para(right, True, "{{ national_1 }}", bold=True, size=13, align=center)
        _cell_para(right, False, "{{ national_2 }}", bold=True, underline=True, size=14, align=center)
        _cell_para(right, False, "", size=14)
        _cell_para(right, False, "{{ place_date }}", italic=True, size=14, align=center)


def _body(doc) -> None:
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    _para(doc, "")
    _para(doc, "{{ title }}", bold=True, size=16, align=center)
    _para(doc, "{{ subtitle }}", bold=True, size=14, align=center)
    _para(doc, "-----", size=14, align=center)
    _para(doc, "{%p for s in sections %}")
    _para(doc, "{{ s.heading }}", bold=True, size=14, align=justify, indent=True)
    _para(doc, "{%p for para in s.paragraphs %}")
    _para(doc, "{{ para }}", size=14, align=justify, indent=True)
    _para(doc, "{%p endfor %}")
    _para(doc, "{%p endfor %}")


def _signature(doc) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    _cell_para(left, True, "Nơi nhận:", bold=True, italic=True, size=12)
    _cell_para(left, False, "{%p for r in recipients %}", size=11)
    _cell_para(left, False, "- {{ r }};", size=11)
    _cell_para(left, False, "{%p endfor %}", size=11)
    _cell_para(right, True, "{{ signer_on_behalf }}", bold=True, size=14, align=center)
    _cell_para(right, False, "{{ signer_title }}", bold=True, size=14, align=center)
    for _ in range(3):
        _cell_para(right, False, "", size=14)
    _cell_para(right, False, "{{ signer_name }}", bold=True, size=14, align=center)


def build(kind: str, path: Path) -> Path:
    doc = _base_document()
    _header(doc, kind)
    _body(doc)
    _signature(doc)
    doc.add_page_break()
    _para(doc, "{{ appendix }}")
    doc.save(str(path))
    return path


def build_all(directory: Path | None = None) -> list[Path]:
    directory = directory or Path(__file__).resolve().parent / "templates_docx"
    directory.mkdir(parents=True, exist_ok=True)
    return [build(kind, directory / f"{kind}.docx") for kind in ("party", "state")]
