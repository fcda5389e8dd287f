"""The official layout (Hướng dẫn 36-HD/VPTW, Nghị định 30/2020/NĐ-CP), drawn from one definition
(reports.layout) as DOCX and PDF: the DOCX read back with python-docx, the PDF with poppler
(``pdftotext -bbox-layout`` for where words are, ``pdftoppm`` pixels for the drawn lines,
``pdffonts`` for the embedded font). Positions are in points (1 cm = 28,35 pt).

Set DANVAN_REPORT_PICTURES to a directory to write page pictures of the demo reports there (the
reference pictures under docs/reports/ were made so)."""

import datetime as dt
import html
import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from accounts.system import system_actor
from reports import layout

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdftoppm"), reason="poppler missing"),
]

CM = 72 / 2.54
PAGE_W = layout.PAGE["width_cm"] * CM
LEFT = layout.PAGE["left_cm"] * CM
RIGHT = PAGE_W - layout.PAGE["right_cm"] * CM
TOP = layout.PAGE["top_cm"] * CM


# ------------------------------------------------------------------------------------ PDF reading
def pdf_words(pdf: bytes) -> list[list[dict]]:
    """Words of each page with their boxes (poppler's bbox layout)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "r.pdf")
        path.write_bytes(pdf)
        out = subprocess.run(
            ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", out, flags=re.S):
        words = []
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page
        ):
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            words.append({"x0": x0, "y0": y0, "x1": x1, "y1": y1, "text": html.unescape(m.group(5))})
        pages.append(words)
    return pages


def find_line(words, text: str) -> dict:
    """The box of a run of words reading ``text`` on one line."""
    wanted = text.split()
    for i in range(len(words) - len(wanted) + 1):
        run = words[i : i + len(wanted)]
        if [w["text"] for w in run] == wanted:
            return {
                "x0": run[0]["x0"],
                "x1": run[-1]["x1"],
                "y0": min(w["y0"] for w in run),
                "y1": max(w["y1"] for w in run),
                "one_line": len({round(w["y0"]) for w in run}) == 1,
            }
    raise AssertionError(f"{text!r} is not on one line of the page")


def page_pixels(pdf: bytes, page: int, dpi: int = 144):
    """(image, scale) of one page, greyscale: a drawn line is a row of dark pixels."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "r.pdf")
        path.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-gray",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                "-png",
                str(path),
                str(Path(tmp, "p")),
            ],
            check=True,
        )
        png = next(Path(tmp).glob("p*.png"))
        return Image.open(png).convert("L"), dpi / 72


def dark_runs_between(image, scale, x0: float, x1: float, y0: float, y1: float) -> list[tuple[float, float]]:
    """Horizontal dark runs (start, end in points) longer than 1 cm on rows between y0 and y1
    and inside x0–x1 — drawn lines, not letters."""
    px = image.load()
    runs = []
    for y in range(int(y0 * scale), int(y1 * scale) + 1):
        start = None
        for x in range(int(x0 * scale), int(x1 * scale)):
            dark = px[x, y] < 100
            if dark and start is None:
                start = x
            if (not dark or x == int(x1 * scale) - 1) and start is not None:
                if (x - start) / scale > CM:
                    runs.append((start / scale, x / scale))
                start = None
    return runs


def write_pictures(pdf: bytes, name: str, pages: list[int]) -> None:
    target = os.environ.get("DANVAN_REPORT_PICTURES")
    if not target:
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "r.pdf")
        path.write_bytes(pdf)
        for page in pages:
            subprocess.run(
                ["pdftoppm", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile", "-png", str(path),
                 str(Path(target, f"{name}-page-{page}"))],
                check=True,
            )  # fmt: skip


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
def test_state_pdf_national_title_motto_line_page_numbers_and_margins(state_version):
    pdf = _pdf(state_version)
    pages = pdf_words(pdf)
    assert len(pages) >= 2
    first = pages[0]
    national = find_line(first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = find_line(first, "Độc lập - Tự do - Hạnh phúc")
    assert national["one_line"] and motto["one_line"]
    middle = (LEFT + RIGHT) / 2
    assert national["x0"] > middle - 2 * CM and motto["x0"] > middle  # the right column
    assert abs((national["x0"] + national["x1"]) / 2 - (motto["x0"] + motto["x1"]) / 2) < 0.2 * CM  # centred
    # a line drawn under the motto, as long as the motto
    image, scale = page_pixels(pdf, 1)
    place = find_line(first, "Tam Quan Nam, ngày 25 tháng 12 năm 2022")
    runs = dark_runs_between(image, scale, motto["x0"] - CM, motto["x1"] + CM, motto["y1"], place["y0"])
    assert runs, "no line under the motto"
    start, end = runs[0]
    assert abs(start - motto["x0"]) < 0.3 * CM and abs(end - motto["x1"]) < 0.3 * CM
    # a line under the issuing body's name (left column)
    body = find_line(first, "PHƯỜNG TAM QUAN NAM")
    number = find_line(first, "Số: 01/BC-UBND")
    assert dark_runs_between(image, scale, LEFT, middle, body["y1"], number["y0"])
    # no page number on page 1; "2" centred at the top of page 2
    assert not [w for w in first if w["y1"] < TOP]
    top2 = [w for w in pages[1] if w["y1"] < TOP]
    assert [w["text"] for w in top2] == ["2"]
    assert abs((top2[0]["x0"] + top2[0]["x1"]) / 2 - middle) < 0.3 * CM
    # nothing printed in the side margins
    for words in pages:
        assert all(w["x0"] >= LEFT - 0.1 * CM and w["x1"] <= RIGHT + 0.1 * CM for w in words)
    write_pictures(pdf, "state", [1, 2, len(pages)])


def test_party_pdf_header_line_and_appendix_page(party_version):
    pdf = _pdf(party_version)
    pages = pdf_words(pdf)
    first = pages[0]
    title = find_line(first, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert title["x0"] > (LEFT + RIGHT) / 2 - 2 * CM
    image, scale = page_pixels(pdf, 1)
    place = find_line(first, "Bắc Từ Liêm, ngày 20 tháng 12 năm 2022")
    runs = dark_runs_between(image, scale, title["x0"] - CM, title["x1"] + CM, title["y1"], place["y0"])
    assert runs and abs(runs[0][0] - title["x0"]) < 0.3 * CM and abs(runs[0][1] - title["x1"]) < 0.3 * CM
    appendix_pages = [i for i, words in enumerate(pages) if "Phụ lục I" in " ".join(w["text"] for w in words[:12])]
    assert appendix_pages
    words = pages[appendix_pages[0]]
    find_line(words, "(Kèm theo Báo cáo số 1-BC/BDVQU ngày 20/12/2022 của Ban Dân vận Quận ủy Bắc Từ Liêm)")
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True).stdout.decode()
    if fonts:  # poppler's pdffonts reads stdin on recent versions only
        assert re.search(r"Liberation.?Serif", fonts)
    write_pictures(pdf, "party", [1, 2, appendix_pages[0] + 1])


def test_docx_and_pdf_carry_the_same_lines(state_version):
    """One definition: every line of the DOCX header and closing prints in the PDF."""
    doc = _docx(state_version)
    text = " ".join(w["text"] for page in pdf_words(_pdf(state_version)) for w in page)
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
    words = pdf_words(render_pdf(content))
    text = " ".join(w["text"] for w in words[0])
    assert "DỰ THẢO" in text and all(line in text for line in body.name_lines)
