"""The daily job on the background worker (``manage.py db_worker``): deadline notices and the
digests, then the next day's run queued. ``manage.py send_daily_notifications`` runs the same job
at once (for cron) and ``--schedule`` queues the first worker run."""

import datetime as dt

from django.conf import settings
from django.tasks import task
from django.utils import timezone

TASK_PATH = "notifications.tasks.daily_notifications"


def next_run(now=None) -> dt.datetime:
    """The next time of day the digest goes out (``NOTIFICATIONS_DAILY_HOUR``, local time)."""
    now = timezone.localtime(now or timezone.now())
    hour = getattr(settings, "NOTIFICATIONS_DAILY_HOUR", 6)
    run = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return run if run > now else run + dt.timedelta(days=1)


def schedule_next(now=None) -> bool:
    """Queue the next daily run unless one is already waiting; True when one was queued."""
    from django_tasks_db.models import DBTaskResult

    if DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists():
        return False
    daily_notifications.using(run_after=next_run(now)).enqueue()
    return True


@task()
def daily_notifications() -> dict:
    from accounts.system import system_actor
    from notifications.services import run_daily

    try:
        return run_daily(by=system_actor())
    finally:
        schedule_next()
