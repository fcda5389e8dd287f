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
