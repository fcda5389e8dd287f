import os

from django import forms
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import scope_paths
from accounts.roles import Cap
from orgunits.models import OrgUnit, UnitType
from orgunits.widgets import UnitPicker
from reports.access import bodies_for
from reports.models import BodyKind, IssuingBody, ReportKind, Theme
from webkit.fields import VNIntegerField, VNYearField

AREA_TYPES = [UnitType.COUNTRY, UnitType.PROVINCE, UnitType.DISTRICT, UnitType.COMMUNE]


def draft_units(user):
    """Units the user may report on: their working subtrees' roots and the areas just below."""
    paths = set()
    for cap in (Cap.ENTER, Cap.REVIEW):
        found = scope_paths(user, cap)
        if found is None:
            ids = IssuingBody.objects.values_list("unit__parent_id", flat=True)
            return OrgUnit.objects.filter(Q(pk__in=ids) | Q(issuing_bodies__isnull=False)).distinct().order_by("path")
        paths |= set(found)
    if not paths:
        return OrgUnit.objects.none()
    base = OrgUnit.objects.within(paths).filter(unit_type__in=AREA_TYPES)
    top = base.aggregate(d=Min("depth"))["d"] or 0
    return base.filter(depth__lte=top + 1).order_by("path")[:300]


class ReportCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of report"), choices=ReportKind.choices)
    body = forms.ModelChoiceField(label=_("Issuing body"), queryset=IssuingBody.objects.none())
    unit = forms.ModelChoiceField(
        label=_("Unit reported on"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Empty: the area the issuing body belongs to."),
        widget=UnitPicker(types=AREA_TYPES),
    )
    year = VNYearField(label=_("Year (last year of a multi-year review)"), min_value=2000, max_value=2100)
    year_from = VNYearField(label=_("From year (multi-year review)"), min_value=2000, max_value=2100, required=False)
    theme = forms.ChoiceField(label=_("Theme (thematic report)"), choices=[("", "—"), *Theme.choices], required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies_for(user)
        units = draft_units(user)
        self.fields["unit"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in units]).order_by("path")
        self.fields["year"].initial = timezone.localdate().year


class EditVersionForm(forms.Form):
    """Every change of a report carries the edit version of the page it was made on, so an edit
    made on a stale page is refused instead of silently undoing someone else's."""

    edit_version = VNIntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": _("The page is out of date; reload it and try again.")},
    )


class SectionForm(EditVersionForm):
    # The length limit is the service's (reports.services.SECTION_TEXT_MAX), for page and API alike.
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea, strip=False)


class TitleForm(EditVersionForm):
    title = forms.CharField(label=_("Title"), max_length=300)


class IssueForm(EditVersionForm):
    issued_on = forms.DateField(label=_("Date of issue"), required=False)


class TemplateFileInput(forms.ClearableFileInput):
    """Shows the stored template by its file name only: Django's widget prints the storage path
    ("reports/templates/2026…-BDVQU.docx") and links to a URL that is never served."""

    template_name = "reports/widgets/template_file.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["filename"] = os.path.basename(str(value)) if value else ""
        return context


class IssuingBodyForm(forms.ModelForm):
    class Meta:
        model = IssuingBody
        fields = [
            "unit",
            "kind",
            "superior_name",
            "name",
            "abbreviation",
            "place",
            "term_start",
            "signer_on_behalf",
            "signer_title",
            "signer_name",
            "recipients",
            "template",
            "active",
        ]
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
            "template": TemplateFileInput(attrs={"accept": ".docx"}),
            "unit": UnitPicker(cap="issue"),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        paths = scope_paths(user, Cap.ISSUE)
        if paths is None:
            units = OrgUnit.objects.filter(Q(depth__lte=2) | Q(unit_type=UnitType.AGENCY))
        else:
            units = OrgUnit.objects.within(paths).exclude(unit_type=UnitType.RESIDENTIAL)
        self.fields["unit"].queryset = units.order_by("path")
        self.fields["kind"].choices = BodyKind.choices
        from orgunits.forms import DateInput

        self.fields["term_start"].widget = DateInput()
