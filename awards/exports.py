"""Excel / CSV exports of the award decisions page: the decisions it lists (same scope, filters and
order, without pagination) and their recipients. Personal data (date of birth, an individual's
unit) never leaves in an export."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.access import scope_paths
from accounts.roles import Cap
from awards import choices, selectors
from awards.choices import UNIT_CHOICE_LIMIT
from awards.forms import DecisionFilterForm
from awards.models import AwardDecision, AwardRecipient, RecipientKind
from webkit import exports as ex

CHUNK = 2000


def _label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def decision_columns() -> list[ex.Column]:
    m = AwardDecision
    return [
        ex.Column(_label(m, "number"), "number"),
        ex.Column(_label(m, "date"), "date", ex.DATE),
        ex.Column(_label(m, "year"), "year", ex.CODE),
        ex.Column(_label(m, "status"), lambda d: d.get_status_display()),
        ex.Column(_label(m, "issuer"), "issuer.name"),
        ex.Column(_label(m, "signer"), "signer"),
        ex.Column(_label(m, "reward_form"), "reward_form.name"),
        ex.Column(_label(m, "emulation_title"), "emulation_title.name"),
        ex.Column(_label(m, "area"), "area.name"),
        ex.Column(_("Collectives"), "n_collective", ex.INT),
        ex.Column(_("Individuals"), "n_individual", ex.INT),
    ]


def decisions_sheet(queryset) -> ex.Sheet:
    rows = (
        queryset.select_related("issuer", "reward_form", "emulation_title", "area")
        .annotate(
            # A join ignores the default manager: removed (soft-deleted) recipients are left out here.
            n_collective=Count(
                "recipients",
                filter=Q(recipients__kind=RecipientKind.COLLECTIVE, recipients__deleted_at__isnull=True),
            ),
            n_individual=Count(
                "recipients",
                filter=Q(recipients__kind=RecipientKind.INDIVIDUAL, recipients__deleted_at__isnull=True),
            ),
        )
        .iterator(chunk_size=CHUNK)
    )
    return ex.Sheet(_("Award decisions"), decision_columns(), rows)


def _recipient_unit(recipient):
    # An individual's unit is personal data (trimmed on the pages for non-reviewers): left out.
    return recipient.unit.name if recipient.unit_id and recipient.kind == RecipientKind.COLLECTIVE else ""


def recipient_columns() -> list[ex.Column]:
    m = AwardRecipient
    return [
        ex.Column(_("Decision number"), "decision.number"),
        ex.Column(_("Decision date"), "decision.date", ex.DATE),
        ex.Column(_("Year of achievement"), "decision.year", ex.CODE),
        ex.Column(_("Form of reward"), "decision.reward_form.name"),
        ex.Column(_("Emulation title"), "decision.emulation_title.name"),
        ex.Column(_label(m, "kind"), lambda r: r.get_kind_display()),
        ex.Column(_label(m, "unit"), _recipient_unit),
        ex.Column(_label(m, "name"), "name"),
        ex.Column(_label(m, "position"), "position"),
        ex.Column(_label(m, "initiative"), "initiative.name"),
        ex.Column(_label(m, "note"), "note"),
    ]


def recipients_sheet(queryset, title=None) -> ex.Sheet:
    rows = queryset.select_related("unit", "initiative", "decision__reward_form", "decision__emulation_title").iterator(
        chunk_size=CHUNK
    )
    return ex.Sheet(title or _("Award recipients"), recipient_columns(), rows)


def list_queryset(user, params):
    """The awards page's decisions for its query string (its own form and filters)."""
    visible_units = choices.units_below(scope_paths(user, Cap.VIEW), 2)[:UNIT_CHOICE_LIMIT]
    form = DecisionFilterForm(params or None, units=visible_units)
    data = form.cleaned_data if form.is_valid() else {}
    decisions = selectors.filter_decisions(AwardDecision.objects.visible_to(user), data)
    return decisions.order_by("-year", "-date", "-pk")


def visible_recipients(user, decisions):
    """The recipients of ``decisions`` the user may see (as on the decision page)."""
    return (
        AwardRecipient.objects.filter(decision__in=decisions.values("pk"))
        .filter(selectors._recipient_scope(user))
        .order_by("-decision__year", "-decision__date", "decision_id", "kind", "pk")
    )


@login_required
def decision_export(request):
    fmt = ex.requested_format(request)
    sheet = decisions_sheet(list_queryset(request.user, request.GET))
    return ex.export_response(fmt, "quyet-dinh-khen-thuong", [sheet])


@login_required
def recipient_export(request):
    fmt = ex.requested_format(request)
    decisions = list_queryset(request.user, request.GET)
    sheet = recipients_sheet(visible_recipients(request.user, decisions))
    return ex.export_response(fmt, "nguoi-nhan-khen-thuong", [sheet])
