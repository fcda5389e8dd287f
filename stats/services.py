"""Every state change of periodic statistics: opening a form, setting a value, the workflow
(submit → approve / return → reopen) and the rollups that keep aggregates current.

Rollups are maintained incrementally inside the same transaction as the change that moves them:
a value edit moves the "all values" rollups of the unit and each of its ancestors; an approval
adds the submission's values to the "approved only" rollups, a return or reopen of an approved
submission takes them out again. ``rollup_rebuild()`` recomputes everything from scratch (used by
the demo loader and by the tests that prove the incremental path equivalent)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import has_cap_anywhere, require
from accounts.audit import delete_by, save_by
from accounts.roles import Cap
from accounts.system import is_system
from lib import periods
from lib.errors import InvalidTransition
from lib.vn_format import format_decimal
from lib.vn_numbers import parse_vn_number
from orgunits.models import OrgUnit
from stats import access
from stats.expressions import OPERATORS, evaluate, expression_codes
from stats.models import (
    APPROVED_STATES,
    EDITABLE_STATES,
    CategoryOption,
    DataElement,
    DataSet,
    DataValue,
    Indicator,
    Rollup,
    Status,
    Submission,
    ValidationRule,
    ValueType,
    WorkflowAction,
    WorkflowEvent,
    year_codes,
)
from webkit.fields import INVALID_NUMBER

MAX_VALUE = Decimal("1e15")
MIN_PERIOD_YEAR = 2000  # statistics of the movement start long after; 1900 is a typing slip


def _today() -> dt.date:
    return timezone.localdate()


# --------------------------------------------------------------------------------------------
# opening a form
# --------------------------------------------------------------------------------------------
def check_can_report(*, data_set: DataSet, period: periods.Period, unit: OrgUnit, today: dt.date | None = None):
    """Raise ValidationError when ``unit`` cannot report ``data_set`` for ``period``."""
    today = today or _today()
    if not (MIN_PERIOD_YEAR <= period.year <= today.year):
        raise ValidationError(
            {"period": _("The year must be between %(a)s and %(b)s.") % {"a": MIN_PERIOD_YEAR, "b": today.year}}
        )
    if not data_set.accepts_period(period):
        raise ValidationError({"period": _("This form is not reported for %(period)s.") % {"period": period.words()}})
    if period.start > today:
        raise ValidationError({"period": _("%(period)s has not started yet.") % {"period": period.words()}})
    if unit.unit_type not in (data_set.unit_types or []):
        raise ValidationError({"unit": _("%(unit)s does not report this form.") % {"unit": unit.name}})
    if not period.overlaps(unit.valid_from, unit.valid_to):
        raise ValidationError(
            {"unit": _("%(unit)s did not exist in %(period)s.") % {"unit": unit.name, "period": period.words()}}
        )


@transaction.atomic
def submission_open(*, data_set: DataSet, period: str | periods.Period, unit: OrgUnit, by) -> Submission:
    """The submission for (data set, period, unit), created as a draft the first time. Only
    someone who may enter data for the unit opens its form (PermissionDenied otherwise)."""
    require(by, Cap.ENTER, unit, _("You may not enter data for this unit."))
    period = periods.parse(period)
    existing = Submission.objects.filter(data_set=data_set, period=period.code, unit=unit).first()
    if existing:
        return existing
    check_can_report(data_set=data_set, period=period, unit=unit)
    return save_by(Submission(data_set=data_set, period=period.code, unit=unit), by=by)


def _require_editable(submission: Submission) -> None:
    """InvalidTransition unless values may be entered now: a submitted or approved form is
    "locked", a draft past the form's closing date is "closed"."""
    if submission.status not in EDITABLE_STATES:
        raise InvalidTransition(_("This form is locked: it has been submitted, approved or closed."), code="locked")
    closes = submission.data_set.closes_on(submission.period_obj)
    if closes is not None and _today() > closes:
        raise InvalidTransition(
            _("This form closed on %(date)s.") % {"date": closes.strftime("%d/%m/%Y")}, code="closed"
        )


def is_locked(submission: Submission, today: dt.date | None = None) -> bool:
    """Approved or submitted forms are locked for entry; so is a form past its closing date."""
    if submission.status not in EDITABLE_STATES:
        return True
    closes = submission.data_set.closes_on(submission.period_obj)
    return closes is not None and (today or _today()) > closes


# --------------------------------------------------------------------------------------------
# values
# --------------------------------------------------------------------------------------------
def parse_number(raw) -> Decimal | None:
    """Vietnamese notation, the same rules as every number field (lib.vn_numbers): "1.500" → 1500,
    "96,5" → 96.5, "1.234,5" → 1234.5; ambiguous input such as "1.5" is refused, never guessed.
    Empty → None. Raises ValueError for anything that is not a number."""
    return parse_vn_number(raw)


def clean_value(element: DataElement, raw) -> tuple[Decimal | None, str]:
    """(number, text) for a raw input, or ValidationError({"value": …}) naming the field."""
    if element.value_type == ValueType.TEXT:
        return None, str(raw or "").strip()
    try:
        number = parse_number(raw)
    except ValueError:
        message = _("“%(field)s”: “%(value)s” is not a number.") % {"field": element.name, "value": raw}
        raise ValidationError({"value": f"{message} {INVALID_NUMBER}"}) from None
    if number is None:
        return None, ""
    if number < 0:
        raise ValidationError({"value": _("“%(field)s” cannot be negative.") % {"field": element.name}})
    if number >= MAX_VALUE:
        raise ValidationError({"value": _("“%(field)s” is too large.") % {"field": element.name}})
    if element.value_type in (ValueType.COUNT, ValueType.AMOUNT) and number != number.to_integral_value():
        raise ValidationError({"value": _("“%(field)s” must be a whole number.") % {"field": element.name}})
    return number, ""


def data_set_elements(data_set: DataSet) -> list[DataElement]:
    return list(
        DataElement.objects.filter(section__data_set=data_set)
        .select_related("combo")
        .order_by("section__sort_order", "sectionelement__sort_order")
        .distinct()
    )


@transaction.atomic
def value_set(
    *,
    submission: Submission,
    element: DataElement,
    value=None,
    option: CategoryOption | None = None,
    comment: str | None = None,
    by,
) -> DataValue | None:
    """Set (or clear, with an empty value) one value of a submission; ``comment`` None leaves
    the comment as it is. Refused on a locked form, for an element not on the form, an option
    not of the element's disaggregation, text in a number field, a negative number, or a value
    breaking a validation rule (part ≤ whole …). Moves the rollups by the difference."""
    submission = Submission.objects.select_for_update().select_related("data_set", "unit").get(pk=submission.pk)
    require(by, Cap.ENTER, submission.unit, _("You may not enter data for this unit."))
    _require_editable(submission)
    if not DataElement.objects.filter(pk=element.pk, section__data_set=submission.data_set_id).exists():
        raise ValidationError({"element": _("“%(field)s” is not on this form.") % {"field": element.name}})
    _check_option(element, option)
    number, text = clean_value(element, value)
    current = _value_row(submission, element, option)
    old = current.value if current else None
    if element.is_numeric and number is not None:
        _check_rules_for_change(submission, element, option, number)
    if current is None and number is None and not text and not comment:
        return None
    if current is None:
        current = DataValue(submission=submission, element=element, option=option)
    current.value, current.text = number, text
    if comment is not None:
        current.comment = comment.strip()[:500]
    if current.value is None and not current.text and not current.comment:
        if current.pk:
            delete_by(current, by=by)
        current = None
    else:
        current.full_clean(exclude=["submission", "element", "option"])
        save_by(current, by=by, clean=False)
    if element.is_numeric:
        _move_rollups(submission, element, option, old, number, approved=False)
    return current


def _check_option(element: DataElement, option: CategoryOption | None) -> None:
    if element.combo_id is None and option is not None:
        raise ValidationError({"option": _("“%(field)s” has no disaggregation.") % {"field": element.name}})
    if element.combo_id is not None:
        if option is None:
            raise ValidationError(
                {"option": _("“%(field)s” is entered by its parts; its total is computed.") % {"field": element.name}}
            )
        if option.combo_id != element.combo_id:
            raise ValidationError(
                {"option": _("This option does not belong to “%(field)s”.") % {"field": element.name}}
            )


def _value_row(submission, element, option) -> DataValue | None:
    return DataValue.objects.filter(submission=submission, element=element, option=option).first()


def _move_rollups(submission, element, option, old, new, *, approved: bool) -> None:
    delta = (new or 0) - (old or 0)
    count = (new is not None) - (old is not None)
    if delta == 0 and count == 0:
        return
    changes = {(element.pk, option.pk if option else None): (Decimal(delta), count)}
    flags = [False, True] if approved else [False]
    for flag in flags:
        _apply_rollup_changes(submission.unit, submission.period, flag, changes)
        _move_year_rollups(submission.unit, submission.period, flag, changes)


def _ancestor_ids(unit: OrgUnit) -> list[int]:
    return list(OrgUnit.objects.filter(path__in=unit.ancestor_paths()).values_list("id", flat=True))


def _apply_rollup_changes(unit: OrgUnit, period: str, approved_only: bool, changes: dict, sign: int = 1) -> None:
    """Add ``changes`` {(element_id, option_id): (delta, count)} to the rollups of ``unit`` and
    all its ancestors. An option's change also moves the element total (option None)."""
    merged: dict[tuple, list] = defaultdict(lambda: [Decimal(0), 0])
    for (element_id, option_id), (delta, count) in changes.items():
        keys = [(element_id, None)] + ([(element_id, option_id)] if option_id else [])
        for key in keys:
            merged[key][0] += delta * sign
            merged[key][1] += count * sign
    merged = {k: v for k, v in merged.items() if v[0] or v[1]}
    if not merged:
        return
    unit_ids = _ancestor_ids(unit)
    Rollup.objects.bulk_create(
        [
            Rollup(element_id=e, option_id=o, period=period, unit_id=u, approved_only=approved_only)
            for (e, o) in merged
            for u in unit_ids
        ],
        ignore_conflicts=True,
    )
    # A fixed order (element, then total before options) so concurrent approvals lock rows alike.
    for (element_id, option_id), (delta, count) in sorted(merged.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        Rollup.objects.filter(
            element_id=element_id,
            option_id=option_id,
            option__isnull=option_id is None,
            period=period,
            unit_id__in=unit_ids,
            approved_only=approved_only,
        ).update(value=F("value") + delta, count=F("count") + count)


def _submission_changes(submission: Submission) -> dict:
    rows = DataValue.objects.filter(submission=submission, value__isnull=False).values_list(
        "element_id", "option_id", "value"
    )
    return {(e, o): (v, 1) for e, o, v in rows}


# --------------------------------------------------------------------------------------------
# a year's figure, combined unit by unit
# --------------------------------------------------------------------------------------------
# A year's figure cannot be read off the subtree sums of the annual form and the half-years:
# when only some units file the annual form, the annual subtree sum covers those units alone.
# Each unit contributes its own annual value where it has one and its half-years elsewhere, and
# these contributions are kept as rollups of their own under two codes per year: one where the
# halves are added (sum elements) and one where the later half stands for the year ("latest
# value" elements). Both are kept whatever the element's aggregation says today, so changing that
# setting needs no rebuild.
def combine_year(year: int, figures: dict[str, tuple[Decimal, int]]) -> dict[str, tuple[Decimal, int]]:
    """One unit's contribution to a year from its own figures {period code: (value, count)}:
    the annual figure where there is one, else its halves (added; or the later one)."""
    sum_code, latest_code = year_codes(year)
    annual = figures.get(str(year))
    if annual and annual[1]:
        return {sum_code: annual, latest_code: annual}
    h1, h2 = figures.get(f"{year}H1"), figures.get(f"{year}H2")
    present = [h for h in (h1, h2) if h and h[1]]
    if not present:
        return {}
    total = (sum((h[0] for h in present), Decimal(0)), sum(h[1] for h in present))
    return {sum_code: total, latest_code: present[-1]}


def _own_figures(unit_ids, year: int, element_ids, approved_only: bool) -> dict[tuple, dict[str, tuple]]:
    """{(unit_id, element_id, option_id): {period code: (value, count)}}: the units' own values
    (not their subtree's) in the year and its halves."""
    from django.db.models import Count, Sum

    values = DataValue.objects.filter(value__isnull=False, submission__period__in=[str(year), f"{year}H1", f"{year}H2"])
    if unit_ids is not None:
        values = values.filter(submission__unit_id__in=unit_ids)
    if element_ids is not None:
        values = values.filter(element_id__in=element_ids)
    if approved_only:
        values = values.filter(submission__status__in=APPROVED_STATES)
    rows = values.values_list("submission__unit_id", "element_id", "option_id", "submission__period").annotate(
        total=Sum("value"), n=Count("id")
    )
    result: dict[tuple, dict[str, tuple]] = defaultdict(dict)
    for unit_id, element_id, option_id, period, total, n in rows:
        result[(unit_id, element_id, option_id)][period] = (Decimal(total), n)
    return result


def _move_year_rollups(unit: OrgUnit, period_code: str, approved_only: bool, changes: dict, sign: int = 1) -> None:
    """After ``changes`` {(element, option): (delta, count)} × ``sign`` were applied to the unit's own
    values of ``period_code``, move its year's combined rollups by the change of its contribution.
    The state before is the state after minus the change, so one query reads both."""
    year = periods.parse(period_code).year
    after = _own_figures([unit.pk], year, {e for e, _ in changes}, approved_only)
    deltas: dict[str, dict] = defaultdict(dict)
    for (element_id, option_id), (delta, count) in changes.items():
        figures = after.get((unit.pk, element_id, option_id), {})
        value, n = figures.get(period_code, (Decimal(0), 0))
        before = dict(figures)
        before[period_code] = (value - delta * sign, n - count * sign)
        new, old = combine_year(year, figures), combine_year(year, before)
        for code in year_codes(year):
            (nv, nn), (ov, on) = new.get(code, (0, 0)), old.get(code, (0, 0))
            if nv != ov or nn != on:
                deltas[code][(element_id, option_id)] = (Decimal(nv) - Decimal(ov), nn - on)
    for code, code_changes in deltas.items():
        _apply_rollup_changes(unit, code, approved_only, code_changes)


def rollup_compute_years(year: int | None = None) -> dict[tuple, tuple[Decimal, int]]:
    """The combined year rollups recomputed from the values, in the shape of :func:`rollup_compute`."""
    years = [year] if year is not None else _value_years()
    result: dict[tuple, list] = defaultdict(lambda: [Decimal(0), 0])
    for y in years:
        for flag in (False, True):
            own = _own_figures(None, y, None, flag)
            ancestors = _ancestor_map({unit_id for unit_id, _, _ in own})
            for (unit_id, element_id, option_id), figures in own.items():
                for code, (value, n) in combine_year(y, figures).items():
                    keys = [(element_id, None)] + ([(element_id, option_id)] if option_id else [])
                    for unit in ancestors[unit_id]:
                        for e, o in keys:
                            acc = result[(e, o, code, unit, flag)]
                            acc[0] += value
                            acc[1] += n
    return {k: (v[0], v[1]) for k, v in result.items() if v[1]}


def _value_years() -> list[int]:
    codes = Submission.objects.values_list("period", flat=True).distinct()
    return sorted({periods.parse(code).year for code in codes})


# --------------------------------------------------------------------------------------------
# validation rules
# --------------------------------------------------------------------------------------------
@dataclass
class RuleViolation:
    element_codes: tuple[str, ...]
    message: str


def _rules_for(data_set: DataSet) -> list[tuple]:
    """(left, op, right, message or None, left element, right element) for the form: each bounded
    rate whose two elements are on the form, and each active admin rule of the form or global."""
    codes = {e.code: e for e in data_set_elements(data_set)}
    rules = []
    for ind in Indicator.objects.filter(bounded=True).select_related("numerator", "denominator"):
        if ind.numerator.code in codes and ind.denominator.code in codes:
            rules.append((ind.numerator.code, "<=", ind.denominator.code, None, ind.numerator, ind.denominator))
    for rule in ValidationRule.objects.filter(Q(data_set__isnull=True) | Q(data_set=data_set), active=True):
        if expression_codes(rule.left) | expression_codes(rule.right) <= set(codes):
            rules.append((rule.left, rule.operator, rule.right, rule.message or rule.name, None, None))
    return rules


def submission_totals(submission: Submission) -> dict[str, Decimal]:
    """Element code → total (options summed) of the numeric values of a submission."""
    totals: dict[str, Decimal] = {}
    rows = DataValue.objects.filter(submission=submission, value__isnull=False).values_list("element__code", "value")
    for code, value in rows:
        totals[code] = totals.get(code, Decimal(0)) + value
    return totals


def check_rules(data_set: DataSet, totals: dict[str, Decimal], only: set[str] | None = None) -> list[RuleViolation]:
    """Rules broken by ``totals``; with ``only``, just the rules naming one of those codes."""
    violations = []
    for left, op, right, message, left_el, right_el in _rules_for(data_set):
        named = expression_codes(left) | expression_codes(right)
        if only is not None and not (named & only):
            continue
        try:
            a, b = evaluate(left, totals), evaluate(right, totals)
        except ValueError:
            continue
        if a is None or b is None or OPERATORS[op](a, b):
            continue
        if message is None:
            message = _("“%(part)s” (%(a)s) cannot be greater than “%(whole)s” (%(b)s).") % {
                "part": left_el.name,
                "a": format_decimal(a, 2, strip_zeros=True),
                "whole": right_el.name,
                "b": format_decimal(b, 2, strip_zeros=True),
            }
        violations.append(RuleViolation(tuple(sorted(named)), message))
    return violations


def _check_rules_for_change(submission, element, option, number) -> None:
    totals = submission_totals(submission)
    current = _value_row(submission, element, option)
    old = current.value if current and current.value is not None else Decimal(0)
    totals[element.code] = totals.get(element.code, Decimal(0)) - old + number
    violations = check_rules(submission.data_set, totals, only={element.code})
    if violations:
        raise ValidationError({"value": [v.message for v in violations]})


# --------------------------------------------------------------------------------------------
# workflow
# --------------------------------------------------------------------------------------------
def _event(submission, action, by, reason="") -> None:
    WorkflowEvent.objects.create(submission=submission, action=action, by=by, reason=reason)


def _save(submission: Submission, by, fields: list[str], reason: str = "") -> None:
    submission._change_reason = reason[:100] if reason else None
    save_by(submission, by=by, update_fields=fields)


def _lock(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().select_related("data_set", "unit").get(pk=submission.pk)


@transaction.atomic
def submission_submit(*, submission: Submission, by) -> Submission:
    submission = _lock(submission)
    require(by, Cap.SUBMIT, submission.unit, _("You may not submit data for this unit."))
    if submission.status not in EDITABLE_STATES:
        raise InvalidTransition(_("Only a draft or returned form can be submitted."), code="not_editable")
    closes = submission.data_set.closes_on(submission.period_obj)
    if closes is not None and _today() > closes:
        raise InvalidTransition(
            _("This form closed on %(date)s.") % {"date": closes.strftime("%d/%m/%Y")}, code="closed"
        )
    violations = check_rules(submission.data_set, submission_totals(submission))
    if violations:
        raise ValidationError([v.message for v in violations])
    submission.status = Status.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.submitted_by = by
    _save(submission, by, ["status", "submitted_at", "submitted_by"])
    _event(submission, WorkflowAction.SUBMIT, by)
    return submission


def _require_reviewer(submission, by) -> None:
    access.require_review(by, submission.unit)


def children_not_approved(submission: Submission) -> list[OrgUnit]:
    """Expected reporting units below the submission's unit whose form is not approved yet."""
    from stats.selectors import expected_units

    period = submission.period_obj
    below = [u for u in expected_units(submission.data_set, period, submission.unit) if u.pk != submission.unit_id]
    approved = set(
        Submission.objects.filter(
            data_set=submission.data_set, period=period.code, unit__in=below, status__in=APPROVED_STATES
        ).values_list("unit_id", flat=True)
    )
    return [u for u in below if u.pk not in approved]


@transaction.atomic
def submission_approve(*, submission: Submission, by) -> Submission:
    submission = _lock(submission)
    _require_reviewer(submission, by)
    if submission.status != Status.SUBMITTED:
        raise InvalidTransition(_("Only a submitted form can be approved."), code="not_submitted")
    if submission.data_set.require_children_approved:
        waiting = children_not_approved(submission)
        if waiting:
            names = ", ".join(u.name for u in waiting[:5]) + ("…" if len(waiting) > 5 else "")
            raise InvalidTransition(
                _("The forms of these units must be approved first: %(units)s.") % {"units": names},
                code="children_not_approved",
            )
    submission.status = Status.APPROVED
    submission.decided_at, submission.decided_by, submission.reason = timezone.now(), by, ""
    _save(submission, by, ["status", "decided_at", "decided_by", "reason"])
    _event(submission, WorkflowAction.APPROVE, by)
    changes = _submission_changes(submission)
    _apply_rollup_changes(submission.unit, submission.period, True, changes)
    _move_year_rollups(submission.unit, submission.period, True, changes)
    return submission


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give a reason.")})
    return reason


@transaction.atomic
def submission_return(*, submission: Submission, reason: str, by) -> Submission:
    """Send a submitted form back to its unit with a reason."""
    submission = _lock(submission)
    _require_reviewer(submission, by)
    reason = _require_reason(reason)
    if submission.status != Status.SUBMITTED:
        raise InvalidTransition(_("Only a submitted form can be returned."), code="not_submitted")
    return _back_to_unit(submission, by, reason, WorkflowAction.RETURN)


@transaction.atomic
def submission_reopen(*, submission: Submission, reason: str, by) -> Submission:
    """Unlock an approved form so the unit can correct it; its values leave the approved totals."""
    submission = _lock(submission)
    _require_reviewer(submission, by)
    reason = _require_reason(reason)
    if submission.status != Status.APPROVED:
        raise InvalidTransition(_("Only an approved form can be reopened."), code="not_approved")
    changes = _submission_changes(submission)
    _apply_rollup_changes(submission.unit, submission.period, True, changes, sign=-1)
    returned = _back_to_unit(submission, by, reason, WorkflowAction.REOPEN)
    _move_year_rollups(submission.unit, submission.period, True, changes, sign=-1)
    return returned


def _back_to_unit(submission, by, reason, action) -> Submission:
    submission.status = Status.RETURNED
    submission.decided_at, submission.decided_by, submission.reason = timezone.now(), by, reason
    _save(submission, by, ["status", "decided_at", "decided_by", "reason"], reason)
    _event(submission, action, by, reason)
    return submission


def submission_bulk_approve(*, submissions, by) -> tuple[list[Submission], dict[int, str]]:
    """Approve each submission in its own transaction; returns (approved, {pk: why not}) — a
    refusal of one form (not allowed, wrong state, broken rule) leaves the others going. An actor
    who reviews nowhere is refused as a whole."""
    if not is_system(by) and not has_cap_anywhere(by, Cap.REVIEW):
        raise PermissionDenied(_("You may not approve statistics forms."))
    approved, errors = [], {}
    for submission in submissions:
        try:
            approved.append(submission_approve(submission=submission, by=by))
        except ValidationError as exc:
            errors[submission.pk] = " ".join(exc.messages)
        except (InvalidTransition, PermissionDenied) as exc:
            errors[submission.pk] = str(exc) or _("You may not do this for this unit.")
    return approved, errors


# --------------------------------------------------------------------------------------------
# rollups from scratch
# --------------------------------------------------------------------------------------------
def rollup_compute(period: str | None = None) -> dict[tuple, tuple[Decimal, int]]:
    """All rollups (of one period, if given) recomputed from the values: {(element, option,
    period, unit, approved_only): (value, count)}, rows with count 0 left out. One grouped query
    plus two for the unit paths."""
    from django.db.models import Count, Sum

    values = DataValue.objects.filter(value__isnull=False)
    if period is not None:
        values = values.filter(submission__period=period)
    grouped = values.values(
        "element_id", "option_id", "submission__period", "submission__unit_id", "submission__status"
    ).annotate(total=Sum("value"), n=Count("id"))
    rows = list(grouped)
    unit_ids = {r["submission__unit_id"] for r in rows}
    ancestors = _ancestor_map(unit_ids)
    result: dict[tuple, list] = defaultdict(lambda: [Decimal(0), 0])
    for r in rows:
        flags = [False, True] if r["submission__status"] in APPROVED_STATES else [False]
        options = [None] + ([r["option_id"]] if r["option_id"] else [])
        for unit_id in ancestors[r["submission__unit_id"]]:
            for flag in flags:
                for option_id in options:
                    acc = result[(r["element_id"], option_id, r["submission__period"], unit_id, flag)]
                    acc[0] += Decimal(r["total"])
                    acc[1] += r["n"]
    computed = {k: (v[0], v[1]) for k, v in result.items() if v[1]}
    if period is None:
        computed.update(rollup_compute_years())
    return computed


def _ancestor_map(unit_ids: set[int]) -> dict[int, list[int]]:
    paths = dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("id", "path"))
    needed = {p for path in paths.values() for p in _prefixes(path)}
    ids = dict(OrgUnit.objects.filter(path__in=needed).values_list("path", "id"))
    return {uid: [ids[p] for p in _prefixes(path) if p in ids] for uid, path in paths.items()}


def _prefixes(path: str) -> list[str]:
    from orgunits.models import SEGMENT_WIDTH

    return [path[:i] for i in range(SEGMENT_WIDTH, len(path) + 1, SEGMENT_WIDTH)]


def rollup_snapshot() -> dict[tuple, tuple[Decimal, int]]:
    """The rollup table as stored, in the shape of :func:`rollup_compute`."""
    return {
        (r.element_id, r.option_id, r.period, r.unit_id, r.approved_only): (r.value, r.count)
        for r in Rollup.objects.filter(count__gt=0)
    }


@transaction.atomic
def rollup_rebuild() -> int:
    """Throw the rollups away and recompute them from the values, one period at a time so memory
    stays bounded however many years are stored. Returns the row count."""
    Rollup.objects.all().delete()
    total = 0
    for period in Submission.objects.values_list("period", flat=True).distinct().order_by("period"):
        rows = [
            Rollup(element_id=e, option_id=o, period=p, unit_id=u, approved_only=f, value=v, count=n)
            for (e, o, p, u, f), (v, n) in rollup_compute(period).items()
        ]
        Rollup.objects.bulk_create(rows, batch_size=2000)
        total += len(rows)
    for year in _value_years():
        rows = [
            Rollup(element_id=e, option_id=o, period=p, unit_id=u, approved_only=f, value=v, count=n)
            for (e, o, p, u, f), (v, n) in rollup_compute_years(year).items()
        ]
        Rollup.objects.bulk_create(rows, batch_size=2000)
        total += len(rows)
    return total
