"""The state of the background job rendering an issued version's PDF (``reports.tasks``).

The jobs are django-tasks-db rows. A worker killed while rendering leaves its job RUNNING for
ever; a job RUNNING longer than ``REPORTS_PDF_JOB_MINUTES`` is therefore marked failed (when the
state is read, before a job is queued and whenever the worker starts a task), and the user may
ask for the PDF again."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

TASK_PATH = "reports.tasks.render_version_pdf"
DEFAULT_MINUTES = 10


class PdfState:
    READY = "ready"  # stored with the version
    QUEUED = "queued"
    RUNNING = "running"
    FAILED = "failed"  # failed, or ran past the time limit
    MISSING = "missing"  # no job (the queue was unavailable when the report was issued)

    RETRYABLE = frozenset({FAILED, MISSING})


def time_limit() -> dt.timedelta:
    return dt.timedelta(minutes=getattr(settings, "REPORTS_PDF_JOB_MINUTES", DEFAULT_MINUTES))


def sweep_stale_jobs(now: dt.datetime | None = None) -> int:
    """Mark PDF jobs RUNNING for longer than the time limit as failed; returns how many."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    return DBTaskResult.objects.filter(task_path=TASK_PATH, status="RUNNING", started_at__lt=now - time_limit()).update(
        status="FAILED",
        finished_at=now,
        exception_class_path="reports.pdf_jobs.TimeLimitExceeded",
        traceback=f"The job was still running after {time_limit()}; its worker is presumed gone.",
    )


def on_task_started(sender, task_result=None, **kwargs) -> None:
    """Signal receiver: a worker starting a task sweeps the PDF jobs a killed worker left behind."""
    sweep_stale_jobs()


def _latest_jobs(version_ids: list[int]) -> dict[int, object]:
    from django_tasks_db.models import DBTaskResult

    jobs = {}
    rows = DBTaskResult.objects.filter(task_path=TASK_PATH, args_kwargs__args__0__in=version_ids).order_by(
        "enqueued_at"
    )
    for job in rows.only("status", "args_kwargs", "enqueued_at", "started_at"):
        jobs[job.args_kwargs["args"][0]] = job  # the newest job of each version wins
    return jobs


def states(versions) -> dict[int, str]:
    """{version id: PdfState} for issued versions, in two queries whatever their number."""
    versions = list(versions)
    waiting = [v.pk for v in versions if not _has_pdf(v)]
    result = {v.pk: PdfState.READY for v in versions if _has_pdf(v)}
    if waiting:
        sweep_stale_jobs()
        jobs = _latest_jobs(waiting)
        for pk in waiting:
            job = jobs.get(pk)
            if job is None:
                result[pk] = PdfState.MISSING
            elif job.status == "READY":
                result[pk] = PdfState.QUEUED
            elif job.status == "RUNNING":
                result[pk] = PdfState.RUNNING
            else:
                # Failed, timed out, or ended without storing a PDF: it may be asked for again.
                result[pk] = PdfState.FAILED
    return result


def with_pdf_flag(versions):
    """The versions without loading their PDFs, each with ``has_pdf``."""
    from django.db.models import BooleanField, Case, Value, When

    return versions.defer("pdf").annotate(
        has_pdf=Case(When(pdf=b"", then=Value(False)), default=Value(True), output_field=BooleanField())
    )


def _has_pdf(version) -> bool:
    flag = getattr(version, "has_pdf", None)
    return bool(version.pdf) if flag is None else flag
