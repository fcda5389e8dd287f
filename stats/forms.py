from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import periods
from orgunits.widgets import UnitPicker
from stats.models import DataSet
from webkit.fields import VNIntegerField

FIRST_YEAR = 2020


def period_choices(data_set: DataSet | None = None, *, finer: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Periods up to today, newest first; only those the data set is reported for if given. Without
    a data set, half-years and years, and the quarters or months named in ``finer`` (the types of
    the active quarterly and monthly forms, :func:`finer_types`)."""
    this_year = timezone.localdate().year
    today = timezone.localdate()
    if data_set is not None and data_set.period_type in (periods.QUARTER, periods.MONTH):
        finer, coarse = (data_set.period_type,), False
    else:
        coarse = True
    result = []
    for year in range(this_year, FIRST_YEAR - 1, -1):
        of_year = [periods.Period(year, 2), periods.Period(year, 1), periods.Period(year)] if coarse else []
        for kind in finer:  # a quarterly or monthly form: its own periods, newest first
            of_year += list(reversed(periods.periods_of_type(kind, year, year)))
        for p in of_year:
            if p.start > today:
                continue
            if data_set is not None and not data_set.accepts_period(p):
                continue
            result.append((p.code, p.words()))
    return result


def finer_types() -> tuple[str, ...]:
    """The period types finer than a half-year that an active form is reported for (one query)."""
    found = set(
        DataSet.objects.filter(active=True, period_type__in=[periods.QUARTER, periods.MONTH]).values_list(
            "period_type", flat=True
        )
    )
    return tuple(t for t in (periods.QUARTER, periods.MONTH) if t in found)


class PeriodField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return periods.parse(value)
        except ValueError:
            raise forms.ValidationError(_("Not a period: “%(value)s”."), params={"value": value})


class BoundedModelChoiceIterator(forms.models.ModelChoiceIterator):
    """Lists at most ``field.shown`` units (the page stays small) while the field still validates
    against the whole queryset."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        queryset = self.queryset
        if self.field.shown is not None:
            queryset = queryset[: self.field.shown]
        for obj in queryset:
            yield self.choice(obj)

    def __len__(self):
        count = self.queryset.count()
        if self.field.shown is not None:
            count = min(count, self.field.shown)
        return count + (1 if self.field.empty_label is not None else 0)


class BoundedModelChoiceField(forms.ModelChoiceField):
    iterator = BoundedModelChoiceIterator

    def __init__(self, *args, shown=None, **kwargs):
        self.shown = shown
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        """A unit that ended says so: the old and the new Phường Đông Ngạc share a name, and only
        today's one reports for this year."""
        if obj.valid_to:
            return _("%(name)s (until %(date)s)") % {"name": obj.name, "date": obj.valid_to.strftime("%d/%m/%Y")}
        return obj.name


class ChooseForm(forms.Form):
    """Which form, period and unit to open for entry."""

    data_set = forms.ModelChoiceField(DataSet.objects.filter(active=True), label=_("Form"))
    period = PeriodField(label=_("Period"), widget=forms.Select(choices=[]))
    unit = BoundedModelChoiceField(None, label=_("Unit"), widget=UnitPicker(cap="enter"))

    def __init__(self, *args, units=None, shown=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].shown = shown
        self.fields["period"].widget.choices = period_choices(finer=finer_types())
        for field in self.fields.values():
            if not isinstance(field.widget, UnitPicker):
                field.widget.attrs["class"] = "form-select"


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))


class FilterForm(forms.Form):
    """Data set, period and unit for the approvals, completeness and aggregates pages."""

    data_set = forms.ModelChoiceField(DataSet.objects.filter(active=True), label=_("Form"), required=False)
    period = PeriodField(label=_("Period"), required=False, widget=forms.Select(choices=[]))
    unit = VNIntegerField(required=False, widget=forms.HiddenInput)
    include_unapproved = forms.BooleanField(label=_("Include values not yet approved"), required=False)
    through_lineage = forms.BooleanField(label=_("Count the units merged into this one"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].widget.choices = [("", "—")] + period_choices(finer=finer_types())
        self.fields["data_set"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["period"].widget.attrs["class"] = "form-select form-select-sm"
        for name in ("include_unapproved", "through_lineage"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
