"""Personal API keys: made once and shown once, stored hashed, refused when expired or revoked;
managed only from the browser session (with CSRF on unsafe methods), through the API or the page."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from api.models import ApiToken, token_hash
from api.services import token_create, token_revoke
from api.tests.conftest import API


def _bearer(token):
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_a_new_key_is_stored_as_its_hash_only(personas):
    token, raw = token_create(user=personas["ward_clerk"], name="Excel", days=30, by=personas["ward_clerk"])
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.hash == token_hash(raw) != raw
    assert raw.startswith(f"dvk_{stored.prefix}_")
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().first())


def test_a_key_authenticates_as_its_owner_and_records_its_use(personas, tree):
    token, raw = token_create(user=personas["ward_clerk"], name="Excel", days=30, by=personas["ward_clerk"])
    response = _bearer(raw).get(f"{API}/units/{tree['conhue1'].pk}")
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("header", ["Bearer dvk_nope_nope", "Bearer ", "Basic abc", "Bearer " + "x" * 500])
def test_a_wrong_key_is_refused_with_401(personas, header):
    response = Client(headers={"Authorization": header}).get(f"{API}/units")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_expired_key_is_refused(personas):
    token, raw = token_create(user=personas["ward_clerk"], name="Cũ", days=1, by=personas["ward_clerk"])
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _bearer(raw).get(f"{API}/units").status_code == 401


def test_a_revoked_key_is_refused(personas):
    token, raw = token_create(user=personas["ward_clerk"], name="Bị lộ", days=30, by=personas["ward_clerk"])
    assert _bearer(raw).get(f"{API}/units").status_code == 200
    token_revoke(token=token, by=personas["ward_clerk"])
    assert _bearer(raw).get(f"{API}/units").status_code == 401


def test_a_key_of_a_deactivated_account_is_refused(personas):
    user = personas["ward_clerk"]
    _token, raw = token_create(user=user, name="Excel", days=30, by=user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert _bearer(raw).get(f"{API}/units").status_code == 401


def test_keys_are_created_listed_and_revoked_through_the_api_in_a_session(client_as):
    client = client_as("ward_clerk")
    created = client.post(f"{API}/tokens", {"name": "Tập lệnh", "days": 90}, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["token"].startswith("dvk_") and body["state"] == "active"
    listed = client.get(f"{API}/tokens").json()
    assert listed["count"] == 1 and "token" not in listed["items"][0]
    assert _bearer(body["token"]).get(f"{API}/units").status_code == 200
    revoked = client.post(f"{API}/tokens/{body['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    assert _bearer(body["token"]).get(f"{API}/units").status_code == 401


def test_a_key_cannot_manage_keys(personas):
    _token, raw = token_create(user=personas["ward_clerk"], name="Excel", days=30, by=personas["ward_clerk"])
    client = _bearer(raw)
    assert client.get(f"{API}/tokens").status_code == 401
    assert client.post(f"{API}/tokens", {"name": "x"}, content_type="application/json").status_code == 401


def test_nobody_sees_or_revokes_another_users_key(personas, client_as):
    token, _raw = token_create(user=personas["ward_clerk"], name="Excel", days=30, by=personas["ward_clerk"])
    other = client_as("ward_head")
    assert other.get(f"{API}/tokens").json()["count"] == 0
    assert other.post(f"{API}/tokens/{token.pk}/revoke").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(("body", "field"), [({"name": "", "days": 30}, "name"), ({"name": "x", "days": 0}, "days")])
def test_a_bad_key_request_names_the_field(client_as, body, field):
    response = client_as("ward_clerk").post(f"{API}/tokens", body, content_type="application/json")
    assert response.status_code == 422
    assert field in response.json()["fields"]


def test_session_requests_that_change_state_need_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["ward_clerk"])
    refused = client.post(f"{API}/tokens", {"name": "x", "days": 30}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    client.get("/api/khoa/")  # any page sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(
        f"{API}/tokens", {"name": "x", "days": 30}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 201
    assert client.get(f"{API}/units").status_code == 200  # safe methods need no token


def test_the_keys_page_shows_a_new_key_once_and_revokes_it(client_as, personas):
    client = client_as("ward_clerk")
    page = client.get("/api/khoa/")
    assert page.status_code == 200
    created = client.post("/api/khoa/", {"name": "Tập lệnh Excel", "days": "30"}, follow=True)
    assert created.redirect_chain == [("/api/khoa/", 302)]
    token = ApiToken.objects.get(user=personas["ward_clerk"])
    shown = created.content.decode()
    assert 'data-testid="new-token"' in shown and f"dvk_{token.prefix}_" in shown
    again = client.get("/api/khoa/").content.decode()
    assert 'data-testid="new-token"' not in again and "Tập lệnh Excel" in again
    response = client.post(f"/api/khoa/{token.pk}/thu-hoi/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_keys_page_is_for_signed_in_users_and_in_their_menu(client_as):
    assert client_as("anonymous").get("/api/khoa/").status_code == 302
    home = client_as("ward_clerk").get("/").content.decode()
    assert "/api/khoa/" in home
    assert "Khóa API" in home


def test_nobody_revokes_another_users_key_from_the_page(client_as, personas):
    token, _raw = token_create(user=personas["ward_clerk"], name="Excel", days=30, by=personas["ward_clerk"])
    assert client_as("ward_head").post(f"/api/khoa/{token.pk}/thu-hoi/").status_code == 404
