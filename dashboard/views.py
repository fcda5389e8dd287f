"""The overview (Tổng quan): figures, rates, charts, completeness and what waits for the user."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import get_unit_for_user
from dashboard import selectors
from lib import periods
from orgunits.widgets import UnitPicker
from webkit.http import int_param

YEAR_SPANS = (5, 10, 15)


@login_required
def index(request):
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
    period = periods.Period(year, 1 if half else None)
    sub_units = request.GET.get("by") if request.GET.get("by") in selectors.SUB_UNIT_MODES else "then"
    figures, counts = selectors.registry_figures(unit, year)
    stats = selectors.stats_summary(unit, period)
    charts = {
        "field": selectors.by_field(counts),
        "units": selectors.by_sub_unit(unit, year, sub_units),
        "years": selectors.by_year(unit, year, span),
        "funnel": selectors.funnel(counts),
    }
    context = {
        "units": units,
        "unit": unit,
        "unit_picker": UnitPicker(attrs={"class": "form-control-sm"}).render("unit", unit, {"id": "id_unit"}),
        "year": year,
        "half": half,
        "span": span,
        "sub_units": sub_units,
        "spans": YEAR_SPANS,
        "year_choices": list(range(this_year, this_year - 16, -1)),
        "period": period,
        "figures": figures,
        "stats": stats,
        "completeness_percent": selectors.completeness_percent(stats.completeness),
        "charts": charts,
        "registry_rates": selectors.registry_rates_panel(unit, year),
        "waiting": selectors.waiting_for(request.user),
        "task_groups": selectors.tasks(request.user),
        "chart_texts": {"registered": _("Registered"), "recognized": _("Recognized"), "initiatives": _("Initiatives")},
    }
    return render(request, "dashboard/index.html", context)


@login_required
def my_tasks(request):
    """Việc chờ tôi xử lý: what waits for the signed-in user, per role."""
    return render(request, "dashboard/tasks.html", {"groups": selectors.tasks(request.user)})
