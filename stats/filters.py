"""The filters the statistics pages share with their exports: which form, period and unit a request
asks for (within the user's scope), with today's defaults. Pages and exports both read them here,
so an export lists exactly what its page shows."""

from django.http import Http404
from django.utils import timezone

from accounts.access import get_unit_for_user, scope_paths
from accounts.roles import Cap
from lib import periods
from orgunits.models import OrgUnit
from stats import selectors
from stats.forms import FilterForm


def default_unit(user):
    paths = scope_paths(user, Cap.VIEW)
    if paths is None:
        return OrgUnit.objects.filter(depth=0).order_by("path").first()
    if not paths:
        raise Http404
    return OrgUnit.objects.filter(path=paths[0]).first()


def page_filters(request):
    """(form, cleaned data, data set, period, unit) for a page or export request; 404 when none fits."""
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    data_set = data.get("data_set") or selectors.current_form()[0]
    if data_set is None:
        raise Http404
    period = data.get("period")
    if period is None or not data_set.accepts_period(period):
        period = current_period(data_set)
    if not form.is_bound:
        form.initial.update({"data_set": data_set.pk, "period": period.code})
    unit = get_unit_for_user(request.user, data["unit"]) if data.get("unit") else default_unit(request.user)
    if unit is None:
        raise Http404
    return form, data, data_set, period, unit


def current_period(data_set) -> periods.Period:
    """The period being reported today (not the newest approved one: the pages follow today)."""
    today = timezone.localdate()
    return data_set.current_period(today) or periods.Period(today.year)
