"""The official layout (Hướng dẫn 36-HD/VPTW, Nghị định 30/2020/NĐ-CP), drawn from one definition
(reports.layout) as DOCX and PDF: the DOCX read back with python-docx, the PDF with pdfplumber —
where each word prints (``extract_words``: the page number centred at the top from page 2, the
national title on one line, the margins), the drawn lines (``rects``/``lines``: under the motto
or "ĐẢNG CỘNG SẢN VIỆT NAM", under the issuing body, under the title; where they sit and how long
they are) and the embedded font (``chars``' font names). Positions are in points from the top
left of the page (1 cm = 28,35 pt), compared with the sizes reports.layout defines.

Set DANVAN_REPORT_PICTURES to a directory to write page pictures of the demo reports there (the
reference pictures under docs/reports/ were made so)."""

import datetime as dt
import io
import os
import re
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from docx.oxml.ns import qn

from accounts.system import system_actor
from reports import layout

pytestmark = pytest.mark.django_db

CM = 72 / 2.54
PAGE_W = layout.PAGE["width_cm"] * CM
PAGE_H = layout.PAGE["height_cm"] * CM
LEFT = layout.PAGE["left_cm"] * CM
RIGHT = PAGE_W - layout.PAGE["right_cm"] * CM
TOP = layout.PAGE["top_cm"] * CM
BOTTOM = PAGE_H - layout.PAGE["bottom_cm"] * CM
MIDDLE = (LEFT + RIGHT) / 2  # the middle of the text width
RULE_PT = 0.75  # the drawn lines' thickness (reports.layout_html)


# ------------------------------------------------------------------------------------ PDF reading
class Pdf:
    """What pdfplumber reads of one PDF, page by page: words (text, x0, x1, top, bottom), drawn
    lines (x0, x1, top — thin rectangles and horizontal line segments longer than 1 cm) and the
    font names of the characters."""

    def __init__(self, pdf: bytes):
        self.raw = pdf
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            self.size = [(p.width, p.height) for p in doc.pages]
            self.words = [p.extract_words() for p in doc.pages]
            self.rules = [drawn_lines(p) for p in doc.pages]
            self.fonts = [{c["fontname"] for c in p.chars} for p in doc.pages]
            self.char_fonts = [[(c["text"], c["fontname"], c["top"]) for c in p.chars] for p in doc.pages]

    def __len__(self):
        return len(self.words)


def drawn_lines(page) -> list[dict]:
    """Horizontal drawn lines of a page, top to bottom: WeasyPrint draws a border as a thin filled
    rectangle, other writers as a line segment; both count."""
    found = []
    for r in page.rects:
        if r["height"] <= 2 and r["width"] > CM:
            found.append({"x0": r["x0"], "x1": r["x1"], "top": r["top"], "thickness": r["height"]})
    for s in page.lines:
        if abs(s["top"] - s["bottom"]) < 0.5 and s["width"] > CM:
            found.append({"x0": s["x0"], "x1": s["x1"], "top": s["top"], "thickness": s.get("linewidth", 0)})
    return sorted(found, key=lambda r: (r["top"], r["x0"]))


def find_line(words, text: str) -> dict:
    """The box of the words reading ``text`` one after the other in reading order; ``one_line``:
    they all share one top (pdfplumber orders a page line by line, left to right)."""
    wanted = text.split()
    for i in range(len(words) - len(wanted) + 1):
        run = words[i : i + len(wanted)]
        if [w["text"] for w in run] == wanted:
            return {
                "x0": run[0]["x0"],
                "x1": run[-1]["x1"],
                "top": min(w["top"] for w in run),
                "bottom": max(w["bottom"] for w in run),
                "one_line": len({round(w["top"], 1) for w in run}) == 1,
            }
    raise AssertionError(f"{text!r} is not printed in one run on the page")


def rules_between(rules, x0: float, x1: float, top: float, bottom: float) -> list[dict]:
    """Drawn lines lying between ``top`` and ``bottom`` and overlapping x0–x1."""
    return [r for r in rules if top <= r["top"] <= bottom and r["x1"] > x0 and r["x0"] < x1]


def text_below(words, y: float) -> dict:
    """The first printed line below ``y``."""
    below = [w for w in words if w["top"] > y]
    top = min(w["top"] for w in below)
    return {"top": top, "words": [w["text"] for w in below if abs(w["top"] - top) < 1]}


def text_above(words, y: float, x0: float = 0, x1: float = 10_000) -> float:
    """The bottom of the last printed line above ``y`` between x0 and x1."""
    return max(w["bottom"] for w in words if w["bottom"] < y and w["x1"] > x0 and w["x0"] < x1)


def assert_page_numbers_and_margins(pdf: Pdf) -> None:
    """No number on page 1; from page 2 the page's number alone in the top margin, centred over
    the text width, ``header_cm`` from the top; every other word inside the four margins, and the
    body text reaching the left and right margins (so the margins are these, not wider)."""
    assert len(pdf) >= 2
    for index, words in enumerate(pdf.words):
        width, height = pdf.size[index]
        assert abs(width - PAGE_W) < 1 and abs(height - PAGE_H) < 1  # A4
        in_top = [w for w in words if w["bottom"] < TOP]
        if index == 0:
            assert in_top == [], "page 1 carries no number"
        else:
            assert [w["text"] for w in in_top] == [str(index + 1)], f"page {index + 1}: {in_top}"
            number = in_top[0]
            assert abs((number["x0"] + number["x1"]) / 2 - MIDDLE) < 0.2 * CM
            assert abs(number["top"] - layout.PAGE["header_cm"] * CM) < 0.15 * CM
        body = [w for w in words if w not in in_top]
        assert min(w["x0"] for w in body) >= LEFT - 0.05 * CM
        assert max(w["x1"] for w in body) <= RIGHT + 0.05 * CM
        assert min(w["top"] for w in body) >= TOP - 0.05 * CM
        assert max(w["bottom"] for w in body) <= BOTTOM + 0.05 * CM
    # the justified paragraphs of page 2 run from margin to margin
    body = [w for w in pdf.words[1] if w["top"] >= TOP]
    assert abs(min(w["x0"] for w in body) - LEFT) < 0.1 * CM
    assert abs(max(w["x1"] for w in body) - RIGHT) < 0.1 * CM


def assert_embedded_font(pdf: Pdf) -> None:
    """Every character in the vendored Liberation Serif (reports/fonts), embedded as a subset
    ("ABCDEF+Liberation-Serif-Bold")."""
    assert layout.PDF_FONT.replace(" ", "") == "LiberationSerif"
    shipped = {p.stem.replace("-Regular", "").replace("-", "") for p in layout.FONTS_DIR.glob("*.ttf")}
    for fonts in pdf.fonts:
        for name in fonts:
            assert re.fullmatch(r"[A-Z]{6}\+.+", name), f"{name} is not embedded"
            family = name.split("+", 1)[1].replace("-", "")
            assert family in shipped, f"{name} is not one of the shipped fonts {shipped}"


def write_pictures(pdf: bytes, name: str, pages: list[int]) -> None:
    target = os.environ.get("DANVAN_REPORT_PICTURES")
    if not target:
        return
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in pages:
            doc.pages[page - 1].to_image(resolution=60).save(Path(target, f"{name}-page-{page}.png"))


# ------------------------------------------------------------------------------------ fixtures
@pytest.fixture
def party_version(demo_db):
    from reports.models import Report

    report = Report.objects.get(kind="year", unit__name="Quận Bắc Từ Liêm", year=2022)
    return report.versions.get()


@pytest.fixture
def state_version(demo_db):
    from reports import services
    from reports.models import Report

    report = Report.objects.get(kind="year", unit__name="Phường Tam Quan Nam", year=2022)
    return services.report_issue(report=report, by=system_actor(), issued_on=dt.date(2022, 12, 25))


def _pdf(version) -> bytes:
    from reports.render import render_pdf

    return render_pdf(version.content)


# ------------------------------------------------------------------------------------ DOCX
def _docx(version):
    return Document(io.BytesIO(bytes(version.docx)))


def _cell_lines(table, col):
    return [p.text for p in table.rows[0].cells[col].paragraphs if p.text]


def test_state_docx_header_and_closing_follow_decree_30(state_version):
    doc = _docx(state_version)
    header, closing = doc.tables[0], doc.tables[1]
    left, right = _cell_lines(header, 0), _cell_lines(header, 1)
    assert left == ["ỦY BAN NHÂN DÂN", "PHƯỜNG TAM QUAN NAM", "Số: 01/BC-UBND"]
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert right[2] == "Tam Quan Nam, ngày 25 tháng 12 năm 2022"
    place = next(p for p in header.rows[0].cells[1].paragraphs if p.text.startswith("Tam Quan Nam"))
    assert all(r.italic for r in place.runs)
    # drawn lines: a border under the body's name and under the motto
    for cell in header.rows[0].cells:
        assert any(p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None for p in cell.paragraphs)
    recipients = _cell_lines(closing, 0)
    assert recipients[0] == "Nơi nhận:" and recipients[-1] == "- Lưu: VT."
    assert "- UBND thị xã Hoài Nhơn;" in recipients
    assert _cell_lines(closing, 1) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Nam"]


def test_party_docx_header_follows_guidance_36(party_version):
    doc = _docx(party_version)
    left, right = _cell_lines(doc.tables[0], 0), _cell_lines(doc.tables[0], 1)
    assert left == ["QUẬN ỦY BẮC TỪ LIÊM", "BAN DÂN VẬN", "*", party_version.number_text]
    assert party_version.number_text == "Số 1-BC/BDVQU"  # the body's first report of the 2020 term
    assert right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Bắc Từ Liêm, ngày 20 tháng 12 năm 2022"]


def test_docx_is_times_new_roman_a4_with_page_numbers_from_page_2(party_version):
    doc = _docx(party_version)
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert round(section.left_margin.cm, 1) == layout.PAGE["left_cm"]
    assert doc.styles["Normal"].font.name == "Times New Roman"
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs if r.text}
    fonts |= {
        r.font.name for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
    }
    assert fonts <= {"Times New Roman", None}
    # page 1 has its own (empty) header; the others a PAGE field centred at the top
    assert section.different_first_page_header_footer
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    xml = section.header._element.xml
    assert "PAGE" in xml and "fldChar" in xml
    assert section.header.paragraphs[0].alignment == 1  # centre


def test_docx_appendix_numbered_with_reference_and_repeated_header_rows(party_version):
    doc = _docx(party_version)
    texts = [p.text for p in doc.paragraphs]
    titles = [t for t in texts if re.fullmatch(r"Phụ lục [IVX]+", t)]
    assert titles == [f"Phụ lục {n}" for n in layout.ROMAN[: len(titles)]] and titles
    reference = "(Kèm theo Báo cáo số 1-BC/BDVQU ngày 20/12/2022 của Ban Dân vận Quận ủy Bắc Từ Liêm)"
    assert texts.count(reference) == len(titles)
    grids = doc.tables[2:]
    assert len(grids) == len(titles)
    for grid in grids:
        assert grid.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        # numbers right-aligned: every cell of the total row after the first
        total = grid.rows[-1].cells
        assert all(c.paragraphs[0].alignment == 2 for c in total[1:] if c.text.replace(".", "").isdigit())


def test_a_draft_shows_du_thao_and_no_number(demo_db):
    from reports.models import Report
    from reports.render import build_content, render_docx

    report = Report.objects.get(kind="year", unit__name="Phường Tam Quan Nam", year=2022)
    doc = Document(io.BytesIO(render_docx(build_content(report), report.body)))
    assert "DỰ THẢO" in [p.text for p in doc.paragraphs]
    assert not re.search(r"\d", _cell_lines(doc.tables[0], 0)[-1])


# ------------------------------------------------------------------------------------ PDF
def _title_rule(pdf: Pdf, first_heading: str) -> dict:
    """The drawn line under the report's title: 3 cm (reports.layout), centred over the text
    width, just under the subtitle's last line and above the first heading."""
    words = pdf.words[0]
    heading = find_line(words, first_heading)
    title = find_line(words, "BÁO CÁO")
    rules = rules_between(pdf.rules[0], LEFT, RIGHT, title["bottom"], heading["top"])
    assert len(rules) == 1, rules
    rule = rules[0]
    assert abs((rule["x1"] - rule["x0"]) - 3.0 * CM) < 0.05 * CM
    assert abs((rule["x0"] + rule["x1"]) / 2 - MIDDLE) < 0.1 * CM
    above = text_above(words, rule["top"], rule["x0"], rule["x1"])
    assert 0 < rule["top"] - above < 6  # right under the subtitle
    assert text_below(words, rule["top"])["top"] == heading["top"]  # nothing between it and the heading
    return rule


def _rule_under(pdf: Pdf, text: dict, below: dict) -> dict:
    """The one drawn line between the line ``text`` and the line ``below`` in the same column."""
    rules = rules_between(pdf.rules[0], text["x0"] - CM, text["x1"] + CM, text["bottom"], below["top"])
    assert len(rules) == 1, f"no single drawn line under the text: {rules}"
    rule = rules[0]
    assert 0 < rule["top"] - text["bottom"] < 6  # right under it
    assert abs(rule["thickness"] - RULE_PT) < 0.3
    return rule


def test_state_pdf_national_title_motto_line_page_numbers_and_margins(state_version):
    pdf = Pdf(_pdf(state_version))
    first = pdf.words[0]
    national = find_line(first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = find_line(first, "Độc lập - Tự do - Hạnh phúc")
    assert national["one_line"] and motto["one_line"]
    assert motto["top"] > national["bottom"] - 1  # the motto on the next line
    assert national["x0"] > LEFT + layout.HEADER_COLUMNS_CM[0] * CM - 0.2 * CM  # the right column
    assert national["x1"] <= RIGHT + 0.05 * CM
    assert abs((national["x0"] + national["x1"]) / 2 - (motto["x0"] + motto["x1"]) / 2) < 0.2 * CM  # centred
    # the national title in bold
    bold = {f for t, f, top in pdf.char_fonts[0] if abs(top - national["top"]) < 1 and t in "CỘNGHÒA"}
    assert bold and all("Bold" in f for f in bold)
    # a line drawn under the motto, as long as the motto
    place = find_line(first, "Tam Quan Nam, ngày 25 tháng 12 năm 2022")
    rule = _rule_under(pdf, motto, place)
    assert abs(rule["x0"] - motto["x0"]) < 0.1 * CM and abs(rule["x1"] - motto["x1"]) < 0.1 * CM
    # a line under the issuing body's name, a third to a half of it (NĐ 30), centred under it
    body = find_line(first, "PHƯỜNG TAM QUAN NAM")
    number = find_line(first, "Số: 01/BC-UBND")
    rule = _rule_under(pdf, body, number)
    name_width = body["x1"] - body["x0"]
    assert name_width / 3 - 1 <= rule["x1"] - rule["x0"] <= name_width / 2 + 1
    assert abs((rule["x0"] + rule["x1"]) / 2 - (body["x0"] + body["x1"]) / 2) < 0.1 * CM
    assert rule["x1"] < LEFT + layout.HEADER_COLUMNS_CM[0] * CM  # in the left column
    # the line under the title; no other line drawn on page 1
    title_rule = _title_rule(pdf, "I. TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN")
    assert len(pdf.rules[0]) == 3 and title_rule in pdf.rules[0]
    assert_page_numbers_and_margins(pdf)
    assert_embedded_font(pdf)
    write_pictures(pdf.raw, "state", [1, 2, len(pdf)])


def test_party_pdf_header_line_and_appendix_page(party_version):
    pdf = Pdf(_pdf(party_version))
    first = pdf.words[0]
    title = find_line(first, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert title["one_line"]
    assert title["x0"] > LEFT + layout.HEADER_COLUMNS_CM[0] * CM - 0.2 * CM  # the right column
    place = find_line(first, "Bắc Từ Liêm, ngày 20 tháng 12 năm 2022")
    rule = _rule_under(pdf, title, place)
    assert abs(rule["x0"] - title["x0"]) < 0.1 * CM and abs(rule["x1"] - title["x1"]) < 0.1 * CM
    # the party's left column: no drawn line, a "*" centred under the issuing body
    body = find_line(first, "BAN DÂN VẬN")
    star = next(w for w in first if w["text"] == "*")
    assert star["top"] > body["bottom"] - 1
    assert abs((star["x0"] + star["x1"]) / 2 - (body["x0"] + body["x1"]) / 2) < 0.2 * CM
    assert not rules_between(pdf.rules[0], LEFT, LEFT + layout.HEADER_COLUMNS_CM[0] * CM, 0, star["top"])
    title_rule = _title_rule(pdf, "I. TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN")
    assert len(pdf.rules[0]) == 2 and title_rule in pdf.rules[0]
    appendix_pages = [i for i, words in enumerate(pdf.words) if "Phụ lục I" in " ".join(w["text"] for w in words[:12])]
    assert appendix_pages
    words = pdf.words[appendix_pages[0]]
    find_line(words, "(Kèm theo Báo cáo số 1-BC/BDVQU ngày 20/12/2022 của Ban Dân vận Quận ủy Bắc Từ Liêm)")
    assert_page_numbers_and_margins(pdf)
    assert_embedded_font(pdf)
    write_pictures(pdf.raw, "party", [1, 2, appendix_pages[0] + 1])


def test_docx_and_pdf_carry_the_same_lines(state_version):
    """One definition: every line of the DOCX header and closing prints in the PDF."""
    doc = _docx(state_version)
    text = " ".join(w["text"] for page in Pdf(_pdf(state_version)).words for w in page)
    for table in doc.tables[:2]:
        for cell in table.rows[0].cells:
            for p in cell.paragraphs:
                if p.text.strip():
                    assert " ".join(p.text.split()) in text


@pytest.mark.parametrize(
    ("superior", "abbreviation", "kind", "year", "next_period"),
    [
        ("THÀNH ỦY HÀ NỘI", "BTGDV", "year", 2025, "năm 2026"),  # today's province-level commission
        ("QUẬN ỦY BẮC TỪ LIÊM", "BDVQU", "half_year", 2022, "6 tháng cuối năm 2022"),  # a pre-2025 district
        ("", "UBND", "half_year", 2022, "6 tháng cuối năm 2022"),  # a ward's people's committee
    ],
)
def test_every_level_drafts_in_the_official_layout(demo_db, superior, abbreviation, kind, year, next_period):
    from reports import services
    from reports.models import IssuingBody
    from reports.render import build_content, render_docx, render_pdf

    body = IssuingBody.objects.filter(superior_name=superior, abbreviation=abbreviation).order_by("pk").first()
    report = services.report_draft(by=system_actor(), kind=kind, unit=body.area, body=body, year=year)
    content = build_content(report)
    doc = Document(io.BytesIO(render_docx(content, body)))
    left = _cell_lines(doc.tables[0], 0)
    assert left[: len(body.name_lines) + bool(superior)] == ([superior] if superior else []) + body.name_lines
    headings = [s["heading"] for s in content["sections"]]
    assert headings[0] == "I. TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN"
    assert any(h.endswith(f"PHƯƠNG HƯỚNG, NHIỆM VỤ {next_period.upper()}") for h in headings)
    words = Pdf(render_pdf(content)).words
    text = " ".join(w["text"] for w in words[0])
    assert "DỰ THẢO" in text and all(line in text for line in body.name_lines)
