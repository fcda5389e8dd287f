"""In the browser: when a search does not answer, the picker says so (not "no unit matches") and
↓ asks again."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_failed_search_says_so_and_arrow_down_retries(login, browser_page):
    page = login("ward_clerk")
    calls = []

    def first_fails(route):
        calls.append(route.request.url)
        if len(calls) == 1:
            route.fulfill(status=500, body="")
        else:
            route.continue_()

    page.route(f"**{reverse('orgunits:search')}*", first_fails)
    page.goto(reverse("awards:dossier_create"))
    page.fill("#id_proposer_text", "Cổ Nhuế")
    status = page.locator("#id_proposer_listbox")
    status.get_by_text("Không tìm được lúc này").wait_for()
    assert "Không có đơn vị" not in status.inner_text()
    page.press("#id_proposer_text", "ArrowDown")
    page.locator("#id_proposer_listbox [role=option]").filter(has_text="Phường Cổ Nhuế 1").first.wait_for()
    assert len(calls) == 2
