"""One error format for every API answer that is not a success:
``{"code": "not_found", "message": "<translated message>", "fields": {"name": ["…"]}}``.

Mapped by type only, never by guessing from a message or code: PermissionDenied (a service's
``accounts.access.require``) → 403, ``lib.errors.InvalidTransition`` (the object's state forbids
the step, incl. a stale ``VersionConflict``) → 409 with its code, Django's ValidationError → 422,
Http404 (outside the caller's scope) → 404, IntegrityError (a race on a unique row) → 409."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from lib.errors import InvalidTransition


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(retry_after)


class CsrfFailed(Exception):
    pass


ERROR_STATUSES = (400, 401, 403, 404, 409, 422, 429)
ERRORS = dict.fromkeys(ERROR_STATUSES, ErrorOut)

_MESSAGES = {
    400: ("bad_request", gettext_lazy("The request could not be read.")),
    401: ("not_authenticated", gettext_lazy("Sign in or send a valid API key.")),
    403: ("permission_denied", gettext_lazy("You do not have permission to do this.")),
    404: ("not_found", gettext_lazy("Not found, or outside your scope.")),
    405: ("method_not_allowed", gettext_lazy("This method is not allowed here.")),
    409: ("conflict", gettext_lazy("This cannot be done in the object's current state.")),
    422: ("validation_error", gettext_lazy("Some values are not valid.")),
    429: ("rate_limited", gettext_lazy("Too many requests. Try again later.")),
}

_PYDANTIC_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "bool_type": gettext_lazy("Enter true or false."),
    "date_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_type": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "greater_than_equal": gettext_lazy("The value is too small."),
    "greater_than": gettext_lazy("The value is too small."),
    "less_than_equal": gettext_lazy("The value is too large."),
    "less_than": gettext_lazy("The value is too large."),
    "string_too_long": gettext_lazy("The text is too long."),
    "string_too_short": gettext_lazy("The text is too short."),
    "string_pattern_mismatch": gettext_lazy("The text contains characters that are not allowed."),
    "enum": gettext_lazy("Choose one of the allowed values."),
    "literal_error": gettext_lazy("Choose one of the allowed values."),
    "list_type": gettext_lazy("Enter a list."),
    "too_long": gettext_lazy("The list is too long."),
    "string_type": gettext_lazy("Enter text."),
    "model_attributes_type": gettext_lazy("Enter an object."),
    "dict_type": gettext_lazy("Enter an object."),
    "extra_forbidden": gettext_lazy("This field is not accepted."),
}


def body(status: int, message=None, fields=None, code=None) -> dict:
    default_code, default_message = _MESSAGES.get(status, ("error", gettext_lazy("The request failed.")))
    return {"code": code or default_code, "message": str(message or default_message), "fields": fields or {}}


def _field_name(loc) -> str:
    # ("body", "payload", "name") → "name"; ("query", "limit") → "limit"; a whole-body error → "__all__".
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie", "form", "file")]
    if parts and parts[0] in ("payload", "filters"):
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


def validation_fields(errors: list[dict]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        message = _PYDANTIC_MESSAGES.get(error.get("type", ""), gettext_lazy("The value is not valid."))
        fields.setdefault(_field_name(error.get("loc", ())), []).append(str(message))
    return fields


def django_fields(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}


def install(api) -> None:
    """Replace ninja's default handlers with ones answering in the error format."""

    def respond(request, status, message=None, fields=None, code=None):
        return api.create_response(request, body(status, message, fields, code), status=status)

    def on_404(request, exc):
        return respond(request, 404)

    def on_denied(request, exc):
        # A service's PermissionDenied says what may not be done; keep its (translated) words.
        return respond(request, 403, str(exc) if exc.args and exc.args[0] else None)

    def on_csrf(request, exc):
        return respond(request, 403, _("The CSRF token is missing or wrong."), code="csrf_failed")

    def on_http_error(request, exc: HttpError):
        response = respond(request, exc.status_code)
        if isinstance(exc, AuthenticationError):
            response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def on_request_invalid(request, exc: NinjaValidationError):
        return respond(request, 422, fields=validation_fields(exc.errors))

    def on_invalid(request, exc: DjangoValidationError):
        message = None if hasattr(exc, "error_dict") else " ".join(str(m) for m in exc.messages)
        return respond(request, 422, message, django_fields(exc))

    def on_transition(request, exc: InvalidTransition):
        # "Not now": the object's state forbids the step; the machine code tells clients which.
        # A stale edit (lib.versioning.VersionConflict) also says field by field what changed.
        fields = exc.fields() if callable(getattr(exc, "fields", None)) else None
        return respond(request, 409, exc.message, fields, code=exc.code)

    def on_integrity(request, exc: IntegrityError):
        return respond(request, 409, _("This conflicts with an existing record."))

    def on_rate_limited(request, exc: RateLimited):
        response = respond(request, 429)
        response["Retry-After"] = str(exc.retry_after)
        return response

    api.add_exception_handler(Http404, on_404)
    api.add_exception_handler(PermissionDenied, on_denied)
    api.add_exception_handler(CsrfFailed, on_csrf)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(NinjaValidationError, on_request_invalid)
    api.add_exception_handler(DjangoValidationError, on_invalid)
    api.add_exception_handler(InvalidTransition, on_transition)
    api.add_exception_handler(IntegrityError, on_integrity)
    api.add_exception_handler(RateLimited, on_rate_limited)
