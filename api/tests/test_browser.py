"""In a real browser: the API docs render from this server only (under the Content-Security-
Policy), and a signed-in user creates a key on the "Khóa API" page."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_docs_render_with_nothing_from_another_host(browser_page, live_server):
    requests, errors = [], []
    browser_page.on("request", lambda r: requests.append(r.url))
    browser_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    browser_page.goto("/api/v1/docs")
    browser_page.wait_for_selector(".swagger-ui .info .title")
    assert "Dân vận khéo API" in browser_page.inner_text(".swagger-ui .info .title")
    browser_page.wait_for_selector(".opblock")
    assert all(url.startswith(live_server.url) for url in requests), requests
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_a_user_creates_a_key_on_the_page_and_sees_it_once(login):
    page = login("ward_clerk")
    assert page.locator("a[href='/api/khoa/']").count() >= 1  # in the menu
    page.goto("/api/khoa/")
    page.fill("#id_name", "Tập lệnh Excel")
    page.click("[data-testid=token-create]")
    shown = page.inner_text("[data-testid=new-token]")
    assert "dvk_" in shown
    page.reload()
    assert page.locator("[data-testid=new-token]").count() == 0
    assert "Tập lệnh Excel" in page.inner_text("[data-testid=token-table]")
