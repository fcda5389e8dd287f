"""The official layout of a report as one definition — page setup and a list of blocks — that
two backends draw: ``reports.layout_docx`` (python-docx) and ``reports.layout_html`` (HTML for
WeasyPrint's PDF and the print page). Sizes, styles, drawn lines and their lengths are decided
here once, so the DOCX and the PDF cannot differ.

Party bodies follow Hướng dẫn 36-HD/VPTW: top left the superior body, the issuing body (bold),
"*", "Số 12-BC/BDVQU"; top right "ĐẢNG CỘNG SẢN VIỆT NAM" (bold, underlined by a drawn line) and
the place and date in italics. State bodies follow Nghị định 30/2020/NĐ-CP (Phụ lục I): top
left the superior body, the issuing body (bold) with a drawn line under it, "Số: 05/BC-UBND";
top right "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" on one line, "Độc lập - Tự do - Hạnh phúc" with a
drawn line as long as the motto, the place and date in italics. Both: A4, Times New Roman
(Liberation Serif, metric-compatible, in the PDF), page numbers centred at the top from page 2,
"Nơi nhận" bottom left ending "- Lưu: VT.", the signature block bottom right, appendices on new
pages numbered I, II, … each "(Kèm theo Báo cáo số … ngày … của …)"."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "Times New Roman"
PDF_FONT = "Liberation Serif"  # metric-compatible with Times New Roman, vendored in fonts/

PAGE = {
    "width_cm": 21.0,
    "height_cm": 29.7,
    "top_cm": 2.0,
    "bottom_cm": 2.0,
    "left_cm": 3.0,
    "right_cm": 1.5,
    "font_pt": 14,
    "header_cm": 1.0,  # distance of the page number from the top edge
    "number_pt": 13,
    "first_page_number": False,  # page numbers from page 2
}
TEXT_WIDTH_CM = PAGE["width_cm"] - PAGE["left_cm"] - PAGE["right_cm"]
HEADER_COLUMNS_CM = (6.3, 10.2)  # the right column holds the national title on one line
CLOSING_COLUMNS_CM = (8.0, 8.5)
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


@lru_cache(maxsize=256)
def text_width_cm(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """How wide ``text`` prints in the vendored font (the lengths of drawn lines follow it)."""
    from PIL import ImageFont

    style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}
    font = ImageFont.truetype(str(FONTS_DIR / f"LiberationSerif-{style[bold, italic]}.ttf"), int(size * 10))
    return font.getlength(text) / 10 / 72 * 2.54


def fitting_size(text: str, size: float, width_cm: float, *, bold=False, italic=False, smallest: float = 11) -> float:
    """The largest size from ``size`` down (by half points) at which ``text`` fits on one line of
    ``width_cm`` — the national title and the date line never wrap, in Word or in the PDF."""
    while size > smallest and text_width_cm(text, size, bold, italic) > width_cm - 0.2:
        size -= 0.5
    return size


def line(text: str = "", *, size: float = 14, bold=False, italic=False, underline=False, align="center", before=0):
    """One line of text; ``before``: space above in points."""
    return {
        "text": text,
        "size": size,
        "bold": bold,
        "italic": italic,
        "underline": underline,
        "align": align,
        "before": before,
    }


def rule(width_cm: float, *, before: float = 3, after: float = 2) -> dict:
    """A drawn line, centred, ``width_cm`` long."""
    return {"rule": round(width_cm, 2), "before": before, "after": after}


# ------------------------------------------------------------------------------------ header
def _party_header(h: dict) -> dict:
    left = []
    if h["superior"]:
        left.append(line(h["superior"], size=14))
    left += [line(name, size=14, bold=True) for name in h["body_lines"]]
    left += [line("*", size=14), line(h["number"], size=14)]
    title = h["national"][0]
    width = HEADER_COLUMNS_CM[1]
    right = [
        line(title, size=15, bold=True),
        rule(text_width_cm(title, 15, bold=True)),
        line(h["place_date"], size=fitting_size(h["place_date"], 14, width, italic=True), italic=True, before=6),
    ]
    return {"type": "columns", "widths_cm": HEADER_COLUMNS_CM, "left": left, "right": right, "role": "header"}


def _state_header(h: dict) -> dict:
    left = []
    if h["superior"]:
        left.append(line(h["superior"], size=13))
    names = h["body_lines"] or [""]
    left += [line(name, size=13, bold=True) for name in names]
    # NĐ 30: the line under the issuing body is one third to one half of its name.
    widest = max(text_width_cm(name, 13, bold=True) for name in names)
    left += [rule(max(widest * 0.45, 1.5)), line(h["number"], size=13, before=4)]
    national, motto = h["national"][0], h["national"][1]
    width = HEADER_COLUMNS_CM[1]
    right = [
        line(national, size=fitting_size(national, 13, width, bold=True), bold=True),
        line(motto, size=14, bold=True),
        rule(text_width_cm(motto, 14, bold=True)),  # as long as the motto
        line(h["place_date"], size=fitting_size(h["place_date"], 14, width, italic=True), italic=True, before=6),
    ]
    return {"type": "columns", "widths_cm": HEADER_COLUMNS_CM, "left": left, "right": right, "role": "header"}


# ------------------------------------------------------------------------------------ closing
def recipient_lines(recipients: list[str]) -> list[str]:
    """ "- Ban Dân vận Thành ủy;" … "- Lưu: VT." — the file copy last, added when missing."""
    items = [r.strip().lstrip("-").strip().rstrip(";.,") for r in recipients if r.strip()]
    filing = [r for r in items if r.lower().startswith("lưu")]
    items = [r for r in items if not r.lower().startswith("lưu")]
    last = filing[-1] if filing else "Lưu: VT"
    if last.lower() in ("lưu", "lưu vt", "lưu: vt"):
        last = "Lưu: VT"
    return [f"- {r};" for r in items] + [f"- {last}."]


def _closing(content: dict) -> dict:
    kind = content["header"]["kind"]
    # NĐ 30: "Nơi nhận:" bold italic 12, entries 11; HD 36: "Nơi nhận:" underlined 14, entries 12.
    if kind == "party":
        left = [line("Nơi nhận:", size=14, underline=True, align="left")]
        left += [line(r, size=12, align="left") for r in recipient_lines(content["recipients"])]
    else:
        left = [line("Nơi nhận:", size=12, bold=True, italic=True, align="left")]
        left += [line(r, size=11, align="left") for r in recipient_lines(content["recipients"])]
    sign = content["signature"]
    right = []
    if sign.get("on_behalf"):
        right.append(line(sign["on_behalf"], size=14, bold=True))
    right.append(line(sign["title"], size=14, bold=True))
    right.append(line(sign.get("name") or "", size=14, bold=True, before=72))
    return {"type": "columns", "widths_cm": CLOSING_COLUMNS_CM, "left": left, "right": right, "role": "closing"}


# ------------------------------------------------------------------------------------ document
def appendix_reference(content: dict) -> str:
    """ "(Kèm theo Báo cáo số 12-BC/BDVQU ngày 20/12/2022 của Ban Dân vận Quận ủy Bắc Từ Liêm)" """
    h = content["header"]
    number = h["number"].removeprefix("Số:").removeprefix("Số").strip()
    day = content.get("date") or "…"
    if content.get("draft") or not content.get("date"):
        number, day = "…", "…"
    of = content.get("body_words") or " ".join(h["body_lines"]).title()
    return f"(Kèm theo Báo cáo số {number} ngày {day} của {of})"


def appendix_tables(tables: list[dict]) -> list[dict]:
    """The tables numbered I, II, … without gaps whichever tables have data; the title keeps
    its name after the old number ("Phụ lục 3. Khen thưởng" → "Phụ lục II" / "Khen thưởng")."""
    out = []
    for index, table in enumerate(tables):
        title = table["title"]
        name = title.split(". ", 1)[1] if title.startswith("Phụ lục") and ". " in title else title
        number = ROMAN[index] if index < len(ROMAN) else str(index + 1)
        out.append({**table, "number": number, "name": name})
    return out


def _is_number(value) -> bool:
    if isinstance(value, (int, float)):
        return True
    text = str(value or "").replace(".", "").replace(",", "").replace("%", "").strip()
    return text.isdigit()


def column_widths_cm(table: dict, width: float = TEXT_WIDTH_CM) -> list[float]:
    """Columns sized to their longest content (header words count by their longest word), the
    first (names) getting the rest; together exactly ``width``."""
    from reports.appendix import cell_text

    rows = [*table["rows"], *([table["total"]] if table.get("total") else [])]
    needs = []
    for col, name in enumerate(table["columns"]):
        longest_word = max((text_width_cm(w, 11, bold=True) for w in str(name).split()), default=1)
        values = [text_width_cm(cell_text(r[col]), 11) for r in rows if col < len(r)]
        needs.append(max([longest_word, *values]) + 0.4)
    total = sum(needs)
    if total <= width:
        extra = width - total
        needs[0] += extra
        return [round(n, 2) for n in needs]
    scale = width / total
    return [round(n * scale, 2) for n in needs]


def blocks(content: dict) -> list[dict]:
    """The whole document, top to bottom."""
    h = content["header"]
    out: list[dict] = [_party_header(h) if h["kind"] == "party" else _state_header(h)]
    if content.get("draft"):
        out.append({"type": "line", **line("DỰ THẢO", size=14, bold=True, align="right", before=6)})
    out.append({"type": "line", **line(content["title"], size=14, bold=True, before=18)})
    out.append({"type": "line", **line(content["subtitle"], size=14, bold=True)})
    out.append({"type": "rule", **rule(3.0, before=2, after=12)})
    for section in content["sections"]:
        out.append({"type": "heading", "text": section["heading"], "level": section.get("level", 1)})
        out += [{"type": "para", "text": p} for p in section["paragraphs"]]
    out.append(_closing(content))
    reference = appendix_reference(content)
    for table in appendix_tables(content.get("appendix") or []):
        out.append({"type": "page_break"})
        out.append({"type": "line", **line(f"Phụ lục {table['number']}", size=14, bold=True)})
        out.append({"type": "line", **line(table["name"].upper(), size=14, bold=True)})
        out.append({"type": "line", **line(reference, size=13, italic=True)})
        out.append({"type": "rule", **rule(3.0, before=2, after=8)})
        numeric = [
            all(_is_number(r[c]) for r in table["rows"] if c < len(r) and r[c] not in (None, ""))
            for c in range(len(table["columns"]))
        ]
        numeric[0] = False
        out.append(
            {
                "type": "table",
                "columns": table["columns"],
                "rows": table["rows"],
                "total": table.get("total"),
                "widths_cm": column_widths_cm(table),
                "numeric": numeric,
                "size": 11,
            }
        )
    return out
