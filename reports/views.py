"""Report builder pages: list, create (the system drafts), edit sections (htmx), issue, new
version, exports (DOCX, XLSX, PDF, printable HTML) and the issuing bodies."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.errors import InvalidTransition
from lib.vn_text import fold
from reports import docx_builder, layouts, pdf_jobs, services, structure
from reports import render as rendering
from reports.access import (
    can_draft,
    can_issue,
    can_issue_in_name,
    can_issue_q,
    draftable_q,
    get_body_for_user,
    get_report_for_user,
    may_draft_anywhere,
    require_issue_in_name,
)
from reports.forms import EditVersionForm, IssueForm, IssuingBodyForm, ReportCreateForm, SectionForm, TitleForm
from reports.models import IssuingBody, Report
from webkit import uploads
from webkit.forms import SERVICE_ERRORS, add_errors, error_text
from webkit.history import history_entries

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def report_list(request):
    qs = Report.objects.visible_to(request.user).select_related("unit", "body").order_by("-created_at", "-pk")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "reports/list.html", {"page": page, "may_draft": may_draft_anywhere(request.user)})


@login_required
def report_create(request):
    if not may_draft_anywhere(request.user):
        raise Http404
    form = ReportCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        body = data["body"]
        unit = data["unit"] or body.area
        if not can_draft(request.user, unit):
            form.add_error("unit", _("You may not report on this unit."))
        else:
            try:
                report = services.report_draft(
                    by=request.user,
                    kind=data["kind"],
                    unit=unit,
                    body=body,
                    year=data["year"],
                    year_from=data.get("year_from"),
                    theme=data.get("theme") or "",
                )
            except SERVICE_ERRORS as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The draft is ready: read it, edit it, then issue it."))
                return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/create.html", {"form": form})


def _detail_context(request, report, *, typed: dict | None = None, issue_form=None, errors=None):
    """The report page. ``typed``: what the user typed in a form that was refused ({"title": …,
    "<section key>": …}), shown again instead of the saved text; ``errors``: {same key: message}."""
    typed, errors = typed or {}, errors or {}
    versions = list(pdf_jobs.with_pdf_flag(report.versions.select_related("issued_by")).order_by("-version"))
    pdf_states = pdf_jobs.states(versions)
    for version in versions:
        version.pdf_state = pdf_states[version.pk]
    sections = list(report.sections.all())
    guidance = structure.guidance_for(layouts.layout_for(report.kind, report.body))
    for section in sections:
        section.guidance = guidance.get(section.key, "")
        section.typed = typed.get(section.key, section.text)
        section.error = errors.get(section.key, "")
    may_edit = report.is_draft and can_draft(request.user, report.unit)
    return {
        "report": report,
        "sections": sections,
        "versions": versions,
        "content": versions[0].content if versions and not report.is_draft else None,
        "may_edit": may_edit,
        "may_issue": report.is_draft and can_issue_in_name(request.user, report.body),
        "may_reopen": not report.is_draft and can_draft(request.user, report.unit),
        "may_retry_pdf": can_draft(request.user, report.unit) or can_issue(request.user, report.body),
        "typed_title": typed.get("title", report.title),
        "title_error": errors.get("title", ""),
        "issue_form": issue_form or IssueForm(),
        "history": history_entries(report, limit=20),
        "section_text_max": services.SECTION_TEXT_MAX,
    }


def _refused_page(request, report, *, typed=None, issue_form=None, errors=None):
    """The page again after a refused change: the report as saved now (with its current edit
    version, so saving again replaces the other change deliberately) and what the user typed."""
    report = get_report_for_user(request.user, report.pk)
    context = _detail_context(request, report, typed=typed, issue_form=issue_form, errors=errors)
    return render(request, "reports/detail.html", context)


@login_required
def report_detail(request, pk):
    report = get_report_for_user(request.user, pk)
    return render(request, "reports/detail.html", _detail_context(request, report))


def _form_error(form) -> str:
    return " ".join(str(m) for messages_ in form.errors.values() for m in messages_)


@login_required
@require_POST
def section_save(request, pk, key):
    report = get_report_for_user(request.user, pk, write=True)
    form = SectionForm(request.POST)
    status, error = "saved", ""
    if form.is_valid():
        try:
            services.report_update_section(
                report=report,
                key=key,
                text=form.cleaned_data["text"],
                by=request.user,
                edit_version=form.cleaned_data["edit_version"],
            )
        except SERVICE_ERRORS as exc:
            status, error = "error", error_text(exc)
    else:
        status, error = "error", _form_error(form)
    report.refresh_from_db(fields=["edit_version"])
    if request.htmx:
        context = {"status": status, "error": error, "edit_version": report.edit_version}
        return render(request, "reports/_saved.html", context, status=200)
    if error:
        return _refused_page(request, report, typed={key: request.POST.get("text", "")}, errors={key: error})
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def title_save(request, pk):
    report = get_report_for_user(request.user, pk, write=True)
    form = TitleForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.report_update_title(
                report=report,
                title=form.cleaned_data["title"],
                by=request.user,
                edit_version=form.cleaned_data["edit_version"],
            )
        except SERVICE_ERRORS as exc:
            error = error_text(exc)
    else:
        error = _form_error(form)
    if error:
        typed = {"title": request.POST.get("title", "")}
        return _refused_page(request, report, typed=typed, errors={"title": error})
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_refresh(request, pk):
    report = get_report_for_user(request.user, pk, write=True)
    form = EditVersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_form_error(form))
        services.report_refresh(report=report, by=request.user, edit_version=form.cleaned_data["edit_version"])
        messages.success(request, _("The figures were gathered again; sections you edited were kept."))
    except SERVICE_ERRORS as exc:
        messages.error(request, error_text(exc))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_delete(request, pk):
    """Soft delete of a draft (lib.softdelete): the row stays for an administrator to restore."""
    report = get_report_for_user(request.user, pk, write=True)
    try:
        services.report_delete(report=report, by=request.user)
    except (ValidationError, InvalidTransition) as exc:  # "may not" goes on to the 403 page
        messages.error(request, error_text(exc))
        return redirect("reports:detail", pk=report.pk)
    messages.success(request, _("The report was deleted. An administrator can restore it."))
    return redirect("reports:list")


@login_required
@require_POST
def report_issue(request, pk):
    report = get_report_for_user(request.user, pk)
    require_issue_in_name(request.user, report.body)
    form = IssueForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_form_error(form))
        version = services.report_issue(
            report=report,
            by=request.user,
            issued_on=form.cleaned_data.get("issued_on"),
            edit_version=form.cleaned_data["edit_version"],
        )
    except SERVICE_ERRORS as exc:
        messages.error(request, error_text(exc))
        return _refused_page(request, report, issue_form=form)
    messages.success(request, _("Issued as %(number)s.") % {"number": version.number_text})
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def report_new_version(request, pk):
    report = get_report_for_user(request.user, pk, write=True)
    try:
        services.report_new_version(report=report, by=request.user)
        messages.success(request, _("A new version was opened; the issued versions are kept."))
    except SERVICE_ERRORS as exc:
        messages.error(request, error_text(exc))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def pdf_retry(request, pk):
    """Ask the worker again for the PDF of an issued version whose job failed or timed out."""
    report = get_report_for_user(request.user, pk)
    if not (can_draft(request.user, report.unit) or can_issue(request.user, report.body)):
        raise Http404
    wanted = request.POST.get("version", "")
    try:
        services.report_pdf_retry(report=report, by=request.user, version=int(wanted) if wanted.isdigit() else None)
        messages.success(request, _("The PDF was asked for again; it will be ready in a few minutes."))
    except SERVICE_ERRORS as exc:
        messages.error(request, error_text(exc))
    return redirect("reports:detail", pk=report.pk)


def _content_and_version(request, report):
    """The issued version asked for (or the latest), else the live draft."""
    wanted = request.GET.get("version")
    if report.is_draft and not wanted:
        return rendering.build_content(report), None
    versions = report.versions.all()
    version = versions.filter(version=int(wanted)).first() if wanted and wanted.isdigit() else versions.first()
    if version is None:
        raise Http404
    return version.content, version


def _filename(report, ext: str) -> str:
    stem = slugify(fold(report.number_text or report.title))[:60] or "bao-cao"
    return f"{stem}.{ext}"


@login_required
def report_export(request, pk, fmt):
    report = get_report_for_user(request.user, pk)
    content, version = _content_and_version(request, report)
    if fmt == "docx":
        try:
            data = (
                bytes(version.docx)
                if version is not None and version.docx
                else rendering.render_docx(content, report.body)
            )
        except ValidationError as exc:  # the body's template is unusable: say so on the report page
            messages.error(request, error_text(exc))
            return redirect("reports:detail", pk=report.pk)
        kind = DOCX_TYPE
    elif fmt == "xlsx":
        data, kind = rendering.render_xlsx(content), XLSX_TYPE
    elif fmt == "pdf":
        stored = bytes(version.pdf) if version is not None and version.pdf else b""
        data, kind = stored or rendering.render_pdf(content), "application/pdf"
    else:
        raise Http404
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, fmt)}"'
    return response


@login_required
def report_print(request, pk):
    report = get_report_for_user(request.user, pk)
    content, _version = _content_and_version(request, report)
    return HttpResponse(rendering.render_html(content))


# ------------------------------------------------------------------------------------ bodies
@login_required
def body_list(request):
    if not may_draft_anywhere(request.user) and not request.user.is_superuser:
        raise Http404
    bodies = IssuingBody.objects.filter(draftable_q(request.user) | can_issue_q(request.user)).select_related("unit")
    manageable = set(IssuingBody.objects.filter(can_issue_q(request.user)).values_list("pk", flat=True))
    return render(request, "reports/body_list.html", {"bodies": bodies, "manageable": manageable})


def _body_form(request, body=None):
    form = IssuingBodyForm(request.POST or None, request.FILES or None, instance=body, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "template"}
        upload = request.FILES.get("template")
        if upload:
            fields["template"] = upload
        if not _may_manage(request.user, fields["unit"]):
            form.add_error("unit", _("You may not manage issuing bodies of this unit."))
        else:
            try:
                if body is None:
                    body = services.body_create(by=request.user, **fields)
                else:
                    body = services.body_update(body=body, by=request.user, **fields)
            except SERVICE_ERRORS as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The issuing body was saved."))
                return redirect("reports:bodies")
    return render(request, "reports/body_form.html", {"form": form, "body": body})


def _may_manage(user, unit) -> bool:
    from accounts.access import can
    from accounts.roles import Cap

    return can(user, Cap.ISSUE, unit)


@login_required
def body_create(request):
    from accounts.access import has_cap_anywhere
    from accounts.roles import Cap

    if not has_cap_anywhere(request.user, Cap.ISSUE):
        raise Http404
    return _body_form(request)


@login_required
def body_edit(request, pk):
    return _body_form(request, get_body_for_user(request.user, pk, write=True))


@login_required
def body_template(request, pk):
    body = get_body_for_user(request.user, pk)
    name = f"mau-bao-cao-{slugify(fold(body.abbreviation)) or body.pk}.docx"
    if body.template:
        return uploads.serve(body.template, filename=name)
    # no template of its own: the starting template in the official layout, made for this body
    response = HttpResponse(docx_builder.starter_for(body), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
