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


def _admin_login(request, extra_context=None):
    from accounts.views import admin_login

    return admin_login(request, extra_context)


# The admin's own login form would bypass the application's sign-in throttling and log.
admin.site.login = _admin_login
