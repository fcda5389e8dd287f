"""Periodic statistics: the catalogue (data sets, elements, rates), submissions and their values,
the submit / approve / return / reopen workflow, completeness, and aggregates (an element, an
option or a rate for a unit subtree and a period, with the change versus last year). Every
change calls stats.services; seeing goes through stats.access and accounts.access."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts.access import get_unit_for_user
from api.errors import ERRORS
from api.schemas import Id, InSchema, Paging, PathId, Ref, SeekPaging, text
from lib import periods
from stats import access, selectors, services
from stats.models import CategoryOption, ComboCategory, DataElement, DataSet, Indicator, Qualifier, Submission
from stats.models import Status as SubmissionStatus

router = Router(tags=["statistics"])

PERIOD = r"^[0-9]{4}(H[12]|Q[1-4]|M(0[1-9]|1[0-2]))?$"  # ASCII digits only
PeriodCode = Annotated[
    str, Field(pattern=PERIOD, max_length=7, description="A reported period: 2022, 2022H1, 2022H2, 2022Q1 or 2022M03")
]
# an aggregate may also be asked of a multi-year period or a date range (read from the periods inside it)
ANY_PERIOD = (
    r"^[0-9]{4}(H[12]|Q[1-4]|M(0[1-9]|1[0-2])|-[0-9]{4})?$|^[0-9]{4}-[0-9]{2}-[0-9]{2}_[0-9]{4}-[0-9]{2}-[0-9]{2}$"
)
AnyPeriodCode = Annotated[
    str,
    Field(
        pattern=ANY_PERIOD,
        max_length=21,
        description="2022, 2022H1, 2022Q1, 2022M03, a multi-year period 2021-2024 or a date range 2021-03-01_2023-08-31",
    ),
]
Code = text(40, 1)
SubmissionStatusCode = Literal[tuple(SubmissionStatus.values)]


def _period(code: str) -> periods.Period:
    try:
        return periods.parse(code)
    except ValueError:
        raise ValidationError(
            {"period": [_("Enter a period as 2022, 2022H1, 2022Q1, 2022M03, 2021-2024 or 2021-03-01_2023-08-31.")]}
        ) from None


class OptionOut(Schema):
    id: int
    code: str
    name: str
    items: list[str] = Field(
        [], alias="item_codes", description="For a crossed disaggregation: the code of the item of each category."
    )


class ElementOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    value_type: str
    unit_of_measure: str
    aggregation: str
    options: list[OptionOut] = Field(alias="option_list")


class StatsSectionOut(Schema):
    name: str
    elements: list[str]


class DataSetOut(Schema):
    id: int
    code: str
    name: str
    period_type: str
    half_years: str
    unit_types: list[str]
    deadline_days: int
    expiry_days: int | None
    sections: list[StatsSectionOut] = Field(alias="section_list")
    assigned_units: list[int] = Field(
        alias="assigned_unit_ids",
        description="Units (each with its subtree) the form is assigned to; empty: every unit of the reporting types.",
    )


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    numerator: str = Field(alias="numerator.code")
    denominator: str = Field(alias="denominator.code")


class CatalogueOut(Schema):
    data_sets: list[DataSetOut]
    elements: list[ElementOut]
    indicators: list[IndicatorOut]


class SubmissionOut(Schema):
    id: int
    data_set: Ref
    period: str
    unit: Ref
    status: str
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    reason: str


QualifierCode = Literal[tuple(Qualifier.values)]


class ValueOut(Schema):
    element: str
    option: str | None
    value: Decimal | str | None
    qualifier: str = Field(Qualifier.EXACT, description="exact, over (trên), nearly (gần) or about (khoảng)")
    follow_up: bool = False
    comment: str
    last: Decimal | str | None


class SubmissionEventOut(Schema):
    action: str
    by: str | None = Field(None, alias="by_name")
    at: dt.datetime
    reason: str


class SubmissionDetailOut(SubmissionOut):
    values: list[ValueOut] = Field(alias="value_list")
    events: list[SubmissionEventOut] = Field(alias="event_list")
    locked: bool
    can_enter: bool
    can_submit: bool
    can_review: bool


class SubmissionFilters(Schema):
    data_set: Id | None = None
    period: PeriodCode | None = None
    unit: Id | None = Field(None, description="Only submissions of this unit's subtree.")
    status: SubmissionStatusCode | None = None
    awaiting_my_review: bool = Field(False, description="Only submitted forms the caller may decide on.")


class OpenIn(InSchema):
    data_set: Id
    period: PeriodCode
    unit: Id


class ValueIn(InSchema):
    element: Code
    option: text(40) | None = None
    value: text(40) | int | None = Field(
        None,
        description='A number ("1.500", "96,5" and "trên 11.000", "gần 3.600", "khoảng 6.500" are read too) or text.',
    )
    qualifier: QualifierCode | None = Field(None, description="Overrides a qualifier word typed in the value.")
    comment: text(500) | None = None


class FollowUpIn(InSchema):
    element: Code
    option: text(40) | None = None
    follow_up: bool = True
    comment: text(5000) = ""


class CommentIn(InSchema):
    element: Code
    option: text(40) | None = None
    text: text(5000, 1)


class CommentOut(Schema):
    author: str = Field(alias="author_name")
    at: dt.datetime
    text: str


class FollowUpOut(Schema):
    submission: int
    element: str
    option: str | None
    follow_up: bool
    comments: list[CommentOut]


class FollowUpListOut(Schema):
    submission: int = Field(alias="submission_id")
    unit: Ref = Field(alias="submission.unit")
    period: str = Field(alias="submission.period")
    element: str = Field(alias="element.code")
    option: str | None = None
    value: Decimal | None
    qualifier: str

    @staticmethod
    def resolve_option(obj):
        return obj.option.code if obj.option_id else None


class ValuesIn(InSchema):
    values: list[ValueIn] = Field(..., min_length=1, max_length=500)


class SubmissionDecisionIn(InSchema):
    reason: text(5000) = ""


class AggregateFilters(Schema):
    unit: Id
    period: AnyPeriodCode
    element: Code | None = Field(None, description="An element code (or give numerator and denominator).")
    option: text(40) | None = Field(None, description="A category option code of the element.")
    numerator: Code | None = None
    denominator: Code | None = None
    indicator: Code | None = Field(None, description="A defined rate's code.")
    include_unapproved: bool = False
    through_lineage: bool = Field(False, description="Also count the units that became this unit.")


class ItemTotalOut(Schema):
    code: str
    name: str
    value: Decimal | None


class CategoryTotalsOut(Schema):
    code: str
    name: str
    items: list[ItemTotalOut]


class AggregateOut(Schema):
    kind: Literal["element", "rate"]
    unit: Ref
    period: str
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    previous: Decimal | None
    percent_change: Decimal | None
    points_change: Decimal | None = None
    includes_unapproved: bool = False
    qualifier: str = Field(
        Qualifier.EXACT,
        description="exact, or how an inexact part makes the figure inexact: over, nearly, about (mixed parts)",
    )
    units: list[Ref] = []
    categories: list[CategoryTotalsOut] = Field(
        [],
        description="For an element split by a cross-product of categories: per category, the total of "
        "each item across the other categories (all “định kỳ” dialogues whoever chaired them).",
    )


class CompletenessFilters(Schema):
    data_set: Id
    period: PeriodCode
    unit: Id


class CompletenessRowOut(Schema):
    unit: Ref
    state: str
    submission_id: int | None
    status: str | None


class CompletenessOut(Schema):
    expected: int
    submitted: int
    on_time: int
    late: int
    missing: int
    approved: int
    percent: Decimal | None
    due: dt.date
    rows: list[CompletenessRowOut]


# ---------------------------------------------------------------- catalogue


def _with_options(elements):
    options: dict[int, list] = {}
    combo_ids = {e.combo_id for e in elements if e.combo_id}
    order = {
        (link.combo_id, link.category_id): link.sort_order
        for link in ComboCategory.objects.filter(combo_id__in=combo_ids)
    }
    for option in (
        CategoryOption.objects.filter(combo_id__in=combo_ids).order_by("sort_order", "id").prefetch_related("items")
    ):
        crossed = sorted(option.items.all(), key=lambda i: order.get((option.combo_id, i.category_id), 0))
        option.item_codes = [i.code for i in crossed]
        options.setdefault(option.combo_id, []).append(option)
    for element in elements:
        element.option_list = options.get(element.combo_id, [])
    return elements


def _with_sections(data_set):
    data_set.assigned_unit_ids = [a.unit_id for a in data_set.assignments.all()]
    data_set.section_list = [
        {"name": s.name, "elements": [i.element.code for i in s.items.all()]} for s in data_set.sections.all()
    ]
    return data_set


@router.get("/stats/catalogue", response={200: CatalogueOut, **ERRORS}, summary="Forms, elements and rates")
def catalogue(request):
    from django.db.models import Prefetch

    from stats.models import Section, SectionElement

    items = SectionElement.objects.select_related("element").order_by("sort_order", "id")
    sections = Section.objects.order_by("sort_order", "id").prefetch_related(Prefetch("items", queryset=items))
    data_sets = DataSet.objects.filter(active=True).prefetch_related(
        Prefetch("sections", queryset=sections), "assignments"
    )
    return {
        "data_sets": [_with_sections(d) for d in data_sets],
        "elements": _with_options(list(DataElement.objects.all())),
        "indicators": list(Indicator.objects.select_related("numerator", "denominator")),
    }


# ---------------------------------------------------------------- submissions


def _submission_detail(user, submission):
    lines = [
        line
        for section in selectors.form_layout(submission.data_set, submission)
        for line in section.lines
        if not line.is_header
    ]
    submission.value_list = [
        {
            "element": line.element.code,
            "option": line.option.code if line.option else None,
            "value": line.value,
            "comment": line.comment,
            "last": line.last,
            "qualifier": line.qualifier,
            "follow_up": line.follow_up,
        }
        for line in lines
    ]
    submission.event_list = list(submission.events.select_related("by"))
    for event in submission.event_list:
        event.by_name = str(event.by) if event.by else None
    submission.locked = services.is_locked(submission)
    submission.can_enter = access.can_enter(user, submission.unit) and not submission.locked
    submission.can_submit = submission.can_enter and access.can_submit(user, submission.unit)
    submission.can_review = access.can_review(user, submission.unit)
    return submission


@router.get("/stats/submissions", response={200: list[SubmissionOut], **ERRORS}, summary="Submissions")
@paginate(SeekPaging)
def submission_list(request, filters: Query[SubmissionFilters]):
    user = request.auth
    qs = selectors.awaiting_approval(user) if filters.awaiting_my_review else Submission.objects.visible_to(user)
    qs = qs.select_related("data_set", "unit")
    if filters.data_set:
        qs = qs.filter(data_set_id=filters.data_set)
    if filters.period:
        qs = qs.filter(period=_period(filters.period).code)
    if filters.unit:
        qs = qs.filter(unit__path__startswith=get_unit_for_user(user, filters.unit).path)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-period", "unit__path", "data_set__name", "pk")


@router.post("/stats/submissions", response={201: SubmissionDetailOut, **ERRORS}, summary="Open a form (created once)")
def submission_open(request, payload: OpenIn):
    """The submission for (data set, period, unit); created as a draft the first time."""
    user = request.auth
    data_set = access.get_data_set_for_user(user, payload.data_set)
    unit = get_unit_for_user(user, payload.unit)  # 404 outside the scope; the service refuses (403) the rest
    submission = services.submission_open(data_set=data_set, period=_period(payload.period), unit=unit, by=user)
    return Status(201, _submission_detail(user, access.get_submission_for_user(user, submission.pk)))


@router.get("/stats/submissions/{pk}", response={200: SubmissionDetailOut, **ERRORS}, summary="One submission")
def submission_detail(request, pk: PathId):
    return _submission_detail(request.auth, access.get_submission_for_user(request.auth, pk))


def _element_and_option(code: str, option_code: str | None):
    element = DataElement.objects.filter(code=code).first()
    if element is None:
        raise ValidationError({"element": [_("Unknown element code: %(code)s.") % {"code": code}]})
    option = None
    if option_code:
        option = CategoryOption.objects.filter(combo_id=element.combo_id, code=option_code).first()
        if option is None:
            raise ValidationError({"option": [_("Unknown option code: %(code)s.") % {"code": option_code}]})
    return element, option


def _values_in(rows) -> list:
    """The payload's rows as the service's inputs; the codes are looked up in two queries
    whatever the number of rows (an unknown code answers 422 naming it)."""
    elements = {e.code: e for e in DataElement.objects.filter(code__in={r.element for r in rows})}
    combos = {e.combo_id for e in elements.values() if e.combo_id}
    options = {(o.combo_id, o.code): o for o in CategoryOption.objects.filter(combo_id__in=combos)} if combos else {}
    inputs = []
    for row in rows:
        element = elements.get(row.element)
        if element is None:
            raise ValidationError({"element": [_("Unknown element code: %(code)s.") % {"code": row.element}]})
        option = None
        if row.option:
            option = options.get((element.combo_id, row.option))
            if option is None:
                raise ValidationError({"option": [_("Unknown option code: %(code)s.") % {"code": row.option}]})
        value = "" if row.value is None else row.value
        inputs.append(services.ValueInput(element, option, value, row.comment, row.qualifier))
    return inputs


@router.put("/stats/submissions/{pk}/values", response={200: SubmissionDetailOut, **ERRORS}, summary="Enter values")
def values_set(request, pk: PathId, payload: ValuesIn):
    """Set (or clear, with an empty value) values of the form; all or none. A locked form answers 409."""
    user = request.auth
    submission = access.get_submission_for_user(user, pk)
    # One batch: the whole payload is checked as it will stand and written in a bounded number
    # of queries, whatever its size.
    services.save_values(submission=submission, values=_values_in(payload.values), by=user)
    return _submission_detail(user, access.get_submission_for_user(user, pk))


def _thread(submission, element, option) -> dict:
    row = submission.values.filter(element=element, option=option).first()
    comments = selectors.value_thread(submission, element, option)
    for comment in comments:
        comment.author_name = str(comment.author)
    return {
        "submission": submission.pk,
        "element": element.code,
        "option": option.code if option else None,
        "follow_up": bool(row and row.follow_up),
        "comments": comments,
    }


@router.post(
    "/stats/submissions/{pk}/follow-up", response={200: FollowUpOut, **ERRORS}, summary="Mark a figure for follow-up"
)
def value_follow_up(request, pk: PathId, payload: FollowUpIn):
    """Mark (``follow_up`` true) or clear a doubted figure, with an optional comment. The unit's
    data enterers and its reviewers above may, in any state of the form."""
    user = request.auth
    submission = access.get_submission_for_user(user, pk)
    element, option = _element_and_option(payload.element, payload.option)
    services.value_follow_up(
        submission=submission, element=element, option=option, flag=payload.follow_up, comment=payload.comment, by=user
    )
    return _thread(submission, element, option)


@router.get("/stats/submissions/{pk}/comments", response={200: FollowUpOut, **ERRORS}, summary="A figure's discussion")
def value_comments(request, pk: PathId, element: Code, option: text(40) | None = None):
    submission = access.get_submission_for_user(request.auth, pk)
    found, chosen = _element_and_option(element, option)
    return _thread(submission, found, chosen)


@router.post("/stats/submissions/{pk}/comments", response={201: FollowUpOut, **ERRORS}, summary="Comment on a figure")
def value_comment_add(request, pk: PathId, payload: CommentIn):
    user = request.auth
    submission = access.get_submission_for_user(user, pk)
    element, option = _element_and_option(payload.element, payload.option)
    services.value_comment_add(submission=submission, element=element, option=option, text=payload.text, by=user)
    return Status(201, _thread(submission, element, option))


@router.get(
    "/stats/follow-ups", response={200: list[FollowUpListOut], **ERRORS}, summary="Figures marked for follow-up"
)
@paginate(Paging)
def follow_up_list(request):
    return selectors.follow_ups(request.auth)


@router.post(
    "/stats/submissions/{pk}/actions/{action}",
    response={200: SubmissionDetailOut, **ERRORS},
    summary="Submit, approve, return or reopen",
)
def submission_action(
    request, pk: PathId, action: Literal["submit", "approve", "return", "reopen"], payload: SubmissionDecisionIn
):
    """submit (the unit's clerk or head), approve / return / reopen (a reviewer of a higher level;
    return and reopen need a ``reason``). A step the form's status does not allow answers 409."""
    user = request.auth
    submission = access.get_submission_for_user(user, pk)
    if action == "submit":
        services.submission_submit(submission=submission, by=user)
    elif action == "approve":
        services.submission_approve(submission=submission, by=user)
    elif action == "return":
        services.submission_return(submission=submission, reason=payload.reason, by=user)
    else:
        services.submission_reopen(submission=submission, reason=payload.reason, by=user)
    return _submission_detail(user, access.get_submission_for_user(user, pk))


class BulkApproveIn(InSchema):
    submissions: list[Id] = Field(..., min_length=1, max_length=500)


class BulkApproveOut(Schema):
    approved: list[int]
    errors: dict[str, str]


@router.post("/stats/approvals", response={200: BulkApproveOut, **ERRORS}, summary="Approve several forms")
def approvals_bulk(request, payload: BulkApproveIn):
    """Approve each listed form the caller may decide on (others are left out), each on its own;
    the answer lists those approved and, by id, why others were not."""
    user = request.auth
    chosen = list(selectors.awaiting_approval(user).filter(pk__in=payload.submissions))
    approved, errors = services.submission_bulk_approve(submissions=chosen, by=user)
    return {"approved": [s.pk for s in approved], "errors": {str(pk): message for pk, message in errors.items()}}


# ---------------------------------------------------------------- aggregates and completeness


@router.get("/stats/aggregate", response={200: AggregateOut, **ERRORS}, summary="An aggregate or a rate")
def aggregate(request, filters: Query[AggregateFilters]):
    """An element (or one option of it) summed over the unit's subtree in the period, or a rate
    (Σ numerator / Σ denominator × 100, from ``indicator`` or ``numerator`` + ``denominator``),
    with the same period last year and the change (for a rate also in percentage points)."""
    user = request.auth
    unit = get_unit_for_user(user, filters.unit)
    period = _period(filters.period)
    options = {"include_unapproved": filters.include_unapproved, "through_lineage": filters.through_lineage}
    numerator, denominator = filters.numerator, filters.denominator
    if filters.indicator:
        indicator = Indicator.objects.select_related("numerator", "denominator").filter(code=filters.indicator).first()
        if indicator is None:
            raise Http404
        numerator, denominator = indicator.numerator.code, indicator.denominator.code
    if numerator and denominator:
        for code in (numerator, denominator):
            _element_and_option(code, None)
        now = selectors.rate(numerator, denominator, unit, period, **options)
        change = selectors.compare_rate_with_last_year(numerator, denominator, unit, period, **options)
        return {
            "kind": "rate",
            "unit": unit,
            "period": period.code,
            "value": now.percent,
            "numerator": now.numerator,
            "denominator": now.denominator,
            "previous": change.previous,
            "percent_change": change.percent_change,
            "points_change": change.points_change,
        }
    if not filters.element:
        raise ValidationError({"element": [_("Give an element, an indicator, or a numerator and a denominator.")]})
    _element_and_option(filters.element, filters.option)
    detail = selectors.aggregate_detail(filters.element, unit, period, option_code=filters.option, **options)
    change = selectors.compare_with_last_year(filters.element, unit, period, option_code=filters.option, **options)
    return {
        "kind": "element",
        "unit": unit,
        "period": period.code,
        "value": detail.value,
        "previous": change.previous,
        "percent_change": change.percent_change,
        "includes_unapproved": detail.includes_unapproved,
        "qualifier": detail.qualifier,
        "units": detail.units,
        "categories": selectors.aggregate_by_item(filters.element, unit, period, **options)
        if filters.option is None
        else [],
    }


@router.get("/stats/completeness", response={200: CompletenessOut, **ERRORS}, summary="Who has reported")
def completeness(request, filters: Query[CompletenessFilters]):
    """Which expected reporting units of the subtree submitted the form, on time or late."""
    user = request.auth
    form = access.get_data_set_for_user(user, filters.data_set)
    parent = get_unit_for_user(user, filters.unit)
    result = selectors.completeness(form, _period(filters.period), parent)
    return {
        "expected": result.expected,
        "submitted": result.submitted,
        "on_time": result.on_time,
        "late": result.late,
        "missing": result.missing,
        "approved": result.approved,
        "percent": result.percent,
        "due": result.due,
        "rows": [
            {
                "unit": row.unit,
                "state": row.state,
                "submission_id": row.submission.pk if row.submission else None,
                "status": row.submission.status if row.submission else None,
            }
            for row in result.rows
        ],
    }
