from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import can, get_unit_for_user, scope_paths, scope_q
from accounts.roles import Cap
from lib import keyset, periods
from orgunits.models import OrgUnit, UnitType
from stats import access, selectors, services
from stats.filters import page_filters
from stats.forms import ChooseForm, FilterForm, ReasonForm
from stats.models import CategoryOption, DataElement, DataSet, Status, Submission
from webkit.forms import SERVICE_ERRORS
from webkit.history import history_entries
from webkit.http import safe_next

REPORTING_TYPES = [UnitType.COUNTRY, UnitType.PROVINCE, UnitType.DISTRICT, UnitType.COMMUNE]


def _messages(exc) -> list[str]:
    """The words of a service's refusal (any of SERVICE_ERRORS) as a list of messages."""
    if isinstance(exc, ValidationError):
        return exc.messages
    return [str(exc) or _("You do not have permission to do this.")]


def _period_or_404(code) -> periods.Period:
    try:
        return periods.parse(code)
    except ValueError:
        raise Http404 from None


ENTRY_UNIT_CHOICES = 500


def _entry_units(user):
    """Every unit the user may enter a form for. Not sliced: the chooser validates the posted unit
    against this queryset, and a sliced queryset cannot be filtered (every choice was refused)."""
    types = {t for ds in DataSet.objects.filter(active=True) for t in ds.unit_types}
    return OrgUnit.objects.filter(scope_q(user, Cap.ENTER, field="path"), unit_type__in=types).order_by("path")


# --------------------------------------------------------------------------------------------
# data entry
# --------------------------------------------------------------------------------------------
@login_required
def entry_list(request):
    """Choose a form, period and unit to fill in; the user's recent forms below."""
    units = _entry_units(request.user)
    form = ChooseForm(request.GET or None, units=units, shown=ENTRY_UNIT_CHOICES, initial=_entry_initial(request.user))
    if request.GET and form.is_valid():
        d = form.cleaned_data
        return redirect("stats:entry", data_set=d["data_set"].pk, period=d["period"].code, unit=d["unit"].pk)
    recent = (
        Submission.objects.filter(scope_q(request.user, Cap.ENTER))
        .select_related("data_set", "unit")
        .order_by("-period", "unit__path", "data_set__name")
    )
    page = keyset.paginate(request, recent.order_by("-period", "unit__path", "data_set__name", "pk"), 25)
    _flag_overdue(page, timezone.localdate())
    return render(request, "stats/entry_list.html", {"form": form, "page": page})


def _entry_initial(user) -> dict:
    """The chooser starts on today's open form and period, and on the user's own unit as it is
    today (not a ward merged into it in 2025, which cannot report this year)."""
    data_set, period = selectors.current_form()
    initial = {"data_set": data_set.pk if data_set else None, "period": period.code if period else None}
    today = timezone.localdate()
    own = _entry_units(user).filter(pk__in=user.assignments.values("unit_id")).valid_on(today).first()
    initial["unit"] = own.pk if own else None
    return initial


def _flag_overdue(page, today) -> None:
    """Mark the forms still with the unit (draft or returned) whose deadline has passed."""
    for submission in page:
        waiting = submission.status in (Status.DRAFT, Status.RETURNED)
        submission.overdue = waiting and submission.data_set.due_date(submission.period_obj) < today


def _entry_context(request, data_set, period, unit, submission):
    editable = access.can_enter(request.user, unit) and (submission is None or not services.is_locked(submission))
    problem = None
    if submission is None:
        try:
            services.check_can_report(data_set=data_set, period=period, unit=unit)
        except ValidationError as exc:
            problem, editable = " ".join(exc.messages), False
    return {
        "data_set": data_set,
        "period": period,
        "unit": unit,
        "submission": submission,
        "sections": selectors.form_layout(data_set, submission, unit=unit, period=period),
        "editable": editable,
        "problem": problem,
        "can_submit": editable and access.can_submit(request.user, unit),
        "events": list(submission.events.select_related("by")) if submission else [],
        "due": data_set.due_date(period),
    }


@login_required
def entry(request, data_set, period, unit):
    """One screen for a whole form: every field saves itself as it is typed (htmx)."""
    data_set = access.get_data_set_for_user(request.user, data_set)
    period = _period_or_404(period)
    unit = get_unit_for_user(request.user, unit)
    submission = Submission.objects.filter(data_set=data_set, period=period.code, unit=unit).first()
    return render(request, "stats/entry.html", _entry_context(request, data_set, period, unit, submission))


@login_required
@require_POST
def entry_value(request, data_set, period, unit):
    """Save one field; answers with the field's feedback (saved / the error naming the field)."""
    data_set = access.get_data_set_for_user(request.user, data_set)
    period = _period_or_404(period)
    unit = get_unit_for_user(request.user, unit, cap=Cap.ENTER)
    element = get_object_or_404(DataElement, pk=request.POST.get("element") or 0)
    option = None
    if request.POST.get("option"):
        option = get_object_or_404(CategoryOption, pk=request.POST["option"])
    errors, total, warnings = [], None, []
    try:
        submission = services.submission_open(data_set=data_set, period=period, unit=unit, by=request.user)
        saved = services.value_set(
            submission=submission,
            element=element,
            option=option,
            value=request.POST.get("value", ""),
            comment=request.POST.get("comment", ""),
            by=request.user,
        )
    except SERVICE_ERRORS as exc:
        errors = _messages(exc)
    else:
        warnings = getattr(saved, "warnings", [])
        if element.combo_id:
            total = services.submission_totals(submission).get(element.code)
    context = {
        "element": element,
        "option": option,
        "errors": errors,
        "total": total,
        "saved": not errors,
        "warnings": warnings,
    }
    return render(request, "stats/_feedback.html", context, status=200)


@login_required
@require_POST
def entry_submit(request, data_set, period, unit):
    data_set = access.get_data_set_for_user(request.user, data_set)
    period = _period_or_404(period)
    unit = get_unit_for_user(request.user, unit, cap=Cap.SUBMIT)
    try:
        submission = services.submission_open(data_set=data_set, period=period, unit=unit, by=request.user)
        services.submission_submit(submission=submission, by=request.user)
    except SERVICE_ERRORS as exc:
        for message in _messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("The form was submitted for approval."))
    return redirect("stats:entry", data_set=data_set.pk, period=period.code, unit=unit.pk)


# --------------------------------------------------------------------------------------------
# one submission and the decisions on it
# --------------------------------------------------------------------------------------------
@login_required
def submission_detail(request, pk):
    submission = access.get_submission_for_user(request.user, pk)
    reviewer = access.can_review(request.user, submission.unit)
    context = {
        "submission": submission,
        "sections": selectors.form_layout(submission.data_set, submission),
        "events": list(submission.events.select_related("by")),
        "history": history_entries(submission),
        "can_decide": reviewer and submission.status == Status.SUBMITTED,
        "can_reopen": reviewer and submission.status == Status.APPROVED,
        "reason_form": ReasonForm(),
        "rates": selectors.aggregate_table(
            submission.data_set, submission.unit, submission.period, include_unapproved=True
        )["rates"],
    }
    return render(request, "stats/submission.html", context)


def _decide(request, pk, action):
    submission = access.get_submission_for_user(request.user, pk, review=True)
    try:
        if action == "approve":
            services.submission_approve(submission=submission, by=request.user)
            messages.success(request, _("The form was approved."))
        else:
            form = ReasonForm(request.POST)
            reason = form.data.get("reason", "")
            fn = services.submission_return if action == "return" else services.submission_reopen
            fn(submission=submission, reason=reason, by=request.user)
            messages.success(request, _("The form was sent back to the unit."))
    except SERVICE_ERRORS as exc:
        for message in _messages(exc):
            messages.error(request, message)
    return redirect(safe_next(request, reverse("stats:submission", args=[submission.pk])))


@login_required
@require_POST
def submission_approve(request, pk):
    return _decide(request, pk, "approve")


@login_required
@require_POST
def submission_return(request, pk):
    return _decide(request, pk, "return")


@login_required
@require_POST
def submission_reopen(request, pk):
    return _decide(request, pk, "reopen")


# --------------------------------------------------------------------------------------------
# approvals
# --------------------------------------------------------------------------------------------
def _awaiting(user):
    return selectors.awaiting_approval(user)


@login_required
def approvals(request):
    if not request.user.is_superuser and not scope_paths(request.user, Cap.REVIEW):
        raise Http404
    form = FilterForm(request.GET or None)
    qs = _awaiting(request.user).select_related("submitted_by").order_by("period", "unit__path")
    if form.is_valid():
        if form.cleaned_data.get("data_set"):
            qs = qs.filter(data_set=form.cleaned_data["data_set"])
        if form.cleaned_data.get("period"):
            qs = qs.filter(period=form.cleaned_data["period"].code)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "stats/approvals.html", {"form": form, "page": page, "reason_form": ReasonForm()})


@login_required
@require_POST
def approvals_bulk(request):
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    chosen = list(_awaiting(request.user).filter(pk__in=ids))
    approved, errors = services.submission_bulk_approve(submissions=chosen, by=request.user)
    if approved:
        messages.success(request, _("%(n)s forms approved.") % {"n": len(approved)})
    by_pk = {s.pk: s for s in chosen}
    for pk, error in errors.items():
        # Name the form by unit, data set and period: the id means nothing to a reviewer.
        sub = by_pk.get(pk)
        where = str(sub) if sub else str(pk)
        messages.error(request, f"{where}: {error}")
    return redirect(safe_next(request, "stats:approvals"))


# --------------------------------------------------------------------------------------------
# completeness and aggregates
# --------------------------------------------------------------------------------------------
def _children(user, unit, period):
    children = (
        OrgUnit.objects.filter(parent=unit, unit_type__in=REPORTING_TYPES)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .order_by("name")
    )
    return [c for c in children[:200] if can(user, Cap.VIEW, c)]


def _base_query(request, data_set, period) -> str:
    """The current filters without the unit, to build drill-down links (``…&unit=<pk>``)."""
    params = {"data_set": data_set.pk, "period": period.code}
    for flag in ("include_unapproved", "through_lineage"):
        if request.GET.get(flag):
            params[flag] = "on"
    return "?" + urlencode(params)


COMPLETENESS_PAGE_SIZE = 50


@login_required
def completeness(request):
    # A summary by the next level down (counted in SQL) with drill-down links, and the units paged:
    # a bounded number of queries whether the unit is a ward or the whole country.
    form, data, data_set, period, unit = page_filters(request)
    result = selectors.completeness_summary(data_set, period, unit)
    state = request.GET.get("state") if request.GET.get("state") in ("on_time", "late", "missing") else None
    page = Paginator(selectors.completeness_rows(data_set, period, unit, state), COMPLETENESS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for row in page:  # the status badge reads a submission: made from the joined columns, no query
        row.submission = Submission(pk=row.sub_id, status=row.sub_status) if row.sub_id else None
    missing = [row for row in page if row.state == "missing"]
    context = {
        "form": form,
        "data_set": data_set,
        "period": period,
        "unit": unit,
        "result": result,
        "page": page,
        "state": state,
        "reminders": selectors.reminders_for(missing) if missing else [],
        "parent_link": unit.parent if unit.parent and can(request.user, Cap.VIEW, unit.parent) else None,
        "base_query": _base_query(request, data_set, period),
    }
    return render(request, "stats/completeness.html", context)


@login_required
def aggregates(request):
    form, data, data_set, period, unit = page_filters(request)
    table = selectors.aggregate_table(
        data_set,
        unit,
        period,
        include_unapproved=bool(data.get("include_unapproved")),
        through_lineage=bool(data.get("through_lineage")),
    )
    context = {
        "form": form,
        "data_set": data_set,
        "period": period,
        "unit": unit,
        "table": table,
        "children": _children(request.user, unit, period),
        "parent_link": unit.parent if unit.parent and can(request.user, Cap.VIEW, unit.parent) else None,
        "base_query": _base_query(request, data_set, period),
    }
    return render(request, "stats/aggregates.html", context)


@login_required
def catalogue(request):
    """The catalogue of elements, forms, rates and rules; admins change it in the admin site."""
    from django.db.models import Prefetch

    from stats.models import CategoryCombo, Indicator, Section, SectionElement, ValidationRule

    items = SectionElement.objects.select_related("element__combo").order_by("sort_order", "id")
    sections = Section.objects.order_by("sort_order", "id").prefetch_related(Prefetch("items", queryset=items))
    data_sets = DataSet.objects.prefetch_related(Prefetch("sections", queryset=sections))
    context = {
        "data_sets": data_sets,
        "combos": CategoryCombo.objects.prefetch_related("options", "combo_categories__category"),
        "indicators": Indicator.objects.select_related("numerator", "denominator"),
        "rules": ValidationRule.objects.select_related("data_set"),
        "can_admin": request.user.is_staff,
    }
    return render(request, "stats/catalogue.html", context)


# --------------------------------------------------------------------------------------------
# follow-up: doubted figures and their discussion
# --------------------------------------------------------------------------------------------
@login_required
def follow_ups(request):
    """Số liệu cần theo dõi: figures marked for follow-up in the user's scope, newest first."""
    page = Paginator(selectors.follow_ups(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "stats/follow_ups.html", {"page": page})


def _thread_line(request, submission, element_pk):
    element = get_object_or_404(DataElement.objects.distinct(), pk=element_pk, section__data_set=submission.data_set_id)
    option = None
    option_pk = request.POST.get("option") or request.GET.get("option")
    if option_pk:
        option = get_object_or_404(CategoryOption, pk=option_pk if str(option_pk).isdigit() else 0)
    return element, option


@login_required
def value_thread(request, pk, element):
    """One figure of a form: its value, whether it is under follow-up, and its discussion; the
    unit's data enterers and its reviewers above mark it and comment (in any state of the form)."""
    submission = access.get_submission_for_user(request.user, pk)
    element, option = _thread_line(request, submission, element)
    text = ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        flag = request.POST.get("flag")
        try:
            if flag in ("0", "1"):
                services.value_follow_up(
                    submission=submission,
                    element=element,
                    option=option,
                    flag=flag == "1",
                    comment=text,
                    by=request.user,
                )
                messages.success(request, _("Marked for follow-up.") if flag == "1" else _("Follow-up cleared."))
            else:
                services.value_comment_add(
                    submission=submission, element=element, option=option, text=text, by=request.user
                )
                messages.success(request, _("Your comment was added."))
        except SERVICE_ERRORS as exc:
            for message in _messages(exc):
                messages.error(request, message)
        else:
            url = reverse("stats:value_thread", args=[submission.pk, element.pk])
            return redirect(f"{url}?{urlencode({'option': option.pk})}" if option else url)
    row = submission.values.filter(element=element, option=option).first()
    context = {
        "submission": submission,
        "element": element,
        "option": option,
        "row": row,
        "comments": selectors.value_thread(submission, element, option),
        "may_discuss": access.can_discuss(request.user, submission.unit),
        "text": text,
    }
    return render(request, "stats/value_thread.html", context)
