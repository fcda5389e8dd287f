from unittest import mock

from django.db.utils import OperationalError


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_answers_503_when_the_database_fails(client, db):
    with mock.patch("danvan.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_healthz_is_answered_before_sessions_and_sign_in_with_one_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies and "Vary" not in response
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_health_check_middleware_comes_first():
    from django.conf import settings

    assert settings.MIDDLEWARE[0] == "danvan.middleware.HealthCheckMiddleware"


def test_gunicorn_runs_threaded_workers_so_a_probe_is_not_queued_behind_a_page():
    import runpy
    from pathlib import Path

    config = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
    assert config["worker_class"] == "gthread" and config["threads"] >= 4
