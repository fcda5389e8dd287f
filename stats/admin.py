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
    fields = ["code", "name", "sort_order", "unclassified"]
    extra = 2


class ComboCategoryInline(admin.TabularInline):
    model = models.ComboCategory
    extra = 1


class CategoryItemInline(admin.TabularInline):
    model = models.CategoryItem
    extra = 2


def _regenerate(admin_site, request, combos) -> None:
    """Make the options of combinations with categories their cross-product again (the service
    keeps options with data and refuses to remove them; then nothing of this save is kept)."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from stats import services

    for combo in combos:
        categories = combo.category_list()
        if not categories:
            continue
        try:
            services.combo_define(code=combo.code, name=combo.name, categories=categories, by=request.user)
        except ValidationError as exc:
            transaction.set_rollback(True)
            admin_site.message_user(request, " ".join(exc.messages), level=messages.ERROR)
            return


@admin.register(models.CategoryCombo)
class CategoryComboAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    inlines = [ComboCategoryInline, OptionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _regenerate(self, request, [form.instance])


@admin.register(models.Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    inlines = [CategoryItemInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _regenerate(self, request, list(form.instance.combos.all()))


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
