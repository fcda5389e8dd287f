from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import has_cap_anywhere
from accounts.roles import Cap
from awards import choices, selectors, services
from awards.access import get_decision_for_user, get_recipient_for_user
from awards.forms import (
    ISSUER_TITLES,
    DecisionFilterForm,
    DecisionForm,
    PasteForm,
    parse_pasted,
    recipient_formset,
)
from awards.models import AwardDecision, AwardRecipient, DecisionStatus
from initiatives import submissions
from lib import keyset
from lib.errors import InvalidTransition
from lib.versioning import VersionConflict, keep_typing
from orgunits.models import OrgUnit
from webkit import uploads
from webkit.forms import SERVICE_ERRORS, add_errors
from webkit.history import history_entries

# ---------------------------------------------------------------- unit choices


def _initiative_model():
    return AwardRecipient._meta.get_field("initiative").related_model


def _initiatives_by_id(ids):
    return _initiative_model().objects.in_bulk(ids) if ids else {}


def _allowed_statuses(user):
    if has_cap_anywhere(user, Cap.REVIEW):
        return None
    return [DecisionStatus.DRAFT, DecisionStatus.PROPOSED]


# ---------------------------------------------------------------- pages


@login_required
def decision_list(request):
    user = request.user
    form = DecisionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    decisions = selectors.filter_decisions(AwardDecision.objects.visible_to(user), data)
    decisions = decisions.select_related("issuer", "reward_form", "emulation_title", "area").order_by(
        "-year", "-date", "-pk"
    )
    page = keyset.paginate(request, decisions, 25)
    totals = selectors.recipient_totals([d.pk for d in page.object_list])
    for decision in page.object_list:
        decision.totals = totals.get(decision.pk, {})
    context = {"form": form, "page": page, "may_create": choices.may_create(user)}
    return render(request, "awards/list.html", context)


@login_required
def decision_detail(request, pk):
    decision = get_decision_for_user(request.user, pk)
    recipients = selectors.recipients_for(request.user, decision)
    recipient_changes = selectors.recipient_changes_for(request.user, decision)
    context = {
        "decision": decision,
        "collectives": [r for r in recipients if r.kind == "collective"],
        "individuals": [r for r in recipients if r.kind == "individual"],
        "may_edit": services.may_edit(request.user, decision),
        "history": history_entries(decision),
        "recipient_changes": recipient_changes,
    }
    return render(request, "awards/detail.html", context)


def _decision_form(request, instance=None):
    user = request.user
    return DecisionForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        user=user,
        statuses=_allowed_statuses(user),
    )


def _decision_fields(form, user) -> dict:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    data.pop("form_token", None)
    units = OrgUnit.objects.in_bulk([pk for pk in (data["issuer"], data.get("proposed_by")) if pk])
    data["issuer"] = units.get(data["issuer"])
    data["proposed_by"] = units.get(data["proposed_by"]) if data.get("proposed_by") else None
    if data.get("scan") is None or ("scan" not in form.changed_data):
        data.pop("scan", None)
    elif data["scan"] is False:
        data["scan"] = ""
    return data


def _render_form(request, form, decision):
    return render(request, "awards/form.html", {"form": form, "decision": decision, "issuer_titles": ISSUER_TITLES})


@login_required
def decision_create(request):
    if not choices.may_create(request.user):
        raise Http404
    form = _decision_form(request)
    form.initial.setdefault("year", timezone.localdate().year)
    form.initial["form_token"] = submissions.new_token()
    if request.method == "POST" and form.is_valid():
        token = submissions.token_of(request)
        try:
            with transaction.atomic():
                earlier = submissions.claim(request, token, "award_decision")
                if earlier is None:
                    decision = services.decision_create(by=request.user, **_decision_fields(form, request.user))
                    submissions.record(request, token, decision.pk)
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            if earlier is not None:
                # The same form posted again (double click, reload): go to what the first post made.
                return redirect("awards:detail", pk=earlier)
            messages.success(request, _("The award decision was saved. Now add its recipients."))
            return redirect("awards:recipients_add", pk=decision.pk)
    return _render_form(request, form, None)


@login_required
def decision_edit(request, pk):
    decision = get_decision_for_user(request.user, pk, write=True)
    form = _decision_form(request, instance=decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(
                decision=decision,
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
                **_decision_fields(form, request.user),
            )
        except VersionConflict as exc:
            keep_typing(form, exc)
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("awards:detail", pk=decision.pk)
    return _render_form(request, form, decision)


@login_required
def recipients_add(request, pk):
    decision = get_decision_for_user(request.user, pk, write=True)
    form_choices = {
        "units": choices.recipient_unit_set(request.user, decision),
        "decision": decision,
        "initiative_choices": choices.initiative_choices(request.user, decision),
    }
    paste_form = PasteForm(request.POST if "paste" in request.POST else None, prefix="p")
    if paste_form.is_bound:
        # A pasted list fills the lines for checking; nothing is saved until the lines are submitted.
        unit_choices = choices.recipient_unit_choices(request.user, decision)
        initial = parse_pasted(paste_form.data.get("p-text", ""), paste_form.data.get("p-kind", ""), unit_choices)
        formset = recipient_formset(0 if initial else 8)(initial=initial, prefix="r", **form_choices)
        return _render_recipients(request, decision, formset, paste_form)
    lines = request.GET.get("rows", "8")
    formset_class = recipient_formset(int(lines) if lines.isdigit() else 8)
    formset = formset_class(request.POST or None, prefix="r", **form_choices)
    if request.method == "POST" and formset.is_valid():
        rows = formset.rows()
        if not rows:
            messages.error(request, _("Fill in at least one line."))
        else:
            units = OrgUnit.objects.in_bulk([r["unit"] for _i, r in rows if r.get("unit")])
            initiatives = _initiatives_by_id([r["initiative"] for _i, r in rows if r.get("initiative")])
            for _i, row in rows:
                row["unit"] = units.get(row.get("unit"))
                row["initiative"] = initiatives.get(row.get("initiative"))
            try:
                services.recipients_add(decision=decision, by=request.user, rows=[r for _i, r in rows])
            except ValidationError as exc:
                _attach_row_errors(formset, rows, exc)
            except SERVICE_ERRORS as exc:
                formset._non_form_errors = formset.error_class([str(exc)])
            else:
                messages.success(request, _("%(n)s recipients were added.") % {"n": len(rows)})
                return redirect("awards:detail", pk=decision.pk)
    # The pasted list travels with the lines (hidden copies), so it is still there after an error.
    kept = {
        "text": request.POST.get("p-text", ""),
        "kind": request.POST.get("p-kind") or PasteForm.base_fields["kind"].initial,
    }
    return _render_recipients(request, decision, formset, PasteForm(prefix="p", initial=kept))


def _render_recipients(request, decision, formset, paste_form):
    context = {"decision": decision, "formset": formset, "paste_form": paste_form}
    return render(request, "awards/recipients_form.html", context)


def _attach_row_errors(formset, rows, exc: ValidationError) -> None:
    by_row = getattr(exc, "errors_by_row", None)
    if not by_row:
        formset._non_form_errors = formset.error_class(exc.messages)
        return
    for row_index, error in by_row.items():
        add_errors(formset.forms[rows[row_index][0]], error)
    formset._non_form_errors = formset.error_class(exc.messages)


@login_required
@require_POST
def recipient_remove(request, pk, recipient_pk):
    recipient = get_recipient_for_user(request.user, pk, recipient_pk, write=True)
    try:
        services.recipient_remove(recipient=recipient, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except SERVICE_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s was removed from the decision.") % {"name": recipient.display_name})
    return redirect("awards:detail", pk=recipient.decision_id)


@login_required
@require_POST
def decision_delete(request, pk):
    """Soft delete (lib.softdelete): the decision and its recipients stay for an administrator to restore."""
    decision = get_decision_for_user(request.user, pk)
    try:
        services.decision_delete(decision=decision, by=request.user)
    except (ValidationError, InvalidTransition) as exc:
        # "May not" (PermissionDenied) goes on to the 403 page.
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
        return redirect("awards:detail", pk=decision.pk)
    messages.success(request, _("The decision was deleted. An administrator can restore it."))
    return redirect("awards:list")


@login_required
def decision_scan(request, pk):
    decision = get_decision_for_user(request.user, pk)
    if not decision.scan:
        raise Http404
    return uploads.serve(decision.scan, filename=decision.scan_name or decision.scan.name.rsplit("/", 1)[-1])
