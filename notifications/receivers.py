"""Turns the domain's announcements (``lib.events.domain_event``, sent after the action committed)
into notices."""

from notifications import services


def on_domain_event(sender, *, kind, unit, obj, by, **extra) -> None:
    extra.pop("signal", None)
    services.notify(kind, unit=unit, obj=obj, by=by, **extra)
