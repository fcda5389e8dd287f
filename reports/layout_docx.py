"""Draws ``reports.layout`` blocks as a Word document (python-docx)."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from reports import layout
from reports.appendix import cell_text

ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _run(paragraph, text, *, size, bold=False, italic=False, underline=False):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    run.font.name = layout.FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), layout.FONT)
    return run


def _tight(paragraph, before=0, after=0):
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.0
    return paragraph


def _border(paragraph, edge: str = "bottom") -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    el = OxmlElement(f"w:{edge}")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        el.set(qn(f"w:{key}"), value)
    borders.append(el)
    p_pr.append(borders)


def _line(container, spec, first=False):
    p = container.paragraphs[0] if first and container.paragraphs and not container.paragraphs[0].text else None
    p = p or container.add_paragraph()
    _tight(p, before=spec.get("before", 0))
    p.alignment = ALIGN[spec.get("align", "center")]
    if spec["text"]:
        _run(p, spec["text"], size=spec["size"], bold=spec["bold"], italic=spec["italic"], underline=spec["underline"])
    # The place and date line never wraps in Word: keep it on one line.
    p.paragraph_format.keep_together = True
    return p


def _rule(container, spec, available_cm: float):
    """A centred drawn line: an empty paragraph whose top border, between indents, is the
    line's length."""
    p = container.add_paragraph()
    _tight(p, before=spec.get("before", 0), after=spec.get("after", 0))
    side = max((available_cm - spec["rule"]) / 2, 0)
    p.paragraph_format.left_indent = Cm(side)
    p.paragraph_format.right_indent = Cm(side)
    _border(p, "top")
    run = _run(p, "", size=2)
    run.font.size = Pt(2)
    p.paragraph_format.line_spacing = Pt(2)
    return p


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _fixed_widths(table, widths_cm) -> None:
    table.autofit = False
    layout_el = OxmlElement("w:tblLayout")
    layout_el.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout_el)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)
    for col, width in zip(table.columns, widths_cm, strict=False):
        col.width = Cm(width)


def _cell_margins_zero(table) -> None:
    mar = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    table._tbl.tblPr.append(mar)


def _columns(doc, block):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _cell_margins_zero(table)
    _fixed_widths(table, block["widths_cm"])
    for cell, items, width in zip(
        table.rows[0].cells, (block["left"], block["right"]), block["widths_cm"], strict=True
    ):
        first = True
        for spec in items:
            if "rule" in spec:
                _rule(cell, spec, width)
            else:
                _line(cell, spec, first=first)
            first = False
    if block["role"] == "closing":
        # The signature stays with the last paragraph rather than alone on a page.
        for cell in table.rows[0].cells:
            for p in cell.paragraphs:
                p.paragraph_format.keep_with_next = True
    return table


def _set_repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _table(doc, block):
    rows = [*block["rows"], *([block["total"]] if block.get("total") else [])]
    grid = doc.add_table(rows=1 + len(rows), cols=len(block["columns"]))
    try:
        grid.style = "Table Grid"
    except (KeyError, ValueError):
        pass
    _fixed_widths(grid, block["widths_cm"])
    _set_repeat_header(grid.rows[0])
    for col, name in enumerate(block["columns"]):
        p = _tight(grid.rows[0].cells[col].paragraphs[0])
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, str(name), size=block["size"], bold=True)
    for i, row in enumerate(rows, start=1):
        is_total = bool(block.get("total")) and i == len(rows)
        for col, value in enumerate(row):
            p = _tight(grid.rows[i].cells[col].paragraphs[0])
            if block["numeric"][col] if col < len(block["numeric"]) else False:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(p, cell_text(value), size=block["size"], bold=is_total)
    return grid


def _page_number_header(doc) -> None:
    """Page numbers centred at the top, from page 2 (the first page has its own, empty header)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _run(p, "", size=layout.PAGE["number_pt"])
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def document(content: dict):
    return document_from_blocks(layout.blocks(content))


def document_from_blocks(blocks: list[dict]):
    """A Word document of the page setup and these layout blocks."""
    page = layout.PAGE
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Cm(page["width_cm"]), Cm(page["height_cm"])
    section.top_margin, section.bottom_margin = Cm(page["top_cm"]), Cm(page["bottom_cm"])
    section.left_margin, section.right_margin = Cm(page["left_cm"]), Cm(page["right_cm"])
    section.header_distance = Cm(page["header_cm"])
    normal = doc.styles["Normal"]
    normal.font.name = layout.FONT
    normal.font.size = Pt(page["font_pt"])
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), layout.FONT)
    _page_number_header(doc)
    body = doc.paragraphs[0] if doc.paragraphs else None
    if body is not None:
        body._p.getparent().remove(body._p)
    for block in blocks:
        kind = block["type"]
        if kind == "columns":
            _columns(doc, block)
        elif kind == "line":
            _line(doc, block)
        elif kind == "rule":
            _rule(doc, block, layout.TEXT_WIDTH_CM)
        elif kind == "heading":
            p = _tight(doc.add_paragraph(), before=6, after=3)
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.first_line_indent = Cm(1.27)
            _run(p, block["text"], size=page["font_pt"], bold=True)
        elif kind == "para":
            p = _tight(doc.add_paragraph(), after=6)
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Cm(1.27)
            p.paragraph_format.line_spacing = 1.15
            _run(p, block["text"], size=page["font_pt"])
        elif kind == "page_break":
            p = _tight(doc.add_paragraph())
            p.add_run().add_break(WD_BREAK.PAGE)
        elif kind == "table":
            _table(doc, block)
    return doc


def render(content: dict) -> bytes:
    out = io.BytesIO()
    document(content).save(out)
    return out.getvalue()
