"""The refusal a service raises when the object's state forbids a step ("not now").

"May not" is Django's ``PermissionDenied`` (raised through ``accounts.access.require``) and "bad
data" is Django's ``ValidationError``; the API maps the three by type to 403, 409 and 422."""


class InvalidTransition(Exception):
    """A step the object's current state does not allow, e.g. approving a form that was never
    submitted. ``code`` is a stable machine-readable name ("not_submitted", "already_issued" …)
    for API clients; ``message`` is the Vietnamese text shown to people."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
