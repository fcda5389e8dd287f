"""One way to save a change with its author in the history (django-simple-history reads the
author from ``_history_user``), instead of setting that attribute by hand in every service."""


def save_by(obj, *, by, update_fields=None, clean: bool = True):
    """Validate (``full_clean``) and save ``obj`` recording ``by`` as the author; returns ``obj``."""
    if clean:
        obj.full_clean()
    obj._history_user = by
    obj.save(update_fields=update_fields)
    return obj


def delete_by(obj, *, by) -> None:
    """Delete ``obj`` recording ``by`` as the author of the deletion."""
    obj._history_user = by
    obj.delete()


def bulk_history(model, objs, *, by, kind: str) -> None:
    """Record history rows for objects written with bulk operations (which send no signals):
    ``kind`` is simple-history's "+" (created), "~" (changed) or "-" (deleted). One INSERT."""
    from django.utils import timezone

    objs = list(objs)
    if not objs:
        return
    history = model.history
    now = timezone.now()
    rows = []
    for obj in objs:
        row = history.model(
            history_date=now,
            history_user=by,
            history_change_reason=None,
            history_type=kind,
            **{field.attname: getattr(obj, field.attname) for field in history.model.tracked_fields},
        )
        rows.append(row)
    history.model.objects.bulk_create(rows)
