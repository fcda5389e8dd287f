"""Periodic statistics, the way DHIS2 does it for health data: data elements grouped into data
sets (report forms), entered per (data set, period, org unit) as a *submission*, validated,
submitted, approved bottom-up, locked, and aggregated through incrementally maintained rollups.

Periods are stored as codes ("2022H1", "2022"); ``lib.periods`` gives their dates and wording."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lib import periods
from orgunits.scope import in_subtrees, minimal_paths


class ValueType(models.TextChoices):
    COUNT = "count", _("Count")
    AMOUNT = "amount", _("Amount (VND)")
    NUMBER = "number", _("Number")
    PERCENT = "percent", _("Percent")
    TEXT = "text", _("Text")


class Qualifier(models.TextChoices):
    """How exact a reported figure is: "trên 11.000" (over), "gần 3.600" (nearly), "khoảng 6.500"."""

    EXACT = "exact", _("Exact")
    OVER = "over", _("Over")
    NEARLY = "nearly", _("Nearly")
    ABOUT = "about", _("About")


class Aggregation(models.TextChoices):
    """How an element's figures add up. SUM: a flow ("số cuộc đối thoại"), added over units and
    over time. LATEST: a stock ("số hiện có", "đến nay có 478 mô hình"), the value as of a date —
    added over units, but over time the latest value within the period stands, never a sum.
    The stored value "latest" is kept from before the stock was named so."""

    SUM = "sum", _("Sum")
    LATEST = "latest", _("Stock (value at the end of the period)")


class PeriodType(models.TextChoices):
    HALF_YEAR = periods.HALF_YEAR, _("Half-year")
    YEAR = periods.YEAR, _("Year")
    QUARTER = periods.QUARTER, _("Quarter")
    MONTH = periods.MONTH, _("Month")


class CategoryCombo(models.Model):
    """A disaggregation, e.g. "kind of dialogue": its options split an element's value; the
    element's total is always the sum of its options, never typed."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("category combination")
        verbose_name_plural = _("category combinations")

    def __str__(self):
        return self.name


class CategoryOption(models.Model):
    combo = models.ForeignKey(
        CategoryCombo, verbose_name=_("combination"), on_delete=models.CASCADE, related_name="options"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    unclassified = models.BooleanField(
        _("unclassified remainder"),
        default=False,
        help_text=_("The part of a total typed without its split (“chưa phân loại”); computed, never typed."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["combo_id", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["combo", "code"], name="stats_option_code_unique")]
        verbose_name = _("category option")
        verbose_name_plural = _("category options")

    def __str__(self):
        return self.name


class DataElement(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("Used in validation rules."))
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    value_type = models.CharField(_("value type"), max_length=10, choices=ValueType.choices, default=ValueType.COUNT)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50, blank=True)
    aggregation = models.CharField(
        _("aggregation"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    combo = models.ForeignKey(
        CategoryCombo,
        verbose_name=_("disaggregation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="elements",
    )
    weight = models.ForeignKey(
        "self",
        verbose_name=_("weight element"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "For a percent: the element whose values weigh each unit's percent in a mean over units "
            "(e.g. the number of opinions for “share of opinions answered”). Without one a percent is "
            "shown per unit and never aggregated."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    # Set once a value of the element is stored with a qualifier ("trên", "gần", "khoảng"): an
    # aggregate of an element that never had one skips looking for inexact parts.
    has_inexact = models.BooleanField(default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")

    def __str__(self):
        return self.name

    @property
    def is_numeric(self) -> bool:
        return self.value_type != ValueType.TEXT

    @property
    def is_stock(self) -> bool:
        """A stock (số hiện có): over time its latest value stands; over units it is added."""
        return self.aggregation == Aggregation.LATEST

    @property
    def is_percent(self) -> bool:
        """A stated percentage: never summed, over units or over time."""
        return self.value_type == ValueType.PERCENT

    def clean(self):
        """A percent is never added: it has no disaggregation (its parts would be summed), and an
        element measured in "%" must be of the percent type, so "latest value" cannot add 50% and 60%
        of two units into 110%. A weight belongs to a percent and is itself a summable figure."""
        from django.core.exceptions import ValidationError

        errors = {}
        if self.unit_of_measure.strip() == "%" and not self.is_percent:
            errors["value_type"] = _(
                "An element measured in % must be of the percent type: percentages are never added."
            )
        if self.is_percent and self.combo_id:
            errors["combo"] = _("A percent cannot be split into parts: parts would be added.")
        if self.weight_id is not None:
            if not self.is_percent:
                errors["weight"] = _("Only a percent has a weight element.")
            elif self.weight_id == self.pk or self.weight.value_type in (ValueType.PERCENT, ValueType.TEXT):
                errors["weight"] = _("The weight must be a count, amount or number element.")
        if errors:
            raise ValidationError(errors)

    @property
    def label(self) -> str:
        return self.short_name or self.name


class ElementBound(models.Model):
    """The smallest and largest believable value of an element for a unit of one level (or of
    every level when ``level`` is empty): 999.999 dialogues in one ward is a typing slip."""

    element = models.ForeignKey(
        DataElement, verbose_name=_("data element"), on_delete=models.CASCADE, related_name="bounds"
    )
    level = models.ForeignKey(
        "orgunits.Level",
        verbose_name=_("level"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: every level without a bound of its own."),
    )
    min_value = models.DecimalField(_("minimum"), max_digits=20, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=20, decimal_places=4, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["element", "level"], name="stats_bound_level_unique"),
            models.UniqueConstraint(fields=["element"], condition=Q(level__isnull=True), name="stats_bound_any_unique"),
        ]
        verbose_name = _("value range")
        verbose_name_plural = _("value ranges")

    def __str__(self):
        return f"{self.element.code}: {self.min_value}–{self.max_value}"


class Indicator(models.Model):
    """A rate: Σ numerator / Σ denominator over units (a ratio of sums, never an average of
    percentages). ``bounded`` makes "numerator ≤ denominator" a validation rule on entry."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    numerator = models.ForeignKey(
        DataElement, verbose_name=_("numerator"), on_delete=models.PROTECT, related_name="as_numerator"
    )
    denominator = models.ForeignKey(
        DataElement, verbose_name=_("denominator"), on_delete=models.PROTECT, related_name="as_denominator"
    )
    bounded = models.BooleanField(_("numerator may not exceed denominator"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("rate")
        verbose_name_plural = _("rates")

    def __str__(self):
        return self.name


class DataSet(models.Model):
    """A report form: sections of elements, reported per period by units of some types."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    period_type = models.CharField(_("period type"), max_length=10, choices=PeriodType.choices)
    half_years = models.CharField(
        _("half-years reported"),
        max_length=5,
        default="1",
        blank=True,
        help_text=_("For half-year forms: 1 = only the first half (interim review), 1,2 = both halves."),
    )
    unit_types = models.JSONField(_("reporting unit types"), default=list)
    deadline_days = models.PositiveSmallIntegerField(_("deadline (days after the period ends)"), default=15)
    expiry_days = models.PositiveSmallIntegerField(
        _("entry closes (days after the period ends)"),
        null=True,
        blank=True,
        help_text=_("Empty: entry stays open until the form is approved."),
    )
    require_children_approved = models.BooleanField(
        _("approving a unit requires its reporting sub-units approved first"), default=False
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["period_type", "name"]
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")

    def __str__(self):
        return self.name

    def assigned_paths(self) -> list[str] | None:
        """The subtree roots this form is assigned to (DHIS2's data set assignment), or None when
        it has no assignment: then every unit of its reporting types reports it. Cached."""
        if not hasattr(self, "_assigned_paths"):
            paths = [a.unit.path for a in self.assignments.select_related("unit")]
            self._assigned_paths = minimal_paths(paths) if paths else None
        return self._assigned_paths

    def assigns(self, unit) -> bool:
        """Whether ``unit`` reports this form: of a reporting type, and inside an assigned subtree
        when the form has assignments."""
        if unit.unit_type not in (self.unit_types or []):
            return False
        paths = self.assigned_paths()
        return paths is None or in_subtrees(unit.path, paths)

    def due_date(self, period: periods.Period) -> dt.date:
        return period.end + dt.timedelta(days=self.deadline_days)

    def closes_on(self, period: periods.Period) -> dt.date | None:
        return None if self.expiry_days is None else period.end + dt.timedelta(days=self.expiry_days)

    def accepts_period(self, period: periods.Period) -> bool:
        if period.type != self.period_type:
            return False  # a multi-year period or a date range is never reported as such
        return period.half is None or str(period.half) in (self.half_years or "1")

    def current_period(self, today: dt.date) -> periods.Period | None:
        """The period this form is being reported for on ``today``: one already ended whose deadline
        is still ahead (its reports are due now), else the newest period already started (the year
        2026 on 01/12/2026; the first half of 2026 for a form reported for the first half only)."""
        started = [
            p
            for p in reversed(periods.periods_of_type(self.period_type, today.year - 1, today.year))
            if self.accepts_period(p) and p.start <= today
        ]
        due_now = [p for p in started if p.end < today <= self.due_date(p)]
        return (due_now or started or [None])[0]

    def is_open_on(self, today: dt.date) -> bool:
        """Whether the form's current period still has its deadline ahead on ``today``."""
        period = self.current_period(today)
        return period is not None and today <= self.due_date(period)


class DataSetAssignment(models.Model):
    """A form opened to a unit and its subtree: only the units of the form's reporting types in
    assigned subtrees report it, and completeness expects only them (a form opened to one
    district's commission does not make every district of the country late)."""

    data_set = models.ForeignKey(
        DataSet, verbose_name=_("data set"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assigned_data_sets"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["data_set", "unit"], name="stats_assignment_unique")]
        verbose_name = _("form assignment")
        verbose_name_plural = _("form assignments")

    def __str__(self):
        return f"{self.data_set} → {self.unit}"


class Section(models.Model):
    data_set = models.ForeignKey(DataSet, verbose_name=_("data set"), on_delete=models.CASCADE, related_name="sections")
    name = models.CharField(_("name"), max_length=255)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    elements = models.ManyToManyField(DataElement, through="SectionElement", verbose_name=_("data elements"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["data_set_id", "sort_order", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name


class SectionElement(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    element = models.ForeignKey(DataElement, verbose_name=_("data element"), on_delete=models.PROTECT)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["section_id", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["section", "element"], name="stats_section_element_unique")]
        verbose_name = _("element of a section")
        verbose_name_plural = _("elements of a section")

    def __str__(self):
        return str(self.element)


class Target(models.Model):
    """A chỉ tiêu: what a unit is to reach for an element in a period."""

    element = models.ForeignKey(DataElement, verbose_name=_("data element"), on_delete=models.CASCADE)
    unit = models.ForeignKey("orgunits.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT)
    period = models.CharField(_("period"), max_length=10)
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=4)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["element", "unit", "period"], name="stats_target_unique"),
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        return f"{self.element} – {self.unit} – {self.period}"


class ValidationRule(models.Model):
    """``left op right`` over element codes, e.g. ``RESOLVED <= RAISED`` or
    ``CBCC_HELD + NLD_HELD <= UNITS``. Checked on entry and on submission."""

    class Op(models.TextChoices):
        LE = "<=", "≤"
        LT = "<", "<"
        EQ = "==", "="
        GE = ">=", "≥"
        GT = ">", ">"

    name = models.CharField(_("name"), max_length=255)
    left = models.CharField(_("left side"), max_length=255)
    operator = models.CharField(_("operator"), max_length=2, choices=Op.choices, default=Op.LE)
    right = models.CharField(_("right side"), max_length=255)
    message = models.CharField(_("message"), max_length=255, blank=True)
    data_set = models.ForeignKey(
        DataSet, verbose_name=_("data set"), null=True, blank=True, on_delete=models.CASCADE, related_name="rules"
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")

    def __str__(self):
        return f"{self.left} {self.operator} {self.right}"

    def clean(self):
        """Both sides must parse and name only existing element codes."""
        from django.core.exceptions import ValidationError

        from stats.expressions import evaluate, expression_codes

        errors = {}
        for side in ("left", "right"):
            expr = getattr(self, side)
            codes = expression_codes(expr)
            unknown = codes - set(DataElement.objects.filter(code__in=codes).values_list("code", flat=True))
            if unknown:
                errors[side] = _("Unknown element codes: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
                continue
            try:
                evaluate(expr, dict.fromkeys(codes, 1))
            except ValueError:
                errors[side] = _("This expression cannot be read: use element codes, numbers, + − * / and brackets.")
        if errors:
            raise ValidationError(errors)


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


APPROVED_STATES = (Status.APPROVED,)
EDITABLE_STATES = (Status.DRAFT, Status.RETURNED)


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        from accounts.access import scope_q
        from accounts.roles import Cap

        return self.filter(scope_q(user, Cap.VIEW))


class Submission(models.Model):
    """One filled-in form: (data set, period, unit), with its workflow state. Approved = locked."""

    data_set = models.ForeignKey(
        DataSet, verbose_name=_("data set"), on_delete=models.PROTECT, related_name="submissions"
    )
    period = models.CharField(_("period"), max_length=10)
    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="stat_submissions"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)

    history = HistoricalRecords()
    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["data_set", "period", "unit"], name="stats_submission_unique"),
        ]
        indexes = [models.Index(fields=["data_set", "period", "status"], name="stats_sub_ds_period_status")]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self):
        return f"{self.data_set} – {self.period_obj.words()} – {self.unit}"

    @property
    def period_obj(self) -> periods.Period:
        return periods.parse(self.period)

    @property
    def is_approved(self) -> bool:
        return self.status in APPROVED_STATES


class DataValue(models.Model):
    """A value of one element (and, for a disaggregated element, one option) in a submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="values")
    option = models.ForeignKey(CategoryOption, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    qualifier = models.CharField(
        _("qualifier"), max_length=6, choices=Qualifier.choices, default=Qualifier.EXACT, db_index=True
    )
    text = models.TextField(_("text"), blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    follow_up = models.BooleanField(
        _("marked for follow-up"), default=False, help_text=_("A figure someone doubts, discussed in its comments.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "element"], condition=Q(option__isnull=True), name="stats_value_total_unique"
            ),
            models.UniqueConstraint(
                fields=["submission", "element", "option"],
                condition=Q(option__isnull=False),
                name="stats_value_option_unique",
            ),
        ]
        verbose_name = _("data value")
        verbose_name_plural = _("data values")

    def __str__(self):
        return f"{self.element.code}={self.value if self.value is not None else self.text}"


class ValueComment(models.Model):
    """One message in the discussion of a value marked for follow-up."""

    value = models.ForeignKey(DataValue, on_delete=models.CASCADE, related_name="thread")
    author = models.ForeignKey("accounts.User", verbose_name=_("author"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    text = models.TextField(_("text"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("comment on a value")
        verbose_name_plural = _("comments on values")

    def __str__(self):
        return self.text[:60]


class WorkflowAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    APPROVE = "approve", _("Approved")
    RETURN = "return", _("Returned")
    REOPEN = "reopen", _("Reopened")


class WorkflowEvent(models.Model):
    """The timeline of a submission (who did what, when, and why)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=WorkflowAction.choices)
    by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"


YEAR_SUM_SUFFIX = "+s"
YEAR_LATEST_SUFFIX = "+l"


def year_codes(year: int) -> tuple[str, str]:
    """The rollup period codes of a year's combined figure: (halves added, later half)."""
    return f"{year}{YEAR_SUM_SUFFIX}", f"{year}{YEAR_LATEST_SUFFIX}"


class Rollup(models.Model):
    """Pre-summed values: the sum over the subtree of ``unit`` for (element, option, period),
    once over approved submissions only and once over all submissions. ``option`` None is the
    element total. Maintained in the same transaction as every value change, approval, return
    and reopen (``stats.services``), so reading an aggregate is one indexed lookup.
    ``count`` is how many values contributed (0 → "no data", not zero).

    Size: one row per (element or option, period, unit with data in its subtree, flag). Ten years
    of two forms for 3,321 communes (~25 lines each) is ~3,321 × 20 periods × 25 × 2 flags ≈ 3.3 M
    commune rows plus far fewer for provinces and the country; every read uses the unique index
    (unit, period, approved_only, element[, option])."""

    element = models.ForeignKey(DataElement, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(CategoryOption, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=10)
    unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")
    approved_only = models.BooleanField()
    value = models.DecimalField(max_digits=24, decimal_places=4, default=0)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "approved_only", "element"],
                condition=Q(option__isnull=True),
                name="stats_rollup_total_unique",
            ),
            models.UniqueConstraint(
                fields=["unit", "period", "approved_only", "element", "option"],
                condition=Q(option__isnull=False),
                name="stats_rollup_option_unique",
            ),
        ]

    def __str__(self):
        return f"{self.element_id}/{self.option_id} {self.period} @{self.unit_id} = {self.value}"


class ScopeGeneration(models.Model):
    """A counter per unit moved in the same transaction as anything that changes the statistics
    of the unit's subtree (rollups, a submission's status). Cached figures of a subtree carry
    the counters of their scope's roots in their cache key, so a change is seen by the very next
    request (freshness 0 s) without deleting anything from the cache."""

    unit = models.OneToOneField("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+", primary_key=True)
    generation = models.BigIntegerField(default=0)

    def __str__(self):
        return f"@{self.unit_id}: {self.generation}"


class RollupRebuildStep(models.Model):
    """A step of a batched rollup rebuild already done (one subtree, one year): a rebuild that
    stopped half-way resumes after the last step it committed instead of starting again."""

    subtree = models.CharField(max_length=255)
    year = models.IntegerField()
    rows = models.IntegerField(default=0)
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subtree", "year"], name="stats_rebuild_step_unique")]

    def __str__(self):
        return f"{self.subtree} {self.year}"
