"""A double click on "Save and register" makes one registered initiative (vendored submit-once JS
plus the server's one-time form token), in a real (headless) browser."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_double_click_on_save_and_register_makes_one_registered_initiative(login, browser_page, tree, fields):
    from initiatives.models import Initiative, Status

    page = login("ward_clerk")
    page.goto("/mo-hinh/them/")
    page.fill("#id_name", "Camera an ninh ngõ 12")
    page.select_option("#id_field", str(fields["security"].pk))
    page.fill("#id_year", "2024")
    page.fill("#id_unit_text", "co nhue 1")  # the unit picker
    page.locator("#id_unit_listbox [role=option]", has_text="Phường Cổ Nhuế 1").first.click()
    page.dblclick("[data-testid=save-register]")
    page.wait_for_url(re.compile(r"/mo-hinh/\d+/$"))
    assert Initiative.objects.count() == 1
    # The pressed button still counts although the buttons were disabled on submit.
    assert Initiative.objects.get().status == Status.REGISTERED
