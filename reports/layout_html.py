"""Draws ``reports.layout`` blocks as HTML: WeasyPrint makes the PDF of it (with the vendored
Liberation Serif, metric-compatible with Times New Roman), and the print page shows it."""

from __future__ import annotations

from django.utils.html import escape

from reports import layout
from reports.appendix import cell_text


def _style(spec) -> str:
    parts = [f"font-size:{spec['size']}pt", f"text-align:{spec.get('align', 'center')}"]
    if spec["bold"]:
        parts.append("font-weight:bold")
    if spec["italic"]:
        parts.append("font-style:italic")
    if spec["underline"]:
        parts.append("text-decoration:underline")
    if spec.get("before"):
        parts.append(f"margin-top:{spec['before']}pt")
    return ";".join(parts)


def _line(spec) -> str:
    text = escape(spec["text"]) or "&nbsp;"
    return f'<div class="line" style="{_style(spec)}">{text}</div>'


def _rule(spec) -> str:
    return (
        f'<div class="rule" style="width:{spec["rule"]}cm;margin:{spec.get("before", 0)}pt auto '
        f'{spec.get("after", 0)}pt auto"></div>'
    )


def _item(spec) -> str:
    return _rule(spec) if "rule" in spec else _line(spec)


def _columns(block) -> str:
    left_w, right_w = block["widths_cm"]
    left = "".join(_item(s) for s in block["left"])
    right = "".join(_item(s) for s in block["right"])
    return (
        f'<table class="columns {block["role"]}"><tr>'
        f'<td style="width:{left_w}cm">{left}</td><td style="width:{right_w}cm">{right}</td>'
        "</tr></table>"
    )


def _table(block) -> str:
    cols = "".join(f'<col style="width:{w}cm">' for w in block["widths_cm"])
    head = "".join(f"<th>{escape(c)}</th>" for c in block["columns"])

    def row(values, cls=""):
        cells = []
        for i, v in enumerate(values):
            num = ' class="num"' if i < len(block["numeric"]) and block["numeric"][i] else ""
            cells.append(f"<td{num}>{escape(cell_text(v))}</td>")
        return f"<tr{cls}>{''.join(cells)}</tr>"

    body = "".join(row(r) for r in block["rows"])
    if block.get("total"):
        body += row(block["total"], ' class="total"')
    return (
        f'<table class="grid" style="font-size:{block["size"]}pt"><colgroup>{cols}</colgroup>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def css(*, for_pdf: bool) -> str:
    page = layout.PAGE
    faces = ""
    if for_pdf:
        uri = layout.FONTS_DIR.as_uri()
        for weight, style, name in (
            ("normal", "normal", "Regular"),
            ("bold", "normal", "Bold"),
            ("normal", "italic", "Italic"),
            ("bold", "italic", "BoldItalic"),
        ):
            faces += (
                f'@font-face {{ font-family: "{layout.PDF_FONT}"; src: url("{uri}/LiberationSerif-{name}.ttf"); '
                f"font-weight: {weight}; font-style: {style}; }}\n"
            )
    first = "" if page["first_page_number"] else "@page :first { @top-center { content: none; } }\n"
    return f"""{faces}
@page {{ size: {page["width_cm"]}cm {page["height_cm"]}cm;
  margin: {page["top_cm"]}cm {page["right_cm"]}cm {page["bottom_cm"]}cm {page["left_cm"]}cm;
  @top-center {{ content: counter(page); font-family: "{layout.PDF_FONT}", "{layout.FONT}", serif;
    font-size: {page["number_pt"]}pt; vertical-align: top; padding-top: {page["header_cm"]}cm; }} }}
{first}body {{ font-family: "{layout.PDF_FONT}", "{layout.FONT}", serif; font-size: {page["font_pt"]}pt;
  line-height: 1.15; color: #000; margin: 0; }}
.line {{ line-height: 1.2; white-space: normal; }}
.columns .line {{ white-space: nowrap; }}
.rule {{ border-top: 0.75pt solid #000; height: 0; }}
table.columns {{ border-collapse: collapse; width: {layout.TEXT_WIDTH_CM}cm; table-layout: fixed; }}
table.columns td {{ vertical-align: top; padding: 0; }}
table.closing {{ margin-top: 12pt; page-break-inside: avoid; }}
table.closing td:first-child .line {{ white-space: normal; }}
h3 {{ font-size: {page["font_pt"]}pt; margin: 6pt 0 3pt; text-indent: 1.27cm; page-break-after: avoid; }}
p.para {{ text-indent: 1.27cm; text-align: justify; margin: 0 0 6pt; }}
.page-break {{ page-break-before: always; }}
table.grid {{ border-collapse: collapse; table-layout: fixed; width: {layout.TEXT_WIDTH_CM}cm; margin-bottom: 12pt; }}
table.grid th, table.grid td {{ border: 0.75pt solid #000; padding: 1pt 3pt; }}
table.grid th {{ text-align: center; }}
table.grid td.num {{ text-align: right; }}
table.grid tr.total td {{ font-weight: bold; }}
table.grid thead {{ display: table-header-group; }}
"""


def render(content: dict, *, for_pdf: bool = False) -> str:
    parts = []
    for block in layout.blocks(content):
        kind = block["type"]
        if kind == "columns":
            parts.append(_columns(block))
        elif kind == "line":
            parts.append(_line(block))
        elif kind == "rule":
            parts.append(_rule(block))
        elif kind == "heading":
            parts.append(f"<h3>{escape(block['text'])}</h3>")
        elif kind == "para":
            parts.append(f'<p class="para">{escape(block["text"])}</p>')
        elif kind == "page_break":
            parts.append('<div class="page-break"></div>')
        elif kind == "table":
            parts.append(_table(block))
    title = escape(content.get("subtitle", ""))
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{css(for_pdf=for_pdf)}</style></head><body>{''.join(parts)}</body></html>"
    )
