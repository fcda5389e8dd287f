"""The whole import journey of issue #13 in a real browser, with a file large enough to run in the
background: the template, a filled copy with errors, the errors listed on the page and marked in
the workbook it offers, the corrected (and longer) file uploaded again and queued as a django-tasks
task, the django-tasks-db worker (its own ``Worker`` loop, in a thread of the test process) running
it while the page's progress bar, polled through htmx, shows how far it got, then the result and the
rows on the registry list.

"How far it got" is read at a known place, not raced: the import stops at the named pause point
``imports.progress`` (lib/testpoints.py), right after it reported its first ``PROGRESS_EVERY`` rows
and with its transaction still open, until the test has seen the bar there."""

import io
import threading
import time

import pytest
from openpyxl import load_workbook

from imports.tests.test_browser import _columns, _download, _fill, _upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DATA_SHEET = "Dữ liệu"
INLINE_ROWS = 50  # files with more rows go to the worker
EXTRA_ROWS = 57  # added to the three corrected rows: 60 rows, a background import
EVERY = 10  # progress is reported every 10 rows
REACHED_SECONDS = 60


def _start_worker(errors: list) -> threading.Thread:
    """The database backend's worker, running one task. On an in-memory SQLite test database it
    shares the test's connection; on PostgreSQL it opens its own, and the import reports progress
    through a second one."""
    from django.db import connections
    from django_tasks_db.management.commands.db_worker import Worker

    shared = connections["default"]
    in_memory = shared.vendor == "sqlite" and shared.is_in_memory_db()
    if in_memory:
        shared.inc_thread_sharing()

    def run():
        try:
            if in_memory:
                connections["default"] = shared
            Worker(
                queue_names=["default"],
                interval=0.1,
                batch=False,
                backend_name="default",
                startup_delay=False,
                max_tasks=1,
                worker_id="browser-test",
                excluded_queue_names=[],
            ).run()
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            if not in_memory:
                connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.in_memory = in_memory
    return thread


def _wait_for_file(path, worker, errors) -> None:
    deadline = time.monotonic() + REACHED_SECONDS
    while not path.exists():
        assert not errors, errors
        assert worker.is_alive(), "the worker ended before the pause point"
        assert time.monotonic() < deadline, f"{path.name} not reached"
        time.sleep(0.05)


def _bar_value(page) -> int:
    """Wait until the polled bar has moved off 0, and return where it is."""
    page.wait_for_function(
        """() => {
            const bar = document.querySelector('#import-progress [role=progressbar]');
            return bar !== null && Number(bar.getAttribute('aria-valuenow')) > 0;
        }""",
        timeout=30000,
    )
    return int(page.locator("#import-progress [role=progressbar]").get_attribute("aria-valuenow"))


def test_errors_marked_then_the_corrected_file_imports_in_the_background_with_a_moving_progress_bar(
    login, browser_page, tree, tmp_path, settings, monkeypatch
):
    from django.db import connection

    from imports import services
    from imports.models import ImportJob, ImportStatus
    from imports.workbooks import unit_label
    from initiatives.models import Field, Initiative

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORTS_INLINE_ROWS = INLINE_ROWS
    pause_dir = tmp_path / "pause"
    pause_dir.mkdir()
    settings.DANVAN_TEST_PAUSE_DIR = str(pause_dir)
    monkeypatch.setattr(services, "PROGRESS_EVERY", EVERY)
    field = Field.objects.filter(active=True).order_by("order").first()
    unit = unit_label(tree["conhue1"])

    page = login("ward_clerk")
    page.goto("/nhap-du-lieu/")
    template = _download(page, "[data-testid=template-initiatives]")

    # 1. A filled template with two bad cells: listed on the page, marked in the workbook, nothing imported.
    good = {"name": "Camera an ninh ngõ 12", "unit": unit, "year": 2024, "field": field.name, "workdays": 120}
    bad_number = {**good, "name": "Tuyến phố văn minh", "workdays": "1.5"}
    bad_unit = {**good, "name": "Nhóm Zalo tổ dân phố", "unit": "99999 · Phường Không Có"}
    _upload(page, tmp_path, "dang-ky.xlsx", _fill(template, [good, bad_number, bad_unit]))
    assert page.get_by_test_id("job-status").inner_text().strip() == str(ImportStatus.INVALID.label)
    errors = page.locator("[data-testid=errors] tbody tr")
    assert errors.count() == 2
    listed = {cells[0]: cells for cells in (errors.nth(i).locator("td").all_inner_texts() for i in range(2))}
    assert set(listed) == {"3", "4"}
    assert listed["3"][2] == "1.5" and listed["3"][3]
    assert "99999" in listed["4"][2] and listed["4"][3]
    assert Initiative.objects.count() == 0

    marked = load_workbook(io.BytesIO(_download(page, "[data-testid=error-report]")))[DATA_SHEET]
    col = _columns()
    for row, key in ((3, "workdays"), (4, "unit")):
        cell = marked.cell(row=row, column=col[key])
        assert cell.fill.fgColor.rgb not in (None, "00000000"), (row, key)
        assert cell.comment is not None and cell.comment.text, (row, key)
    assert marked.cell(row=2, column=col["workdays"]).comment is None

    # 2. The corrected file, with more rows than an inline import takes: queued for the worker.
    extra = [
        {"name": f"Mô hình nền số {i}", "unit": unit, "year": 2024, "field": field.name} for i in range(EXTRA_ROWS)
    ]
    rows = [good, {**bad_number, "workdays": "15"}, {**bad_unit, "unit": unit}, *extra]
    assert len(rows) > INLINE_ROWS
    _upload(page, tmp_path, "dang-ky-da-sua.xlsx", _fill(template, rows))
    job = ImportJob.objects.get(original_name="dang-ky-da-sua.xlsx")
    assert job.status == ImportStatus.QUEUED and job.task_id and job.total_rows == len(rows)
    assert page.locator("#import-progress [role=progressbar]").get_attribute("aria-valuenow") == "0"

    # 3. The worker runs it; held after its first report, the polled bar shows that report.
    (pause_dir / "imports.progress.pause").write_text("")
    errors_seen: list = []
    worker = _start_worker(errors_seen)
    try:
        _wait_for_file(pause_dir / "imports.progress.reached", worker, errors_seen)
        value = _bar_value(page)
        assert value == round(100 * EVERY / len(rows)), value
        assert 0 < value < 100
        assert str(ImportStatus.RUNNING.label) in page.locator("#import-progress").inner_text()
        if not worker.in_memory:  # a connection of its own: the open transaction shows nothing yet
            assert Initiative.objects.count() == 0
        # 4. Let go: the result replaces the bar (the page reloads when the job is done).
        (pause_dir / "imports.progress.pause").unlink()
        page.get_by_test_id("created").wait_for(timeout=60000)
    finally:
        (pause_dir / "imports.progress.pause").unlink(missing_ok=True)
        worker.join(timeout=60)  # before anything else touches the database, even on a failure
        if worker.in_memory:
            connection.dec_thread_sharing()
    assert not worker.is_alive()
    assert not errors_seen, errors_seen
    assert page.get_by_test_id("created").inner_text().strip() == str(len(rows))
    assert page.locator("[data-testid=errors]").count() == 0
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.created_count) == (ImportStatus.DONE, len(rows), len(rows))
    assert not services.progress_path(job).exists()  # the progress file went with the run
    assert Initiative.objects.filter(unit=tree["conhue1"]).count() == len(rows)
    assert Initiative.objects.get(name="Tuyến phố văn minh").workdays == 15

    # 5. The rows on the registry list.
    for name in ("Camera an ninh ngõ 12", "Tuyến phố văn minh", "Nhóm Zalo tổ dân phố", "Mô hình nền số 0"):
        page.goto(f"/mo-hinh/?year=2024&q={name}")
        assert name in page.inner_text("main" if page.locator("main").count() else "body"), name
