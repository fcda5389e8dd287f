"""Org units: browse the tree as of a date, search, one unit with its lineage; administrators
create and edit units and record lineage events (orgunits.services)."""

import datetime as dt
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.access import can, get_unit_for_user, scope_paths
from accounts.roles import Cap
from api.errors import ERRORS
from api.schemas import Day, Id, InSchema, Paging, PathId, SearchText, text
from orgunits import selectors, services
from orgunits.models import Level, LineageKind, OrgUnit, UnitType

router = Router(tags=["org units"])

UnitTypeCode = Literal[tuple(UnitType.values)]
LineageKindCode = Literal[tuple(LineageKind.values)]


class UnitRef(Schema):
    id: int
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None


class UnitOut(Schema):
    id: int
    name: str
    unit_type: str
    level: str = Field(alias="level.code")
    level_name: str = Field(alias="level.name")
    parent_id: int | None
    code: str
    code_scheme: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    depth: int
    is_current: bool
    child_count: int | None = None


class LineageOut(Schema):
    kind: str
    date: dt.date
    note: str
    unit: UnitRef


class UnitDetailOut(UnitOut):
    note: str
    ancestors: list[UnitRef] = Field(alias="ancestors_visible")
    came_from: list[LineageOut]
    became: list[LineageOut]
    successors_today: list[UnitRef]
    can_manage: bool


class UnitFilters(Schema):
    parent: Id | None = None
    on: Day | None = None
    q: SearchText | None = None
    include_ended: bool = False


class UnitIn(InSchema):
    name: text(255, 1)
    unit_type: UnitTypeCode
    level: text(50, 1)
    code: text(20) = ""
    valid_from: Day | None = None
    valid_to: Day | None = None
    note: text(5000) = ""


class UnitCreateIn(UnitIn):
    parent: Id


class UnitPatch(InSchema):
    name: text(255, 1) | None = None
    unit_type: UnitTypeCode | None = None
    level: text(50, 1) | None = None
    code: text(20) | None = None
    valid_from: Day | None = None
    valid_to: Day | None = None
    note: text(5000) | None = None


class LineageIn(InSchema):
    target: Id
    kind: LineageKindCode
    date: Day
    note: text(255) = ""


@router.get("/units", response={200: list[UnitOut], **ERRORS}, summary="List or search org units")
@paginate(Paging)
def unit_list(request, filters: Query[UnitFilters]):
    """As the tree page: without ``parent`` or ``q`` the caller's top units; with ``parent`` its
    children; with ``q`` an accent-insensitive search within the caller's scope."""
    on = filters.on or timezone.localdate()
    units = OrgUnit.objects.visible_to(request.auth).select_related("level")
    if not filters.include_ended:
        units = units.valid_on(on)
    if filters.q:
        units = units.search(filters.q).order_by("depth", "name", "pk")
    elif filters.parent:
        parent = get_unit_for_user(request.auth, filters.parent)
        units = units.filter(parent=parent).order_by("name", "pk")
    else:
        units = units.filter(path__in=selectors.top_paths(scope_paths(request.auth, Cap.VIEW))).order_by("name", "pk")
    return _CountedChildren(units, on, filters.include_ended)


class _CountedChildren:
    """A queryset wrapper that annotates the child counts of the page being returned only."""

    def __init__(self, queryset, on, include_ended):
        self.queryset, self.on, self.include_ended = queryset, on, include_ended

    def all(self):
        return self.queryset.all()

    def __getitem__(self, item):
        rows = list(self.queryset[item])
        selectors.annotate_child_counts(rows, self.on, self.include_ended)
        return rows


@router.get("/units/{pk}", response={200: UnitDetailOut, **ERRORS}, summary="One org unit with its lineage")
def unit_detail(request, pk: PathId):
    user = request.auth
    unit = get_unit_for_user(user, pk)
    lineage = selectors.lineage_of(unit)
    unit.ancestors_visible = [a for a in unit.ancestors() if can(user, Cap.VIEW, a)]
    unit.came_from = [_lineage(e, e.source) for e in lineage["came_from"]]
    unit.became = [_lineage(e, e.target) for e in lineage["became"]]
    unit.successors_today = (
        [u for u in selectors.current_successors(unit, timezone.localdate()) if u.pk != unit.pk]
        if unit.valid_to
        else []
    )
    unit.can_manage = can(user, Cap.MANAGE_UNITS, unit)
    return unit


def _lineage(event, unit) -> dict:
    return {"kind": event.kind, "date": event.date, "note": event.note, "unit": unit}


@router.get("/units/{pk}/children", response={200: list[UnitOut], **ERRORS}, summary="Children of a unit")
@paginate(Paging)
def unit_children(request, pk: PathId, on: Day | None = None, include_ended: bool = False):
    parent = get_unit_for_user(request.auth, pk)
    on = on or timezone.localdate()
    units = parent.children.select_related("level").order_by("name", "pk")
    if not include_ended:
        units = units.valid_on(on)
    return _CountedChildren(units, on, include_ended)


def _level(code: str) -> Level:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    level = Level.objects.filter(code=code).first()
    if level is None:
        raise ValidationError({"level": [_("Unknown level code.")]})
    return level


@router.post("/units", response={201: UnitOut, **ERRORS}, summary="Create a unit (administrators)")
def unit_create(request, payload: UnitCreateIn):
    parent = get_unit_for_user(request.auth, payload.parent)
    data = payload.dict(exclude={"parent"})
    data["level"] = _level(data["level"])
    unit = services.unit_create(parent=parent, by=request.auth, **data)
    return Status(201, unit)


@router.patch("/units/{pk}", response={200: UnitOut, **ERRORS}, summary="Edit a unit (administrators)")
def unit_update(request, pk: PathId, payload: UnitPatch):
    unit = get_unit_for_user(request.auth, pk)
    data = payload.dict(exclude_unset=True)
    for key in ("name", "unit_type", "level"):
        if key in data and data[key] is None:
            data.pop(key)
    for key in ("code", "note"):
        if key in data and data[key] is None:
            data[key] = ""
    if "level" in data:
        data["level"] = _level(data["level"])
    return services.unit_update(unit=unit, by=request.auth, **data)


@router.post(
    "/units/{pk}/lineage", response={201: LineageOut, **ERRORS}, summary="Record what a unit became (administrators)"
)
def lineage_add(request, pk: PathId, payload: LineageIn):
    # The target is found without the caller's scope: the service refuses a non-manager of the
    # source first (403 whatever target they name), then a target the manager may not see (403).
    source = get_unit_for_user(request.auth, pk)
    target = get_object_or_404(OrgUnit, pk=payload.target)
    event = services.lineage_add(
        source=source, target=target, kind=payload.kind, date=payload.date, note=payload.note, by=request.auth
    )
    return Status(201, _lineage(event, event.target))
