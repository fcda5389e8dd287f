"""Every state change of notifications: making the notices of an event (and mailing those who
chose "at once"), marking them read, the preferences, the deadline notices and the daily digest.

``notify`` is called by the receiver of ``lib.events.domain_event`` after the domain action
committed, and by the daily job for deadlines. The same event (``key``) never reaches the same
person twice: the notice is unique per (recipient, key) and made with ``get_or_create``."""

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import save_by
from lib.events import EventKind
from notifications import mail
from notifications.models import DEFAULT_EMAIL, DEFAULT_IN_APP, EmailMode, Kind, Notification, NotificationPreference
from notifications.rules import RULES
from notifications.selectors import preferences_of

log = logging.getLogger(__name__)


def _event_key(kind: str, obj, occurred_at=None) -> str:
    """The name of one occurrence of an event: the kind, the object and when it happened."""
    stamp = occurred_at.isoformat() if occurred_at else ""
    return f"{kind}:{obj._meta.label_lower}:{obj.pk}:{stamp}"[:200]


@transaction.atomic
def notify(event_kind: str, *, unit, obj, by, key: str | None = None, **extra) -> list[Notification]:
    """Notices of ``event_kind`` about ``obj`` (of ``unit``) for the people in scope who want them
    (never ``by`` itself); those who chose "at once" are mailed after the notices commit."""
    if event_kind not in RULES:
        raise ValidationError({"kind": _("Unknown kind of notice.")})
    key = key or _event_key(event_kind, obj, extra.get("occurred_at"))
    with translation.override(settings.LANGUAGE_CODE):
        message = RULES[event_kind](unit, obj, extra)
    recipients = [u for u in message.recipients if u.pk != getattr(by, "pk", None)]
    if not recipients:
        return []
    prefs = _preferences_of_many(recipients, event_kind)
    made = []
    for user in recipients:
        in_app, email = prefs.get(user.pk, (DEFAULT_IN_APP, DEFAULT_EMAIL))
        if not user.email:
            email = EmailMode.OFF
        if not in_app and email == EmailMode.OFF:
            continue
        notice, created = _get_or_create(
            user,
            key,
            kind=event_kind,
            title=message.title[:255],
            body=message.body,
            link=message.link,
            unit=unit,
            in_app=in_app,
            email=email,
        )
        if created:
            made.append(notice)
    immediate = [n.pk for n in made if n.email == EmailMode.IMMEDIATE]
    if immediate:
        transaction.on_commit(lambda: mail.queue_immediate(immediate), robust=True)
    return made


def _get_or_create(user, key, **fields):
    # A savepoint, so a concurrent run making the same notice (unique key) costs only this row.
    try:
        with transaction.atomic():
            return Notification.objects.get_or_create(recipient=user, key=key, defaults=fields)
    except IntegrityError:
        return Notification.objects.get(recipient=user, key=key), False


def _preferences_of_many(users, kind: str) -> dict[int, tuple[bool, str]]:
    rows = NotificationPreference.objects.filter(user__in=users, kind=kind).values_list("user_id", "in_app", "email")
    return {user_id: (in_app, email) for user_id, in_app, email in rows}


def _require_own(notification: Notification, by) -> None:
    if notification.recipient_id != getattr(by, "pk", None):
        raise PermissionDenied(_("This notice is not yours."))


@transaction.atomic
def mark_read(*, notification: Notification, by) -> Notification:
    _require_own(notification, by)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, by) -> int:
    return Notification.objects.for_user(by).unread().update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, user, kind: str, in_app: bool, email: str, by) -> NotificationPreference:
    """A person's choice for one kind of notice (only their own)."""
    if getattr(by, "pk", None) != user.pk:
        raise PermissionDenied(_("You may only change your own notification settings."))
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Unknown kind of notice.")})
    if email not in EmailMode.values:
        raise ValidationError({"email": _("Email: choose one of the offered options.")})
    pref = NotificationPreference.objects.filter(user=user, kind=kind).first() or NotificationPreference(
        user=user, kind=kind
    )
    pref.in_app, pref.email = bool(in_app), email
    return save_by(pref, by=by)


@transaction.atomic
def preferences_set(*, user, choices: dict[str, tuple[bool, str]], by) -> None:
    """Several kinds at once ({kind: (in_app, email)}), all or none."""
    current = preferences_of(user)
    for kind, (in_app, email) in choices.items():
        if current.get(kind) != (bool(in_app), email):
            preference_set(user=user, kind=kind, in_app=in_app, email=email, by=by)


# ---------------------------------------------------------------- the daily job


def _soon_days() -> list[int]:
    return sorted(getattr(settings, "NOTIFICATIONS_DEADLINE_DAYS", [7, 3, 1]))


def _overdue_window() -> int:
    return getattr(settings, "NOTIFICATIONS_OVERDUE_WINDOW_DAYS", 30)


def _deadlines(data_set, today: dt.date):
    """(kind, period, due date, days left, bucket) the form calls for on ``today``: "due soon"
    for the current period when its deadline is at most the largest reminder distance away (the
    bucket is the smallest reminder distance not below the days left, so each distance reminds
    once), and "overdue" for the latest period whose deadline passed less than the window ago
    and whose entry is not closed."""
    from lib import periods

    found = []
    period = data_set.current_period(today)
    if period is not None:
        due = data_set.due_date(period)
        left = (due - today).days
        buckets = [d for d in _soon_days() if d >= left]
        if 0 <= left and buckets:
            found.append((EventKind.DEADLINE_SOON, period, due, left, buckets[0]))
    passed = [
        p
        for p in periods.periods_of_type(data_set.period_type, today.year - 2, today.year)
        if data_set.accepts_period(p) and data_set.due_date(p) < today
    ]
    if passed:
        period = max(passed, key=lambda p: p.end)
        due = data_set.due_date(period)
        closes = data_set.closes_on(period)
        if (today - due).days <= _overdue_window() and (closes is None or today <= closes):
            found.append((EventKind.DEADLINE_OVERDUE, period, due, (due - today).days, None))
    return found


@transaction.atomic
def deadline_notices(*, by, today: dt.date | None = None) -> int:
    """Notices to the clerks and heads of every unit that has not submitted a form due soon or
    overdue. Run as often as you like: each (form, period, unit, reminder) is told once."""
    from orgunits.models import OrgUnit
    from stats.models import DataSet
    from stats.selectors import completeness

    today = today or timezone.localdate()
    roots = list(OrgUnit.objects.filter(parent__isnull=True))
    made = 0
    for data_set in DataSet.objects.filter(active=True).order_by("pk"):
        for kind, period, due, left, bucket in _deadlines(data_set, today):
            for root in roots:
                for unit in completeness(data_set, period, root).missing_units:
                    key = f"{kind}:{data_set.pk}:{period.code}:{unit.pk}" + (f":{bucket}" if bucket is not None else "")
                    made += len(
                        notify(kind, unit=unit, obj=data_set, by=by, key=key, period=period, due=due, days=left)
                    )
    return made


def send_digests(*, by, now=None) -> int:
    """One email per person with every notice waiting for the daily digest; returns how many
    emails were sent. A notice is marked mailed only once its email went out."""
    now = now or timezone.now()
    waiting = (
        Notification.objects.filter(email=EmailMode.DIGEST, emailed_at__isnull=True, created__lte=now)
        .select_related("recipient")
        .order_by("recipient_id", "created", "pk")
    )
    by_user: dict[int, list[Notification]] = {}
    for notice in waiting:
        by_user.setdefault(notice.recipient_id, []).append(notice)
    sent = 0
    for notices in by_user.values():
        try:
            mail.send_digest(notices[0].recipient, notices)
        except Exception:  # one bad address must not stop everybody else's digest
            log.exception("could not send the notification digest to user %s", notices[0].recipient_id)
            continue
        Notification.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=timezone.now())
        sent += 1
    return sent


def run_daily(*, by, today: dt.date | None = None) -> dict:
    """The daily job: deadline notices, then the digests (which include them)."""
    made = deadline_notices(by=by, today=today)
    return {"deadline_notices": made, "digests": send_digests(by=by)}
