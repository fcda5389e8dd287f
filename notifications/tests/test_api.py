"""The notifications API: one's own notices and settings only."""

import pytest

from lib.events import EventKind
from notifications.models import Notification

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def api_as(personas):
    from django.test import Client

    from api.services import token_create

    def _client(name):
        if name == "anonymous":
            return Client()
        raw = token_create(user=personas[name], name="test", days=30, by=personas[name])[1]
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return _client


def _notice(user, n):
    return Notification.objects.create(recipient=user, kind=EventKind.FORM_APPROVED, title=f"Số {n}", key=f"k{n}")


def test_the_list_holds_only_ones_own_notices_and_unread_filters(personas, api_as):
    mine = [_notice(personas["ward_clerk"], n) for n in range(3)]
    _notice(personas["ward_head"], 9)
    mine[0].read_at = mine[0].created
    mine[0].save(update_fields=["read_at"])
    client = api_as("ward_clerk")
    body = client.get(f"{API}/notifications").json()
    assert body["count"] == 3 and {i["title"] for i in body["items"]} == {"Số 0", "Số 1", "Số 2"}
    assert client.get(f"{API}/notifications?unread=true").json()["count"] == 2
    assert client.get(f"{API}/notifications/unread").json() == {"unread": 2}


def test_marking_read_one_and_all(personas, api_as):
    first, second = _notice(personas["ward_clerk"], 1), _notice(personas["ward_clerk"], 2)
    other = _notice(personas["ward_head"], 3)
    client = api_as("ward_clerk")
    assert client.post(f"{API}/notifications/{first.pk}/read").json()["read_at"] is not None
    assert client.post(f"{API}/notifications/{other.pk}/read").status_code == 404
    assert client.post(f"{API}/notifications/read").json() == {"marked": 1}
    second.refresh_from_db()
    other.refresh_from_db()
    assert second.read_at is not None and other.read_at is None


def test_preferences_read_and_change(personas, api_as):
    client = api_as("district_reviewer")
    prefs = client.get(f"{API}/notifications/preferences").json()
    assert {p["kind"]: (p["in_app"], p["email"]) for p in prefs}[EventKind.FORM_SUBMITTED] == (True, "digest")
    response = client.put(
        f"{API}/notifications/preferences",
        {"preferences": [{"kind": EventKind.FORM_SUBMITTED, "in_app": False, "email": "immediate"}]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert {p["kind"]: (p["in_app"], p["email"]) for p in response.json()}[EventKind.FORM_SUBMITTED] == (
        False,
        "immediate",
    )
    bad = client.put(
        f"{API}/notifications/preferences",
        {"preferences": [{"kind": "no_such_kind", "email": "immediate"}]},
        content_type="application/json",
    )
    assert bad.status_code == 422
