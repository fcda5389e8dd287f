"""The registry of models and exemplars: list and search as on the list page, create, read, edit,
life-cycle steps, replication, recognition decisions, plaque-mounted works and the registry
counters. Every step calls initiatives.services; seeing goes through initiatives.access."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.access import get_unit_for_user, visible_paths
from api.errors import ERRORS
from api.routers.common import catalogue_entry
from api.schemas import Area, Count, Day, Id, InSchema, Money, Paging, PathId, Ref, SearchText, Year, text
from initiatives import access, selectors, services
from initiatives.models import Field as WorkField
from initiatives.models import Kind, Origin, PlaqueLevel, RecognitionLevel, Subject
from initiatives.models import Status as InitiativeStatus

router = Router(tags=["initiatives"])

KindCode = Literal[tuple(Kind.values)]
SubjectCode = Literal[tuple(Subject.values)]
OriginCode = Literal[tuple(Origin.values)]
StatusCode = Literal[tuple(InitiativeStatus.values)]
LevelCode = Literal[tuple(RecognitionLevel.values)]
LevelFilter = Literal[("any", "none", *RecognitionLevel.values)]
SortCode = Literal[tuple(selectors.SORTS)]
ActionCode = Literal["register", "start", "propose", "withdraw", "refuse", "reopen", "stop"]


class FieldOut(Schema):
    id: int
    code: str
    name: str
    active: bool


class InitiativeItem(Schema):
    id: int
    name: str
    kind: str
    subject: str
    field_id: int
    field_name: str = Field(alias="field.name")
    year: int
    unit: Ref
    origin: str
    source_id: int | None
    status: str
    proposed_level: str
    recognized_level: str
    funding_social: int
    workdays: int


class InitiativeEventOut(Schema):
    action: str
    from_status: str
    to_status: str
    level: str
    reason: str
    decision_id: int | None
    by: str | None = Field(None, alias="by_name")
    at: dt.datetime


class InitiativeOut(InitiativeItem):
    place: str
    group_name: str
    person_name: str
    person_position: str
    person_unit: str
    situation: str
    goals: str
    content: str
    scope: str
    leader: str
    participants: str
    resources: str
    start_date: dt.date | None
    end_date: dt.date | None
    expected_outputs: str
    sustainability: str
    funding_state: int
    land_m2: Decimal
    beneficiaries: int
    works_built: int
    results_text: str
    contact: str
    internal_note: str
    stopped_on: dt.date | None
    created_at: dt.datetime
    version: int


class InitiativeDetailOut(InitiativeOut):
    events: list[InitiativeEventOut] = Field(alias="events_list")
    can_edit: bool
    can_submit: bool
    can_propose: bool
    can_decide: bool
    proposable_levels: list[str]


class InitiativeFilters(Schema):
    q: SearchText | None = None
    year: Year | None = None
    year_from: Year | None = None
    year_to: Year | None = None
    field: Id | None = None
    kind: KindCode | None = None
    subject: SubjectCode | None = None
    status: StatusCode | None = None
    level: LevelFilter | None = None
    origin: OriginCode | None = None
    unit: Id | None = Field(None, description="A unit id: only initiatives of its subtree.")
    sort: SortCode | None = None


class _Content(InSchema):
    place: text(300) = ""
    group_name: text(300) = ""
    person_name: text(150) = ""
    person_position: text(200) = ""
    person_unit: text(300) = ""
    situation: text(20000) = ""
    goals: text(20000) = ""
    content: text(20000) = ""
    scope: text(20000) = ""
    leader: text(300) = ""
    participants: text(20000) = ""
    resources: text(20000) = ""
    start_date: Day | None = None
    end_date: Day | None = None
    expected_outputs: text(20000) = ""
    sustainability: text(20000) = ""
    funding_social: Money = 0
    funding_state: Money = 0
    workdays: Count = 0
    land_m2: Area = Decimal(0)
    beneficiaries: Count = 0
    works_built: Count = 0
    results_text: text(20000) = ""
    contact: text(300) = ""
    internal_note: text(20000) = ""


class InitiativeIn(_Content):
    name: text(300, 1)
    kind: KindCode = "model"
    subject: SubjectCode = "collective"
    field: Id
    year: Year
    unit: Id
    register_now: bool = Field(False, description="Register straight away instead of keeping a draft.")


class InitiativePatch(InSchema):
    """Only the fields sent are changed. ``version`` (as read) is required: an edit made on an old
    copy is refused with 409 and the changes made in between, never silently overwritten."""

    version: int = Field(
        ..., ge=1, le=2_000_000_000, description="The version read (required); 409 with the changed fields if stale."
    )
    name: text(300, 1) | None = None
    kind: KindCode | None = None
    subject: SubjectCode | None = None
    field: Id | None = None
    year: Year | None = None
    unit: Id | None = None
    place: text(300) | None = None
    group_name: text(300) | None = None
    person_name: text(150) | None = None
    person_position: text(200) | None = None
    person_unit: text(300) | None = None
    situation: text(20000) | None = None
    goals: text(20000) | None = None
    content: text(20000) | None = None
    scope: text(20000) | None = None
    leader: text(300) | None = None
    participants: text(20000) | None = None
    resources: text(20000) | None = None
    start_date: Day | None = None
    end_date: Day | None = None
    expected_outputs: text(20000) | None = None
    sustainability: text(20000) | None = None
    funding_social: Money | None = None
    funding_state: Money | None = None
    workdays: Count | None = None
    land_m2: Area | None = None
    beneficiaries: Count | None = None
    works_built: Count | None = None
    results_text: text(20000) | None = None
    contact: text(300) | None = None
    internal_note: text(20000) | None = None


class InitiativeActionIn(InSchema):
    level: LevelCode | None = Field(None, description="Required by propose.")
    reason: text(5000) = Field("", description="Required by refuse; kept on the timeline.")


class ReplicateIn(InSchema):
    unit: Id
    year: Year
    name: text(300) = ""


class ReplicationNode(Schema):
    depth: int
    initiative: InitiativeItem


class ReplicationTreeOut(Schema):
    ancestors: list[InitiativeItem]
    nodes: list[ReplicationNode]
    count: int
    units: int
    years: list[int]


class RecognitionDecisionOut(Schema):
    id: int
    number: str
    date: dt.date
    issuer: Ref
    signer: str
    level: str
    has_scan: bool

    @staticmethod
    def resolve_has_scan(obj):
        return bool(obj.scan)


class RecognitionItemOut(Schema):
    initiative: InitiativeItem
    outstanding: bool


class RecognitionDecisionDetailOut(RecognitionDecisionOut):
    items: list[RecognitionItemOut] = Field(alias="items_visible")


class RecognitionDecisionIn(InSchema):
    number: text(60) = Field("", description="Empty: the issuing body's next number of the year, in date order.")
    date: Day
    issuer: Id
    level: LevelCode
    signer: text(150) = ""


class RecognizeIn(InSchema):
    initiatives: list[Id] = Field(..., min_length=1, max_length=500)
    outstanding: list[Id] = Field(default_factory=list, max_length=500)


class PlaqueIn(InSchema):
    name: text(300, 1)
    level: Literal[tuple(PlaqueLevel.values)]
    date: Day
    occasion: text(300) = ""


class PlaqueOut(Schema):
    id: int
    initiative_id: int
    name: str
    level: str
    occasion: str
    date: dt.date


class CountsFilters(Schema):
    unit: Id | None = Field(None, description="A unit id; without it, the caller's whole scope.")
    year: Year | None = None
    year_from: Year | None = None
    year_to: Year | None = None
    through_lineage: bool = Field(False, description="Also count the units that became this unit.")
    include_drafts: bool = False


class CountsOut(Schema):
    total: int
    models: int
    exemplars: int
    collectives: int
    individuals: int
    new: int
    replicated: int
    recognized: int
    recognized_commune: int
    recognized_district: int
    recognized_province: int
    funding_social: int
    funding_state: int
    workdays: int
    land_m2: Decimal
    beneficiaries: int
    works_built: int
    by_field: dict[str, int]
    by_level: dict[str, int] = Field(default_factory=dict, description="Registered, by the level registered at.")
    from_summaries: int = Field(0, description="Added by summary registrations beyond the named ones.")


class RateBlock(Schema):
    registered: int
    recognized: int
    evaluated: int
    effective: int
    outstanding: int
    recognized_percent: Decimal | None
    effective_percent: Decimal | None
    outstanding_percent: Decimal | None


class FieldRate(RateBlock):
    code: str
    name: str


class LevelRate(RateBlock):
    level: str


class RatesOut(Schema):
    total: RateBlock
    by_field: list[FieldRate]
    by_level: list[LevelRate]


class EvaluationIn(InSchema):
    rating: Literal["outstanding", "good", "effective", "not_effective"]
    evaluated_on: Day | None = None
    note: text(2000) = ""


class EvaluationOut(Schema):
    id: int
    rating: str
    evaluated_on: dt.date
    note: str


# ---------------------------------------------------------------- helpers


def _service_fields(user, data: dict) -> dict:
    """Ids in the request become objects: the unit through the access layer, the field by id."""
    if data.get("unit") is not None:
        data["unit"] = get_unit_for_user(user, data["unit"])
    if data.get("field") is not None:
        data["field"] = catalogue_entry(WorkField, data["field"], "field")
    return data


def _detail(user, initiative):
    """The initiative with its timeline and what the caller may do with it now."""
    initiative.events_list = list(selectors.timeline(initiative))
    for event in initiative.events_list:
        event.by_name = str(event.by) if event.by else None
    initiative.can_edit = access.can_edit(user, initiative)
    initiative.can_submit = access.can_submit(user, initiative)
    initiative.can_propose = access.can_propose(user, initiative)
    initiative.can_decide = access.can_decide_now(user, initiative)
    initiative.proposable_levels = access.proposable_levels(initiative)
    return initiative


# ---------------------------------------------------------------- endpoints


@router.get("/fields", response={200: list[FieldOut], **ERRORS}, summary="Fields of work", tags=["catalogues"])
def field_list(request):
    return WorkField.objects.all()


@router.get("/initiatives", response={200: list[InitiativeItem], **ERRORS}, summary="List and search initiatives")
@paginate(Paging)
def initiative_list(request, filters: Query[InitiativeFilters]):
    """The same filters, search and sort orders as the list page."""
    data = filters.dict(exclude_none=True)
    if "unit" in data:
        data["unit"] = get_unit_for_user(request.auth, data["unit"])
    return selectors.initiative_list(request.auth, data=data)


@router.post("/initiatives", response={201: InitiativeDetailOut, **ERRORS}, summary="Register an initiative")
def initiative_create(request, payload: InitiativeIn):
    user = request.auth
    data = _service_fields(user, payload.dict())
    data["register"] = data.pop("register_now")
    initiative = services.initiative_create(by=user, **data)
    return Status(201, _detail(user, access.get_initiative_for_user(user, initiative.pk)))


@router.get("/initiatives/counts", response={200: CountsOut, **ERRORS}, summary="Registry counters")
def initiative_counts(request, filters: Query[CountsFilters]):
    """Counts and sums of the registry for a unit subtree (or the caller's scope) and a year or
    a range of years, as reports quote them. Drafts are left out unless asked for."""
    user = request.auth
    scope = get_unit_for_user(user, filters.unit) if filters.unit else visible_paths(user)
    year_range = (filters.year_from, filters.year_to) if filters.year_from or filters.year_to else None
    counts = selectors.registry_counts(
        scope,
        filters.year,
        year_range,
        through_lineage=filters.through_lineage,
        include_drafts=filters.include_drafts,
    )
    return {
        **counts.summary(),
        "by_field": counts.by("field"),
        "by_level": {k: v for k, v in counts.by("registered_level").items() if k},
        "from_summaries": sum(row["n"] for row in counts.rows if row.get("summary")),
    }


@router.get("/initiatives/rates", response={200: RatesOut, **ERRORS}, summary="Registry rates")
def initiative_rates(request, filters: Query[CountsFilters]):
    """Shares of the named registrations recognized, evaluated effective and outstanding, overall,
    by field and by the level registered at (percent with 2 decimals; null when nothing registered)."""
    from initiatives.evaluations import registry_rates

    user = request.auth
    scope = get_unit_for_user(user, filters.unit) if filters.unit else visible_paths(user)
    year_range = (filters.year_from, filters.year_to) if filters.year_from or filters.year_to else None
    return registry_rates(scope, filters.year, year_range, through_lineage=filters.through_lineage)


@router.post("/initiatives/{pk}/evaluations", response={201: EvaluationOut, **ERRORS}, summary="Evaluate an initiative")
def initiative_evaluate(request, pk: PathId, payload: EvaluationIn):
    """A reviewer of the initiative's unit records an evaluation (403 for anyone else)."""
    from initiatives.evaluations import evaluate

    initiative = access.get_initiative_for_user(request.auth, pk)
    evaluation = evaluate(initiative=initiative, by=request.auth, **payload.dict())
    return Status(201, evaluation)


@router.get("/initiatives/{pk}", response={200: InitiativeDetailOut, **ERRORS}, summary="One initiative")
def initiative_detail(request, pk: PathId):
    return _detail(request.auth, access.get_initiative_for_user(request.auth, pk))


@router.patch("/initiatives/{pk}", response={200: InitiativeDetailOut, **ERRORS}, summary="Edit an initiative")
def initiative_update(request, pk: PathId, payload: InitiativePatch):
    user = request.auth
    initiative = access.get_initiative_for_user(user, pk)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k.endswith("_date")}
    expected = data.pop("version")
    # A stale ``version`` answers 409 "stale_version" with the changed fields (api.errors).
    services.initiative_update(initiative=initiative, by=user, expected_version=expected, **_service_fields(user, data))
    return _detail(user, access.get_initiative_for_user(user, pk))


@router.delete("/initiatives/{pk}", response={204: None, **ERRORS}, summary="Delete an initiative")
def initiative_delete(request, pk: PathId):
    """Marks it deleted (an administrator may restore it); proposed or recognized ones stay (409)."""
    user = request.auth
    services.initiative_delete(initiative=access.get_initiative_for_user(user, pk), by=user)
    return Status(204, None)


_ACTIONS = {
    "register": (services.initiative_register, ()),
    "start": (services.initiative_start, ()),
    "propose": (services.initiative_propose, ("level",)),
    "withdraw": (services.initiative_withdraw, ("reason",)),
    "refuse": (services.initiative_refuse, ("reason",)),
    "reopen": (services.initiative_reopen, ("reason",)),
    "stop": (services.initiative_stop, ("reason",)),
}


@router.post(
    "/initiatives/{pk}/actions/{action}",
    response={200: InitiativeDetailOut, **ERRORS},
    summary="A life-cycle step",
)
def initiative_action(request, pk: PathId, action: ActionCode, payload: InitiativeActionIn):
    """register, start, propose (with ``level``), withdraw, refuse (with ``reason``), reopen, stop.
    A step the initiative's status does not allow answers 409."""
    user = request.auth
    initiative = access.get_initiative_for_user(user, pk)
    function, takes = _ACTIONS[action]
    kwargs = {name: getattr(payload, name) for name in takes}
    if action == "propose" and not kwargs["level"]:
        raise ValidationError({"level": [_("Level: choose the level to propose at.")]})
    function(initiative=initiative, by=user, **kwargs)
    return _detail(user, access.get_initiative_for_user(user, pk))


@router.post(
    "/initiatives/{pk}/replicate", response={201: InitiativeDetailOut, **ERRORS}, summary="Replicate an initiative"
)
def initiative_replicate(request, pk: PathId, payload: ReplicateIn):
    """Register, as a draft in ``unit``, a replication of the initiative, linked to it."""
    user = request.auth
    source = access.get_initiative_for_user(user, pk)
    unit = get_unit_for_user(user, payload.unit)
    initiative = services.initiative_replicate(source=source, by=user, unit=unit, year=payload.year, name=payload.name)
    return Status(201, _detail(user, access.get_initiative_for_user(user, initiative.pk)))


@router.get("/initiatives/{pk}/replications", response={200: ReplicationTreeOut, **ERRORS}, summary="Replication tree")
def initiative_replications(request, pk: PathId):
    tree = selectors.replication_tree(access.get_initiative_for_user(request.auth, pk))
    return {**tree, "nodes": [{"depth": depth, "initiative": row} for depth, row in tree["nodes"]]}


@router.post("/initiatives/{pk}/plaques", response={201: PlaqueOut, **ERRORS}, summary="Record a plaque-mounted work")
def plaque_add(request, pk: PathId, payload: PlaqueIn):
    initiative = access.get_initiative_for_user(request.auth, pk)
    return Status(201, services.plaque_add(initiative=initiative, by=request.auth, **payload.dict()))


@router.get("/decisions", response={200: list[RecognitionDecisionOut], **ERRORS}, summary="Recognition decisions")
@paginate(Paging)
def decision_list(request):
    return access.visible_decisions(request.auth).select_related("issuer").order_by("-date", "-pk")


@router.post("/decisions", response={201: RecognitionDecisionOut, **ERRORS}, summary="Record a recognition decision")
def decision_create(request, payload: RecognitionDecisionIn):
    user = request.auth
    issuer = get_unit_for_user(user, payload.issuer)
    decision = services.decision_create(by=user, **{**payload.dict(), "issuer": issuer})
    return Status(201, decision)


@router.get(
    "/decisions/{pk}", response={200: RecognitionDecisionDetailOut, **ERRORS}, summary="One recognition decision"
)
def decision_detail(request, pk: PathId):
    from initiatives.models import Initiative

    decision = access.get_decision_for_user(request.auth, pk)
    items = decision.items.select_related("initiative__unit", "initiative__field").filter(
        initiative__in=Initiative.objects.visible_to(request.auth)
    )
    decision.items_visible = list(items)
    return decision


@router.post(
    "/decisions/{pk}/recognize",
    response={200: list[InitiativeItem], **ERRORS},
    summary="Recognize initiatives under a decision",
)
def decision_recognize(request, pk: PathId, payload: RecognizeIn):
    """Recognize every listed initiative (each proposed at the decision's level) under the
    decision; those in ``outstanding`` are marked "tiêu biểu". All or none."""
    user = request.auth
    decision = access.get_decision_for_user(user, pk)
    initiatives = [access.get_initiative_for_user(user, i) for i in dict.fromkeys(payload.initiatives)]
    with transaction.atomic():
        return services.decision_recognize(
            decision=decision, initiatives=initiatives, by=user, outstanding=payload.outstanding
        )
