from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from orgunits.models import Level


@admin.register(Level)
class LevelAdmin(SimpleHistoryAdmin):
    """Levels are configuration: administrators rename them or end one (the district level ended
    on 30/06/2025) without a code change."""

    list_display = ["code", "name", "rank", "valid_from", "valid_to"]
