"""Today's officials do their whole cycle through the menu, on the demo's units of today and on
today's date: the clerk of the new Phường Đông Ngạc registers a model and enters the open year
form, the ward head sees it, the city reviewer approves it, and the city leader finds the clerk's
figures on the overview and in a drafted annual report — in a real (headless) browser.

Only the sign-in page and the home page are typed; everything else is reached by the menu and the
pages' own links and buttons. Selectors that depend on the unit widget are marked ``# unit widget``."""

import re

import pytest
from django.test import override_settings
from django.utils import timezone

from danvan.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MODEL_NAME = "Dân vận khéo trong chỉnh trang ngõ xóm Đông Ngạc"
# Above a thousand, so the Vietnamese thousands dot shows; resolved ≤ raised, handled ≤ received.
RAISED, RESOLVED = 1234, 1200
RECEIVED, HANDLED = 1520, 1368


def _pdf() -> bytes:
    """A tiny but well-formed one-page PDF (byte offsets in the xref table computed, not guessed)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@pytest.fixture
def demo_world(tmp_path):
    """The whole demo in the live server's database (the test flushes it afterwards)."""
    from reports.tests.conftest import load_demo

    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield load_demo()


@pytest.fixture
def sign_in(browser_page):
    def _sign_in(username):
        page = browser_page
        page.context.clear_cookies()
        page.goto("/tai-khoan/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("[data-testid=login-submit]")
        page.wait_for_url(lambda url: "/dang-nhap/" not in url)
        page.goto("/")
        return page

    return _sign_in


def _menu(page, group, item):
    page.click(f"[data-testid=menu-{group}] .dropdown-toggle")
    page.click(f"[data-testid=menu-{group}] .dropdown-menu a:has-text('{item}')")
    page.wait_for_load_state()


def _type_value(page, element, value):
    """Type one statistics value and wait for its autosave answer."""
    feedback = f"#fb-{element.pk}-0"
    page.evaluate(f"document.querySelector('{feedback}').innerHTML = ''")
    page.fill(f"#v-{element.pk}-0", value)
    page.wait_for_selector(f"{feedback} [data-saved]")


def test_todays_officials_do_their_whole_cycle_through_the_menu(demo_world, sign_in, tmp_path):
    from stats.models import DataElement, DataSet, Status, Submission

    ward = demo_world.units["Phường Đông Ngạc (2025)"]
    year = timezone.localdate().year
    year_form = DataSet.objects.get(code="BC_DV_NAM")
    pdf = tmp_path / "bien-ban.pdf"
    pdf.write_bytes(_pdf())

    # 1. The clerk registers a model for this year, with a file and socialized funding.
    page = sign_in("vanthu.dongngac")
    _menu(page, "registry", "Mô hình")
    page.click("[data-testid=new-initiative]")
    page.fill("#id_name", MODEL_NAME)
    page.select_option("#id_field", index=1)
    assert page.input_value("#id_year") == str(year)
    assert page.input_value("#id_unit") == str(ward.pk)  # unit widget: preset to the clerk's ward of today
    page.fill("#id_start_date", f"01/03/{year}")
    page.keyboard.press("Escape")
    page.fill("#id_funding_social", "150.000.000")
    page.set_input_files("#id_evidence_file", str(pdf))
    page.click("[data-testid=save-register]")
    page.wait_for_url(re.compile(r"/mo-hinh/\d+/$"))
    main = page.inner_text("main")
    assert MODEL_NAME in main and "150.000.000 đ" in main
    assert "bien-ban.pdf" in main

    # 2. The clerk opens the open year form from the chooser and submits it.
    _menu(page, "stats", "Nhập số liệu")
    assert page.input_value("#id_data_set") == str(year_form.pk)
    assert page.input_value("#id_period") == str(year)
    assert page.input_value("#id_unit") == str(ward.pk)  # unit widget
    page.click("[data-testid=open-form]")
    page.wait_for_selector("[data-testid=submit-form]")
    raised = DataElement.objects.get(code="RECOMMENDATIONS_RAISED")
    resolved = DataElement.objects.get(code="RECOMMENDATIONS_RESOLVED")
    _type_value(page, raised, _vn(RAISED))
    _type_value(page, resolved, _vn(RESOLVED))
    _type_value(page, DataElement.objects.get(code="COMPLAINTS_RECEIVED"), _vn(RECEIVED))
    _type_value(page, DataElement.objects.get(code="COMPLAINTS_RESOLVED"), _vn(HANDLED))
    page.click("[data-testid=submit-form]")
    page.wait_for_selector("[data-testid=status]:has-text('Đã gửi')")
    submission = Submission.objects.get(data_set=year_form, period=str(year), unit=ward)
    assert submission.status == Status.SUBMITTED

    # 3. The ward head sees it among the ward's tasks.
    page = sign_in("truong.dongngac")
    _menu(page, "reports", "Việc chờ tôi xử lý")
    sent = page.locator("main li, main tr").filter(has_text=f"năm {year}").filter(has_text=year_form.name)
    assert sent.count() >= 1

    # 4. The city reviewer approves it from the approvals page.
    page = sign_in("thamdinh.hanoi")
    _menu(page, "stats", "Phê duyệt")
    row = page.locator("tbody tr").filter(has_text=f"năm {year}").filter(has_text=ward.name)
    row.locator("a").first.click()
    page.click("[data-testid=approve]")
    page.wait_for_selector("[data-testid=status]:has-text('Đã duyệt')")
    submission.refresh_from_db()
    assert submission.status == Status.APPROVED

    # 5. The city leader sees the figures on the overview and drafts the annual report.
    page = sign_in("lanhdao.hanoi")
    _menu(page, "reports", "Tổng quan")
    overview = page.inner_text("main")
    assert f"{_vn(RESOLVED)}/{_vn(RAISED)}" in overview
    _menu(page, "reports", "Báo cáo")
    page.click("[data-testid=report-create]")
    page.select_option("#id_kind", "year")
    body_options = page.locator("#id_body option").all_inner_texts()
    city_body = next(o for o in body_options if "THÀNH ỦY HÀ NỘI" in o.upper() or "Hà Nội" in o)
    page.select_option("#id_body", label=city_body)
    assert page.input_value("#id_year") == str(year)
    page.click("[data-testid=report-draft]")
    page.wait_for_url(re.compile(r"/bao-cao/\d+/$"))
    draft = page.inner_text("main") + " ".join(page.locator("textarea").evaluate_all("els => els.map(e => e.value)"))
    assert f"tiếp nhận {_vn(RECEIVED)} đơn thư" in draft and f"đã giải quyết {_vn(HANDLED)} đơn" in draft
    assert (
        f"{RESOLVED / RAISED * 100:.2f}%".replace(".", ",") in draft
    )  # the dialogue rate from the clerk's two figures
