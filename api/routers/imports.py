"""Excel imports: upload a sheet (checked, previewed), start it, follow its status, download the
error report. The same services as the pages; a job is seen only by the person who uploaded it."""

from django.http import HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from api.errors import ERRORS
from imports import services, workbooks
from imports.access import get_job_for_user
from imports.models import ImportJob

router = Router(tags=["imports"])


class JobOut(Schema):
    id: int
    kind: str
    status: str
    original_name: str
    total_rows: int
    processed_rows: int
    created_count: int
    updated_count: int
    unchanged_count: int
    error_count: int
    errors: list[dict]
    message: str


def _out(job: ImportJob) -> dict:
    return {f: getattr(job, f) for f in JobOut.model_fields}


@router.post("/imports", response={201: JobOut, **ERRORS})
def import_upload(
    request, kind: Form[str], file: File[UploadedFile], data_set: Form[int | None] = None, period: Form[str] = ""
):
    from stats.models import DataSet

    target = DataSet.objects.filter(pk=data_set, active=True).first() if data_set else None
    job = services.job_create(upload=file, kind=kind, data_set=target, period=period, by=request.auth)
    services.job_preview(job=job)
    return Status(201, _out(job))


@router.post("/imports/{int:job_id}/start", response={200: JobOut, **ERRORS})
def import_start(request, job_id: int):
    job = get_job_for_user(request.auth, job_id)
    services.job_start(job=job, by=request.auth)
    job.refresh_from_db()
    return _out(job)


@router.get("/imports/{int:job_id}", response={200: JobOut, **ERRORS})
def import_status(request, job_id: int):
    job = services.job_state(get_job_for_user(request.auth, job_id))
    return _out(job)


@router.get("/imports/{int:job_id}/errors.xlsx", response={200: None, **ERRORS})
def import_error_report(request, job_id: int):
    from django.http import Http404

    job = get_job_for_user(request.auth, job_id)
    if not job.errors:
        raise Http404
    response = HttpResponse(
        workbooks.error_report(job), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="bao-loi-nhap-{job.pk}.xlsx"'
    return response
