from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lib.softdelete import mark_deleted
from reports.models import IssuingBody, Report, ReportLayout, ReportVersion


@admin.register(IssuingBody)
class IssuingBodyAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "superior_name", "unit", "kind", "abbreviation", "active")
    list_filter = ("kind", "active")
    raw_id_fields = ("unit",)


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ("title", "unit", "body", "status", "number_text", "issued_on", "version")
    list_filter = ("status", "kind")
    raw_id_fields = ("unit", "body")
    readonly_fields = ("status", "number_text", "issued_on", "version")

    # Deleting here is soft too (lib.softdelete), and for superusers only: the row, its sections
    # and versions stay, and an administrator may restore it from the "Deleted" page.
    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def delete_model(self, request, obj):
        mark_deleted(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for report in queryset:
            mark_deleted(report, by=request.user)


@admin.register(ReportVersion)
class ReportVersionAdmin(SimpleHistoryAdmin):
    list_display = ("report", "version", "number_text", "issued_on", "issued_by")
    readonly_fields = ("report", "version", "number_text", "issued_on", "issued_by", "content", "facts")
    exclude = ("docx",)


@admin.register(ReportLayout)
class ReportLayoutAdmin(SimpleHistoryAdmin):
    """Sections of a report kind / issuing body; the default shows the standard layout to edit."""

    list_display = ("name", "kind", "body", "active")
    list_filter = ("kind", "active")
    raw_id_fields = ("body",)

    def get_changeform_initial_data(self, request):
        from reports.structure import STANDARD_LAYOUT

        initial = super().get_changeform_initial_data(request)
        initial.setdefault("sections", STANDARD_LAYOUT)
        return initial
