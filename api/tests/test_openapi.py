"""The OpenAPI document and the docs page are served by this server, with nothing from a CDN;
errors have one format with Vietnamese messages; lists page with limit/offset and a count."""

import re

from django.test import Client

from api.tests.conftest import API


def test_the_openapi_document_describes_every_capability(db):
    schema = Client().get(f"{API}/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {f"{API}/units", f"{API}/units/{{pk}}", f"{API}/tokens"} <= paths
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}


def test_the_docs_page_loads_nothing_from_another_host(db):
    response = Client().get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)


def test_the_docs_assets_are_local_static_files():
    from django.contrib.staticfiles import finders

    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui.css", "ninja/swagger-ui-init.js"):
        assert finders.find(name), name


def test_errors_are_in_vietnamese_by_default(api_as, tree):
    response = api_as("outsider").get(f"{API}/units/{tree['conhue1'].pk}")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "Không tìm thấy, hoặc nằm ngoài phạm vi của bạn.",
        "fields": {},
    }


def test_errors_follow_the_requested_language(api_as, tree):
    response = api_as("outsider").get(f"{API}/units/{tree['conhue1'].pk}", headers={"Accept-Language": "en"})
    assert response.json()["message"] == "Not found, or outside your scope."


def test_invalid_parameters_are_named_with_422(api_as):
    response = api_as("ward_clerk").get(f"{API}/units", {"limit": 0, "on": "31/12/2024"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert set(body["fields"]) == {"limit", "on"}


def test_a_body_that_is_not_json_is_refused_with_400(api_as, tree):
    response = api_as("admin").patch(f"{API}/units/{tree['tdp1'].pk}", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_unknown_body_fields_are_refused(api_as, tree):
    response = api_as("admin").patch(
        f"{API}/units/{tree['tdp1'].pk}", {"nmae": "typo"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "nmae" in response.json()["fields"]


def test_lists_page_with_limit_offset_and_count(api_as, tree):
    client = api_as("admin")
    everything = client.get(f"{API}/units", {"q": "phuong", "include_ended": True}).json()
    assert everything["count"] == 4
    page = client.get(f"{API}/units", {"q": "phuong", "include_ended": True, "limit": 2, "offset": 3}).json()
    assert page["count"] == 4 and len(page["items"]) == 1


def test_a_unit_shows_what_it_came_from_and_became(api_as, tree):
    client = api_as("city_leader")
    new_ward = client.get(f"{API}/units/{tree['dongngac'].pk}").json()
    assert {e["unit"]["id"] for e in new_ward["came_from"]} == {tree["conhue1"].pk, tree["dongngac_old"].pk}
    old_ward = client.get(f"{API}/units/{tree['conhue1'].pk}").json()
    assert [e["unit"]["id"] for e in old_ward["became"]] == [tree["dongngac"].pk]
    assert [u["id"] for u in old_ward["successors_today"]] == [tree["dongngac"].pk]


def test_the_tree_as_of_a_date_shows_the_units_valid_then(api_as, tree):
    client = api_as("admin")
    before = client.get(f"{API}/units/{tree['vn'].pk}/children", {"on": "2024-06-30"}).json()
    after = client.get(f"{API}/units/{tree['vn'].pk}/children", {"on": "2025-07-01"}).json()
    assert [u["id"] for u in before["items"]] == [tree["hanoi_old"].pk]
    assert [u["id"] for u in after["items"]] == [tree["hanoi"].pk]


def test_no_two_schemas_of_the_api_share_a_name():
    """The OpenAPI components are keyed by class name: two schemas with one name would silently
    describe one endpoint with the other's fields."""
    import importlib
    import pkgutil

    from ninja import Schema

    import api.routers

    seen: dict[str, str] = {}
    modules = ["api.schemas", "api.errors"] + [
        f"api.routers.{m.name}" for m in pkgutil.iter_modules(api.routers.__path__) if m.name != "common"
    ]
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        for attr, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == name:
                assert seen.setdefault(attr, name) == name, f"{attr} is defined in {seen[attr]} and {name}"


def test_a_body_that_is_not_an_object_is_refused_as_a_whole(api_as, tree):
    response = api_as("admin").patch(f"{API}/units/{tree['tdp1'].pk}", [1, 2], content_type="application/json")
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["__all__"]
