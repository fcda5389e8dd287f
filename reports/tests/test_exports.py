"""DOCX from the editable templates (and their validation), XLSX appendix, PDF with an embedded
Times-metric font carrying the Vietnamese diacritics."""

import copy
import datetime as dt
import io
import re
import shutil
import subprocess
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import load_workbook

from accounts.system import system_actor
from reports import render, services
from reports.docx_builder import build

SAMPLE = copy.deepcopy(render.SAMPLE_CONTENT)
VIETNAMESE = "Trong năm 2022, toàn quận có 78 tập thể, 27 cá nhân đăng ký; Đống Đa, Tây Hồ, Bắc Từ Liêm: ặ ỹ ự ở."
SAMPLE["sections"][0]["paragraphs"] = [VIETNAMESE]


def _upload(data: bytes, name="mau.docx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _lines(cell) -> list[str]:
    return [line for line in cell.text.splitlines() if line.strip()]  # drawn lines are empty paragraphs


def test_the_official_layout_renders_the_party_and_state_headers(bodies):
    from docx.oxml.ns import qn

    party = Document(io.BytesIO(render.render_docx(SAMPLE, bodies["party"])))
    cells = party.tables[0].rows[0].cells
    assert _lines(cells[0]) == ["QUẬN ỦY", "BAN DÂN VẬN", "*", "Số 1-BC/BDVQU"]
    assert _lines(cells[1])[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    national = cells[1].paragraphs[0].runs[0]
    assert national.bold
    drawn = cells[1].paragraphs[1]  # the line under it, drawn as a border
    assert not drawn.text and drawn._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None
    date_run = party.tables[0].rows[0].cells[1].paragraphs[-1].runs[0]
    assert date_run.italic
    assert VIETNAMESE in [p.text for p in party.paragraphs]
    state_content = copy.deepcopy(SAMPLE)
    state_content["header"].update(
        kind="state",
        number="Số: 05/BC-UBND",
        national=render.STATE_NATIONAL,
        body_lines=["ỦY BAN NHÂN DÂN", "PHƯỜNG X"],
    )
    state = Document(io.BytesIO(render.render_docx(state_content, bodies["state"])))
    left, right = (_lines(c) for c in state.tables[0].rows[0].cells)
    assert "Số: 05/BC-UBND" in left and right[:2] == render.STATE_NATIONAL


def test_appendix_tables_replace_their_mark_in_the_document(bodies):
    doc = Document(io.BytesIO(render.render_docx(SAMPLE, bodies["party"])))
    assert render.APPENDIX_MARK not in "\n".join(p.text for p in doc.paragraphs)
    table = doc.tables[-1]
    assert [c.text for c in table.rows[-1].cells] == ["Tổng", "1"]


def test_an_uploaded_template_must_be_a_real_docx(bodies, personas):
    with pytest.raises(ValidationError) as exc:
        services.body_update(body=bodies["party"], by=system_actor(), template=_upload(b"not a zip"))
    assert "template" in exc.value.error_dict


def test_an_uploaded_template_must_hold_the_expected_variables(bodies, tmp_path):
    doc = Document()
    doc.add_paragraph("{{ title }} only")
    path = tmp_path / "thieu.docx"
    doc.save(path)
    with pytest.raises(ValidationError) as exc:
        services.body_update(body=bodies["party"], by=system_actor(), template=_upload(path.read_bytes()))
    assert "sections" in str(exc.value)


def test_an_uploaded_template_with_broken_tags_is_refused_in_vietnamese(bodies, tmp_path):
    from django.utils import translation

    doc = Document()
    doc.add_paragraph("{% for s in sections %} {{ number }")
    path = tmp_path / "hong.docx"
    doc.save(path)
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        services.body_update(body=bodies["party"], by=system_actor(), template=_upload(path.read_bytes()))
    assert "Không đọc được mẫu" in str(exc.value)


def test_a_valid_edited_template_is_stored_and_used(bodies, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = build("party", tmp_path / "party.docx")
    doc = Document(path)
    doc.add_paragraph("Mẫu riêng của Ban Dân vận")
    doc.save(path)
    body = services.body_update(body=bodies["party"], by=system_actor(), template=_upload(path.read_bytes()))
    out = Document(io.BytesIO(render.render_docx(SAMPLE, body)))
    assert "Mẫu riêng của Ban Dân vận" in [p.text for p in out.paragraphs]


def test_xlsx_appendix_escapes_cells_that_would_run_as_formulas():
    content = copy.deepcopy(SAMPLE)
    content["appendix"] = [
        {
            "title": "Phụ lục 1",
            "columns": ["Đơn vị", "Số"],
            "rows": [["=HYPERLINK(1)", 3], ["+Tổ 1", 2], ["-", 1], ["@x", 0]],
            "total": ["Tổng cộng", 6],
        }  # fmt: skip
    ]
    ws = load_workbook(io.BytesIO(render.render_xlsx(content))).worksheets[0]
    first = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
    start = first.index("Đơn vị") + 1
    assert first[start : start + 4] == ["'=HYPERLINK(1)", "'+Tổ 1", "'-", "'@x"]
    assert ws.cell(row=start + 5, column=2).value == 6


def _pdf_streams(pdf: bytes):
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            yield zlib.decompress(raw)
        except zlib.error:
            continue


def test_the_pdf_is_a4_and_embeds_liberation_serif_with_vietnamese_glyphs():
    pdf = render.render_pdf(SAMPLE)
    assert pdf.startswith(b"%PDF")
    streams = list(_pdf_streams(pdf))
    fonts = {name for s in streams for name in re.findall(rb"/FontName\s*/[A-Z]{6}\+([A-Za-z\-]+)", s)}
    assert b"Liberation-Serif" in fonts and b"Liberation-Serif-Bold" in fonts
    assert any(b"/FontFile2" in s for s in streams)
    cmaps = b"".join(s for s in streams if b"begincmap" in s).upper()
    for char in "ặỹựởĐđ":  # each diacritic letter maps to a glyph of the embedded font
        assert f"{ord(char):04X}".encode() in cmaps, char
    assert any(b"/MediaBox [0 0 595" in s for s in streams) or b"/MediaBox [0 0 595" in pdf


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="poppler-utils is not installed on this machine",
)
def test_the_pdf_first_page_renders_with_its_vietnamese_text(tmp_path):
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(render.render_pdf(SAMPLE))
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")], check=True)
    pages = list(tmp_path.glob("p*.png"))
    assert pages and pages[0].stat().st_size > 5_000  # a page with text, not a blank one
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    # The words come back with their diacritics: the embedded font maps every glyph to the right letter.
    for word in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Đống Đa", "Bắc Từ Liêm", "ặ ỹ ự ở"):
        assert word in text, word


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed; DOCX→PDF not checked")
def test_the_docx_converts_to_pdf_with_libreoffice(bodies, tmp_path):
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(render.render_docx(SAMPLE, bodies["party"]))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)], check=True, timeout=120
    )
    assert (tmp_path / "bao-cao.pdf").read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "bao-cao.pdf"), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Đống Đa" in text


def test_exports_of_an_issued_report_come_from_the_frozen_version(client_as, bodies, tree):
    from django.urls import reverse

    report = services.report_draft(
        by=system_actor(), kind="year", unit=tree["conhue1"], body=bodies["state"], year=2022
    )
    version = services.report_issue(report=report, by=system_actor(), issued_on=dt.date(2023, 1, 5))
    client = client_as("ward_head")
    docx = client.get(reverse("reports:export", args=[report.pk, "docx"]))
    assert docx.status_code == 200 and docx.content == bytes(version.docx)
    assert 'filename="so-01bc-ubnd.docx"' in docx["Content-Disposition"]
    pdf = client.get(reverse("reports:export", args=[report.pk, "pdf"]) + "?version=1")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("reports:export", args=[report.pk, "pdf"]) + "?version=9").status_code == 404


def test_the_worker_stores_the_pdf_of_an_issued_version(bodies, tree, settings):
    from reports.models import ReportVersion
    from reports.tasks import render_version_pdf

    report = services.report_draft(
        by=system_actor(), kind="year", unit=tree["conhue1"], body=bodies["state"], year=2022
    )
    version = services.report_issue(report=report, by=system_actor(), issued_on=dt.date(2023, 1, 5))
    assert render_version_pdf.call(version.pk) > 0
    stored = bytes(ReportVersion.objects.get(pk=version.pk).pdf)
    assert stored.startswith(b"%PDF")
    assert render_version_pdf.call(version.pk) == 0  # rendered once


def test_issuing_queues_the_pdf_for_the_worker(bodies, tree, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    report = services.report_draft(
        by=system_actor(), kind="year", unit=tree["conhue1"], body=bodies["state"], year=2022
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = services.report_issue(report=report, by=system_actor(), issued_on=dt.date(2023, 1, 5))
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "reports.tasks.render_version_pdf" and queued.args_kwargs["args"] == [version.pk]
