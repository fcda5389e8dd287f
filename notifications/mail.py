"""The emails: one per notice for those who chose "at once", one digest a day for the rest.
Django's mail framework sends them through ``EMAIL_BACKEND`` (settings: the console or a file in
development, SMTP configured by environment variables in production)."""

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lib.vn_format import date_short


def _absolute(link: str) -> str:
    if not link:
        return ""
    return getattr(settings, "DANVAN_SITE_URL", "").rstrip("/") + link


def _lines(notice) -> list[str]:
    lines = [notice.title]
    if notice.body:
        lines.append(notice.body)
    if notice.link:
        lines.append(_absolute(notice.link))
    return lines


def _signature() -> list[str]:
    return [
        "",
        "—",
        _("Change which notices you receive and how: %(url)s")
        % {"url": _absolute(reverse("notifications:preferences"))},
    ]


def send_immediate(notice_ids: list[int]) -> int:
    """Mail each notice now; marks each one mailed as it goes out."""
    from notifications.models import Notification

    sent = 0
    notices = Notification.objects.filter(pk__in=notice_ids, emailed_at__isnull=True).select_related("recipient")
    with translation.override(settings.LANGUAGE_CODE):
        for notice in notices:
            body = "\n".join(_lines(notice) + _signature())
            send_mail(notice.title, body, settings.DEFAULT_FROM_EMAIL, [notice.recipient.email])
            Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
            sent += 1
    return sent


@task()
def send_immediate_task(notice_ids: list[int]) -> int:
    """The worker sends the "at once" emails, so a slow mail server never slows a page down."""
    return send_immediate(notice_ids)


def queue_immediate(notice_ids: list[int]) -> None:
    """Hand the emails to the worker; if the queue is unavailable, send them now."""
    try:
        send_immediate_task.enqueue(notice_ids)
    except Exception:  # never lose the email because of the queue
        send_immediate(notice_ids)


def send_digest(user, notices) -> None:
    """One email listing ``notices`` (oldest first)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(count)s new notices, %(date)s") % {
            "count": len(notices),
            "date": date_short(timezone.localdate()),
        }
        parts = [_("Dear %(name)s,") % {"name": str(user)}, ""]
        for number, notice in enumerate(notices, start=1):
            lines = _lines(notice)
            parts.append(f"{number}. {lines[0]}")
            parts += [f"   {line}" for line in lines[1:]]
            parts.append("")
        send_mail(subject, "\n".join(parts + _signature()), settings.DEFAULT_FROM_EMAIL, [user.email])
