from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from initiatives.models import Field


@admin.register(Field)
class FieldAdmin(SimpleHistoryAdmin):
    """Fields are configuration: administrators add or retire them here."""

    list_display = ["name", "code", "order", "active"]
    list_editable = ["order", "active"]
