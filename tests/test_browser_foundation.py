"""The foundation driven in headless Chromium: sign in, browse the tree, switch language."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_ward_clerk_signs_in_and_sees_only_their_ward(login, tree):
    page = login("ward_clerk")
    assert "Cán bộ nhập liệu" in page.locator("[data-testid=my-assignments]").inner_text()
    page.goto("/don-vi/?on=01/01/2024")
    rows = page.locator("[data-testid=unit-table] tbody tr")
    assert rows.count() == 1
    assert "Phường Cổ Nhuế 1" in rows.first.inner_text()
    page.goto(f"/don-vi/{tree['quangan'].pk}/")
    assert "Phường Quảng An" not in page.content()


def test_a_district_reviewer_browses_down_to_the_wards(login, tree):
    page = login("district_reviewer")
    page.goto("/don-vi/?on=01/01/2024")
    page.get_by_role("link", name="Quận Bắc Từ Liêm").wait_for()
    page.locator("[data-testid=unit-table] a[href*='parent=']").first.click()
    page.wait_for_url("**parent=**")
    page.get_by_role("link", name="Phường Cổ Nhuế 1").wait_for()
    table = page.locator("[data-testid=unit-table]").inner_text()
    assert "Phường Cổ Nhuế 1" in table and "Phường Đông Ngạc" in table
    assert "Phường Quảng An" not in table


def test_the_menu_collapses_on_a_phone_and_the_language_switches(login, browser_page):
    page = login("admin")
    page.set_viewport_size({"width": 390, "height": 800})
    assert not page.locator("#mainnav").is_visible()
    page.locator(".navbar-toggler").click()
    # Bootstrap adds "show" when the opening animation has ended; a click while the menu is still
    # sliding open can land beside the button (and nothing is posted).
    page.locator("#mainnav.collapse.show").wait_for(state="visible")
    page.get_by_role("button", name="EN", exact=True).click()
    # The switch posts and redirects: wait for the English page itself, not just any load state
    # (under load the old page could still be the one read).
    page.wait_for_selector("html[lang=en]")
    assert "Welcome" in page.content()
