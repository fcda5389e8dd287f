"""Pages of "Nhập từ Excel": upload (with the templates), preview, result with the errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import has_cap_anywhere
from imports import kinds, services, workbooks
from imports.access import get_job_for_user
from imports.forms import UploadForm
from imports.models import ImportJob, ImportKind, ImportStatus
from webkit.forms import SERVICE_ERRORS, add_errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_enter(user, kind: str = "initiatives"):
    if not has_cap_anywhere(user, services.kind_cap(kind)):
        raise PermissionDenied(_("You may not import data."))


def _require_importer(user):
    if not services.kinds_for(user):
        raise PermissionDenied(_("You may not import data."))


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def upload(request):
    _require_importer(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            job = services.job_create(
                upload=d["file"], kind=d["kind"], data_set=d["data_set"], period=d["period"].strip(), by=request.user
            )
            services.job_preview(job=job)
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            return redirect("imports:job", pk=job.pk)
    recent = ImportJob.objects.filter(created_by=request.user)[:10]
    may = {kind for kind, _label in services.kinds_for(request.user)}
    templates = [
        (reverse(f"imports:template_{kind}"), label)
        for kind, label in ImportKind.choices
        if kind in may and kind in kinds.SPECS
    ]
    context = {"form": form, "recent": recent, "may": may, "templates": templates}
    return render(request, "imports/upload.html", context)


@login_required
def template_initiatives(request):
    _require_enter(request.user)
    return _xlsx(workbooks.initiatives_template(request.user), "mau-dang-ky-mo-hinh.xlsx")


@login_required
def template_kind(request, kind):
    """The template of award decisions, summary counts, units or users (``imports.kinds``)."""
    _require_enter(request.user, kind)
    return _xlsx(workbooks.kind_template(request.user, kind), kinds.SPECS[kind].filename)


@login_required
def template_values(request):
    from lib import periods
    from stats.models import DataSet

    _require_enter(request.user)
    data_set = DataSet.objects.filter(pk=request.GET.get("data_set") or 0, active=True).first()
    try:
        period = periods.parse(request.GET.get("period", ""))
    except ValueError:
        period = None
    if data_set is None or period is None or not data_set.accepts_period(period):
        raise Http404
    if request.GET.get("layout") == "units":  # one sheet per unit
        data = workbooks.values_template_by_unit(request.user, data_set, period)
        return _xlsx(data, f"mau-{data_set.code}-{period.code}-theo-don-vi.xlsx")
    return _xlsx(workbooks.values_template(request.user, data_set, period), f"mau-{data_set.code}-{period.code}.xlsx")


@login_required
def job_detail(request, pk):
    job = services.job_state(get_job_for_user(request.user, pk))
    preview = None
    if job.status in (ImportStatus.UPLOADED, ImportStatus.VALID):
        try:
            preview = services.job_preview(job=job)
        except SERVICE_ERRORS as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return render(request, "imports/job.html", {"job": job, "preview": preview})


@login_required
def job_progress(request, pk):
    job = services.job_state(get_job_for_user(request.user, pk))
    response = render(request, "imports/_progress.html", {"job": job})
    if job.is_finished:
        response["HX-Refresh"] = "true"  # show the full result page
    return response


@login_required
@require_POST
def job_start_view(request, pk):
    job = get_job_for_user(request.user, pk)
    try:
        services.job_start(job=job, by=request.user)
    except SERVICE_ERRORS as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("imports:job", pk=job.pk)


@login_required
@require_POST
def job_cancel(request, pk):
    job = get_job_for_user(request.user, pk)
    try:
        services.job_request_cancel(job=job, by=request.user)
    except SERVICE_ERRORS as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("imports:job", pk=job.pk)


@login_required
def job_report(request, pk):
    job = get_job_for_user(request.user, pk)
    if not job.errors:
        raise Http404
    return _xlsx(workbooks.error_report(job), f"bao-loi-nhap-{job.pk}.xlsx")
