"""A notice is seen only by its recipient: anyone else gets 404, the same as "does not exist"."""

from django.http import Http404

from notifications.models import Notification


def get_notification_for_user(user, pk) -> Notification:
    try:
        return Notification.objects.for_user(user).get(pk=int(pk))
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
