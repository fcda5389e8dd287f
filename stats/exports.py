"""Excel / CSV exports of the statistics pages (forms list, approvals, completeness, aggregates):
each answers exactly what its page shows for the same query string, without pagination."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts.access import scope_paths, scope_q
from accounts.roles import Cap
from lib import periods
from stats import selectors
from stats.filters import page_filters
from stats.forms import FilterForm
from stats.models import DataValue, Submission
from webkit import exports as ex

CHUNK = 2000
STATE_LABELS = {"on_time": _("On time"), "late": _("Late"), "missing": _("Missing")}


def _period_words(code: str) -> str:
    try:
        return periods.parse(code).words()
    except ValueError:
        return code


def submission_columns() -> list[ex.Column]:
    return [
        ex.Column(_("Form"), "data_set.name"),
        ex.Column(_("Period"), lambda s: _period_words(s.period)),
        ex.Column(_("Unit"), "unit.name"),
        ex.Column(_("Status"), lambda s: s.get_status_display()),
        ex.Column(_("Submitted"), "submitted_at", ex.DATE),
        ex.Column(_("Decided"), "decided_at", ex.DATE),
        ex.Column(_("Reason"), "reason"),
    ]


def submissions_sheet(queryset, title=None) -> ex.Sheet:
    rows = queryset.select_related("data_set", "unit").iterator(chunk_size=CHUNK)
    return ex.Sheet(title or _("Statistics forms"), submission_columns(), rows)


def my_submissions(user):
    """The forms list's "recent forms": those of the units the user enters data for."""
    return Submission.objects.filter(scope_q(user, Cap.ENTER)).order_by("-period", "unit__path", "data_set__name")


def awaiting(user, params):
    """The approvals page's list for its query string."""
    form = FilterForm(params or None)
    qs = selectors.awaiting_approval(user).order_by("period", "unit__path")
    if form.is_valid():
        if form.cleaned_data.get("data_set"):
            qs = qs.filter(data_set=form.cleaned_data["data_set"])
        if form.cleaned_data.get("period"):
            qs = qs.filter(period=form.cleaned_data["period"].code)
    return qs


@login_required
def submissions_export(request):
    fmt = ex.requested_format(request)
    return ex.export_response(fmt, "bieu-thong-ke", [submissions_sheet(my_submissions(request.user))])


@login_required
def approvals_export(request):
    if not request.user.is_superuser and not scope_paths(request.user, Cap.REVIEW):
        raise Http404
    fmt = ex.requested_format(request)
    sheet = submissions_sheet(awaiting(request.user, request.GET), _("Forms awaiting approval"))
    return ex.export_response(fmt, "bieu-cho-duyet", [sheet])


def completeness_sheets(data_set, period, unit, result=None) -> list[ex.Sheet]:
    result = result or selectors.completeness(data_set, period, unit)
    columns = [
        ex.Column(_("Unit"), lambda r: r.unit.name),
        ex.Column(_("Status"), lambda r: r.submission.get_status_display() if r.submission else ""),
        ex.Column(_("Submitted"), lambda r: r.submission.submitted_at if r.submission else None, ex.DATE),
        ex.Column(_("Timeliness"), lambda r: STATE_LABELS[r.state]),
    ]
    summary = [
        ex.Column(_("Form"), lambda _r: data_set.name),
        ex.Column(_("Period"), lambda _r: period.words()),
        ex.Column(_("Unit"), lambda _r: unit.name),
        ex.Column(_("Due"), lambda _r: result.due, ex.DATE),
        ex.Column(_("Expected"), "expected", ex.INT),
        ex.Column(_("Submitted"), "submitted", ex.INT),
        ex.Column(_("Submitted (%)"), "percent", ex.PERCENT),
        ex.Column(_("On time"), "on_time", ex.INT),
        ex.Column(_("Late"), "late", ex.INT),
        ex.Column(_("Missing"), "missing", ex.INT),
        ex.Column(_("Approved"), "approved", ex.INT),
    ]
    return [ex.Sheet(_("Completeness"), columns, result.rows), ex.Sheet(_("Summary"), summary, [result])]


def aggregate_sheets(table, data_set, unit) -> list[ex.Sheet]:
    this, last = table["period"].words(), table["last_year"].words()
    rows = [
        ex.Column(_("Indicator"), lambda r: f"  {r.option_name}" if r.option else r.element.name),
        ex.Column(_("Unit of measure"), lambda r: r.element.unit_of_measure),
        ex.Column(_("Qualifier"), lambda r: r.qualifier_word),
        ex.Column(this, "value", ex.DECIMAL),
        ex.Column(last, "previous", ex.DECIMAL),
        ex.Column(_("Change (%)"), "percent_change", ex.PERCENT),
        ex.Column(_("Target"), "target", ex.DECIMAL),
        ex.Column(_("Of target (%)"), "target_percent", ex.PERCENT),
        ex.Column(_("Includes values not yet approved"), lambda r: _("Yes") if r.unapproved else ""),
    ]
    rates = [
        ex.Column(_("Rate"), "indicator.name"),
        ex.Column(this, "current.percent", ex.PERCENT),
        ex.Column(_("Numerator"), "current.numerator", ex.DECIMAL),
        ex.Column(_("Denominator"), "current.denominator", ex.DECIMAL),
        ex.Column(last, "previous.percent", ex.PERCENT),
        ex.Column(_("Percentage points"), "points_change", ex.DECIMAL),
        ex.Column(_("Relative change (%)"), "percent_change", ex.PERCENT),
    ]
    sheets = [ex.Sheet(_("Aggregates"), rows, table["rows"])]
    if table["rates"]:
        sheets.append(ex.Sheet(_("Rates"), rates, table["rates"]))
    return sheets


def _page_filters(request):
    # The pages' own filter resolution (form, period, unit within the user's scope).
    return page_filters(request)


@login_required
def completeness_export(request):
    fmt = ex.requested_format(request)
    _form, _data, data_set, period, unit = _page_filters(request)
    return ex.export_response(fmt, f"tien-do-{unit.name}-{period.code}", completeness_sheets(data_set, period, unit))


@login_required
def aggregates_export(request):
    fmt = ex.requested_format(request)
    _form, data, data_set, period, unit = _page_filters(request)
    table = selectors.aggregate_table(
        data_set,
        unit,
        period,
        include_unapproved=bool(data.get("include_unapproved")),
        through_lineage=bool(data.get("through_lineage")),
    )
    return ex.export_response(fmt, f"tong-hop-{unit.name}-{period.code}", aggregate_sheets(table, data_set, unit))


def value_columns() -> list[ex.Column]:
    return [
        ex.Column(_("Period"), lambda v: _period_words(v.submission.period)),
        ex.Column(_("Form"), "submission.data_set.name"),
        ex.Column(_("Status"), lambda v: v.submission.get_status_display()),
        ex.Column(_("Indicator"), "element.name"),
        ex.Column(_("Category"), "option.name"),
        ex.Column(_("Value"), "value", ex.DECIMAL),
        ex.Column(_("Unit of measure"), "element.unit_of_measure"),
        ex.Column(_("Text"), "text"),
        ex.Column(_("Comment"), "comment"),
    ]


def values_sheet(unit) -> ex.Sheet:
    """Every value the unit reported, by period."""
    rows = (
        DataValue.objects.filter(submission__unit=unit)
        .select_related("submission__data_set", "element", "option")
        .order_by("submission__period", "submission__data_set__name", "element__code", "option_id", "pk")
        .iterator(chunk_size=CHUNK)
    )
    return ex.Sheet(_("Statistics reported"), value_columns(), rows)


def _figure_name(value) -> str:
    return f"{value.element.name} — {value.option.name}" if value.option_id else value.element.name


@login_required
def follow_ups_export(request):
    """The "Số liệu cần theo dõi" list as a sheet."""
    columns = [
        ex.Column(_("Unit"), "submission.unit.name"),
        ex.Column(_("Form"), "submission.data_set.name"),
        ex.Column(_("Period"), lambda v: _period_words(v.submission.period)),
        ex.Column(_("Figure"), _figure_name),
        ex.Column(_("Value"), "value", ex.DECIMAL),
        ex.Column(_("Last change"), "updated_at", ex.DATE),
    ]
    rows = selectors.follow_ups(request.user).iterator(chunk_size=CHUNK)
    sheet = ex.Sheet(_("Figures to follow up"), columns, rows)
    return ex.export_response(ex.requested_format(request), "so-lieu-can-theo-doi", [sheet])
