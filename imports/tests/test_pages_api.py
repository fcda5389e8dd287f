import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from imports.models import ImportJob, ImportStatus

pytestmark = pytest.mark.django_db


def _row(tree, field_name, name="Mô hình A"):
    return [name, f"{tree['conhue1'].pk} · {tree['conhue1'].name}", 2024, field_name]


HEAD = ["Tên mô hình", "Đơn vị", "Năm", "Lĩnh vực"]


def test_the_menu_leads_clerks_to_the_upload_page_with_template_links(client_as):
    page = client_as("ward_clerk").get(reverse("imports:upload"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nhập từ Excel" in html and reverse("imports:template_initiatives") in html
    template = client_as("ward_clerk").get(reverse("imports:template_initiatives"))
    assert load_workbook(io.BytesIO(template.content)).sheetnames[0] == "Hướng dẫn"


def test_reviewers_may_import_only_award_decisions(client_as, tree, xlsx, field_name):
    client = client_as("district_reviewer")
    page = client.get(reverse("imports:upload"))
    assert page.status_code == 200
    assert [value for value, _label in page.context["form"].fields["kind"].choices] == ["awards"]
    refused = client.post(
        reverse("imports:upload"), {"kind": "initiatives", "file": xlsx([HEAD, _row(tree, field_name)])}
    )
    assert refused.status_code == 200 and ImportJob.objects.count() == 0
    assert client.get(reverse("imports:template_initiatives")).status_code == 403


def test_upload_preview_import_and_result_pages(client_as, tree, xlsx, field_name):
    from initiatives.models import Initiative

    client = client_as("ward_clerk")
    response = client.post(
        reverse("imports:upload"), {"kind": "initiatives", "file": xlsx([HEAD, _row(tree, field_name)])}
    )
    job = ImportJob.objects.get()
    assert response.url == reverse("imports:job", args=[job.pk])
    preview = client.get(response.url).content.decode()
    assert "Mô hình A" in preview and "Kiểm tra và nhập" in preview
    client.post(reverse("imports:start", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Initiative.objects.filter(name="Mô hình A").count() == 1


def test_the_result_page_lists_errors_and_offers_the_marked_file(client_as, tree, xlsx, field_name):
    client = client_as("ward_clerk")
    bad = _row(tree, field_name)
    bad[2] = "hai nghìn"
    client.post(reverse("imports:upload"), {"kind": "initiatives", "file": xlsx([HEAD, bad])})
    job = ImportJob.objects.get()
    client.post(reverse("imports:start", args=[job.pk]))
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "hai nghìn" in page and reverse("imports:report", args=[job.pk]) in page
    report = client.get(reverse("imports:report", args=[job.pk]))
    assert load_workbook(io.BytesIO(report.content))["Dữ liệu"]["C2"].comment is not None
    assert client_as("ward_head").get(reverse("imports:job", args=[job.pk])).status_code == 404


def test_a_bad_upload_shows_the_message_on_the_form(client_as, xlsx):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client_as("ward_clerk").post(
        reverse("imports:upload"), {"kind": "initiatives", "file": SimpleUploadedFile("a.xlsx", b"hello")}
    )
    assert page.status_code == 200 and "Tệp phải là tệp Excel .xlsx." in page.content.decode()
    assert ImportJob.objects.count() == 0


def test_large_files_run_as_a_task_and_a_stale_job_is_failed_and_retryable(client_as, tree, xlsx, field_name, settings):
    import datetime as dt

    from django.utils import timezone

    from imports import services

    settings.IMPORTS_INLINE_ROWS = 1
    client = client_as("ward_clerk")
    rows = [_row(tree, field_name, f"M {i}") for i in range(3)]
    client.post(reverse("imports:upload"), {"kind": "initiatives", "file": xlsx([HEAD, *rows])})
    job = ImportJob.objects.get()
    client.post(reverse("imports:start", args=[job.pk]))
    job.refresh_from_db()
    assert job.status in (ImportStatus.QUEUED, ImportStatus.DONE)
    if job.status == ImportStatus.QUEUED:  # the database backend: run the worker's part here
        services.run_in_background(job.pk)
        job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created_count == 3
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, started_at=timezone.now() - dt.timedelta(hours=1)
    )
    progress = client.get(reverse("imports:progress", args=[job.pk]))
    assert progress.status_code == 200
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED


def test_the_api_uploads_starts_and_reports_status(client_as, tree, xlsx, field_name):
    client = client_as("ward_clerk")
    bad = _row(tree, field_name)
    bad[1] = "99999 · x"
    created = client.post("/api/v1/imports", {"kind": "initiatives", "file": xlsx([HEAD, bad])})
    assert created.status_code == 201, created.content
    job_id = created.json()["id"]
    started = client.post(f"/api/v1/imports/{job_id}/start")
    assert started.json()["status"] == "invalid"
    assert client.get(f"/api/v1/imports/{job_id}").json()["error_count"] == 1
    assert client.get(f"/api/v1/imports/{job_id}/errors.xlsx").status_code == 200
    assert client_as("ward_head").get(f"/api/v1/imports/{job_id}").status_code == 404


def test_the_progress_page_shows_what_the_running_import_reported_before_it_commits(
    client_as, tree, xlsx, field_name, settings, monkeypatch
):
    """The worker's reports, every PROGRESS_EVERY rows, reach the progress page and the API while
    the import's transaction is still open; the progress file goes when the run ends."""
    import re

    from imports import services

    settings.IMPORTS_INLINE_ROWS = 1
    monkeypatch.setattr(services, "PROGRESS_EVERY", 10)
    client = client_as("ward_clerk")
    rows = [_row(tree, field_name, f"M {i}") for i in range(25)]
    client.post(reverse("imports:upload"), {"kind": "initiatives", "file": xlsx([HEAD, *rows])})
    job = ImportJob.objects.get()
    client.post(reverse("imports:start", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED
    path = services.progress_path(job)
    seen = []
    report = services.ProgressChannel.report

    def watched(channel, done):
        cancelled = report(channel, done)
        html = client.get(reverse("imports:progress", args=[job.pk])).content.decode()
        api = client.get(f"/api/v1/imports/{job.pk}").json()
        seen.append((done, path.read_text(), re.search(r'aria-valuenow="(\d+)"', html)[1], api["processed_rows"]))
        return cancelled

    monkeypatch.setattr(services.ProgressChannel, "report", watched)
    services.run_in_background(job.pk)
    total = len(rows)
    assert seen == [(n, str(n), str(round(100 * n / total)), n) for n in (10, 20)]
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.created_count) == (ImportStatus.DONE, total, total)
    assert not path.exists()


def test_polling_a_job_that_is_not_stale_writes_nothing(client_as, tree, xlsx, field_name):
    """On SQLite an UPDATE waits for the write lock a running import holds: the polled page reads only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("ward_clerk")
    client.post(reverse("imports:upload"), {"kind": "initiatives", "file": xlsx([HEAD, _row(tree, field_name)])})
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, started_at=job.created_at)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("imports:progress", args=[job.pk]))
    assert page.status_code == 200
    written = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]
    assert written == []


def test_cancelling_a_running_import_stops_it_at_its_next_report_and_imports_nothing(
    client_as, tree, xlsx, field_name, settings, monkeypatch
):
    """The request reaches the worker while its transaction is open (on SQLite it holds the write
    lock, so the request is a file next to the upload); the run rolls back and ends cancelled."""
    from imports import services
    from initiatives.models import Initiative

    settings.IMPORTS_INLINE_ROWS = 1
    monkeypatch.setattr(services, "PROGRESS_EVERY", 10)
    client = client_as("ward_clerk")
    rows = [_row(tree, field_name, f"M {i}") for i in range(25)]
    client.post(reverse("imports:upload"), {"kind": "initiatives", "file": xlsx([HEAD, *rows])})
    job = ImportJob.objects.get()
    client.post(reverse("imports:start", args=[job.pk]))
    reports = []
    report = services.ProgressChannel.report

    def cancel_at_first(channel, done):
        if not reports:
            assert client.post(reverse("imports:cancel", args=[job.pk])).status_code == 302
        reports.append(done)
        return report(channel, done)

    monkeypatch.setattr(services.ProgressChannel, "report", cancel_at_first)
    services.run_in_background(job.pk)
    assert reports == [10]  # stopped at the first report after the request
    job.refresh_from_db()
    assert job.status == ImportStatus.CANCELLED
    assert Initiative.objects.filter(name__startswith="M ").count() == 0
    assert not services.progress_path(job, services.CANCEL).exists()

    # Started again, it runs to the end: the request of the cancelled run is gone.
    monkeypatch.setattr(services.ProgressChannel, "report", report)
    client.post(reverse("imports:start", args=[job.pk]))
    services.run_in_background(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, len(rows))
