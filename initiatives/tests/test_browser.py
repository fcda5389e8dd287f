"""A ward's initiative from registration through district recognition by decision, then found on
the public showcase with an accent-free search — in a real (headless) browser."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Dân vận khéo trong xây dựng tuyến phố văn minh Cổ Nhuế"


def test_ward_initiative_goes_from_registration_to_the_public_showcase(login, browser_page, tree, fields):
    page = login("ward_clerk")
    page.goto("/mo-hinh/them/")
    page.fill("#id_name", NAME)
    page.select_option("#id_field", label="Kinh tế – quản lý đô thị")
    page.fill("#id_year", "2024")
    page.fill("#id_unit_text", "co nhue 1")  # the unit picker searches without accents
    page.locator("#id_unit_listbox [role=option]", has_text="Phường Cổ Nhuế 1").first.click()
    assert page.input_value("#id_unit") == str(tree["conhue1"].pk)
    page.fill("#id_start_date", "01/03/2024")
    page.fill("#id_funding_social", "350000000")
    page.fill("#id_workdays", "120")
    page.click("[data-testid=save-register]")
    page.wait_for_url(re.compile(r"/mo-hinh/\d+/$"))
    detail_url = page.url
    page.click("[data-testid=do-start]")
    page.select_option("[data-testid=propose-level]", "district")
    page.click("[data-testid=do-propose]")
    page.wait_for_selector("form[action$='/thao-tac/withdraw/']")

    page.context.clear_cookies()
    page = login("district_reviewer")
    page.goto(detail_url)
    page.fill("#d-number", "125-QĐ/QU")
    page.fill("#d-date", "01/12/2024")
    page.keyboard.press("Escape")
    page.fill("#d-issuer_text", "bac tu liem")  # the issuer picker searches without accents
    page.locator("#d-issuer_listbox [role=option]", has_text="Quận Bắc Từ Liêm").first.click()
    assert page.input_value("#d-issuer") == str(tree["btl"].pk)
    page.fill("#d-signer", "Lê Minh Tuấn")
    page.check("#d-outstanding")
    page.click("[data-testid=do-recognize]")
    page.wait_for_selector("[data-testid=recognized-level]")
    assert "125-QĐ/QU" in page.inner_text("[data-testid=timeline]")

    page.context.clear_cookies()
    page.goto("/cong-khai/")
    page.fill("#id_q", "dan van kheo tuyen pho co nhue")
    page.click("[data-testid=showcase-search]")
    page.wait_for_selector(f"[data-testid=showcase-results] >> text={NAME}")
    page.click(f"text={NAME}")
    assert "Quyết định 125-QĐ/QU" in page.inner_text("main") or "125-QĐ/QU" in page.inner_text("main")
