"""A ward head builds a report in a real (headless) browser, edits a section, issues it and
downloads the DOCX; the overview draws its charts."""

import io
import re

import pytest
from docx import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_ward_head_drafts_edits_issues_and_downloads_a_report(login, browser_page, bodies, tree):
    page = login("ward_head")
    page.goto("/bao-cao/")
    page.click("[data-testid=report-create]")
    page.select_option("#id_kind", "year")
    page.select_option("#id_body", str(bodies["state"].pk))
    page.fill("#id_year", "2022")
    page.click("[data-testid=report-draft]")
    page.wait_for_url(re.compile(r"/bao-cao/\d+/$"))
    assert "Tổng kết công tác dân vận" in page.inner_text("h1")

    page.fill("[data-testid=text-tasks]", "Năm 2023, phường tập trung nhân rộng mô hình “Camera an ninh”.")
    page.click("[data-testid=save-tasks]")
    page.wait_for_selector("[data-testid=section-saved]")

    page.fill("#id_issued_on", "05/01/2023")
    page.locator("#id_issued_on").evaluate("el => el._flatpickr && el._flatpickr.close()")
    page.click("[data-testid=issue]")
    page.wait_for_selector("[data-testid=issued-text]")
    assert page.inner_text("[data-testid=report-number]") == "Số: 01/BC-UBND"
    assert "Cổ Nhuế 1, ngày 05 tháng 01 năm 2023" in page.inner_text("[data-testid=issued-text]")

    with page.expect_download() as info:
        page.click("[data-testid=download-docx]")
    doc = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Năm 2023, phường tập trung nhân rộng mô hình “Camera an ninh”." in text
    header = doc.tables[0].rows[0].cells[0].text
    assert "Số: 01/BC-UBND" in header


def test_the_overview_draws_its_charts_without_inline_script(login, browser_page, tree):
    errors = []
    browser_page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page = login("district_reviewer")
    page.goto(f"/tong-quan/?unit={tree['btl'].pk}&year=2022")
    page.wait_for_function("window.dashboardReady === true")
    assert page.locator("canvas#chart-field").is_visible()
    assert not [e for e in errors if "Content Security Policy" in e]
