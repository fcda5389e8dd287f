"""Reads: a person's inbox, unread count and preferences."""

from notifications.models import DEFAULT_EMAIL, DEFAULT_IN_APP, Kind, Notification, NotificationPreference


def inbox(user, *, unread_only: bool = False):
    qs = Notification.objects.for_user(user).filter(in_app=True).select_related("unit")
    return qs.unread() if unread_only else qs


def unread_count(user) -> int:
    return Notification.objects.for_user(user).filter(in_app=True).unread().count()


def preferences_of(user) -> dict[str, tuple[bool, str]]:
    """{kind: (in app, email mode)} for every kind, the defaults where nothing was chosen."""
    chosen = {
        kind: (in_app, email)
        for kind, in_app, email in NotificationPreference.objects.filter(user=user).values_list(
            "kind", "in_app", "email"
        )
    }
    return {kind: chosen.get(kind, (DEFAULT_IN_APP, str(DEFAULT_EMAIL))) for kind in Kind.values}
