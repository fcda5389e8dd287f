"""A fixed one-minute window counter per key, kept in the database so all server processes share
it. ``hit`` counts a request and says how many seconds to wait when the limit is passed."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from api.models import RateWindow

WINDOW = dt.timedelta(minutes=1)


def limit_per_minute() -> int:
    return int(getattr(settings, "API_RATE_LIMIT_PER_MINUTE", 120))


def hit(key: str, now=None) -> int | None:
    """Count one request for ``key``; None if allowed, else the seconds until the window ends."""
    now = now or timezone.now()
    start = now.replace(second=0, microsecond=0)
    count = _increment(key, start)
    if count <= limit_per_minute():
        return None
    return max(1, int((start + WINDOW - now).total_seconds() + 0.999))


def _increment(key: str, start) -> int:
    rows = RateWindow.objects.filter(key=key, window_start=start)
    if not rows.update(count=F("count") + 1):
        try:
            with transaction.atomic():
                RateWindow.objects.create(key=key, window_start=start, count=1)
                # A new window for this key: forget the old ones.
                RateWindow.objects.filter(key=key, window_start__lt=start).delete()
            return 1
        except IntegrityError:
            rows.update(count=F("count") + 1)
    return rows.values_list("count", flat=True).first() or 1
