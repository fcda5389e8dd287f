"""Admins add data elements, disaggregations, rates, forms, targets and validation rules here,
without code."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from orgunits.models import UnitType
from stats import models


class DataSetForm(forms.ModelForm):
    unit_types = forms.MultipleChoiceField(
        label=_("reporting unit types"), choices=UnitType.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = models.DataSet
        fields = [
            "code",
            "name",
            "period_type",
            "half_years",
            "unit_types",
            "deadline_days",
            "expiry_days",
            "require_children_approved",
            "active",
        ]


class OptionInline(admin.TabularInline):
    model = models.CategoryOption
    extra = 2


@admin.register(models.CategoryCombo)
class CategoryComboAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    inlines = [OptionInline]


@admin.register(models.DataElement)
class DataElementAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "value_type", "aggregation", "combo"]
    list_filter = ["value_type", "aggregation"]
    search_fields = ["code", "name"]


@admin.register(models.Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "numerator", "denominator", "bounded"]
    autocomplete_fields = ["numerator", "denominator"]


class SectionElementInline(admin.TabularInline):
    model = models.SectionElement
    extra = 3
    autocomplete_fields = ["element"]


@admin.register(models.Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "data_set", "sort_order"]
    list_filter = ["data_set"]
    inlines = [SectionElementInline]


class SectionInline(admin.TabularInline):
    model = models.Section
    extra = 1
    show_change_link = True


class AssignmentInline(admin.TabularInline):
    """No row: every unit of the reporting types reports the form. Rows: only those subtrees."""

    model = models.DataSetAssignment
    extra = 1
    raw_id_fields = ["unit"]


@admin.register(models.DataSet)
class DataSetAdmin(SimpleHistoryAdmin):
    form = DataSetForm
    list_display = ["code", "name", "period_type", "deadline_days", "expiry_days", "active"]
    inlines = [SectionInline, AssignmentInline]


@admin.register(models.Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["element", "unit", "period", "value"]
    autocomplete_fields = ["element"]
    raw_id_fields = ["unit"]


@admin.register(models.ValidationRule)
class ValidationRuleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "left", "operator", "right", "data_set", "active"]
