"""Awards known only as counts (Số liệu tổng hợp lịch sử – khen thưởng): decisions that declare how
many collectives and individuals they reward without naming them. A thin page over
``awards.summaries``."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.access import has_cap_anywhere, scope_paths
from accounts.roles import Cap
from awards import summaries
from awards.models import AchievementArea, AwardDecision, EmulationTitle, RewardForm
from orgunits.models import OrgUnit
from webkit.fields import VNIntegerField, VNYearField
from webkit.forms import SERVICE_ERRORS, add_errors

PAGE_SIZE = 25


class SummaryAwardForm(forms.Form):
    issuer = forms.ModelChoiceField(label=gettext_lazy("Issuing unit"), queryset=OrgUnit.objects.none())
    issuer_title = forms.CharField(label=gettext_lazy("issued by"), max_length=255)
    year = VNYearField(label=gettext_lazy("year of achievement"), min_value=1945, max_value=2200)
    reward_form = forms.ModelChoiceField(
        label=gettext_lazy("form of reward"), queryset=RewardForm.objects.active(), required=False
    )
    emulation_title = forms.ModelChoiceField(
        label=gettext_lazy("emulation title"), queryset=EmulationTitle.objects.active(), required=False
    )
    area = forms.ModelChoiceField(
        label=gettext_lazy("area of achievement"), queryset=AchievementArea.objects.active(), required=False
    )
    declared_collectives = VNIntegerField(
        label=gettext_lazy("number of collectives (declared)"), min_value=0, required=False
    )
    declared_individuals = VNIntegerField(
        label=gettext_lazy("number of individuals (declared)"), min_value=0, required=False
    )
    number = forms.CharField(label=gettext_lazy("decision number"), max_length=50, required=False)
    source = forms.CharField(
        label=gettext_lazy("source document"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        paths = scope_paths(user, Cap.ENTER)
        units = OrgUnit.objects.order_by("path")
        self.fields["issuer"].queryset = units if paths is None else units.within(paths)
        self.fields["issuer"].label_from_instance = lambda unit: f"{'— ' * max(unit.depth - 1, 0)}{unit.name}"
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()


@login_required
def summary_awards(request):
    """Decisions with declared recipient counts the user may see, and the entry form."""
    user = request.user
    may_enter = has_cap_anywhere(user, Cap.ENTER)
    form = SummaryAwardForm(request.POST or None, user=user) if may_enter else None
    if request.method == "POST":
        if not may_enter:
            raise Http404
        if form.is_valid():
            try:
                summaries.record_summary_award(by=user, **form.cleaned_data)
            except SERVICE_ERRORS as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The summary figures were recorded."))
                return redirect("awards:summaries")
    rows = (
        AwardDecision.objects.visible_to(user)
        .exclude(declared_collectives__isnull=True, declared_individuals__isnull=True)
        .select_related("issuer", "reward_form", "emulation_title", "area")
        .order_by("-year", "-pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/summaries.html", {"form": form, "page": page})
