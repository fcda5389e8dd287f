"""Domain events other parts of the system react to (notifications, for now).

The domain services announce what happened with ``emit``; the announcement is sent only once the
surrounding transaction commits, so an action that is rolled back tells nobody. Listeners connect
to ``domain_event`` (the notifications app does, in its ``ready()``). Living here, below every
app, the signal lets the domain apps announce events without importing their listeners."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

_muted: ContextVar[bool] = ContextVar("danvan_events_muted", default=False)

# Sent with: kind (one of EventKind), unit, obj, by, and any extra keyword the kind documents.
domain_event = Signal()


class EventKind:
    FORM_SUBMITTED = "form_submitted"  # statistics form sent upward
    FORM_RETURNED = "form_returned"  # sent back to the unit (extra: reason)
    FORM_APPROVED = "form_approved"
    PROPOSAL_WAITING = "proposal_waiting"  # an initiative proposed for recognition (extra: level)
    PROPOSAL_RETURNED = "proposal_returned"  # not recognized at the proposed level (extra: reason)
    MODEL_RECOGNIZED = "model_recognized"  # extra: decision
    REPORT_ISSUED = "report_issued"  # obj: the issued version
    DEADLINE_SOON = "deadline_soon"  # sent by the daily job, not by a domain service
    DEADLINE_OVERDUE = "deadline_overdue"


def emit(kind: str, *, unit, obj, by, **extra) -> None:
    """Announce ``kind`` about ``obj`` of ``unit``, done by ``by``, after the current transaction
    commits (at once outside one). ``occurred_at`` tells one occurrence from the next (a form
    submitted, returned and submitted again is told of twice)."""
    if _muted.get():
        return
    extra.setdefault("occurred_at", timezone.now())
    transaction.on_commit(
        lambda: domain_event.send(sender=kind, kind=kind, unit=unit, obj=obj, by=by, **extra), robust=True
    )


@contextmanager
def muted():
    """Announce nothing inside the block: loading the demo or old records replays history, which
    is nobody's news."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)
