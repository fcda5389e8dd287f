"""The overview's tables as a workbook (figures, by field, by sub-unit, by year, rates,
completeness), for the same unit, year and options as the page."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import get_unit_for_user
from dashboard import selectors
from lib import periods
from webkit import exports as ex
from webkit.http import int_param


def _choices(request):
    """The page's own reading of its query string (unit within scope, year, half, span, mode)."""
    chosen = get_unit_for_user(request.user, request.GET["unit"]) if request.GET.get("unit") else None
    units = selectors.unit_choices(request.user, chosen)
    if not units:
        raise Http404
    unit = chosen or units[0]
    this_year = timezone.localdate().year
    default_year = selectors.latest_registry_year(unit, this_year) or this_year - 1
    year = int_param(request.GET.get("year"), default_year, 2000, this_year)
    half = request.GET.get("half") == "1"
    span = int_param(request.GET.get("years"), 10, 2, 20)
    mode = request.GET.get("by") if request.GET.get("by") in selectors.SUB_UNIT_MODES else "then"
    return unit, year, periods.Period(year, 1 if half else None), span, mode


def _series(chart: dict, label) -> list[dict]:
    return [
        {"label": name, "registered": registered, "recognized": recognized}
        for name, registered, recognized in zip(chart["labels"], chart["registered"], chart["recognized"], strict=True)
    ]


def _series_columns(label, kind=ex.TEXT) -> list[ex.Column]:
    return [
        ex.Column(label, "label", kind),
        ex.Column(_("Registered"), "registered", ex.INT),
        ex.Column(_("Recognized"), "recognized", ex.INT),
    ]


def dashboard_sheets(unit, year, period, span, mode) -> list[ex.Sheet]:
    figures, counts = selectors.registry_figures(unit, year)
    stats = selectors.stats_summary(unit, period)
    figure_columns = [
        ex.Column(_("Figure"), "label"),
        ex.Column(str(year), lambda f: f.value, ex.INT),
        ex.Column(str(year - 1), lambda f: f.previous, ex.INT),
        ex.Column(_("Change"), lambda f: f.change or ""),
    ]
    sheets = [
        ex.Sheet(_("Figures"), figure_columns, figures),
        ex.Sheet(_("By field"), _series_columns(_("Field")), _series(selectors.by_field(counts), _("Field"))),
        ex.Sheet(
            _("By sub-unit"),
            _series_columns(_("Unit")),
            _series(selectors.by_sub_unit(unit, year, mode), _("Unit")),
        ),
        ex.Sheet(
            _("By year"), _series_columns(_("Year"), ex.CODE), _series(selectors.by_year(unit, year, span), _("Year"))
        ),
    ]
    rate_columns = [
        ex.Column(_("Rate"), "name"),
        ex.Column(_("Numerator"), "numerator", ex.DECIMAL),
        ex.Column(_("Denominator"), "denominator", ex.DECIMAL),
        ex.Column(period.words(), "percent", ex.PERCENT),
        ex.Column(_("Change"), lambda r: r.change or ""),
    ]
    sheets.append(ex.Sheet(_("Rates"), rate_columns, stats.rates))
    if stats.completeness is not None:
        from stats.exports import completeness_sheets

        sheets.append(completeness_sheets(stats.data_set, period, unit, stats.completeness)[0])
    return sheets


@login_required
def dashboard_export(request):
    fmt = ex.requested_format(request)
    unit, year, period, span, mode = _choices(request)
    return ex.export_response(fmt, f"tong-quan-{unit.name}-{year}", dashboard_sheets(unit, year, period, span, mode))
