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
from django.db.models import Case, CharField, F, IntegerField, Q, Value, When
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import has_cap_anywhere, require
from accounts.audit import delete_by, save_by
from accounts.roles import Cap
from accounts.system import is_system
from lib import periods, testpoints
from lib.audit import bulk_history
from lib.errors import InvalidTransition
from lib.events import EventKind, emit
from lib.vn_format import format_decimal
from lib.vn_numbers import parse_vn_number, split_qualifier
from orgunits.models import OrgUnit
from stats import access
from stats.expressions import OPERATORS, evaluate, expression_codes
from stats.models import (
    APPROVED_STATES,
    EDITABLE_STATES,
    Aggregation,
    CategoryOption,
    DataElement,
    DataSet,
    DataValue,
    Indicator,
    Qualifier,
    Rollup,
    RollupRebuildStep,
    ScopeGeneration,
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


# --------------------------------------------------------------------------------------------
# opening a form
# --------------------------------------------------------------------------------------------
def check_can_report(*, data_set: DataSet, period: periods.Period, unit: OrgUnit, today: dt.date | None = None):
    """Raise ValidationError when ``unit`` cannot report ``data_set`` for ``period``."""
    today = today or timezone.localdate()
    if not (MIN_PERIOD_YEAR <= period.year <= today.year):
        raise ValidationError(
            {"period": _("The year must be between %(a)s and %(b)s.") % {"a": MIN_PERIOD_YEAR, "b": today.year}}
        )
    if not data_set.accepts_period(period):
        raise ValidationError({"period": _("This form is not reported for %(period)s.") % {"period": period.words()}})
    if period.start > today:
        raise ValidationError({"period": _("%(period)s has not started yet.") % {"period": period.words()}})
    if not data_set.assigns(unit):
        raise ValidationError({"unit": _("%(unit)s does not report this form.") % {"unit": unit.name}})
    if not period.overlaps(unit.valid_from, unit.valid_to):
        raise ValidationError(
            {"unit": _("%(unit)s did not exist in %(period)s.") % {"unit": unit.name, "period": period.words()}}
        )


@transaction.atomic
def data_set_assign(*, data_set: DataSet, units, by) -> list:
    """Open the form to exactly these units (each with its subtree); an empty list removes every
    assignment, so every unit of the reporting types reports it again. Needs MANAGE_UNITS over
    each unit; kept in history."""
    from stats.models import DataSetAssignment

    units = list(units)
    for unit in units:
        require(by, Cap.MANAGE_UNITS, unit, _("You may not assign forms to this unit."))
    wanted = {u.pk for u in units}
    for assignment in DataSetAssignment.objects.filter(data_set=data_set).exclude(unit_id__in=wanted):
        delete_by(assignment, by=by)
    have = set(DataSetAssignment.objects.filter(data_set=data_set).values_list("unit_id", flat=True))
    for unit in units:
        if unit.pk not in have:
            save_by(DataSetAssignment(data_set=data_set, unit=unit), by=by)
    data_set.__dict__.pop("_assigned_paths", None)
    return list(DataSetAssignment.objects.filter(data_set=data_set).select_related("unit"))


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
    if closes is not None and timezone.localdate() > closes:
        raise InvalidTransition(
            _("This form closed on %(date)s.") % {"date": closes.strftime("%d/%m/%Y")}, code="closed"
        )


def is_locked(submission: Submission, today: dt.date | None = None) -> bool:
    """Approved or submitted forms are locked for entry; so is a form past its closing date."""
    if submission.status not in EDITABLE_STATES:
        return True
    closes = submission.data_set.closes_on(submission.period_obj)
    return closes is not None and (today or timezone.localdate()) > closes


# --------------------------------------------------------------------------------------------
# values
# --------------------------------------------------------------------------------------------
def parse_number(raw) -> Decimal | None:
    """Vietnamese notation, the same rules as every number field (lib.vn_numbers): "1.500" → 1500,
    "96,5" → 96.5, "1.234,5" → 1234.5; ambiguous input such as "1.5" is refused, never guessed.
    Empty → None. Raises ValueError for anything that is not a number."""
    return parse_vn_number(raw)


def clean_qualified_value(element: DataElement, raw, qualifier: str | None = None) -> tuple[Decimal | None, str, str]:
    """(number, text, qualifier) for a raw input such as "trên 11.000" → (11000, "", "over").
    An explicit ``qualifier`` (the API's field) wins over a word typed in the value."""
    if not element.is_numeric:
        return None, str(raw or "").strip(), Qualifier.EXACT
    typed, rest = split_qualifier(raw)
    if qualifier is not None and qualifier not in Qualifier.values:
        raise ValidationError({"qualifier": _("Unknown qualifier: %(value)s.") % {"value": qualifier}})
    number, text = clean_value(element, rest)
    if number is None:
        if typed != Qualifier.EXACT:
            message = _("“%(field)s”: “%(value)s” is not a number.") % {"field": element.name, "value": raw}
            raise ValidationError({"value": f"{message} {INVALID_NUMBER}"})
        return None, text, Qualifier.EXACT
    return number, text, qualifier or typed


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
    if element.is_percent and number > 100:
        raise ValidationError({"value": _("“%(field)s” is a percentage: at most 100.") % {"field": element.name}})
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


@dataclass(frozen=True)
class ValueInput:
    """One value to save: the element (object or code), the option (object, code or None; None
    for a disaggregated element means its total, typed when the split is not known), the raw value
    as typed ("" or None clears it), the comment (None leaves it as it is) and the qualifier (None:
    the one typed in the value, if any)."""

    element: DataElement | str
    option: CategoryOption | str | None = None
    value: object = None
    comment: str | None = None
    qualifier: str | None = None


class _FormMeta:
    """What a form's save needs to know, read once: its elements (by pk and code), the options
    of their disaggregations, its validation rules and the ranges for the unit's level. A fixed
    number of queries whatever the form's size."""

    def __init__(self, data_set: DataSet, unit: OrgUnit):
        from stats.models import ElementBound

        self.elements = data_set_elements(data_set)
        self.by_pk = {e.pk: e for e in self.elements}
        self.by_code = {e.code: e for e in self.elements}
        combos = {e.combo_id for e in self.elements if e.combo_id}
        self.options = {o.pk: o for o in CategoryOption.objects.filter(combo_id__in=combos)} if combos else {}
        self.options_by_code = {(o.combo_id, o.code): o for o in self.options.values()}
        self.rules = _rules_for(data_set, self.elements)
        # The range for the unit's level wins over the one for every level.
        self.bounds = {}
        for bound in ElementBound.objects.filter(element_id__in=self.by_pk).filter(
            Q(level__isnull=True) | Q(level_id=unit.level_id)
        ):
            if bound.level_id is not None or bound.element_id not in self.bounds:
                self.bounds[bound.element_id] = bound

    def element(self, given) -> DataElement:
        found = self.by_code.get(given) if isinstance(given, str) else self.by_pk.get(given.pk)
        if found is None:
            name = given if isinstance(given, str) else given.name
            raise ValidationError({"element": _("“%(field)s” is not on this form.") % {"field": name}})
        return found

    def option(self, element: DataElement, given) -> CategoryOption | None:
        if isinstance(given, str):
            found = self.options_by_code.get((element.combo_id, given))
            if found is None:
                raise ValidationError(
                    {"option": _("This option does not belong to “%(field)s”.") % {"field": element.name}}
                )
            given = found
        _check_option(element, given)
        if given is not None and given.unclassified:
            raise ValidationError(
                {"option": _("“%(option)s” is what the total leaves unsplit; it is computed.") % {"option": given.name}}
            )
        return given


class _ValueBatch:
    """The values of one submission as they will be once the inputs are applied, checked in
    memory and written at the end with bulk statements: the form's rows, the unit's earlier
    figures and the metadata are read once, so saving one value and saving a whole form cost
    the same number of queries."""

    def __init__(self, submission: Submission, by):
        self.submission, self.by = submission, by
        self.meta = _FormMeta(submission.data_set, submission.unit)
        self.rows = {(v.element_id, v.option_id): v for v in DataValue.objects.filter(submission=submission)}
        self.originals = {key: (r.value, r.text, r.comment, r.qualifier) for key, r in self.rows.items()}
        self.touched: dict[tuple, DataElement] = {}
        self.numbers_set: set[str] = set()
        self.inexact: dict[int, DataElement] = {}
        self.warnings: dict[tuple, list[str]] = {}
        self._history = None

    # -- reading --------------------------------------------------------------------------
    def history(self, key) -> list[tuple]:
        """The unit's figures of this line in its other forms: [(period, value)] (one query for
        the whole batch)."""
        if self._history is None:
            self._history = defaultdict(list)
            rows = (
                DataValue.objects.filter(
                    submission__unit_id=self.submission.unit_id, element_id__in=self.meta.by_pk, value__isnull=False
                )
                .exclude(submission=self.submission)
                .values_list("element_id", "option_id", "submission__period", "value")
            )
            for element_id, option_id, code, value in rows:
                self._history[(element_id, option_id)].append((periods.parse(code), value))
        return self._history.get(key, [])

    def _remainder(self, element) -> DataValue | None:
        for (element_id, option_id), row in self.rows.items():
            if element_id == element.pk and option_id is not None and self._is_unclassified(option_id):
                return row
        return None

    def _is_unclassified(self, option_id) -> bool:
        option = self.meta.options.get(option_id)
        return bool(option and option.unclassified)

    def _known_parts(self, element) -> Decimal:
        return sum(
            (
                row.value
                for (element_id, option_id), row in self.rows.items()
                if element_id == element.pk
                and option_id is not None
                and not self._is_unclassified(option_id)
                and row.value is not None
            ),
            Decimal(0),
        )

    # -- applying one input ---------------------------------------------------------------
    def apply(self, given: ValueInput) -> tuple:
        """Apply one input; returns the key of the row it lands on."""
        element = self.meta.element(given.element)
        if element.combo_id and given.option is None and element.is_numeric:
            return self._apply_total(element, given)
        option = self.meta.option(element, given.option)
        number, text, qualifier = clean_qualified_value(element, given.value, given.qualifier)
        key = (element.pk, option.pk if option else None)
        current = self.rows.get(key)
        old = current.value if current else None
        rest = self._remainder(element) if option is not None else None
        if rest is not None:
            self._keep_typed_total(element, rest, old, number)
        if element.is_numeric and number is not None:
            self._check_believable(key, element, number, given.comment, current)
        if current is None:
            if number is None and not text and not given.comment:
                return key
            current = self.rows[key] = DataValue(submission=self.submission, element=element, option=option)
        current.value, current.text, current.qualifier = number, text, qualifier
        if qualifier != Qualifier.EXACT:
            self.inexact[element.pk] = element
        if given.comment is not None:
            current.comment = given.comment.strip()[:500]
        current.full_clean(exclude=["submission", "element", "option"])
        self.touched[key] = element
        return key

    def _check_believable(self, key, element, number: Decimal, comment, current) -> None:
        _check_bounds(self.submission.unit, element, number, self.meta.bounds.get(element.pk))
        explained = (comment if comment is not None else (current.comment if current else "")).strip()
        history = self.history(key)
        _check_periods(self.submission, element, number, explained, history)
        self.warnings[key] = _outlier_warnings(element, number, history)
        self.numbers_set.add(element.code)

    def _keep_typed_total(self, element, rest: DataValue, old, new) -> None:
        """A part changes under a typed total: the unsplit remainder takes the difference, so the
        total stays what was typed; parts may not add up to more than it."""
        parts = self._known_parts(element)
        total = parts + (rest.value or 0)
        remainder = total - (parts - (old or 0) + (new or 0))
        if remainder < 0:
            raise ValidationError(
                {
                    "value": _("The parts of “%(field)s” would add up to more than its total (%(total)s).")
                    % {"field": element.name, "total": format_decimal(total, 4, strip_zeros=True)}
                }
            )
        rest.value = remainder
        self.touched[(element.pk, rest.option_id)] = element

    def _apply_total(self, element, given: ValueInput) -> tuple:
        """The total of a disaggregated element typed when its split is not (fully) known: the
        parts typed so far stay, the rest shows as "chưa phân loại". An empty total removes the
        remainder (the total is again the sum of its parts)."""
        number, _text, qualifier = clean_qualified_value(element, given.value, given.qualifier)
        rest = self._remainder(element)
        if number is None:
            if rest is not None:
                rest.value, rest.text, rest.comment = None, "", ""
                self.touched[(element.pk, rest.option_id)] = element
                return (element.pk, rest.option_id)
            return (element.pk, None)
        known = self._known_parts(element)
        if number < known:
            raise ValidationError(
                {
                    "value": _("The total of “%(field)s” cannot be less than its parts (%(parts)s).")
                    % {"field": element.name, "parts": format_decimal(known, 4, strip_zeros=True)}
                }
            )
        _check_bounds(self.submission.unit, element, number, self.meta.bounds.get(element.pk))
        self.numbers_set.add(element.code)
        if rest is None:
            option = _unclassified_option(element, self.by)
            self.meta.options[option.pk] = option
            rest = self.rows[(element.pk, option.pk)] = DataValue(
                submission=self.submission, element=element, option=option
            )
        rest.value, rest.qualifier = number - known, qualifier
        if qualifier != Qualifier.EXACT:
            self.inexact[element.pk] = element
        if given.comment is not None:
            rest.comment = given.comment.strip()[:500]
        key = (element.pk, rest.option_id)
        self.touched[key] = element
        return key

    # -- writing --------------------------------------------------------------------------
    def check_rules(self) -> None:
        """The form's validation rules, on the form as it stands after every input."""
        if not self.numbers_set:
            return
        totals: dict[str, Decimal] = {}
        for (element_id, _option), row in self.rows.items():
            if row.value is not None and element_id in self.meta.by_pk:
                code = self.meta.by_pk[element_id].code
                totals[code] = totals.get(code, Decimal(0)) + row.value
        violations = check_rules(self.submission.data_set, totals, only=self.numbers_set, rules=self.meta.rules)
        if violations:
            raise ValidationError({"value": [v.message for v in violations]})

    def _discussed(self, rows) -> set:
        """Rows under follow-up or with a comment thread stay even when emptied."""
        from stats.models import ValueComment

        ids = [row.pk for row in rows if row.pk]
        threads = (
            set(ValueComment.objects.filter(value_id__in=ids).values_list("value_id", flat=True)) if ids else set()
        )
        return {row.pk for row in rows if row.pk and (row.follow_up or row.pk in threads)}

    def write(self) -> dict[tuple, DataValue | None]:
        now = timezone.now()
        empty = {
            key
            for key in self.touched
            if self.rows[key].value is None and not self.rows[key].text and not self.rows[key].comment
        }
        kept = self._discussed([self.rows[key] for key in empty])
        created, changed, removed, result, changes = [], [], [], {}, {}
        for key, element in self.touched.items():
            row = self.rows[key]
            old = self.originals.get(key, (None,))[0]
            if element.is_numeric:
                delta, count = (row.value or 0) - (old or 0), (row.value is not None) - (old is not None)
                if delta or count:
                    changes[key] = (Decimal(delta), count)
            if key in empty and row.pk not in kept:
                result[key] = None
                if row.pk is not None:
                    row.value, row.text, row.comment, row.qualifier = self.originals[key]  # history keeps it
                    removed.append(row)
                continue
            result[key] = row
            row.warnings = self.warnings.get(key, [])
            if row.pk is None:
                row.updated_at = now
                created.append(row)
            elif (row.value, row.text, row.comment, row.qualifier) != self.originals[key]:
                row.updated_at = now
                changed.append(row)
        if created:
            DataValue.objects.bulk_create(created)
            bulk_history(DataValue, created, by=self.by, kind="+")
        if changed:
            DataValue.objects.bulk_update(changed, ["value", "text", "comment", "qualifier", "updated_at"])
            bulk_history(DataValue, changed, by=self.by, kind="~")
        if removed:
            bulk_history(DataValue, removed, by=self.by, kind="-")
            # A plain DELETE: QuerySet.delete() would fetch each row and send its signals (a second,
            # anonymous history row). Rows with a comment thread are never removed (``_discussed``).
            DataValue.objects.filter(pk__in=[r.pk for r in removed])._raw_delete(DataValue.objects.db)
        inexact = [e for e in self.inexact.values() if not e.has_inexact]
        if inexact:
            DataElement.objects.filter(pk__in=[e.pk for e in inexact]).update(has_inexact=True)
            for element in inexact:
                element.has_inexact = True
        _move_rollups(self.submission, changes, approved_only=False)
        return result


def _save_inputs(submission: Submission, values, by) -> tuple[dict, list[tuple]]:
    submission = _lock(submission)
    require(by, Cap.ENTER, submission.unit, _("You may not enter data for this unit."))
    _require_editable(submission)
    batch = _ValueBatch(submission, by)
    keys = [batch.apply(given) for given in values]
    batch.check_rules()
    return batch.write(), keys


@transaction.atomic
def save_values(*, submission: Submission, values, by) -> dict[tuple, DataValue | None]:
    """Save many values of one submission at once, all or none (a later input for the same line
    wins). Refused on a locked form, for an element not on the form, an option not of the
    element's disaggregation, text in a number field, a negative number, a value outside the
    element's range for the unit's level, a half-year above its year, a stock falling without a
    comment, parts above a typed total, or a validation rule broken once every input is applied.
    A typed qualifier ("trên 11.000", "gần 3.600", "khoảng 6.500") marks a value inexact. The
    rollups of every touched line move in one pass, so the number of queries does not grow with
    the number of values. Returns {(element_id, option_id): the row (with its ``warnings``), or
    None when cleared}."""
    result, _keys = _save_inputs(submission, values, by)
    return result


@transaction.atomic
def value_set(
    *,
    submission: Submission,
    element: DataElement,
    value=None,
    option: CategoryOption | None = None,
    comment: str | None = None,
    qualifier: str | None = None,
    by,
) -> DataValue | None:
    """Set (or clear, with an empty value) one value of a submission, with every check of
    :func:`save_values`; ``comment`` None leaves the comment as it is. For a disaggregated
    element ``option`` None sets its typed total (the row returned is the unsplit remainder).
    The row carries ``warnings`` (figures far from the unit's history)."""
    result, (key,) = _save_inputs(submission, [ValueInput(element, option, value, comment, qualifier)], by)
    return result.get(key)


# --------------------------------------------------------------------------------------------
# believable values: ranges, periods, the unit's own history
# --------------------------------------------------------------------------------------------
OUTLIER_FACTOR = 3  # a value three times the unit's largest earlier one (or a third of its smallest)
OUTLIER_MIN_HISTORY = 2


def _check_bounds(unit: OrgUnit, element: DataElement, number: Decimal, bound) -> None:
    """The element's range for the unit's level (else its range for every level): ``bound``."""
    if bound is None:
        return
    words = {"field": element.name, "unit": unit.name}
    if bound.max_value is not None and number > bound.max_value:
        words["limit"] = format_decimal(bound.max_value, 4, strip_zeros=True)
        raise ValidationError(
            {"value": _("“%(field)s” cannot be more than %(limit)s for %(unit)s: please check the figure.") % words}
        )
    if bound.min_value is not None and number < bound.min_value:
        words["limit"] = format_decimal(bound.min_value, 4, strip_zeros=True)
        raise ValidationError({"value": _("“%(field)s” cannot be less than %(limit)s for %(unit)s.") % words})


def _check_periods(submission, element, number: Decimal, explained: str, others: list[tuple]) -> None:
    """Rules across periods of the same unit (``others``: its figures of the line in other
    periods): a half-year of a summed figure is no more than its year; a stock (latest value)
    does not fall from the previous period without a comment."""
    if element.is_percent:
        return
    period = submission.period_obj
    words = {"field": element.name}
    if element.aggregation == Aggregation.SUM:
        for other, value in others:
            if other.year != period.year or {other.type, period.type} != {periods.YEAR, periods.HALF_YEAR}:
                continue
            half_value, year_value = (number, value) if period.half else (value, number)
            if half_value > year_value:
                words.update(
                    half=format_decimal(half_value, 4, strip_zeros=True),
                    year=format_decimal(year_value, 4, strip_zeros=True),
                )
                raise ValidationError(
                    {
                        "value": _("“%(field)s”: a half-year (%(half)s) cannot be more than its whole year (%(year)s).")
                        % words
                    }
                )
    elif not explained:
        earlier = [(other, value) for other, value in others if other.end < period.start]
        if earlier:
            before, value = max(earlier, key=lambda pair: pair[0].end)
            if number < value:
                words.update(before=format_decimal(value, 4, strip_zeros=True), period=before.words())
                raise ValidationError(
                    {
                        "value": _("“%(field)s” fell from %(before)s in %(period)s: please explain why in a comment.")
                        % words
                    }
                )


def _outlier_warnings(element, number: Decimal, others: list[tuple]) -> list[str]:
    """A warning (never a refusal) when the value is far outside the unit's own history."""
    history = [value for _period, value in others]
    if len(history) < OUTLIER_MIN_HISTORY:
        return []
    high, low = max(history), min(history)
    if number > OUTLIER_FACTOR * high or (low > 0 and number * OUTLIER_FACTOR < low):
        words = {
            "field": element.name,
            "low": format_decimal(low, 4, strip_zeros=True),
            "high": format_decimal(high, 4, strip_zeros=True),
        }
        return [_("“%(field)s” is far from this unit's earlier figures (%(low)s–%(high)s): please check it.") % words]
    return []


# --------------------------------------------------------------------------------------------
# follow-up: a doubted figure and its discussion
# --------------------------------------------------------------------------------------------
def _require_discuss(by, submission: Submission) -> None:
    if not is_system(by) and not access.can_discuss(by, submission.unit):
        raise PermissionDenied(_("You may not discuss this unit's figures."))


def _line_row(submission, element, option) -> DataValue:
    if not DataElement.objects.filter(pk=element.pk, section__data_set=submission.data_set_id).exists():
        raise ValidationError({"element": _("“%(field)s” is not on this form.") % {"field": element.name}})
    _check_option(element, option)
    row = _value_row(submission, element, option)
    return row or DataValue(submission=submission, element=element, option=option)


@transaction.atomic
def value_follow_up(
    *,
    submission: Submission,
    element: DataElement,
    option: CategoryOption | None = None,
    flag: bool,
    comment: str = "",
    by,
) -> DataValue:
    """Mark (or clear) a figure for follow-up, optionally with a first comment; the people who
    enter the unit's data and its reviewers above may, whatever the form's state (a doubted
    approved figure is exactly what follow-up is for)."""
    _require_discuss(by, submission)
    row = _line_row(submission, element, option)
    row.follow_up = flag
    save_by(row, by=by, clean=False)
    if comment.strip():
        value_comment_add(submission=submission, element=element, option=option, text=comment, by=by)
    return row


@transaction.atomic
def value_comment_add(
    *, submission: Submission, element: DataElement, option: CategoryOption | None = None, text: str, by
):
    """Add a message to the discussion of a figure."""
    from stats.models import ValueComment

    _require_discuss(by, submission)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Please write a comment.")})
    row = _line_row(submission, element, option)
    if row.pk is None:
        save_by(row, by=by, clean=False)
    return save_by(ValueComment(value=row, author=by, text=text[:5000]), by=by)


# --------------------------------------------------------------------------------------------
# a total typed without its split: the remainder is "chưa phân loại"
# --------------------------------------------------------------------------------------------
UNCLASSIFIED_CODE = "UNCLASSIFIED"
UNCLASSIFIED_NAME = "Chưa phân loại"


def _unclassified_option(element, by) -> CategoryOption:
    option = CategoryOption.objects.filter(combo_id=element.combo_id, unclassified=True).first()
    if option is None:
        option = save_by(
            CategoryOption(
                combo_id=element.combo_id,
                code=UNCLASSIFIED_CODE,
                name=UNCLASSIFIED_NAME,
                sort_order=999,
                unclassified=True,
            ),
            by=by,
        )
    return option


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


def _move_rollups(submission: Submission, changes: dict, *, approved_only: bool, sign: int = 1) -> None:
    """Move the rollups of the submission's unit and its ancestors by ``changes``
    {(element_id, option_id): (delta, count)} × ``sign``: its period's rows and the year's
    combined rows. Call it once the values (and the status) are as they are after the change."""
    if not changes:
        return
    by_period = {submission.period: {k: (d * sign, c * sign) for k, (d, c) in changes.items()}}
    for code, code_changes in _year_deltas(submission.unit, submission.period, approved_only, changes, sign).items():
        by_period[code] = code_changes
    _apply_rollups(submission.unit, approved_only, by_period)


def _ancestor_ids(unit: OrgUnit) -> list[int]:
    return list(OrgUnit.objects.filter(path__in=unit.ancestor_paths()).values_list("id", flat=True))


def bump_generations(unit: OrgUnit, unit_ids: list[int] | None = None) -> None:
    """Move the cache generation of ``unit`` and its ancestors (``unit_ids`` when already known):
    cached figures of any subtree holding the unit are stale from this transaction's commit on."""
    unit_ids = unit_ids if unit_ids is not None else _ancestor_ids(unit)
    ScopeGeneration.objects.bulk_create([ScopeGeneration(unit_id=u) for u in unit_ids], ignore_conflicts=True)
    ScopeGeneration.objects.filter(unit_id__in=unit_ids).update(generation=F("generation") + 1)


def _apply_rollups(unit: OrgUnit, approved_only: bool, by_period: dict[str, dict]) -> None:
    """Add {period: {(element_id, option_id): (delta, count)}} to the rollups of ``unit`` and all
    its ancestors in three statements whatever the number of changes: the ancestors, an insert
    of the missing rows, one UPDATE whose CASE picks each row's delta. An option's change also
    moves the element total (option None)."""
    merged: dict[tuple, list] = defaultdict(lambda: [Decimal(0), 0])
    for period, changes in by_period.items():
        for (element_id, option_id), (delta, count) in changes.items():
            for key in [(period, element_id, None)] + ([(period, element_id, option_id)] if option_id else []):
                merged[key][0] += delta
                merged[key][1] += count
    merged = {k: v for k, v in merged.items() if v[0] or v[1]}
    if not merged:
        return
    unit_ids = _ancestor_ids(unit)
    bump_generations(unit, unit_ids)
    Rollup.objects.bulk_create(
        [
            Rollup(element_id=e, option_id=o, period=p, unit_id=u, approved_only=approved_only)
            for (p, e, o) in merged
            for u in unit_ids
        ],
        ignore_conflicts=True,
    )
    # A fixed order (period, element, total before options) so concurrent writers build alike.
    ordered = sorted(merged.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or 0))

    def row(period, element_id, option_id) -> Q:
        option = Q(option__isnull=True) if option_id is None else Q(option_id=option_id)
        return Q(period=period, element_id=element_id) & option

    which = Q()
    value_cases, count_cases = [], []
    for (period, element_id, option_id), (delta, count) in ordered:
        match = row(period, element_id, option_id)
        which |= match
        value_cases.append(When(match, then=Value(delta, output_field=Rollup._meta.get_field("value"))))
        count_cases.append(When(match, then=Value(count)))
    Rollup.objects.filter(which, unit_id__in=unit_ids, approved_only=approved_only).update(
        value=F("value") + Case(*value_cases, default=Value(Decimal(0)), output_field=Rollup._meta.get_field("value")),
        count=F("count") + Case(*count_cases, default=Value(0), output_field=IntegerField()),
    )


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


def _own_figures(
    unit_ids, year: int, element_ids, approved_only: bool, *, under: str | None = None
) -> dict[tuple, dict[str, tuple]]:
    """{(unit_id, element_id, option_id): {period code: (value, count)}}: the units' own values
    (not their subtree's) in the year and its halves."""
    from django.db.models import Count, Sum

    values = DataValue.objects.filter(value__isnull=False, submission__period__in=[str(year), f"{year}H1", f"{year}H2"])
    if unit_ids is not None:
        values = values.filter(submission__unit_id__in=unit_ids)
    if under is not None:
        values = values.filter(submission__unit__path__startswith=under)
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


def _year_deltas(unit: OrgUnit, period_code: str, approved_only: bool, changes: dict, sign: int = 1) -> dict:
    """After ``changes`` {(element, option): (delta, count)} × ``sign`` were applied to the unit's own
    values of ``period_code``, the change of its year's combined contribution, as
    {year code: {(element, option): (delta, count)}}. The state before is the state after minus
    the change, so one query reads both."""
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
    return deltas


def rollup_compute_years(
    year: int | None = None, *, under: str | None = None, keep=None
) -> dict[tuple, tuple[Decimal, int]]:
    """The combined year rollups recomputed from the values, in the shape of :func:`rollup_compute`
    (``under``: only one subtree's values; ``keep``: only these units' rows)."""
    years = [year] if year is not None else _value_years()
    result: dict[tuple, list] = defaultdict(lambda: [Decimal(0), 0])
    for y in years:
        for flag in (False, True):
            own = _own_figures(None, y, None, flag, under=under)
            ancestors = _ancestor_map({unit_id for unit_id, _, _ in own})
            for (unit_id, element_id, option_id), figures in own.items():
                for code, (value, n) in combine_year(y, figures).items():
                    keys = [(element_id, None)] + ([(element_id, option_id)] if option_id else [])
                    for unit in ancestors[unit_id]:
                        if keep is not None and unit not in keep:
                            continue
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


def _rules_for(data_set: DataSet, elements: list[DataElement] | None = None) -> list[tuple]:
    """(left, op, right, message or None, left element, right element) for the form: each bounded
    rate whose two elements are on the form, and each active admin rule of the form or global."""
    codes = {e.code: e for e in (elements if elements is not None else data_set_elements(data_set))}
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


def check_rules(
    data_set: DataSet, totals: dict[str, Decimal], only: set[str] | None = None, rules: list[tuple] | None = None
) -> list[RuleViolation]:
    """Rules broken by ``totals``; with ``only``, just the rules naming one of those codes
    (``rules``: the form's rules when already read)."""
    violations = []
    for left, op, right, message, left_el, right_el in rules if rules is not None else _rules_for(data_set):
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


# --------------------------------------------------------------------------------------------
# workflow
# --------------------------------------------------------------------------------------------
def _event(submission, action, by, reason="") -> None:
    WorkflowEvent.objects.create(submission=submission, action=action, by=by, reason=reason)


def _save(submission: Submission, by, fields: list[str], reason: str = "") -> None:
    submission._change_reason = reason[:100] if reason else None
    save_by(submission, by=by, update_fields=fields)
    bump_generations(submission.unit)  # completeness counts statuses


def _lock(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().select_related("data_set", "unit").get(pk=submission.pk)


@transaction.atomic
def submission_submit(*, submission: Submission, by) -> Submission:
    submission = _lock(submission)
    require(by, Cap.SUBMIT, submission.unit, _("You may not submit data for this unit."))
    if submission.status not in EDITABLE_STATES:
        raise InvalidTransition(_("Only a draft or returned form can be submitted."), code="not_editable")
    closes = submission.data_set.closes_on(submission.period_obj)
    if closes is not None and timezone.localdate() > closes:
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
    emit(EventKind.FORM_SUBMITTED, unit=submission.unit, obj=submission, by=by)
    testpoints.pause("stats.submit")  # crash-safety tests: everything written, nothing committed
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
    _move_rollups(submission, _submission_changes(submission), approved_only=True)
    testpoints.pause("stats.approve")  # crash-safety tests: everything written, nothing committed
    emit(EventKind.FORM_APPROVED, unit=submission.unit, obj=submission, by=by)
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
    returned = _back_to_unit(submission, by, reason, WorkflowAction.REOPEN)
    _move_rollups(returned, changes, approved_only=True, sign=-1)
    return returned


def _back_to_unit(submission, by, reason, action) -> Submission:
    submission.status = Status.RETURNED
    submission.decided_at, submission.decided_by, submission.reason = timezone.now(), by, reason
    _save(submission, by, ["status", "decided_at", "decided_by", "reason"], reason)
    _event(submission, action, by, reason)
    emit(EventKind.FORM_RETURNED, unit=submission.unit, obj=submission, by=by, reason=reason)
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
def rollup_compute(
    period: str | None = None, *, under: str | None = None, keep=None
) -> dict[tuple, tuple[Decimal, int]]:
    """All rollups (of one period, if given) recomputed from the values: {(element, option,
    period, unit, approved_only): (value, count)}, rows with count 0 left out. One grouped query
    plus two for the unit paths."""
    from django.db.models import Count, Sum

    values = DataValue.objects.filter(value__isnull=False)
    if period is not None:
        values = values.filter(submission__period=period)
    if under is not None:  # only the values of one subtree (a batched rebuild)
        values = values.filter(submission__unit__path__startswith=under)
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
            if keep is not None and unit_id not in keep:
                continue
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


# --------------------------------------------------------------------------------------------
# rollups rebuilt in batches
# --------------------------------------------------------------------------------------------
def _rebuild_batches() -> list[tuple[str, bool]]:
    """(path, top): each subtree one level below a root (its rows from its own values), then each
    root (its own rows only, from every value below it). A root's rows are few; a subtree's rows
    never depend on values outside it."""
    roots = list(OrgUnit.objects.filter(parent__isnull=True).order_by("path").values_list("path", flat=True))
    below = list(OrgUnit.objects.filter(parent__path__in=roots).order_by("path").values_list("path", flat=True))
    return [(path, False) for path in below] + [(path, True) for path in roots]


def _rebuild_step(path: str, top: bool, year: int, codes: list[str]) -> int:
    """Replace the rollup rows of one subtree (or of one root alone) for one year's periods and
    the year's combined codes, in one short transaction. The subtree root's generation row is
    locked first: a value edit below it moves that row too, so it waits for the step (or the
    step waits for it) and no edit falls between the step's read and its write."""
    with transaction.atomic():
        root = OrgUnit.objects.get(path=path)
        ScopeGeneration.objects.bulk_create([ScopeGeneration(unit_id=root.pk)], ignore_conflicts=True)
        list(ScopeGeneration.objects.select_for_update().filter(unit_id=root.pk))
        if top:
            keep = {root.pk}
            stale = Rollup.objects.filter(unit_id=root.pk)
        else:
            keep = set(OrgUnit.objects.filter(path__startswith=path).values_list("id", flat=True))
            stale = Rollup.objects.filter(unit__path__startswith=path)
        stale = stale.filter(period__in=codes + list(year_codes(year)))
        stale._raw_delete(stale.db)  # rollups have no history and no signals to send
        computed = {}
        for code in codes:
            computed.update(rollup_compute(code, under=path, keep=keep))
        computed.update(rollup_compute_years(year, under=path, keep=keep))
        rows = [
            Rollup(element_id=e, option_id=o, period=p, unit_id=u, approved_only=f, value=v, count=n)
            for (e, o, p, u, f), (v, n) in computed.items()
        ]
        Rollup.objects.bulk_create(rows, batch_size=2000)
        RollupRebuildStep.objects.create(subtree=path, year=year, rows=len(rows))
        return len(rows)


def rollup_rebuild_batched(*, resume: bool = False, stop_after: int | None = None, progress=None) -> int:
    """Recompute the rollups subtree by subtree and year by year, each step in its own short
    transaction (no long lock, no moment with the table empty), recording each step done so a
    rebuild that stopped resumes where it was (``resume``). ``stop_after`` steps: for tests and
    for spreading the work over several runs. Returns the rows written by this run."""
    if not resume:
        RollupRebuildStep.objects.all().delete()
    done = set(RollupRebuildStep.objects.values_list("subtree", "year"))
    by_year: dict[int, list[str]] = defaultdict(list)
    for code in Submission.objects.values_list("period", flat=True).distinct().order_by("period"):
        by_year[periods.parse(code).year].append(code)
    written = steps = 0
    for path, top in _rebuild_batches():
        for year, codes in sorted(by_year.items()):
            if (path, year) in done:
                continue
            if stop_after is not None and steps >= stop_after:
                return written
            written += _rebuild_step(path, top, year, codes)
            steps += 1
            if progress:
                progress(path, year)
    # rows of periods no submission has any more (every value of a form deleted) are left at 0
    Rollup.objects.exclude(period__in=[c for codes in by_year.values() for c in codes]).exclude(
        period__in=[c for y in by_year for c in year_codes(y)]
    ).delete()
    RollupRebuildStep.objects.all().delete()
    return written


# --------------------------------------------------------------------------------------------
# disaggregations as a cross-product of categories (DHIS2's category combos)
# --------------------------------------------------------------------------------------------
OPTION_CODE_JOINER = "_"
OPTION_NAME_JOINER = ", "


def _require_catalogue_admin(by) -> None:
    """The catalogue is shared by every unit: changing it needs unit management over the whole
    tree (every top-level unit), which superusers and the system actor have."""
    message = _("Only an administrator of the whole system may change the statistics catalogue.")
    if is_system(by) or getattr(by, "is_superuser", False):
        return
    roots = list(OrgUnit.objects.filter(parent__isnull=True))
    if not roots:
        raise PermissionDenied(message)
    for root in roots:
        require(by, Cap.MANAGE_UNITS, root, message)


@transaction.atomic
def category_define(*, code: str, name: str, items, by):
    """Create or update the category ``code`` with ``items`` [(code, name), …] in this order.
    An item left out is removed unless an option holding data crosses it (then nothing changes:
    ValidationError). Every combination crossing the category is regenerated."""
    from stats.models import Category, CategoryItem

    _require_catalogue_admin(by)
    items = [(str(c).strip(), str(n).strip()) for c, n in items]
    if not items:
        raise ValidationError({"items": _("A category needs at least one item.")})
    if len({c for c, _n in items}) != len(items):
        raise ValidationError({"items": _("Two items of a category have the same code.")})
    category = Category.objects.filter(code=code).first() or Category(code=code)
    if category.name != name or category.pk is None:
        category.name = name
        save_by(category, by=by)
    wanted = dict(items)
    gone = list(CategoryItem.objects.filter(category=category).exclude(code__in=list(wanted)))
    if gone:
        _refuse_if_data(CategoryOption.objects.filter(items__in=gone).distinct())
        for option in CategoryOption.objects.filter(items__in=gone).distinct():
            delete_by(option, by=by)
        for item in gone:
            delete_by(item, by=by)
    have = {i.code: i for i in CategoryItem.objects.filter(category=category)}
    for order, (item_code, item_name) in enumerate(items, start=1):
        item = have.get(item_code) or CategoryItem(category=category, code=item_code)
        if item.pk is None or (item.name, item.sort_order) != (item_name, order):
            item.name, item.sort_order = item_name, order
            save_by(item, by=by)
    for combo in category.combos.all():
        _generate_options(combo, by)
    return category


@transaction.atomic
def combo_define(*, code: str, name: str, categories, by):
    """Create or update the combination ``code`` as the cross-product of ``categories`` (Category
    objects or codes, in order: the first gives the rows of the entry grid). Its options are
    (re)generated: one per combination of items, named by the items' names joined ("Định kỳ, Cấp ủy
    chủ trì") and coded by their codes joined ("PERIODIC_PARTY"). An existing option crossing the
    same items (or, when it crosses none yet, having the same code) is kept with its data; one no
    longer needed is removed, and when it holds data nothing changes (ValidationError). The
    "chưa phân loại" remainder is always kept. A combination given no categories is a flat list
    whose options are left as they are."""
    from stats.models import Category, CategoryCombo, ComboCategory

    _require_catalogue_admin(by)
    chosen = []
    for given in categories:
        category = given if isinstance(given, Category) else Category.objects.filter(code=given).first()
        if category is None:
            raise ValidationError({"categories": _("Unknown category: %(code)s.") % {"code": given}})
        chosen.append(category)
    if len({c.pk for c in chosen}) != len(chosen):
        raise ValidationError({"categories": _("A category can be crossed only once in a combination.")})
    combo = CategoryCombo.objects.filter(code=code).first() or CategoryCombo(code=code)
    if combo.name != name or combo.pk is None:
        combo.name = name
        save_by(combo, by=by)
    links = {link.category_id: link for link in ComboCategory.objects.filter(combo=combo)}
    for link in links.values():
        if link.category_id not in {c.pk for c in chosen}:
            link.delete()
    for order, category in enumerate(chosen, start=1):
        link = links.get(category.pk) or ComboCategory(combo=combo, category=category)
        if link.pk is None or link.sort_order != order:
            link.sort_order = order
            link.save()
    if chosen:
        _generate_options(combo, by)
    return combo


def _refuse_if_data(options) -> None:
    held = sorted(
        {name for name in DataValue.objects.filter(option__in=options).values_list("option__name", flat=True)}
    )
    if held:
        raise ValidationError(
            {
                "categories": _("These options hold data and cannot be removed: %(options)s.")
                % {"options": "; ".join(held)}
            }
        )


def _generate_options(combo, by) -> list[CategoryOption]:
    """Make the combination's options the cross-product of its categories' items (see
    :func:`combo_define`); returns them in order."""
    import itertools

    from stats.models import CategoryItem, ComboCategory

    category_ids = list(
        ComboCategory.objects.filter(combo=combo).order_by("sort_order", "id").values_list("category_id", flat=True)
    )
    if not category_ids:
        return list(combo.options.all())
    items = defaultdict(list)
    for item in CategoryItem.objects.filter(category_id__in=category_ids).order_by("sort_order", "id"):
        items[item.category_id].append(item)
    for category_id in category_ids:
        if not items[category_id]:
            raise ValidationError({"categories": _("A crossed category has no items.")})
    wanted = []
    for crossed in itertools.product(*(items[c] for c in category_ids)):
        option_code = OPTION_CODE_JOINER.join(i.code for i in crossed)
        if len(option_code) > CategoryOption._meta.get_field("code").max_length:
            raise ValidationError({"categories": _("The option code %(code)s is too long.") % {"code": option_code}})
        wanted.append((option_code, OPTION_NAME_JOINER.join(i.name for i in crossed), crossed))
    if len({c for c, _n, _i in wanted}) != len(wanted):
        raise ValidationError({"categories": _("Two crossed options would have the same code.")})

    existing = list(combo.options.filter(unclassified=False).prefetch_related("items"))
    by_items = {frozenset(i.pk for i in o.items.all()): o for o in existing if o.items.all()}
    by_code = {o.code: o for o in existing if not o.items.all()}
    matched = {}
    for option_code, _name, crossed in wanted:
        option = by_items.pop(frozenset(i.pk for i in crossed), None) or by_code.pop(option_code, None)
        if option is not None:
            matched[option_code] = option
    kept = {o.pk for o in matched.values()}
    removed = [o for o in existing if o.pk not in kept]
    if removed:
        _refuse_if_data(removed)
        for option in removed:
            delete_by(option, by=by)
    # Free the codes first: a kept option may take a code another kept option had.
    moving = [o.pk for code, o in matched.items() if o.code != code]
    if moving:
        CategoryOption.objects.filter(pk__in=moving).update(code=Concat(Value("~"), F("id"), output_field=CharField()))
    result = []
    for order, (option_code, option_name, crossed) in enumerate(wanted, start=1):
        option = matched.get(option_code) or CategoryOption(combo=combo)
        linked = {i.pk for i in option.items.all()} if option.pk else None
        if option.pk is None or (option.code, option.name, option.sort_order) != (option_code, option_name, order):
            option.code, option.name, option.sort_order = option_code, option_name, order
            save_by(option, by=by)
        if linked != {i.pk for i in crossed}:
            option.items.set(crossed)
        result.append(option)
    return result
