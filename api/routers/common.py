"""Helpers shared by the routers: the 403-versus-404 rule and catalogue look-ups."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.access import can, get_unit_for_user


def unit_with(user, pk, cap):
    """The unit, 404 if the user cannot see it, 403 if they see it but lack ``cap`` on it."""
    unit = get_unit_for_user(user, pk)
    if not can(user, cap, unit):
        raise PermissionDenied
    return unit


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def catalogue_entry(model, pk, field: str):
    """A catalogue entry (field of work, form of reward …) chosen by id, or a 422 naming ``field``;
    None stays None (an optional choice left empty)."""
    if pk is None:
        return None
    try:
        return model.objects.get(pk=pk)
    except model.DoesNotExist:
        raise ValidationError({field: [_("Unknown entry.")]}) from None
