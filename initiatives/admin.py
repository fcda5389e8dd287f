from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from initiatives.models import Field, SummaryRegistration


@admin.register(Field)
class FieldAdmin(SimpleHistoryAdmin):
    """Fields are configuration: administrators add or retire them here."""

    list_display = ["name", "code", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(SummaryRegistration)
class SummaryRegistrationAdmin(SimpleHistoryAdmin):
    """Counts known without names; the page "Historical summary figures" is the usual way in."""

    list_display = ["unit", "year_from", "year_to", "kind", "subject", "field", "level", "count"]
    list_filter = ["kind", "subject", "level"]
    raw_id_fields = ["unit"]
