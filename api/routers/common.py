"""Helpers shared by the routers: catalogue look-ups. Refusals come from the services (403 by
type in ``api/errors.py``), never from checks guessed here."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def catalogue_entry(model, pk, field: str):
    """A catalogue entry (field of work, form of reward …) chosen by id, or a 422 naming ``field``;
    None stays None (an optional choice left empty)."""
    if pk is None:
        return None
    try:
        return model.objects.get(pk=pk)
    except model.DoesNotExist:
        raise ValidationError({field: [_("Unknown entry.")]}) from None
