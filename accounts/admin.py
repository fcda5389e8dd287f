from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import RoleAssignment, User


class AssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    inlines = [AssignmentInline]
    list_display = ["username", "full_name", "is_active", "is_staff"]
    fieldsets = BaseUserAdmin.fieldsets + (("Dân vận khéo", {"fields": ("full_name", "position", "phone")}),)
