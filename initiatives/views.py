from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import get_unit_for_user, has_cap_anywhere
from accounts.roles import Cap
from initiatives import access, selectors, services, submissions
from initiatives.forms import (
    BulkForm,
    EvidenceForm,
    FilterForm,
    InitiativeForm,
    PlaqueForm,
    ProposeForm,
    ReasonForm,
    ReplicateForm,
)
from initiatives.models import Initiative, RecognitionLevel, Status
from lib import keyset
from lib.errors import InvalidTransition
from lib.versioning import VersionConflict, keep_typing
from webkit import pending_uploads, uploads
from webkit.forms import SERVICE_ERRORS, add_errors, error_text
from webkit.history import history_entries
from webkit.http import safe_next

PAGE_SIZE = 25
# Refusals a button (no form to return to) shows as a message; "may not" (PermissionDenied)
# goes on to the 403 page, as for any other action the user may not take.
NOT_NOW_OR_BAD = (ValidationError, InvalidTransition)


@login_required
def initiative_list(request):
    form = FilterForm(request.GET or None)
    data = dict(form.cleaned_data) if form.is_valid() else {}
    unit = None
    if data.get("unit"):
        unit = get_unit_for_user(request.user, data["unit"])
        data["unit"] = unit
    qs = selectors.initiative_list(request.user, data=data)
    page = keyset.paginate(request, qs, PAGE_SIZE)
    levels = access.decision_levels(request.user)
    can_bulk = bool(levels) or has_cap_anywhere(request.user, Cap.SUBMIT)
    context = {
        "form": form,
        "page": page,
        "unit": unit,
        "can_create": has_cap_anywhere(request.user, Cap.ENTER),
        "can_bulk": can_bulk,
        "decision_levels": [(v, RecognitionLevel(v).label) for v in levels],
        "bulk_form": BulkForm() if can_bulk else None,
        "bulk_kept": request.session.pop(BULK_KEPT, {}),
        "open_decisions": list(selectors.open_decisions(request.user, levels)) if levels else [],
        "form_token": submissions.new_token(),
    }
    return render(request, "initiatives/list.html", context)


@login_required
def initiative_create(request):
    if not has_cap_anywhere(request.user, Cap.ENTER):
        raise Http404
    initial = {"year": timezone.localdate().year, "form_token": submissions.new_token()}
    form = InitiativeForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    pending_uploads.restore(request, form, KEPT_FILES)
    if request.method == "POST" and form.is_valid():
        token = submissions.token_of(request)
        try:
            with transaction.atomic():
                earlier = submissions.claim(request, token, "initiative")
                if earlier is None:
                    initiative = services.initiative_create(
                        by=request.user, register="register" in request.POST, **form.service_fields()
                    )
                    _attach_file(request, form, initiative)
                    submissions.record(request, token, initiative.pk)
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            pending_uploads.release(request, form, KEPT_FILES)
            if earlier is not None:
                # The same form posted again (double click, reload): show what the first post made.
                return redirect("initiatives:detail", pk=earlier)
            messages.success(request, _("The initiative was saved."))
            return redirect("initiatives:detail", pk=initiative.pk)
    pending_uploads.keep(request, form, KEPT_FILES)
    return render(request, "initiatives/form.html", {"form": form, "initiative": None})


# A valid file survives an error elsewhere in the form (webkit.pending_uploads).
KEPT_FILES = ["evidence_file"]


def _attach_file(request, form, initiative) -> None:
    upload = form.cleaned_data.get("evidence_file")
    if upload:
        services.evidence_add(
            initiative=initiative, by=request.user, file=upload, is_public=form.cleaned_data.get("evidence_public")
        )


@login_required
def initiative_edit(request, pk):
    initiative = access.get_initiative_for_user(request.user, pk)
    if not (access.can_enter(request.user, initiative) or access.can_correct(request.user, initiative)):
        raise Http404
    initial = {name: getattr(initiative, name) for name in InitiativeForm.Meta.fields}
    initial["field"], initial["unit"] = initiative.field_id, initiative.unit_id
    initial["version"] = initiative.version
    form = InitiativeForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial=initial,
        instance_pk=initiative.pk,
        locked=services.locked_fields(request.user, initiative),
        evidence=access.can_enter(request.user, initiative),
    )
    pending_uploads.restore(request, form, KEPT_FILES)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.initiative_update(
                    initiative=initiative,
                    by=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    **form.service_fields(),
                )
                _attach_file(request, form, initiative)
        except VersionConflict as exc:
            keep_typing(form, exc)
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            pending_uploads.release(request, form, KEPT_FILES)
            messages.success(request, _("Changes saved."))
            return redirect("initiatives:detail", pk=initiative.pk)
    pending_uploads.keep(request, form, KEPT_FILES)
    return render(request, "initiatives/form.html", {"form": form, "initiative": initiative})


@login_required
def initiative_detail(request, pk):
    return _render_detail(request, access.get_initiative_for_user(request.user, pk))


def _render_detail(request, initiative, *, evidence_form=None, plaque_form=None):
    """The detail page; a refused evidence or plaque form comes back bound, with what was typed."""
    user = request.user
    levels = access.review_levels(user, initiative.unit)
    context = {
        "initiative": initiative,
        "events": list(selectors.timeline(initiative)),
        "evidence": list(selectors.evidence_of(initiative)),
        "tree": selectors.replication_tree(initiative),
        "decision_items": list(selectors.decisions_of(initiative)),
        "plaques": list(initiative.plaques.all()),
        "history": history_entries(initiative),
        "can_edit": access.can_edit(user, initiative),
        "can_enter": access.can_enter(user, initiative),
        "can_submit": access.can_submit(user, initiative),
        "can_propose": access.can_propose(user, initiative),
        "can_decide": access.can_decide_now(user, initiative),
        "bulk_kept": request.session.pop(BULK_KEPT, {}),
        "can_replicate": has_cap_anywhere(user, Cap.ENTER),
        "proposable": [(v, RecognitionLevel(v).label) for v in access.proposable_levels(initiative)],
        "open_decisions": list(selectors.open_decisions(user, [initiative.proposed_level]))
        if initiative.proposed_level in levels
        else [],
        "form_token": submissions.new_token(),
        "evidence_form": evidence_form or EvidenceForm(),
        "plaque_form": plaque_form or PlaqueForm(),
        "Status": Status,
    }
    return render(request, "initiatives/detail.html", context)


ACTIONS = {
    "register": (services.initiative_register, False, gettext_lazy("The initiative is registered.")),
    "start": (services.initiative_start, False, gettext_lazy("The initiative is being implemented.")),
    "withdraw": (services.initiative_withdraw, True, gettext_lazy("The proposal was withdrawn.")),
    "refuse": (services.initiative_refuse, True, gettext_lazy("The initiative was marked as not recognized.")),
    "reopen": (services.initiative_reopen, True, gettext_lazy("The initiative was reopened.")),
    "stop": (services.initiative_stop, True, gettext_lazy("The initiative was stopped.")),
}


@login_required
@require_POST
def initiative_action(request, pk, action):
    initiative = access.get_initiative_for_user(request.user, pk)
    try:
        if action == "propose":
            form = ProposeForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Level: choose the level to propose at."))
            services.initiative_propose(initiative=initiative, level=form.cleaned_data["level"], by=request.user)
            message = _("The initiative was proposed for recognition.")
        elif action in ACTIONS:
            function, takes_reason, message = ACTIONS[action]
            kwargs = {"initiative": initiative, "by": request.user}
            if takes_reason:
                reason_form = ReasonForm(request.POST)
                reason_form.is_valid()
                kwargs["reason"] = reason_form.cleaned_data.get("reason", "")
            function(**kwargs)
        else:
            raise Http404
    except NOT_NOW_OR_BAD as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, str(message))
    return redirect("initiatives:detail", pk=initiative.pk)


@login_required
def initiative_replicate(request, pk):
    source = access.get_initiative_for_user(request.user, pk)
    if not has_cap_anywhere(request.user, Cap.ENTER):
        raise Http404
    form = ReplicateForm(
        request.POST or None,
        user=request.user,
        initial={"name": source.name, "year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_replicate(source=source, by=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The replication was registered as a draft."))
            return redirect("initiatives:detail", pk=initiative.pk)
    return render(request, "initiatives/replicate.html", {"form": form, "source": source})


@login_required
@require_POST
def evidence_add(request, pk):
    initiative = access.get_initiative_for_user(request.user, pk, write=True)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(initiative=initiative, by=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The file was added."))
            return redirect("initiatives:detail", pk=initiative.pk)
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return _render_detail(request, initiative, evidence_form=form)


@login_required
def evidence_file(request, pk):
    evidence = access.get_evidence_for_user(request.user, pk)
    return uploads.serve(evidence.file, filename=evidence.original_name)


@login_required
@require_POST
def evidence_delete(request, pk):
    evidence = access.get_evidence_for_user(request.user, pk)
    initiative_pk = evidence.initiative_id
    services.evidence_delete(evidence=evidence, by=request.user)
    messages.success(request, _("The file was deleted."))
    return redirect("initiatives:detail", pk=initiative_pk)


@login_required
@require_POST
def initiative_delete(request, pk):
    """Soft delete (lib.softdelete): the row stays for an administrator to restore."""
    initiative = access.get_initiative_for_user(request.user, pk, write=True)
    try:
        services.initiative_delete(initiative=initiative, by=request.user)
    except NOT_NOW_OR_BAD as exc:
        messages.error(request, error_text(exc))
        return redirect("initiatives:detail", pk=initiative.pk)
    messages.success(request, _("The initiative was deleted. An administrator can restore it."))
    return redirect("initiatives:list")


@login_required
@require_POST
def plaque_add(request, pk):
    initiative = access.get_initiative_for_user(request.user, pk)
    form = PlaqueForm(request.POST)
    if form.is_valid():
        try:
            services.plaque_add(initiative=initiative, by=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The plaque-mounted work was recorded."))
            return redirect("initiatives:detail", pk=initiative.pk)
    messages.error(
        request,
        " ".join(f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}" for f, e in form.errors.items()),
    )
    return _render_detail(request, initiative, plaque_form=form)


@login_required
@require_POST
def bulk_action(request):
    """Propose the selected initiatives at a level, or recognize them under one decision."""
    form = BulkForm(request.POST, request.FILES, user=request.user)
    ids = [i for i in request.POST.getlist("ids") if i.isdigit()]
    target = safe_next(request, "initiatives:list")
    if not ids:
        messages.error(request, _("Select at least one initiative."))
        return redirect(target)
    initiatives = [access.get_initiative_for_user(request.user, pk) for pk in ids]
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        _keep_bulk_typing(request)
        return redirect(target)
    data = form.cleaned_data
    token = submissions.token_of(request) if not data.get("decision") and data["action"] == "recognize" else ""
    try:
        with transaction.atomic():
            earlier = submissions.claim(request, token, "recognition_decision")
            if earlier is not None:
                # The same bulk form posted again: the decision was recorded by the first post.
                return redirect("initiatives:decision_detail", pk=earlier)
            if data["action"] == "propose":
                services.initiatives_propose(initiatives=initiatives, level=data["level"], by=request.user)
                message = _("%(n)s initiatives were proposed for recognition.") % {"n": len(initiatives)}
            else:
                decision = _bulk_decision(request, data)
                submissions.record(request, token, decision.pk)
                outstanding = [int(i) for i in request.POST.getlist("outstanding") if i.isdigit()]
                services.decision_recognize(
                    decision=decision, initiatives=initiatives, by=request.user, outstanding=outstanding
                )
                message = _("%(n)s initiatives were recognized under %(decision)s.") % {
                    "n": len(initiatives),
                    "decision": decision,
                }
    except NOT_NOW_OR_BAD as exc:
        messages.error(request, error_text(exc))
        _keep_bulk_typing(request)
    else:
        messages.success(request, message)
    return redirect(target)


# What was typed into a refused decision form (bulk or detail page), shown again after the redirect.
BULK_KEPT = "initiatives_bulk_kept"
BULK_KEPT_FIELDS = ("number", "date", "issuer", "signer")


def _keep_bulk_typing(request) -> None:
    request.session[BULK_KEPT] = {name: request.POST.get(name, "")[:300] for name in BULK_KEPT_FIELDS}


def _bulk_decision(request, data):
    if data.get("decision"):
        decision = access.get_decision_for_user(request.user, data["decision"])
        if decision.level != data["level"]:
            raise ValidationError(_("Level: the chosen decision recognizes at another level."))
        return decision
    issuer = get_unit_for_user(request.user, data["issuer"], cap=Cap.REVIEW)
    return services.decision_create(
        by=request.user,
        number=data["number"],
        date=data["date"],
        issuer=issuer,
        level=data["level"],
        signer=data.get("signer") or "",
        scan=data.get("scan"),
    )


@login_required
def decision_list(request):
    qs = access.visible_decisions(request.user).select_related("issuer").order_by("-date", "-pk")
    page = keyset.paginate(request, qs, PAGE_SIZE)
    from django.db.models import Count

    counts = dict(
        Initiative.decisions.through.objects.filter(decision__in=list(page.object_list))
        .values("decision")
        .annotate(n=Count("id"))
        .values_list("decision", "n")
    )
    for decision in page.object_list:
        decision.count = counts.get(decision.pk, 0)
    return render(request, "initiatives/decision_list.html", {"page": page})


@login_required
def decision_detail(request, pk):
    decision = access.get_decision_for_user(request.user, pk)
    items = decision.items.select_related("initiative__unit", "initiative__field").filter(
        initiative__in=Initiative.objects.visible_to(request.user)
    )
    context = {"decision": decision, "items": list(items), "history": history_entries(decision)}
    return render(request, "initiatives/decision_detail.html", context)


@login_required
def decision_scan(request, pk):
    decision = access.get_decision_for_user(request.user, pk)
    if not decision.scan:
        raise Http404
    return uploads.serve(decision.scan, filename=decision.scan_name or "ban-quet")
