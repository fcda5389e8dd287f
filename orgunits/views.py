from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import can, get_unit_for_user, has_cap_anywhere, scope_paths, scope_q
from accounts.roles import Cap
from orgunits import picker_scopes, selectors, services
from orgunits.forms import LineageForm, ReorganizationForm, TreeFilterForm, UnitForm
from orgunits.models import OrgUnit
from orgunits.widgets import describe_unit, unit_label
from webkit.forms import SERVICE_ERRORS, add_errors
from webkit.history import history_entries


@login_required
def unit_tree(request):
    """Browse the tree as of a date: the user's top units, or the children of ``parent``;
    with a search term, a flat list of matches within the user's scope."""
    form = TreeFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    on = data.get("on") or timezone.localdate()
    visible = OrgUnit.objects.visible_to(request.user)
    units = visible.select_related("level", "parent")
    if not data.get("include_ended"):
        units = units.valid_on(on)
    parent = None
    if data.get("q"):
        units = units.search(data["q"]).order_by("depth", "name")
    elif request.GET.get("parent"):
        parent = get_unit_for_user(request.user, request.GET["parent"])
        units = units.filter(parent=parent).order_by("name")
    else:
        units = units.filter(path__in=selectors.top_paths(scope_paths(request.user, Cap.VIEW))).order_by("name")
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    selectors.annotate_child_counts(page.object_list, on, data.get("include_ended"))
    # Nothing current matches: say how many ended units do, and offer to show them.
    ended_matches = 0
    if data.get("q") and not data.get("include_ended") and not page.paginator.count:
        ended_matches = visible.search(data["q"]).count()
    context = {
        "ended_matches": ended_matches,
        "form": form,
        "page": page,
        "parent": parent,
        "on": on,
        "ancestors": list(parent.ancestors()) if parent else [],
    }
    return render(request, "orgunits/tree.html", context)


@login_required
def unit_detail(request, pk):
    unit = get_unit_for_user(request.user, pk)
    return render(request, "orgunits/detail.html", _detail_context(request, unit, LineageForm()))


def _detail_context(request, unit, lineage_form) -> dict:
    on = timezone.localdate()
    context = {
        "unit": unit,
        "ancestors": [a for a in unit.ancestors() if can(request.user, Cap.VIEW, a)],
        "children": list(unit.children.select_related("level").order_by("valid_to", "name")[:200]),
        "lineage": selectors.lineage_of(unit),
        "successors_today": [u for u in selectors.current_successors(unit, on) if u.pk != unit.pk]
        if unit.valid_to
        else [],
        "history": history_entries(unit),
        "can_manage": can(request.user, Cap.MANAGE_UNITS, unit),
        "lineage_form": lineage_form,
    }
    return context


def _unit_initial(unit: OrgUnit) -> dict:
    return {f: getattr(unit, f) for f in ("name", "unit_type", "level", "code", "valid_from", "valid_to", "note")}


@login_required
def unit_edit(request, pk):
    unit = get_unit_for_user(request.user, pk, cap=Cap.MANAGE_UNITS)
    form = UnitForm(request.POST or None, initial=_unit_initial(unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(unit=unit, by=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("orgunits:detail", pk=unit.pk)
    return render(request, "orgunits/form.html", {"form": form, "unit": unit, "parent": unit.parent})


@login_required
def unit_create(request, parent_pk):
    parent = get_unit_for_user(request.user, parent_pk, cap=Cap.MANAGE_UNITS)
    form = UnitForm(request.POST or None, initial={"level": parent.level_id, "valid_from": parent.valid_from})
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(parent=parent, by=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Unit %(name)s was created.") % {"name": unit.name})
            return redirect("orgunits:detail", pk=unit.pk)
    return render(request, "orgunits/form.html", {"form": form, "unit": None, "parent": parent})


@login_required
def lineage_add(request, pk):
    source = get_unit_for_user(request.user, pk, cap=Cap.MANAGE_UNITS)
    if request.method != "POST":
        return redirect("orgunits:detail", pk=source.pk)
    form = LineageForm(request.POST)
    if form.is_valid():
        try:
            target = get_unit_for_user(request.user, form.cleaned_data["target"])
            services.lineage_add(
                source=source,
                by=request.user,
                target=target,
                kind=form.cleaned_data["kind"],
                date=form.cleaned_data["date"],
                note=form.cleaned_data["note"],
            )
        except Http404:
            form.add_error("target", _("The target unit does not exist or is outside your scope."))
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The lineage event was recorded."))
            return redirect("orgunits:detail", pk=source.pk)
    # The page again with what was typed and the errors beside their fields.
    messages.error(request, _("Please check the lineage form: %(errors)s") % {"errors": _lineage_errors(form)})
    return render(request, "orgunits/detail.html", _detail_context(request, source, form), status=200)


def _lineage_errors(form) -> str:
    return "; ".join(
        (f"{form.fields[f].label}: " if f in form.fields else "") + " ".join(e) for f, e in form.errors.items()
    )


SEARCH_LIMIT = 20
_SEARCH_CAPS = {
    "view": Cap.VIEW,
    "enter": Cap.ENTER,
    "review": Cap.REVIEW,
    "issue": Cap.ISSUE,
    "manage": Cap.MANAGE_UNITS,
    "manage_users": Cap.MANAGE_USERS,
}


@login_required
def unit_search(request):
    """JSON suggestions for the unit picker: units whose folded name contains the typed text,
    within what the user may see (or where they hold ``cap``), current ones first, at most
    ``SEARCH_LIMIT``. ``more`` says that more matched; ``ended_matches`` counts ended units that
    ``current_only`` left out, so the page can offer them."""
    text = request.GET.get("q", "").strip()[:100]
    # A named set (``scope``) registered by the form's app wins over the capability.
    units = picker_scopes.units_for(request.GET.get("scope", ""), request.user)
    if units is None:
        cap = _SEARCH_CAPS.get(request.GET.get("cap", "view"), Cap.VIEW)
        units = OrgUnit.objects.filter(scope_q(request.user, cap, field="path"))
    units = units.search(text)
    types = [t for t in request.GET.get("types", "").split(",") if t]
    if types:
        units = units.filter(unit_type__in=types)
    ended_matches = 0
    if request.GET.get("current_only"):
        current = units.valid_on(timezone.localdate())
        if not current.exists():
            ended_matches = units.count()
        units = current
    found = list(
        units.select_related("parent").order_by(F("valid_to").desc(nulls_first=True), "depth", "name")[
            : SEARCH_LIMIT + 1
        ]
    )
    results = [
        {
            "id": u.pk,
            "name": u.name,
            "detail": describe_unit(u),
            "label": unit_label(u),
            "ended": u.valid_to is not None,
        }
        for u in found[:SEARCH_LIMIT]
    ]
    return JsonResponse({"results": results, "more": len(found) > SEARCH_LIMIT, "ended_matches": ended_matches})


# The service's error keys, as the form's fields.
_REORGANIZATION_FIELDS = {"sources": "source", "targets": "target", "valid_from": "date", "valid_to": "date"}


@login_required
def reorganization(request):
    """Record an earlier reorganization (administrators): the form, a preview of what will change,
    then the confirmation. Nothing is written until the preview is confirmed."""
    if not has_cap_anywhere(request.user, Cap.MANAGE_UNITS):
        raise PermissionDenied
    form = ReorganizationForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        confirm = request.POST.get("action") == "record"
        try:
            result = services.reorganization_record(**_reorganization_args(request.user, form), preview=not confirm)
        except Http404:
            form.add_error(None, _("A chosen unit does not exist or is outside your scope."))
        except ValidationError as exc:
            add_errors(form, _renamed_errors(exc))
        except SERVICE_ERRORS as exc:
            add_errors(form, exc)
        else:
            if confirm:
                messages.success(
                    request,
                    _("The reorganization of %(date)s was recorded: %(count)s change(s).")
                    % {"date": result.date.strftime("%d/%m/%Y"), "count": len(result.lines())},
                )
                return redirect("orgunits:detail", pk=result.events[0].target_id)
            preview = result.lines()
    return render(request, "orgunits/reorganization.html", {"form": form, "preview": preview})


def _reorganization_args(user, form) -> dict:
    def unit(pk):
        return get_unit_for_user(user, pk, cap=Cap.MANAGE_UNITS)

    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "date": data["date"],
        "sources": [unit(pk) for pk in form.sources()],
        "targets": [unit(pk) for pk in form.targets()],
        "new_names": form.names(),
        "parent": unit(data["parent"]) if data.get("parent") else None,
        "note": data["note"],
        "by": user,
    }


def _renamed_errors(exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    renamed: dict[str, list] = {}
    for key, errors in exc.error_dict.items():
        renamed.setdefault(_REORGANIZATION_FIELDS.get(key, key), []).extend(errors)
    return ValidationError(renamed)
