"""Error pages are Vietnamese and list nothing; `make run` runs without DEBUG yet serves static
files; production settings pass `manage.py check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

ROOT = Path(__file__).resolve().parent.parent


def test_an_unknown_page_is_a_vietnamese_404_with_a_way_home(client_as):
    response = client_as("ward_clerk").get("/khong-co-trang-nay/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in body
    assert 'href="/"' in body
    assert "quan-tri-he-thong" not in body  # no list of the site's addresses


def test_an_unknown_page_is_vietnamese_for_anonymous_visitors_too(client, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_a_forbidden_page_is_a_vietnamese_403(client_as):
    response = client_as("ward_clerk").get(reverse("accounts:user_list"))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_a_server_error_is_a_vietnamese_500_that_needs_nothing_else(db):
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi hệ thống" in body
    assert 'href="/"' in body


def test_make_run_does_not_turn_debug_on():
    run_target = (ROOT / "Makefile").read_text().split("\nrun:")[1].split("\n\n")[0]
    assert "DJANGO_DEBUG" not in run_target.replace("set DJANGO_DEBUG=1 yourself", "")


def test_static_files_are_served_without_debug_and_without_collectstatic(client, settings, db):
    assert not settings.DEBUG
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    response = client.get("/static/vendor/bootstrap/css/bootstrap.min.css")
    assert response.status_code == 200


def _manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DANVAN_"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deployment_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="k" + "".join(chr(33 + (i * 7) % 90) for i in range(60)),
        DANVAN_PRODUCTION="1",
        DJANGO_ALLOWED_HOSTS="danvan.example.gov.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_mode_sets_hsts_secure_cookies_and_https_redirect():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.DEBUG)"
    )
    result = _manage("shell", "-c", code, DJANGO_SECRET_KEY="x" * 60, DANVAN_PRODUCTION="1", DJANGO_ALLOWED_HOSTS="x")
    seconds, subdomains, redirect, session_secure, csrf_secure, debug = result.stdout.strip().splitlines()[-1].split()
    assert int(seconds) >= 365 * 24 * 3600
    assert (subdomains, redirect, session_secure, csrf_secure, debug) == ("True", "True", "True", "True", "False")
    relaxed = _manage("shell", "-c", code, DJANGO_SECRET_KEY="x" * 60, DANVAN_PRODUCTION="1", DANVAN_SSL_REDIRECT="0")
    assert relaxed.stdout.strip().splitlines()[-1].split()[2] == "False"
