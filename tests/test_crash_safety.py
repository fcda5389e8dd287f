"""Crash safety: the real web server and the real worker, killed with SIGKILL (kill -9) in the middle
of a write, leave nothing half-written; a job the worker left RUNNING is marked failed by the
stuck-job recovery, and doing it again completes.

"The middle" is a named pause point (lib/testpoints.py) inside the service's transaction, after it
has written its rows: the test arms it through ``DANVAN_TEST_PAUSE_DIR``, waits until the process
reports it is there, and kills it. The processes run on this test's database (committed data:
transactional tests). PostgreSQL only, like tests/test_concurrency.py: the production engine, and a
database other processes can share while the test holds its own connection. Each kill costs a
process start, so there is one case per kind of write."""

import datetime as dt
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STARTUP_SECONDS = 90
ENGAGED_SECONDS = 90


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the server, the worker and the test share one database")


# ------------------------------------------------------------------------------ processes
def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def pause_dir(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "pause"
    folder.mkdir()
    return folder


def _env(pause_dir: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DANVAN_DB_CONN_MAX_AGE": "0",
        "DANVAN_TEST_PAUSE_DIR": str(pause_dir),
        "DANVAN_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DANVAN_PRODUCTION": "0",
    }


@contextmanager
def _process(pause_dir: Path, *args: str):
    """``manage.py <args>`` in its own session; killed (by its id) if still alive at the end."""
    log = open(pause_dir / f"{args[0]}.log", "ab")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        cwd=settings.BASE_DIR,
        env=_env(pause_dir),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        log.close()


def _output(pause_dir: Path) -> str:
    return "\n".join(p.read_text(errors="replace")[-3000:] for p in pause_dir.glob("*.log"))


def _arm(pause_dir: Path, point: str) -> None:
    (pause_dir / f"{point}.pause").write_text("")


def _wait_until_engaged(pause_dir: Path, point: str, proc) -> None:
    """Until the process stands at ``point``, its writes made and not committed."""
    reached = pause_dir / f"{point}.reached"
    deadline = time.monotonic() + ENGAGED_SECONDS
    while not reached.exists():
        assert proc.poll() is None, f"the process ended before {point}:\n{_output(pause_dir)}"
        assert time.monotonic() < deadline, f"{point} was never reached:\n{_output(pause_dir)}"
        time.sleep(0.05)
    assert reached.read_text() == str(proc.pid)


def _kill_9(proc) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(port: int, proc, pause_dir) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        assert proc.poll() is None, f"the web server did not start:\n{_output(pause_dir)}"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        assert time.monotonic() < deadline, f"the web server never answered:\n{_output(pause_dir)}"
        time.sleep(0.2)


def _send_in_background(url: str, token: str, body: bytes) -> threading.Thread:
    """POST without waiting for the answer: the server is killed before it gives one."""

    def send():
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            urllib.request.urlopen(request, timeout=ENGAGED_SECONDS)
        except OSError:
            pass  # the connection dies with the server

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread


# ------------------------------------------------------------------------------ the database
# The API's rate limit counts a request when it arrives, in its own commit, whatever becomes of it.
NOT_PART_OF_THE_WRITE = {"api.RateWindow"}


def _fingerprint() -> dict[str, int]:
    """Row counts of every model, history tables and the task queue included, deleted rows too."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "axes", "admin", "contenttypes"}
        and model._meta.label not in NOT_PART_OF_THE_WRITE
    }


def _changed(before, after) -> list[str]:
    return [f"{label} {before[label]}→{after[label]}" for label in before if before[label] != after[label]]


def _token(user) -> str:
    from api.services import token_create

    return token_create(user=user, name="crash test", days=1, by=user)[1]


# ------------------------------------------------------------------------------ web server writes
def _report_to_issue(tree, personas):
    from accounts.system import system_actor
    from reports import services
    from reports.models import BodyKind

    body = services.body_create(
        by=system_actor(),
        unit=tree["conhue1"],
        kind=BodyKind.STATE,
        name="ỦY BAN NHÂN DÂN\nPHƯỜNG CỔ NHUẾ 1",
        abbreviation="UBND",
        place="Cổ Nhuế 1",
        signer_title="CHỦ TỊCH",
        signer_name="Trần Thị B",
    )
    report = services.report_draft(by=personas["ward_clerk"], kind="year", unit=tree["conhue1"], body=body, year=2024)
    return "ward_head", f"/api/v1/reports/{report.pk}/actions/issue", {"issued_on": "2025-01-05"}, report


def _form(tree, personas, *, submitted: bool):
    from stats import services
    from stats.models import DataSet

    clerk = personas["ward_clerk"]
    data_set = DataSet.objects.get(code="BC_DV_6T")
    submission = services.submission_open(data_set=data_set, period="2024H1", unit=tree["conhue1"], by=clerk)
    if submitted:
        services.submission_submit(submission=submission, by=clerk)
    return submission


def _form_to_submit(tree, personas):
    submission = _form(tree, personas, submitted=False)
    return "ward_clerk", f"/api/v1/stats/submissions/{submission.pk}/actions/submit", {}, submission


def _form_to_approve(tree, personas):
    submission = _form(tree, personas, submitted=True)
    return "district_reviewer", f"/api/v1/stats/submissions/{submission.pk}/actions/approve", {}, submission


def _state(obj) -> tuple:
    obj = type(obj)._base_manager.get(pk=obj.pk)
    return tuple(getattr(obj, name, None) for name in ("status", "number", "submitted_at", "decided_at"))


WEB_WRITES = {
    "reports.issue": _report_to_issue,
    "stats.submit": _form_to_submit,
    "stats.approve": _form_to_approve,
}


@pytest.mark.parametrize("point", list(WEB_WRITES))
def test_killing_the_web_server_in_the_middle_of_a_write_commits_none_of_it(point, tree, personas, pause_dir):
    import json

    from django.test import Client

    persona, path, body, obj = WEB_WRITES[point](tree, personas)
    token = _token(personas[persona])
    before, state = _fingerprint(), _state(obj)
    port = _free_port()
    _arm(pause_dir, point)
    with _process(pause_dir, "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}") as server:
        _wait_for_server(port, server, pause_dir)
        _send_in_background(f"http://127.0.0.1:{port}{path}", token, json.dumps(body).encode())
        _wait_until_engaged(pause_dir, point, server)
        _kill_9(server)

    assert _changed(before, _fingerprint()) == []
    assert _state(obj) == state

    # Sent again (the server back, the pause point gone): it completes.
    (pause_dir / f"{point}.pause").unlink()
    response = Client(headers={"Authorization": f"Bearer {token}"}).post(
        path, json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert _state(obj) != state


# ------------------------------------------------------------------------------ worker jobs
def _run_worker_until_idle(pause_dir) -> None:
    """The worker with nothing armed: it works through the queue and exits."""
    with _process(pause_dir, "db_worker", "--batch", "--no-startup-delay", "--skip-checks") as worker:
        worker.wait(timeout=240)
        assert worker.returncode == 0, _output(pause_dir)


def _initiatives_file(unit, field_name: str, rows: int):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    from imports import services

    book = Workbook()
    sheet = book.active
    sheet.title = services.DATA_SHEET
    sheet.append(["Tên mô hình", "Đơn vị", "Năm", "Lĩnh vực"])
    for n in range(1, rows + 1):
        sheet.append([f"Mô hình nhập từ Excel số {n}", f"{unit.pk} · {unit.name}", 2024, field_name])
    out = io.BytesIO()
    book.save(out)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return SimpleUploadedFile("mo-hinh.xlsx", out.getvalue(), content_type=xlsx)


def test_killing_the_worker_in_the_middle_of_an_import_commits_no_row_and_a_retry_imports_all(
    tree, personas, pause_dir, settings
):
    from django_tasks_db.models import DBTaskResult

    from imports import services
    from imports.models import ImportJob, ImportKind, ImportStatus
    from initiatives.models import Field, Initiative

    clerk = personas["ward_clerk"]
    settings.IMPORTS_INLINE_ROWS = 0  # every file goes to the worker
    upload = _initiatives_file(tree["conhue1"], Field.objects.order_by("pk").first().name, rows=3)
    job = services.job_create(upload=upload, kind=ImportKind.INITIATIVES, by=clerk)
    services.job_run(job=job, by=clerk, commit=False)
    assert job.status == ImportStatus.VALID, job.errors
    services.job_start(job=job, by=clerk)
    before = _fingerprint()

    _arm(pause_dir, "imports.rows")
    with _process(pause_dir, "db_worker", "--no-startup-delay", "--skip-checks") as worker:
        _wait_until_engaged(pause_dir, "imports.rows", worker)
        _kill_9(worker)

    assert _changed(before, _fingerprint()) == []
    assert not Initiative.objects.filter(name__startswith="Mô hình nhập từ Excel").exists()
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING
    assert DBTaskResult.objects.get(id=job.task_id).status == "RUNNING"

    # The stuck-job recovery, its time limit passed: the job and its queue row end failed.
    settings.IMPORTS_JOB_MINUTES = 0
    assert services.sweep_stale() == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert DBTaskResult.objects.get(id=job.task_id).status == "FAILED"

    # Retried, with the worker left alone: all three rows, once.
    (pause_dir / "imports.rows.pause").unlink()
    services.job_start(job=ImportJob.objects.get(pk=job.pk), by=clerk)
    _run_worker_until_idle(pause_dir)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, (job.message, _output(pause_dir))
    assert Initiative.objects.filter(name__startswith="Mô hình nhập từ Excel", unit=tree["conhue1"]).count() == 3


def test_killing_the_worker_while_it_renders_a_pdf_leaves_the_job_failed_and_a_retry_stores_it(
    tree, personas, pause_dir, settings
):
    from django_tasks_db.models import DBTaskResult

    from reports import pdf_jobs, services
    from reports.models import ReportVersion

    head = personas["ward_head"]
    _, _, _, report = _report_to_issue(tree, personas)
    version = services.report_issue(report=report, by=head, issued_on=dt.date(2025, 1, 5))
    jobs = DBTaskResult.objects.filter(task_path=pdf_jobs.TASK_PATH)
    assert jobs.filter(status="READY").count() == 1, "issuing queues the PDF"
    before = _fingerprint()

    _arm(pause_dir, "reports.pdf")
    with _process(pause_dir, "db_worker", "--no-startup-delay", "--skip-checks") as worker:
        _wait_until_engaged(pause_dir, "reports.pdf", worker)
        _kill_9(worker)

    assert _changed(before, _fingerprint()) == []
    assert not ReportVersion.objects.get(pk=version.pk).pdf
    assert jobs.get().status == "RUNNING"

    def state():
        return pdf_jobs.states(pdf_jobs.with_pdf_flag(ReportVersion.objects.filter(pk=version.pk)))[version.pk]

    assert state() == pdf_jobs.PdfState.RUNNING  # within the time limit: still presumed at work
    settings.REPORTS_PDF_JOB_MINUTES = 0
    assert state() == pdf_jobs.PdfState.FAILED
    assert jobs.get().status == "FAILED"

    (pause_dir / "reports.pdf.pause").unlink()
    services.report_pdf_retry(report=report, by=head)
    _run_worker_until_idle(pause_dir)
    assert bytes(ReportVersion.objects.get(pk=version.pk).pdf).startswith(b"%PDF")
    assert state() == pdf_jobs.PdfState.READY
