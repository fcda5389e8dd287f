from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from lib.errors import InvalidTransition

# What a service refuses with that a form shows next to what the user typed: bad data
# (ValidationError), a step the state forbids (InvalidTransition), an actor who may not
# (PermissionDenied). Views catch these three and nothing else.
SERVICE_ERRORS = (ValidationError, InvalidTransition, PermissionDenied)


def error_text(exc) -> str:
    """A service's refusal (any of SERVICE_ERRORS) as one line, for a flash message or a status."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("You do not have permission to do this.")


def add_errors(form, exc) -> None:
    """Attach a service's refusal (any of SERVICE_ERRORS) to a bound form, keeping what the user typed."""
    if isinstance(exc, InvalidTransition | PermissionDenied):
        form.add_error(None, str(exc) or _("You do not have permission to do this."))
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error.messages if hasattr(error, "messages") else error)
    else:
        form.add_error(None, exc.messages)


__all__ = ["NON_FIELD_ERRORS", "SERVICE_ERRORS", "add_errors"]
