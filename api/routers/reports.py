"""Reports: issuing bodies, drafting (the system writes the draft from the data), editing the
title and sections, refreshing the figures, issuing (numbered, frozen as a version), a new
version, and the DOCX / XLSX / PDF files. Every change calls reports.services; seeing and the
right to draft or issue go through reports.access."""

import datetime as dt
from typing import Annotated, Literal

from django.http import Http404, HttpResponse
from django.utils.text import slugify
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accounts.access import get_unit_for_user
from api.errors import ERRORS
from api.schemas import Day, Id, InSchema, Paging, PathId, Ref, Year, text
from lib.vn_text import fold
from reports import pdf_jobs, services
from reports import render as rendering
from reports.access import bodies_for, can_draft, can_issue_in_name, get_body_for_user, get_report_for_user
from reports.models import BodyKind, Report, ReportKind, Theme

router = Router(tags=["reports"])

FILE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class BodyOut(Schema):
    id: int
    unit: Ref
    kind: str
    name: str
    abbreviation: str
    place: str
    active: bool


class ReportOut(Schema):
    id: int
    kind: str
    unit: Ref
    body_id: int
    year: int
    year_from: int | None
    theme: str
    title: str
    status: str
    number_text: str
    issued_on: dt.date | None
    version: int
    edit_version: int = Field(..., description="Send it back with every change; a stale one answers 409.")
    created_at: dt.datetime
    updated_at: dt.datetime


class ReportSectionOut(Schema):
    key: str
    order: int
    heading: str
    text: str
    edited: bool


class VersionOut(Schema):
    version: int
    number_text: str
    issued_on: dt.date
    issued_at: dt.datetime
    pdf_state: Literal["ready", "queued", "running", "failed", "missing"] = Field(
        ..., description="The stored PDF's job: failed (or past its time limit) and missing may be retried."
    )


class ReportDetailOut(ReportOut):
    sections: list[ReportSectionOut] = Field(alias="section_list")
    versions: list[VersionOut] = Field(alias="version_list")
    may_edit: bool
    may_issue: bool
    may_reopen: bool


class BodyIn(InSchema):
    unit: Id
    kind: Literal[tuple(BodyKind.values)]
    superior_name: text(200) = ""
    name: text(300, 1) = Field(..., description="One name per line, e.g. BAN DÂN VẬN.")
    abbreviation: text(40, 1)
    place: text(100, 1)
    term_start: Day | None = None
    signer_on_behalf: text(100) = ""
    signer_title: text(100, 1)
    signer_name: text(150) = ""
    recipients: text(5000) = ""
    active: bool = True


class BodyPatch(InSchema):
    kind: Literal[tuple(BodyKind.values)] | None = None
    superior_name: text(200) | None = None
    name: text(300, 1) | None = None
    abbreviation: text(40, 1) | None = None
    place: text(100, 1) | None = None
    term_start: Day | None = None
    signer_on_behalf: text(100) | None = None
    signer_title: text(100, 1) | None = None
    signer_name: text(150) | None = None
    recipients: text(5000) | None = None
    active: bool | None = None


class DraftIn(InSchema):
    kind: Literal[tuple(ReportKind.values)]
    body: Id
    unit: Id | None = Field(None, description="The unit reported on; the body's own area when left out.")
    year: Year = Field(..., description="The year (the last year of a multi-year review).")
    year_from: Year | None = None
    theme: Literal[("", *Theme.values)] = ""


EditVersion = Annotated[
    int,
    Field(ge=0, description="The report's edit_version as last read; a report changed since answers 409."),
]


class TitleIn(InSchema):
    title: text(300, 1)
    edit_version: EditVersion


class SectionIn(InSchema):
    # The service enforces the length limit (services.SECTION_TEXT_MAX) with its message; this
    # bound only keeps absurd bodies out.
    text: text(4 * services.SECTION_TEXT_MAX)
    heading: text(200) | None = None
    edit_version: EditVersion


class ReportActionIn(InSchema):
    issued_on: Day | None = Field(None, description="For issue: the date on the document (default today).")
    edit_version: EditVersion | None = Field(
        None, description="For refresh and issue: the edit_version as last read (checked when given)."
    )
    version: int | None = Field(None, ge=1, description="For retry-pdf: the issued version (default the latest).")


def _detail(user, report):
    report.section_list = list(report.sections.all())
    report.version_list = list(
        pdf_jobs.with_pdf_flag(report.versions.defer("docx", "content", "facts")).order_by("-version")
    )
    pdf_states = pdf_jobs.states(report.version_list)
    for version in report.version_list:
        version.pdf_state = pdf_states[version.pk]
    report.may_edit = report.is_draft and can_draft(user, report.unit)
    report.may_issue = report.is_draft and can_issue_in_name(user, report.body)
    report.may_reopen = not report.is_draft and can_draft(user, report.unit)
    return report


@router.get("/reports/bodies", response={200: list[BodyOut], **ERRORS}, summary="Issuing bodies I may draft for")
def body_list(request):
    return list(bodies_for(request.auth))


@router.post("/reports/bodies", response={201: BodyOut, **ERRORS}, summary="Add an issuing body")
def body_create(request, payload: BodyIn):
    """Needs the right to issue (unit head, commission leader) on the body's unit."""
    user = request.auth
    unit = get_unit_for_user(user, payload.unit)  # 404 outside the scope; the service refuses (403) the rest
    return Status(201, services.body_create(by=user, **{**payload.dict(), "unit": unit}))


@router.patch("/reports/bodies/{pk}", response={200: BodyOut, **ERRORS}, summary="Edit an issuing body")
def body_update(request, pk: PathId, payload: BodyPatch):
    user = request.auth
    body = get_body_for_user(user, pk)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k == "term_start"}
    return services.body_update(body=body, by=user, **data)


@router.get("/reports", response={200: list[ReportOut], **ERRORS}, summary="Reports")
@paginate(Paging)
def report_list(request):
    return Report.objects.visible_to(request.auth).select_related("unit").order_by("-created_at", "-pk")


@router.post("/reports", response={201: ReportDetailOut, **ERRORS}, summary="Draft a report")
def report_draft(request, payload: DraftIn):
    """The system gathers the figures of the unit's subtree and writes the whole draft."""
    user = request.auth
    body = get_body_for_user(user, payload.body)
    unit = get_unit_for_user(user, payload.unit) if payload.unit else body.area
    report = services.report_draft(
        by=user,
        kind=payload.kind,
        unit=unit,
        body=body,
        year=payload.year,
        year_from=payload.year_from,
        theme=payload.theme,
    )
    return Status(201, _detail(user, get_report_for_user(user, report.pk)))


@router.get("/reports/{pk}", response={200: ReportDetailOut, **ERRORS}, summary="One report")
def report_detail(request, pk: PathId):
    return _detail(request.auth, get_report_for_user(request.auth, pk))


@router.patch("/reports/{pk}", response={200: ReportDetailOut, **ERRORS}, summary="Change the title")
def report_title(request, pk: PathId, payload: TitleIn):
    user = request.auth
    report = get_report_for_user(user, pk)
    services.report_update_title(report=report, title=payload.title, by=user, edit_version=payload.edit_version)
    return _detail(user, get_report_for_user(user, pk))


@router.delete("/reports/{pk}", response={204: None, **ERRORS}, summary="Delete a draft report")
def report_delete(request, pk: PathId):
    """Marks the draft deleted (an administrator may restore it); an issued report stays (409)."""
    user = request.auth
    services.report_delete(report=get_report_for_user(user, pk), by=user)
    return Status(204, None)


@router.put("/reports/{pk}/sections/{key}", response={200: ReportDetailOut, **ERRORS}, summary="Edit a section's text")
def report_section(request, pk: PathId, key: text(20, 1), payload: SectionIn):
    user = request.auth
    report = get_report_for_user(user, pk)
    services.report_update_section(
        report=report,
        key=key,
        text=payload.text,
        heading=payload.heading,
        by=user,
        edit_version=payload.edit_version,
    )
    return _detail(user, get_report_for_user(user, pk))


@router.post(
    "/reports/{pk}/actions/{action}",
    response={200: ReportDetailOut, **ERRORS},
    summary="Refresh the figures, issue, open a new version, or prepare the PDF again",
)
def report_action(
    request, pk: PathId, action: Literal["refresh", "issue", "new-version", "retry-pdf"], payload: ReportActionIn
):
    """refresh (re-gather figures; edited sections are kept), issue (numbered and frozen; needs
    the right to issue for the body; the date must lie between the end of the period reported on
    and today, while the body exists, and not before the body's last issued report of the same
    series), new-version (reopen an issued report), retry-pdf (queue the PDF of an issued
    version again when its job failed or ran past its time limit). A step the report's status
    does not allow, or a stale ``edit_version``, answers 409."""
    user = request.auth
    report = get_report_for_user(user, pk)  # 404 outside the scope; each service refuses (403) the rest
    if action == "refresh":
        services.report_refresh(report=report, by=user, edit_version=payload.edit_version)
    elif action == "issue":
        services.report_issue(report=report, by=user, issued_on=payload.issued_on, edit_version=payload.edit_version)
    elif action == "retry-pdf":
        services.report_pdf_retry(report=report, by=user, version=payload.version)
    else:
        services.report_new_version(report=report, by=user)
    return _detail(user, get_report_for_user(user, pk))


_FILE_RESPONSES = {
    "responses": {
        200: {
            "description": "The report as a file (the latest issued version, or the live draft).",
            "content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in FILE_TYPES.values()},
        }
    }
}


@router.get(
    "/reports/{pk}/file/{fmt}",
    response=ERRORS,
    openapi_extra=_FILE_RESPONSES,
    summary="Download as DOCX, XLSX or PDF",
)
def report_file(request, pk: PathId, fmt: Literal["docx", "xlsx", "pdf"], version: int | None = None):
    """``version``: an issued version number; without it the latest issued version, or for a
    draft the live text."""
    report = get_report_for_user(request.auth, pk)
    if report.is_draft and version is None:
        content, frozen = rendering.build_content(report), None
    else:
        versions = report.versions.all()
        frozen = versions.filter(version=version).first() if version is not None else versions.first()
        if frozen is None:
            raise Http404
        content = frozen.content
    if fmt == "docx":
        data = bytes(frozen.docx) if frozen is not None and frozen.docx else rendering.render_docx(content, report.body)
    elif fmt == "xlsx":
        data = rendering.render_xlsx(content)
    else:
        data = rendering.render_pdf(content)
    response = HttpResponse(data, content_type=FILE_TYPES[fmt])
    stem = slugify(fold(report.number_text or report.title))[:60] or "bao-cao"
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
