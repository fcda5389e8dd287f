"""The administrator reaches the earlier-reorganization page from the System menu, previews a
district merged into another on 01/01/2025, and records it."""

import datetime as dt

import pytest

from orgunits.models import LineageEvent, LineageKind, OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pick(page, field, text, name):
    page.fill(f"#id_{field}_text", text)
    page.locator(f"#id_{field}_listbox [role=option]", has_text=name).first.click()


def test_the_administrator_records_a_merge_from_the_menu(login, browser_page, tree):
    page = browser_page
    login("admin")
    page.goto("/")
    page.click("[data-testid=menu-system] .dropdown-toggle")
    page.click("[data-testid=menu-system] .dropdown-menu >> text=Sắp xếp trước 2025")
    page.wait_for_selector("[data-testid=reorganization-form]")
    page.select_option("#id_kind", LineageKind.MERGED_INTO)
    page.fill("#id_date", "01/01/2025")
    _pick(page, "source", "tay ho", "Quận Tây Hồ")
    _pick(page, "target", "bac tu liem", "Quận Bắc Từ Liêm")
    page.click("[data-testid=reorganization-preview-button]")
    preview = page.inner_text("[data-testid=reorganization-preview]")
    assert "Quận Tây Hồ kết thúc ngày 31/12/2024" in preview
    assert not LineageEvent.objects.filter(source=tree["tayho"]).exists()  # nothing written by the preview
    page.click("[data-testid=reorganization-record]")
    page.wait_for_url(f"**/{tree['btl'].pk}/")
    assert "Đã ghi nhận việc sắp xếp ngày 01/01/2025" in page.content()
    assert LineageEvent.objects.get(source=tree["tayho"]).target_id == tree["btl"].pk
    assert OrgUnit.objects.get(pk=tree["tayho"].pk).valid_to == dt.date(2024, 12, 31)
    assert OrgUnit.objects.filter(parent=tree["btl"], name="Phường Quảng An").exists()
