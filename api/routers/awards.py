"""Awards (khen thưởng): catalogues, award decisions and proposals, their recipients, and the
counts reports quote. Every change calls awards.services; seeing goes through awards.access."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.access import get_unit_for_user, visible_paths
from api.errors import ERRORS
from api.routers.common import catalogue_entry
from api.schemas import Day, Id, InSchema, Paging, PathId, Ref, SearchText, Year, text
from awards import choices, selectors, services
from awards.access import get_decision_for_user, get_recipient_for_user
from awards.models import (
    AchievementArea,
    AwardDecision,
    DecisionStatus,
    EmulationTitle,
    RecipientKind,
    RewardForm,
)
from orgunits.models import OrgUnit

router = Router(tags=["awards"])

StatusCode = Literal[tuple(DecisionStatus.values)]
KindCode = Literal[tuple(RecipientKind.values)]


class CatalogueItem(Schema):
    id: int
    code: str
    name: str
    active: bool
    applies_to: str | None = None
    once_per_person: bool | None = None


class CataloguesOut(Schema):
    reward_forms: list[CatalogueItem]
    emulation_titles: list[CatalogueItem]
    areas: list[CatalogueItem]


class AwardOut(Schema):
    id: int
    number: str
    date: dt.date | None
    year: int
    status: str
    issuer: Ref
    issuer_title: str
    signer: str
    proposed_by: Ref | None
    reward_form: Ref | None
    emulation_title: Ref | None
    area: Ref | None
    summary: str
    version: int
    collectives: int = 0
    individuals: int = 0


class RecipientOut(Schema):
    id: int
    kind: str
    unit: Ref | None
    name: str
    display_name: str
    position: str
    date_of_birth: dt.date | None
    initiative_id: int | None
    note: str
    personal_hidden: bool = Field(
        False, description="True when the date of birth and unit are withheld (not a reviewer of the unit)."
    )


class AwardDetailOut(AwardOut):
    recipients: list[RecipientOut] = Field(alias="recipient_list")
    may_edit: bool


class AwardFilters(Schema):
    year: Year | None = None
    area: Id | None = None
    reward_form: Id | None = None
    issuer: Id | None = Field(None, description="Only decisions issued within this unit's subtree.")
    kind: KindCode | None = None
    status: StatusCode | None = None
    q: SearchText | None = Field(None, description="Decision number or recipient name.")


class AwardIn(InSchema):
    issuer: Id
    issuer_title: text(255, 1)
    year: Year
    status: StatusCode = "issued"
    number: text(50) = ""
    date: Day | None = None
    signer: text(255) = ""
    proposed_by: Id | None = None
    reward_form: Id | None = None
    emulation_title: Id | None = None
    area: Id | None = None
    summary: text(20000) = ""


class AwardPatch(InSchema):
    version: int = Field(
        ..., ge=1, le=2_000_000_000, description="The version read (required); 409 with the changed fields if stale."
    )
    issuer: Id | None = None
    issuer_title: text(255, 1) | None = None
    year: Year | None = None
    status: StatusCode | None = None
    number: text(50) | None = None
    date: Day | None = None
    signer: text(255) | None = None
    proposed_by: Id | None = None
    reward_form: Id | None = None
    emulation_title: Id | None = None
    area: Id | None = None
    summary: text(20000) | None = None


class RecipientIn(InSchema):
    kind: KindCode
    unit: Id | None = None
    name: text(255) = ""
    position: text(255) = ""
    date_of_birth: Day | None = None
    initiative: Id | None = None
    note: text(255) = ""


class RecipientsIn(InSchema):
    rows: list[RecipientIn] = Field(..., min_length=1, max_length=500)


class CountFilters(Schema):
    unit: Id | None = Field(None, description="A unit id; without it, the caller's whole scope.")
    year: Year | None = None
    year_from: Year | None = None
    year_to: Year | None = None
    status: StatusCode = "issued"
    basis: Literal["recipient", "issuer"] = "recipient"
    through_lineage: bool = False


class AwardCountOut(Schema):
    reward_form: str | None
    reward_form_name: str | None
    emulation_title: str | None
    emulation_title_name: str | None
    area: str | None
    area_name: str | None
    kind: str
    issuer_title: str
    count: int
    reward_form_kind: str | None = None
    declared: bool = False


class HonouredPair(Schema):
    collective: int
    individual: int


class HonouredForm(HonouredPair):
    code: str
    name: str
    kind: str


class HonouredOut(Schema):
    reward: HonouredPair
    commendation: HonouredPair
    total: HonouredPair
    by_form: list[HonouredForm]


# ---------------------------------------------------------------- helpers


def _choice(units, pk, field: str):
    """A unit offered to the caller on the page's form for ``field``, else a 422 naming it."""
    if pk is None:
        return None
    unit = units.filter(pk=pk).first()
    if unit is not None:
        return unit
    raise ValidationError({field: [_("This unit cannot be chosen here.")]})


def _decision_fields(user, data: dict) -> dict:
    if "issuer" in data and data["issuer"] is not None:
        data["issuer"] = _choice(choices.issuer_unit_set(user), data["issuer"], "issuer")
    if "proposed_by" in data:
        data["proposed_by"] = _choice(choices.proposer_unit_set(user), data["proposed_by"], "proposed_by")
    for name, model in (("reward_form", RewardForm), ("emulation_title", EmulationTitle), ("area", AchievementArea)):
        if name in data:
            data[name] = catalogue_entry(model, data[name], name)
    return data


def _with_details(user, decision):
    decision.recipient_list = selectors.recipients_for(user, decision)
    decision.may_edit = services.may_edit(user, decision)
    totals = selectors.recipient_totals([decision.pk]).get(decision.pk, {})
    decision.collectives, decision.individuals = totals.get("collective", 0), totals.get("individual", 0)
    return decision


class _WithTotals:
    """The page's recipient totals for just the rows being returned."""

    def __init__(self, queryset):
        self.queryset = queryset

    def all(self):
        return self.queryset.all()

    def __getitem__(self, item):
        rows = list(self.queryset[item])
        totals = selectors.recipient_totals([d.pk for d in rows])
        for decision in rows:
            counts = totals.get(decision.pk, {})
            decision.collectives, decision.individuals = counts.get("collective", 0), counts.get("individual", 0)
        return rows


# ---------------------------------------------------------------- endpoints


@router.get("/awards/catalogues", response={200: CataloguesOut, **ERRORS}, summary="Award catalogues")
def catalogues(request):
    return {
        "reward_forms": list(RewardForm.objects.all()),
        "emulation_titles": list(EmulationTitle.objects.all()),
        "areas": list(AchievementArea.objects.all()),
    }


@router.get("/awards", response={200: list[AwardOut], **ERRORS}, summary="List award decisions")
@paginate(Paging)
def award_list(request, filters: Query[AwardFilters]):
    """The same filters as the awards page."""
    data = filters.dict(exclude_none=True)
    if "issuer" in data:
        data["issuer"] = get_unit_for_user(request.auth, data["issuer"]).pk
    decisions = selectors.filter_decisions(AwardDecision.objects.visible_to(request.auth), data)
    decisions = decisions.select_related("issuer", "proposed_by", "reward_form", "emulation_title", "area")
    return _WithTotals(decisions.order_by("-year", "-date", "-pk"))


@router.post("/awards", response={201: AwardDetailOut, **ERRORS}, summary="Record an award decision or proposal")
def award_create(request, payload: AwardIn):
    user = request.auth
    # The service's own rule, asked before the unit choices below can answer 422: someone with no
    # working role anywhere hears 403. What this actor may do for the chosen units is checked on save.
    services.require_create(by=user)
    data = _decision_fields(user, payload.dict())
    decision = services.decision_create(by=user, **data)
    return Status(201, _with_details(user, get_decision_for_user(user, decision.pk)))


@router.get("/awards/counts", response={200: list[AwardCountOut], **ERRORS}, summary="Award counts")
def award_counts(request, filters: Query[CountFilters]):
    """Recipients counted by form of reward × emulation title × area × collective/individual ×
    issuer title for a unit subtree (or the caller's scope) and a year or range of years."""
    user = request.auth
    scope = get_unit_for_user(user, filters.unit) if filters.unit else visible_paths(user)
    year_range = None
    if filters.year_from or filters.year_to:
        year_range = (filters.year_from or 1900, filters.year_to or 2200)
    return selectors.award_counts(
        scope,
        filters.year,
        year_range,
        status=filters.status,
        basis=filters.basis,
        lineage=filters.through_lineage and isinstance(scope, OrgUnit),
    )


@router.get("/awards/honoured", response={200: HonouredOut, **ERRORS}, summary="Collectives and individuals honoured")
def awards_honoured(request, filters: Query[CountFilters]):
    """Totals of all collectives and individuals honoured by issued decisions (named and declared
    by count), rewards (khen thưởng) and commendations (biểu dương, tuyên dương) apart, by form."""
    user = request.auth
    scope = get_unit_for_user(user, filters.unit) if filters.unit else visible_paths(user)
    year_range = None
    if filters.year_from or filters.year_to:
        year_range = (filters.year_from or 1900, filters.year_to or 2200)
    return selectors.honoured_totals(
        scope, filters.year, year_range, lineage=filters.through_lineage and isinstance(scope, OrgUnit)
    )


@router.get("/awards/{pk}", response={200: AwardDetailOut, **ERRORS}, summary="One award decision")
def award_detail(request, pk: PathId):
    return _with_details(request.auth, get_decision_for_user(request.auth, pk))


@router.patch("/awards/{pk}", response={200: AwardDetailOut, **ERRORS}, summary="Edit an award decision")
def award_update(request, pk: PathId, payload: AwardPatch):
    user = request.auth
    decision = get_decision_for_user(user, pk)
    data = payload.dict(exclude_unset=True)
    for key in ("issuer", "issuer_title", "year", "status"):
        if key in data and data[key] is None:
            data.pop(key)
    for key in ("number", "signer", "summary"):
        if key in data and data[key] is None:
            data[key] = ""
    expected = data.pop("version")
    # A stale ``version`` answers 409 "stale_version" with the changed fields (api.errors).
    services.decision_update(decision=decision, by=user, expected_version=expected, **_decision_fields(user, data))
    return _with_details(user, get_decision_for_user(user, pk))


@router.delete("/awards/{pk}", response={204: None, **ERRORS}, summary="Delete an award decision")
def award_delete(request, pk: PathId):
    user = request.auth
    decision = get_decision_for_user(user, pk)
    services.decision_delete(decision=decision, by=user)
    return Status(204, None)


@router.post(
    "/awards/{pk}/recipients", response={201: list[RecipientOut], **ERRORS}, summary="Add recipients (all or none)"
)
def recipients_add(request, pk: PathId, payload: RecipientsIn):
    user = request.auth
    decision = get_decision_for_user(user, pk)
    # The service's own check, asked first so that a refused actor hears 403 before any row's 422.
    services.require_edit(user, decision)
    unit_ids = [row.unit for row in payload.rows if row.unit is not None]
    allowed_units = set(choices.recipient_unit_set(user, decision).filter(pk__in=unit_ids).values_list("pk", flat=True))
    rows, errors = [], {}
    for index, row in enumerate(payload.rows):
        data = row.dict()
        if data["unit"] is not None and data["unit"] not in allowed_units:
            errors[f"rows.{index}.unit"] = [_("This unit cannot be chosen here.")]
        data["unit"] = OrgUnit.objects.filter(pk=data["unit"]).first() if data["unit"] else None
        if data["initiative"] is not None:
            data["initiative"] = _initiative(user, data["initiative"])
        rows.append(data)
    if errors:
        raise ValidationError(errors)
    try:
        added = services.recipients_add(decision=decision, by=user, rows=rows)
    except ValidationError as exc:
        by_row = getattr(exc, "errors_by_row", None)
        if not by_row:
            raise
        raise ValidationError({f"rows.{i}": [" ".join(e.messages)] for i, e in sorted(by_row.items())}) from exc
    return Status(201, added)


def _initiative(user, pk):
    from initiatives.access import get_initiative_for_user

    try:
        return get_initiative_for_user(user, pk)
    except Http404:
        raise ValidationError({"initiative": [_("Unknown initiative, or outside your scope.")]}) from None


@router.delete("/awards/{pk}/recipients/{recipient_pk}", response={204: None, **ERRORS}, summary="Remove a recipient")
def recipient_remove(request, pk: PathId, recipient_pk: PathId):
    user = request.auth
    recipient = get_recipient_for_user(user, pk, recipient_pk)
    services.recipient_remove(recipient=recipient, by=user)
    return Status(204, None)
