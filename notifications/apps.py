from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lib.events import domain_event
        from notifications.receivers import on_domain_event
        from webkit.menu import MenuItem, register

        domain_event.connect(on_domain_event, dispatch_uid="notifications.on_domain_event")
        # The inbox itself is the bell in the navigation bar; the menu entry is for the settings.
        register(MenuItem(_("Notification settings"), "notifications:preferences", "bell", 950))
