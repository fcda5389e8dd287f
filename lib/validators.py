"""Shared input rules for names and dates typed by people (pages, API and imports alike).

A name made only of spaces or invisible characters (zero-width space, joiners, word joiner, byte
order mark) looks empty on screen and in printed decisions, so it is refused. Dates far outside
the life of the movement (1900, 2200) are typing mistakes, so each kind of date has a sane range."""

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# Characters that take no room on screen but are not whitespace for str.strip().
INVISIBLE = "\u200b\u200c\u200d\ufeff\u2060\u00ad"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")

# Activity dates (start, end, plaques): the movement's registry starts long after 1990.
ACTIVITY_FIRST = dt.date(1990, 1, 1)
ACTIVITY_YEARS_AHEAD = 10
# Decisions: none before the founding of the state (2/9/1945); a decision may be dated a little ahead.
DECISION_FIRST = dt.date(1945, 9, 2)
DECISION_DAYS_AHEAD = 31
# Birth dates: a living person rewarded today was born after 1910 and not in the future.
BIRTH_FIRST = dt.date(1910, 1, 1)

ACTIVITY, DECISION, BIRTH = "activity", "decision", "birth"


def normalize_text(value) -> str:
    """NFC form, invisible characters removed, runs of whitespace collapsed, ends stripped."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = _INVISIBLE_RE.sub("", text)
    return " ".join(text.split())


def clean_name(value, label, *, required: bool = True) -> str:
    """The normalized name; a ValidationError naming ``label`` when it holds nothing visible."""
    text = normalize_text(value)
    if required and not text:
        raise ValidationError(
            _("%(field)s: enter a real name; spaces or invisible characters alone are not accepted.")
            % {"field": str(label).capitalize()},
            code="blank_name",
        )
    return text


def date_range(kind: str, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or timezone.localdate()
    if kind == DECISION:
        return DECISION_FIRST, today + dt.timedelta(days=DECISION_DAYS_AHEAD)
    if kind == BIRTH:
        return BIRTH_FIRST, today
    return ACTIVITY_FIRST, today.replace(year=today.year + ACTIVITY_YEARS_AHEAD, day=min(today.day, 28))


def check_date(value, label, kind: str = ACTIVITY) -> None:
    """A ValidationError naming ``label`` when ``value`` lies outside the sane range for ``kind``."""
    if value is None:
        return
    first, last = date_range(kind)
    if not first <= value <= last:
        raise ValidationError(
            _("%(field)s: %(date)s is not plausible; enter a date between %(first)s and %(last)s.")
            % {
                "field": str(label).capitalize(),
                "date": value.strftime("%d/%m/%Y"),
                "first": first.strftime("%d/%m/%Y"),
                "last": last.strftime("%d/%m/%Y"),
            },
            code="date_out_of_range",
        )


def collect(errors: dict, field: str, check, *args, **kwargs):
    """Run ``check``; put its message under ``field`` in ``errors`` and return its result or None."""
    try:
        return check(*args, **kwargs)
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.messages)
        return None
