"""Excel / CSV exports of the registry pages: exactly what the page lists (same scope, filters and
order), without pagination. The spreadsheet machinery is webkit.exports."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.access import get_unit_for_user
from initiatives import access, selectors
from initiatives.forms import FilterForm
from initiatives.models import Initiative, RecognitionDecision
from webkit import exports as ex

CHUNK = 2000


def _label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def initiative_columns() -> list[ex.Column]:
    """The registry's public columns (contact and internal notes stay out of every export)."""
    m = Initiative
    return [
        ex.Column(_("No."), "pk", ex.CODE),
        ex.Column(_label(m, "name"), "name"),
        ex.Column(_label(m, "kind"), lambda i: i.get_kind_display()),
        ex.Column(_label(m, "subject"), lambda i: i.get_subject_display()),
        ex.Column(_label(m, "field"), "field.name"),
        ex.Column(_label(m, "year"), "year", ex.CODE),
        ex.Column(_label(m, "unit"), "unit.name"),
        ex.Column(_label(m, "status"), lambda i: i.get_status_display()),
        ex.Column(_label(m, "recognized_level"), lambda i: i.get_recognized_level_display()),
        ex.Column(_label(m, "origin"), lambda i: i.get_origin_display()),
        ex.Column(_label(m, "start_date"), "start_date", ex.DATE),
        ex.Column(_label(m, "end_date"), "end_date", ex.DATE),
        ex.Column(_label(m, "funding_social"), "funding_social", ex.MONEY),
        ex.Column(_label(m, "funding_state"), "funding_state", ex.MONEY),
        ex.Column(_label(m, "workdays"), "workdays", ex.INT),
        ex.Column(_label(m, "land_m2"), "land_m2", ex.DECIMAL),
        ex.Column(_label(m, "beneficiaries"), "beneficiaries", ex.INT),
        ex.Column(_label(m, "works_built"), "works_built", ex.INT),
    ]


def initiatives_sheet(queryset, title=None) -> ex.Sheet:
    rows = queryset.select_related("unit", "field").iterator(chunk_size=CHUNK)
    return ex.Sheet(title or _("Initiatives"), initiative_columns(), rows)


def decision_columns() -> list[ex.Column]:
    m = RecognitionDecision
    return [
        ex.Column(_label(m, "number"), "number"),
        ex.Column(_label(m, "date"), "date", ex.DATE),
        ex.Column(_label(m, "issuer"), "issuer.name"),
        ex.Column(_label(m, "signer"), "signer"),
        ex.Column(_label(m, "level"), lambda d: d.get_level_display()),
        ex.Column(_("Initiatives recognized"), "n_items", ex.INT),
    ]


def decisions_sheet(queryset) -> ex.Sheet:
    rows = queryset.select_related("issuer").annotate(n_items=Count("items")).iterator(chunk_size=CHUNK)
    return ex.Sheet(_("Recognition decisions"), decision_columns(), rows)


def list_queryset(user, params):
    """The list page's queryset for its query string (the page's own form and selector)."""
    form = FilterForm(params or None)
    data = dict(form.cleaned_data) if form.is_valid() else {}
    if data.get("unit"):
        data["unit"] = get_unit_for_user(user, data["unit"])
    return selectors.initiative_list(user, data=data)


@login_required
def initiative_export(request):
    fmt = ex.requested_format(request)
    sheet = initiatives_sheet(list_queryset(request.user, request.GET))
    return ex.export_response(fmt, "mo-hinh-dien-hinh", [sheet])


def visible_decisions_ordered(user):
    return access.visible_decisions(user).order_by("-date", "-pk")


@login_required
def decision_export(request):
    fmt = ex.requested_format(request)
    sheet = decisions_sheet(visible_decisions_ordered(request.user))
    return ex.export_response(fmt, "quyet-dinh-cong-nhan", [sheet])
