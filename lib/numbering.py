"""Numbers given one after another within a series (an issuer's decisions of one year), in the
order of their dates. Shared by the apps that number what they issue.

The counter is any model with ``last`` (the last number given) and ``last_date`` (the date that
number carried); ``key`` names its row (e.g. issuer, series, year). The row is created when first
needed and then locked for the rest of the caller's transaction, so two decisions issued at once
never share a number; a date before the series' last date is refused, so the numbers follow the
dates."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _


def next_number(counter_model, *, day: dt.date, field: str = "date", **key) -> int:
    """The next number of the series ``key`` for a document dated ``day``. Call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside a transaction")
    try:
        with transaction.atomic():
            counter_model.objects.get_or_create(**key)
    except IntegrityError:
        pass  # created by a concurrent transaction meanwhile; the lock below waits for it
    counter = counter_model.objects.select_for_update().get(**key)
    if counter.last_date and day < counter.last_date:
        raise ValidationError(
            {
                field: _(
                    "The date cannot be earlier than %(date)s: number %(number)s of this series was given on that "
                    "day, and numbers must follow the order of dates."
                )
                % {"date": counter.last_date.strftime("%d/%m/%Y"), "number": counter.last}
            }
        )
    counter.last += 1
    counter.last_date = day
    counter.save(update_fields=["last", "last_date"])
    return counter.last
