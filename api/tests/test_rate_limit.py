"""Each key (and each signed-in user) may make API_RATE_LIMIT_PER_MINUTE requests a minute;
past that the answer is 429 with Retry-After, counted in the database for every process."""

import datetime as dt

from django.test import Client

from api import ratelimit
from api.models import RateWindow
from api.services import token_create
from api.tests.conftest import API


def test_a_key_past_its_limit_gets_429_with_retry_after(personas, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    _token, raw = token_create(user=personas["ward_clerk"], name="Excel", days=30, by=personas["ward_clerk"])
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    statuses = [client.get(f"{API}/units").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(f"{API}/units")
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60


def test_each_key_has_its_own_count(personas, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    first = token_create(user=personas["ward_clerk"], name="a", days=30, by=personas["ward_clerk"])[1]
    second = token_create(user=personas["ward_clerk"], name="b", days=30, by=personas["ward_clerk"])[1]
    assert Client(headers={"Authorization": f"Bearer {first}"}).get(f"{API}/units").status_code == 200
    assert Client(headers={"Authorization": f"Bearer {second}"}).get(f"{API}/units").status_code == 200
    assert Client(headers={"Authorization": f"Bearer {first}"}).get(f"{API}/units").status_code == 429


def test_a_session_is_limited_per_user(client_as, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    client = client_as("ward_clerk")
    assert [client.get(f"{API}/units").status_code for _ in range(3)] == [200, 200, 429]


def test_the_default_limit_is_120_a_minute(settings):
    del settings.API_RATE_LIMIT_PER_MINUTE
    assert ratelimit.limit_per_minute() == 120


def test_the_window_is_a_fixed_minute_and_a_new_one_starts_afresh(db, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    start = dt.datetime(2026, 1, 1, 8, 0, 10, tzinfo=dt.UTC)
    assert ratelimit.hit("user:1", start) is None
    assert ratelimit.hit("user:1", start) is None
    assert ratelimit.hit("user:1", start + dt.timedelta(seconds=5)) == 45
    assert ratelimit.hit("user:1", start + dt.timedelta(minutes=1)) is None
    assert RateWindow.objects.filter(key="user:1").count() == 1
