"""Reward dossiers (hồ sơ đề nghị khen thưởng): the proposal letter and its candidates, their
achievement reports, the council's review and the decision — each step one endpoint calling
awards.services (403 for who may not, 409 for a step the dossier's state does not allow) — and
the certificates of an issued award decision as PDF."""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from accounts.access import get_unit_for_user
from api.errors import ERRORS
from api.routers.common import catalogue_entry
from api.schemas import Day, Id, InSchema, Paging, PathId, Ref, Year, text
from awards import certificates, choices, dossiers, services
from awards.access import get_candidate_for_user, get_decision_for_user, get_dossier_for_user, get_recipient_for_user
from awards.models import AchievementArea, Dossier, EmulationTitle, RecipientKind, RewardForm

router = Router(tags=["dossiers"])

KindCode = Literal[tuple(RecipientKind.values)]


class CandidateOut(Schema):
    id: int
    kind: str
    unit: Ref | None
    name: str
    display_name: str
    position: str
    date_of_birth: dt.date | None = Field(None, description="Only for those who prepare or decide the dossier.")
    report_text: str
    has_report_file: bool
    votes_for: int | None
    votes_against: int | None
    passed: bool | None


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    note: str
    by: str | None
    at: dt.datetime


class DossierOut(Schema):
    id: int
    proposer: Ref
    issuer: Ref
    issuer_title: str
    year: int
    reward_form: Ref | None
    emulation_title: Ref | None
    area: Ref | None
    letter_number: str
    letter_date: dt.date | None
    has_letter_file: bool
    status: str
    return_reason: str
    council_members: list[str]
    meeting_date: dt.date | None
    required_share: int
    share_inclusive: bool
    decision_id: int | None


class DossierDetailOut(DossierOut):
    candidates: list[CandidateOut]
    missing: list[str]
    events: list[EventOut]


class DossierIn(InSchema):
    proposer: Id
    issuer: Id
    issuer_title: text(255, 1)
    year: Year
    reward_form: Id | None = None
    emulation_title: Id | None = None
    area: Id | None = None
    letter_number: text(50) = ""
    letter_date: Day | None = None


class CandidateIn(InSchema):
    kind: KindCode
    unit: Id | None = None
    name: text(255) = ""
    position: text(255) = ""
    date_of_birth: Day | None = None
    report_text: text(50000) = ""


class ReportIn(InSchema):
    report_text: text(50000)


class ReturnIn(InSchema):
    reason: text(2000, 1)


class VoteIn(InSchema):
    candidate: Id
    votes_for: int = Field(..., ge=0, le=10000)
    votes_against: int = Field(..., ge=0, le=10000)


class CouncilIn(InSchema):
    members: list[text(255, 1)] = Field(..., min_length=1, max_length=200)
    meeting_date: Day
    required_share: int = Field(50, ge=1, le=100)
    share_inclusive: bool = False
    votes: list[VoteIn] = Field(..., max_length=2000)


class DecideIn(InSchema):
    date: Day
    signer: text(255) = ""
    number: text(50) = Field("", description="Empty: the issuer's next number of the year.")


def _ref(obj):
    return {"id": obj.pk, "name": str(obj)} if obj is not None else None


def _row(dossier: Dossier) -> dict:
    return {
        "id": dossier.pk,
        "proposer": _ref(dossier.proposer),
        "issuer": _ref(dossier.issuer),
        "issuer_title": dossier.issuer_title,
        "year": dossier.year,
        "reward_form": _ref(dossier.reward_form),
        "emulation_title": _ref(dossier.emulation_title),
        "area": _ref(dossier.area),
        "letter_number": dossier.letter_number,
        "letter_date": dossier.letter_date,
        "has_letter_file": bool(dossier.letter_file),
        "status": dossier.status,
        "return_reason": dossier.return_reason,
        "council_members": dossier.members,
        "meeting_date": dossier.meeting_date,
        "required_share": dossier.required_share,
        "share_inclusive": dossier.share_inclusive,
        "decision_id": dossier.decision_id,
    }


def _detail(user, dossier: Dossier) -> dict:
    dossier = get_dossier_for_user(user, dossier.pk)
    personal = dossiers.may_see_personal(user, dossier)
    candidates = list(dossier.candidates.select_related("unit"))
    data = _row(dossier)
    data["candidates"] = [
        {
            "id": c.pk,
            "kind": c.kind,
            "unit": _ref(c.unit),
            "name": c.name,
            "display_name": c.display_name,
            "position": c.position,
            "date_of_birth": c.date_of_birth if personal else None,
            "report_text": c.report_text,
            "has_report_file": bool(c.report_file),
            "votes_for": c.votes_for,
            "votes_against": c.votes_against,
            "passed": c.passed,
        }
        for c in candidates
    ]
    data["missing"] = dossiers.missing(dossier, candidates)
    data["events"] = [
        {
            "action": e.action,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "note": e.note,
            "by": e.by.username if e.by else None,
            "at": e.at,
        }
        for e in dossier.events.select_related("by")
    ]
    return data


def _choice(units, pk, field: str):
    """A unit the page's picker offers for ``field``, else a 422 naming it."""
    unit = units.filter(pk=pk).first()
    if unit is None:
        raise ValidationError({field: [_("This unit cannot be chosen here.")]})
    return unit


@router.get("/dossiers", response={200: list[DossierOut], **ERRORS}, summary="List reward dossiers")
@paginate(Paging)
def dossier_list(request):
    rows = Dossier.objects.visible_to(request.auth).select_related(
        "proposer", "issuer", "reward_form", "emulation_title", "area"
    )
    return _Rows(rows.order_by("-year", "-pk"))


class _Rows:
    """The page of dossiers as the schema's dicts (only the rows returned are built)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def all(self):
        return self.queryset.all()

    def __getitem__(self, item):
        return [_row(d) for d in self.queryset[item]]


@router.post("/dossiers", response={201: DossierDetailOut, **ERRORS}, summary="Start a reward dossier")
def dossier_create(request, payload: DossierIn):
    user = request.auth
    services.require_create(by=user)
    data = payload.dict()
    proposer = get_unit_for_user(user, data.pop("proposer"))
    if not services.may_propose(user, proposer):  # before the issuer choice, so "may not" is not "bad unit"
        raise PermissionDenied
    data["issuer"] = _choice(choices.issuer_unit_set(user), data["issuer"], "issuer")
    for name, model in (("reward_form", RewardForm), ("emulation_title", EmulationTitle), ("area", AchievementArea)):
        data[name] = catalogue_entry(model, data[name], name)
    dossier = services.dossier_create(by=user, proposer=proposer, **data)
    return Status(201, _detail(user, dossier))


@router.get("/dossiers/{pk}", response={200: DossierDetailOut, **ERRORS}, summary="One reward dossier")
def dossier_detail(request, pk: PathId):
    return _detail(request.auth, get_dossier_for_user(request.auth, pk))


@router.post("/dossiers/{pk}/letter", response={200: DossierDetailOut, **ERRORS}, summary="Attach the proposal letter")
def dossier_letter(request, pk: PathId, file: File[UploadedFile]):
    user = request.auth
    dossier = get_dossier_for_user(user, pk)
    services.dossier_update(dossier=dossier, by=user, letter_file=file)
    return _detail(user, dossier)


@router.post("/dossiers/{pk}/candidates", response={201: DossierDetailOut, **ERRORS}, summary="Add a candidate")
def candidate_add(request, pk: PathId, payload: CandidateIn):
    user = request.auth
    dossier = get_dossier_for_user(user, pk)
    data = payload.dict()
    if data["unit"] is not None:
        unit = get_unit_for_user(user, data["unit"])
        data["unit"] = unit
    services.candidate_add(dossier=dossier, by=user, **data)
    return Status(201, _detail(user, dossier))


@router.put(
    "/dossiers/{pk}/candidates/{candidate_pk}/report",
    response={200: DossierDetailOut, **ERRORS},
    summary="Write a candidate's achievement report",
)
def candidate_report(request, pk: PathId, candidate_pk: PathId, payload: ReportIn):
    user = request.auth
    candidate = get_candidate_for_user(user, pk, candidate_pk)
    services.candidate_report_set(candidate=candidate, by=user, report_text=payload.report_text)
    return _detail(user, candidate.dossier)


@router.post(
    "/dossiers/{pk}/candidates/{candidate_pk}/report/draft",
    response={200: DossierDetailOut, **ERRORS},
    summary="Draft a candidate's achievement report from the registry",
)
def candidate_draft(request, pk: PathId, candidate_pk: PathId):
    user = request.auth
    candidate = get_candidate_for_user(user, pk, candidate_pk)
    services.candidate_draft_report(candidate=candidate, by=user)
    return _detail(user, candidate.dossier)


@router.delete("/dossiers/{pk}/candidates/{candidate_pk}", response={204: None, **ERRORS}, summary="Remove a candidate")
def candidate_remove(request, pk: PathId, candidate_pk: PathId):
    user = request.auth
    services.candidate_remove(candidate=get_candidate_for_user(user, pk, candidate_pk), by=user)
    return Status(204, None)


@router.post("/dossiers/{pk}/submit", response={200: DossierDetailOut, **ERRORS}, summary="Submit the dossier")
def dossier_submit(request, pk: PathId):
    user = request.auth
    dossier = services.dossier_submit(dossier=get_dossier_for_user(user, pk), by=user)
    return _detail(user, dossier)


@router.post("/dossiers/{pk}/return", response={200: DossierDetailOut, **ERRORS}, summary="Return the dossier")
def dossier_return(request, pk: PathId, payload: ReturnIn):
    user = request.auth
    dossier = services.dossier_return(dossier=get_dossier_for_user(user, pk), by=user, reason=payload.reason)
    return _detail(user, dossier)


@router.post(
    "/dossiers/{pk}/council", response={200: DossierDetailOut, **ERRORS}, summary="Record the council's review"
)
def dossier_council(request, pk: PathId, payload: CouncilIn):
    user = request.auth
    dossier = services.council_review(
        dossier=get_dossier_for_user(user, pk),
        by=user,
        members="\n".join(payload.members),
        meeting_date=payload.meeting_date,
        votes={v.candidate: (v.votes_for, v.votes_against) for v in payload.votes},
        required_share=payload.required_share,
        share_inclusive=payload.share_inclusive,
    )
    return _detail(user, dossier)


@router.post("/dossiers/{pk}/decide", response={200: DossierDetailOut, **ERRORS}, summary="Issue the decision")
def dossier_decide(request, pk: PathId, payload: DecideIn):
    user = request.auth
    dossier = get_dossier_for_user(user, pk)
    services.dossier_decide(dossier=dossier, by=user, date=payload.date, signer=payload.signer, number=payload.number)
    return _detail(user, dossier)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@router.get("/awards/{pk}/certificates", response={200: None, **ERRORS}, summary="Certificates of a decision (PDF)")
def decision_certificates(request, pk: PathId):
    decision = get_decision_for_user(request.auth, pk)
    if decision.status != "issued" or not decision.recipients.exists():
        raise Http404
    return _pdf(certificates.award_pdf(decision), f"bang-khen-{decision.pk}.pdf")


@router.get(
    "/awards/{pk}/recipients/{recipient_pk}/certificate",
    response={200: None, **ERRORS},
    summary="One recipient's certificate (PDF)",
)
def recipient_certificate(request, pk: PathId, recipient_pk: PathId):
    recipient = get_recipient_for_user(request.auth, pk, recipient_pk)
    if recipient.decision.status != "issued":
        raise Http404
    return _pdf(certificates.award_pdf(recipient.decision, recipient), f"bang-khen-{pk}-{recipient.pk}.pdf")
