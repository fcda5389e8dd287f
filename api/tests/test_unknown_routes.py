"""Unknown addresses and wrong methods under /api/ answer in the API's JSON error format."""

import pytest

from api.tests.conftest import API


@pytest.mark.parametrize("path", [f"{API}/khong-co", f"{API}/units/1/khong-co", "/api/", "/api/v2/units"])
def test_an_unknown_api_address_answers_the_json_404(api_as, path):
    response = api_as("ward_clerk").get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == "not_found"
    assert body["message"] and body["fields"] == {}


def test_an_unknown_api_address_answers_json_even_without_a_key(client, db):
    response = client.get(f"{API}/khong-co")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_wrong_method_answers_the_json_405_with_the_allowed_methods(api_as):
    response = api_as("ward_clerk").delete(f"{API}/units")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_the_api_key_page_keeps_its_html_and_slash_redirect(client_as):
    client = client_as("ward_clerk")
    assert client.get("/api/khoa").status_code == 301
    assert client.get("/api/khoa/")["Content-Type"].startswith("text/html")
