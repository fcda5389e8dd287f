"""The catalogues are configuration: administrators edit them in the admin site, with history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from awards.models import AchievementArea, CertificateTemplate, EmulationTitle, RewardForm


@admin.register(AchievementArea)
class AchievementAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(RewardForm)
class RewardFormAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "applies_to", "once_per_person", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(EmulationTitle)
class EmulationTitleAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "applies_to", "order", "active"]
    list_editable = ["order", "active"]


@admin.register(CertificateTemplate)
class CertificateTemplateAdmin(SimpleHistoryAdmin):
    """The layout of an issuing unit's certificates (heading, place, signer)."""

    list_display = ["__str__", "issuer", "place", "signer_title"]
    raw_id_fields = ["issuer"]
