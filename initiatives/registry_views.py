"""Pages of the registry as offices count it: evaluations of an initiative, and the summary
registrations (Số liệu tổng hợp lịch sử) an office knows only as counts. Thin views over
``initiatives.evaluations`` and ``initiatives.summaries``."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import can, has_cap_anywhere, scope_paths, scope_q
from accounts.roles import Cap
from initiatives import access, evaluations, summaries
from initiatives.forms import BootstrapMixin, UnitChoiceField
from initiatives.models import Field, Kind, Rating, RecognitionLevel, Subject, SummaryRegistration
from orgunits.forms import DateInput
from orgunits.models import OrgUnit
from webkit.fields import VNIntegerField, VNYearField
from webkit.forms import SERVICE_ERRORS, add_errors

PAGE_SIZE = 25


class EvaluationForm(BootstrapMixin, forms.Form):
    rating = forms.ChoiceField(label=gettext_lazy("evaluation"), choices=Rating.choices)
    evaluated_on = forms.DateField(
        label=gettext_lazy("evaluated on"), required=False, widget=DateInput, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    note = forms.CharField(label=gettext_lazy("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


def _units_for(user):
    paths = scope_paths(user, Cap.ENTER)
    qs = OrgUnit.objects.select_related("level").order_by("path")
    return qs if paths is None else qs.within(paths)


class SummaryForm(BootstrapMixin, forms.Form):
    unit = UnitChoiceField(label=gettext_lazy("unit"), queryset=OrgUnit.objects.none())
    year_from = VNYearField(label=gettext_lazy("from year"), min_value=1945, max_value=2200)
    year_to = VNYearField(label=gettext_lazy("to year"), min_value=1945, max_value=2200, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("kind"), choices=Kind.choices)
    subject = forms.ChoiceField(label=gettext_lazy("subject"), choices=Subject.choices)
    field = forms.ModelChoiceField(
        label=gettext_lazy("field"), queryset=Field.objects.filter(active=True), required=False
    )
    level = forms.ChoiceField(
        label=gettext_lazy("level"), choices=[("", "—"), *RecognitionLevel.choices], required=False
    )
    count = VNIntegerField(label=gettext_lazy("count"), min_value=1)
    source = forms.CharField(
        label=gettext_lazy("source document"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _units_for(user)
        self._style()


@login_required
def evaluation_page(request, pk):
    """The evaluations of one initiative (newest first) and, for a reviewer of its unit, the form."""
    initiative = access.get_initiative_for_user(request.user, pk)
    may_evaluate = can(request.user, Cap.REVIEW, initiative.unit)
    form = EvaluationForm(request.POST or None) if may_evaluate else None
    if request.method == "POST":
        if not may_evaluate:
            raise Http404
        if form.is_valid():
            try:
                evaluations.evaluate(initiative=initiative, by=request.user, **form.cleaned_data)
            except SERVICE_ERRORS as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The evaluation was recorded."))
                return redirect("initiatives:evaluations", pk=initiative.pk)
    rows = initiative.evaluations.select_related("by").order_by("-evaluated_on", "-pk")
    return render(
        request,
        "initiatives/evaluations.html",
        {"initiative": initiative, "form": form, "evaluations": rows},
    )


@login_required
def summary_list(request):
    """Số liệu tổng hợp lịch sử: summary registrations the user may see, and the entry form."""
    user = request.user
    may_enter = has_cap_anywhere(user, Cap.ENTER)
    form = SummaryForm(request.POST or None, user=user) if may_enter else None
    if request.method == "POST":
        if not may_enter:
            raise Http404
        if form.is_valid():
            try:
                summaries.record_summary(by=user, **form.cleaned_data)
            except SERVICE_ERRORS as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The summary figures were recorded."))
                return redirect("initiatives:summaries")
    rows = (
        SummaryRegistration.objects.filter(scope_q(user, Cap.VIEW))
        .select_related("unit", "field")
        .order_by("-year_to", "unit__path", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "initiatives/summaries.html", {"form": form, "page": page})


@login_required
@require_POST
def summary_delete(request, pk):
    summary = get_object_or_404(
        SummaryRegistration.objects.filter(scope_q(request.user, Cap.VIEW)).select_related("unit"), pk=pk
    )
    try:
        summaries.delete_summary(summary=summary, by=request.user)
    except SERVICE_ERRORS as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The summary figures were deleted."))
    return redirect("initiatives:summaries")
