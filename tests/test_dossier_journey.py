"""A reward dossier from nomination to the printed certificate, in a real (headless) browser: the
ward clerk draws up the proposal letter with a candidate and her achievement report and submits it
to the district; the district reviewer records the emulation council's vote and issues the
decision, whose number is given automatically; the certificate is downloaded as PDF, its page
rendered, and its text read back for the recipient's name and the decision number.

Pages are reached through the menu and the pages' own links; units are chosen with the picker."""

import re
import shutil
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CANDIDATE = "Nguyễn Thị Hoa"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _menu(page, group, item):
    page.click(f"[data-testid=menu-{group}] .dropdown-toggle")
    page.click(f"[data-testid=menu-{group}] .dropdown-menu a:has-text('{item}')")
    page.wait_for_load_state()


def _pick(page, field, typed, option):
    page.fill(f"#id_{field}_text", typed)
    choice = page.locator(f"#id_{field}_listbox [role=option]").filter(has_text=option).first
    for _attempt in range(3):
        # The in-memory SQLite test database refuses a read while another request thread writes
        # (no busy wait in shared cache); the picker then says the search failed, and ↓ retries
        # it as a user would.
        try:
            choice.wait_for(timeout=10000)
            break
        except PlaywrightTimeout:
            page.press(f"#id_{field}_text", "ArrowDown")
    choice.click()


def _date(page, selector, value):
    page.fill(selector, value)
    page.keyboard.press("Escape")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.skipif(not shutil.which("pdftoppm") or not shutil.which("pdftotext"), reason="poppler-utils missing")
def test_a_dossier_goes_from_nomination_through_the_council_to_a_printed_certificate(
    browser_page, login, tree, personas, media, tmp_path
):
    from awards.models import AwardDecision, Dossier, DossierStatus

    today = timezone.localdate()
    day = today.strftime("%d/%m/%Y")
    letter = tmp_path / "to-trinh.pdf"
    letter.write_bytes(PDF)
    # Generous waits: the certificate is rendered server-side and shared test machines are slow.
    browser_page.set_default_timeout(60000)

    # 1. The ward clerk draws up the proposal letter to the district.
    page = login("ward_clerk")
    _menu(page, "registry", "Hồ sơ khen thưởng")
    page.click("[data-testid=dossier-create]")
    _pick(page, "proposer", "Cổ Nhuế", "Phường Cổ Nhuế 1")
    _pick(page, "issuer", "Bắc Từ Liêm", "Quận Bắc Từ Liêm")
    page.fill("#id_issuer_title", "Ban Thường vụ Quận ủy")
    page.fill("#id_year", str(today.year))
    page.select_option("#id_reward_form", label="Giấy khen")
    page.fill("#id_letter_number", "15/TTr-UBND")
    _date(page, "#id_letter_date", day)
    page.set_input_files("#id_letter_file", str(letter))
    page.click("[data-testid=dossier-save]")
    page.wait_for_url(re.compile(r"/khen-thuong/ho-so/\d+/$"))
    assert "Tờ trình chưa có ứng viên nào." in page.inner_text("[data-testid=dossier-missing]")

    # 2. She adds a candidate of the ward, without a report first: the page says what is missing.
    page.click("[data-testid=candidate-add]")
    page.select_option("#id_kind", "individual")
    _pick(page, "unit", "Cổ Nhuế", "Phường Cổ Nhuế 1")
    page.fill("#id_name", CANDIDATE)
    page.fill("#id_position", "Chi hội trưởng Chi hội Phụ nữ")
    page.click("[data-testid=candidate-save]")
    page.wait_for_url(re.compile(r"/khen-thuong/ho-so/\d+/$"))
    assert f"Chưa có báo cáo thành tích của {CANDIDATE}." in page.inner_text("[data-testid=dossier-missing]")

    # 3. The achievement report is drafted from the registry, completed and saved; then submitted.
    page.click("[data-testid=report-edit]")
    page.click("[data-testid=report-draft]")
    page.wait_for_function("document.querySelector('#id_report_text').value.includes('BÁO CÁO')")
    drafted = page.input_value("#id_report_text")
    assert f"BÁO CÁO THÀNH TÍCH CỦA {CANDIDATE.upper()}" in drafted
    page.fill("#id_report_text", drafted + "\nVận động 120 hộ hiến đất mở đường.")
    page.click("[data-testid=report-save]")
    page.wait_for_url(re.compile(r"/khen-thuong/ho-so/\d+/$"))
    assert page.locator("[data-testid=dossier-missing]").count() == 0
    page.click("[data-testid=dossier-submit]")
    page.wait_for_selector("[data-testid=dossier-status]:has-text('Đã gửi')")
    dossier = Dossier.objects.get()
    assert dossier.status == DossierStatus.SUBMITTED

    # 4. The district reviewer records the council: five members, four votes for her.
    page.context.clear_cookies()
    page = login("district_reviewer")
    _menu(page, "registry", "Hồ sơ khen thưởng")
    page.click("text=15/TTr-UBND")
    page.click("[data-testid=dossier-council]")
    page.fill(
        "#id_members", "Ông Nguyễn Văn An\nBà Trần Thị Bình\nÔng Lê Văn Cường\nBà Phạm Thị Dung\nÔng Hoàng Văn Em"
    )
    _date(page, "#id_meeting_date", day)
    candidate = dossier.candidates.get()
    page.fill(f"#id_votes_for_{candidate.pk}", "4")
    page.fill(f"#id_votes_against_{candidate.pk}", "9")  # more votes than members: refused, typing kept
    page.click("[data-testid=council-save]")
    page.wait_for_selector("main :text('vượt quá 5 thành viên')")
    assert page.input_value("#id_members").startswith("Ông Nguyễn Văn An")
    page.fill(f"#id_votes_against_{candidate.pk}", "1")
    page.click("[data-testid=council-save]")
    page.wait_for_selector("[data-testid=dossier-status]:has-text('Hội đồng đã xét')")
    assert "Đạt" in page.inner_text("[data-testid=candidate-table]")

    # 5. The decision is issued without typing a number.
    page.click("[data-testid=dossier-decide]")
    _date(page, "#id_date", day)
    page.fill("#id_signer", "Trần Văn Cường")
    page.click("[data-testid=decide-save]")
    page.wait_for_url(re.compile(r"/khen-thuong/\d+/$"))
    decision = AwardDecision.objects.get()
    assert decision.number == "1/QĐ-KT" and decision.status == "issued"
    assert "1/QĐ-KT" in page.inner_text("main")

    # 6. The certificates are printed: the PDF downloaded, its page rendered and its text read.
    href = page.get_attribute("[data-testid=award-certificates]", "href")
    response = page.context.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "bang.pdf"
    pdf.write_bytes(response.body())
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    image = next(tmp_path.glob("page*.png"))
    width, height = _png_size(image.read_bytes())
    assert width > height  # A4 landscape
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert CANDIDATE.upper() in text.upper()
    assert "1/QĐ-KT" in text
    assert "GIẤY KHEN" in text


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
