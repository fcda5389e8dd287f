"""Sign-in throttling (django-axes), the admin sign-in, the client address behind a proxy and the
sign-in log."""

import datetime as dt

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.services import user_create
from webkit.http import client_ip

PASSWORD = "Persona-pass-2024"
ADMIN_PREFIX = "/quan-tri-he-thong/"


def _login(client, username, password, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def superuser(db):
    from accounts.models import User

    return User.objects.create_superuser("root", "root@example.vn", PASSWORD)


def test_the_admin_login_page_sends_people_to_the_application_login(client, db):
    response = client.get(ADMIN_PREFIX + "login/?next=" + ADMIN_PREFIX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]


def test_thirty_wrong_admin_passwords_then_the_right_one_do_not_sign_in(client, superuser):
    for _ in range(30):
        client.post(ADMIN_PREFIX + "login/", {"username": "root", "password": "wrong", "next": ADMIN_PREFIX})
    client.post(ADMIN_PREFIX + "login/", {"username": "root", "password": PASSWORD, "next": ADMIN_PREFIX})
    assert not _signed_in(client)
    # The admin's sign-in is the application's: failures there lock the account out too.
    for _ in range(30):
        _login(client, "root", "wrong")
    response = _login(client, "root", PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)
    assert AccessFailureLog.objects.filter(username="root").count() >= 5


def test_a_superuser_reaches_the_admin_after_signing_in_through_the_application(client, superuser):
    response = client.post(reverse("accounts:login"), {"username": "root", "password": PASSWORD, "next": ADMIN_PREFIX})
    assert response["Location"] == ADMIN_PREFIX
    assert client.get(ADMIN_PREFIX).status_code == 200


def test_a_signed_in_user_without_admin_rights_is_refused_the_admin_not_looped(client_as):
    client = client_as("ward_clerk")
    response = client.get(ADMIN_PREFIX, follow=True)
    assert response.status_code == 403


def test_failures_from_one_address_do_not_lock_the_account_from_another(personas, settings):
    limit = settings.AXES_FAILURE_LIMIT
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(limit + 2):
        _login(attacker, "ward_clerk", "wrong")
    assert _login(attacker, "ward_clerk", PASSWORD).status_code == 429
    owner = Client(REMOTE_ADDR="198.51.100.7")
    assert _login(owner, "ward_clerk", PASSWORD).status_code == 302
    assert _signed_in(owner)


def test_many_failures_behind_the_proxy_do_not_lock_out_colleagues(personas, settings):
    """The README's nginx passes the client in X-Forwarded-For; REMOTE_ADDR is always the proxy."""
    settings.DANVAN_TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.DANVAN_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    typist = Client(HTTP_X_FORWARDED_FOR="10.0.0.21", **proxy)
    for _ in range(25):
        _login(typist, "ward_head", "wrong")
        _login(typist, "nobody", "wrong")
    colleague = Client(HTTP_X_FORWARDED_FOR="10.0.0.22", **proxy)
    assert _login(colleague, "ward_clerk", PASSWORD).status_code == 302
    assert AccessLog.objects.get(username="ward_clerk").ip_address == "10.0.0.22"


def test_the_proxy_header_is_ignored_unless_configured(rf):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "127.0.0.1"


@pytest.mark.parametrize(
    ("header", "count", "expected"),
    [
        ("10.0.0.5", 1, "10.0.0.5"),
        ("1.2.3.4, 10.0.0.5", 1, "10.0.0.5"),  # the left entry was written by the client: not trusted
        ("1.2.3.4, 10.0.0.5, 172.16.0.2", 2, "10.0.0.5"),
        ("10.0.0.5", 2, "127.0.0.1"),  # fewer entries than proxies: fall back to the peer
        ("not-an-address", 1, "127.0.0.1"),
    ],
)
def test_the_client_address_is_read_from_the_trusted_proxy_header(settings, header, count, expected):
    settings.DANVAN_TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.DANVAN_TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected


def test_the_cool_off_grows_with_repeated_rounds_of_failures(personas, settings, client):
    from axes.models import AccessAttempt

    settings.AXES_FAILURE_LIMIT = 3
    settings.SIGNIN_COOL_OFF_MINUTES = 15
    for _ in range(3):
        response = _login(client, "ward_clerk", "wrong")
    assert "15 phút" in response.content.decode()
    for _ in range(3):
        response = _login(client, "ward_clerk", "wrong")
    assert response.status_code == 429
    assert "30 phút" in response.content.decode()
    # After the cool-off the person may try again, and the right password then works.
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - dt.timedelta(hours=2))
    assert _login(client, "ward_clerk", PASSWORD).status_code == 302


def test_the_api_key_is_not_throttled_by_sign_in_failures(personas, settings):
    from api.services import token_create

    _token, raw = token_create(user=personas["ward_clerk"], name="k", days=30, by=personas["ward_clerk"])
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _login(client, "ward_clerk", "wrong")
    response = client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


def test_the_sign_in_log_records_successes_and_failures_for_administrators(personas, client_as):
    client = Client(REMOTE_ADDR="192.0.2.44")
    _login(client, "ward_clerk", "wrong")
    _login(client, "ward_clerk", PASSWORD)
    body = client_as("admin").get(reverse("accounts:signin_log")).content.decode()
    assert body.count("ward_clerk") == 2
    assert "192.0.2.44" in body
    assert "Đăng nhập thành công" in body and "Thất bại" in body


def test_the_sign_in_log_is_for_administrators_only(client_as):
    assert client_as("ward_clerk").get(reverse("accounts:signin_log")).status_code == 403
    assert client_as("district_reviewer").get(reverse("accounts:signin_log")).status_code == 403
    assert client_as("anonymous").get(reverse("accounts:signin_log")).status_code == 302


def test_a_unit_administrator_sees_only_the_sign_ins_of_their_accounts(personas, tree, client):
    district_admin = user_create(
        username="qt_btl", password=PASSWORD, unit=tree["btl"], role="admin", by=personas["admin"]
    )
    _login(Client(), "outsider", "wrong")  # Tây Hồ, outside Bắc Từ Liêm
    _login(Client(), "ward_clerk", "wrong")  # Cổ Nhuế 1, inside
    _login(Client(), "no-such-account", "wrong")
    client.force_login(district_admin)
    body = client.get(reverse("accounts:signin_log")).content.decode()
    assert "ward_clerk" in body
    assert "outsider" not in body
    assert "no-such-account" not in body


def test_the_sign_in_log_is_in_the_system_menu_for_administrators(client_as):
    body = client_as("admin").get(reverse("home")).content.decode()
    assert reverse("accounts:signin_log") in body
    assert reverse("accounts:signin_log") not in client_as("ward_clerk").get(reverse("home")).content.decode()


def test_the_sign_in_log_runs_a_bounded_number_of_queries(client_as, personas, django_assert_max_num_queries):
    for i in range(30):
        _login(Client(REMOTE_ADDR=f"192.0.2.{i + 1}"), "ward_clerk", "wrong")
    admin = client_as("admin")
    with django_assert_max_num_queries(15):
        response = admin.get(reverse("accounts:signin_log"))
    assert response.content.decode().count("192.0.2.") == 30
