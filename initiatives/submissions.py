"""One-time tokens on create forms (initiatives, recognition decisions, award decisions).

The form carries a random token in a hidden field. Saving claims it inside the same transaction
as the create: the unique row makes a second, concurrent post wait for the first and then find
its claim, so a double click or a reload makes one record and leads to it.

    with transaction.atomic():
        earlier = submissions.claim(request, token, "initiative")
        if earlier:
            return redirect(...earlier...)
        obj = services.initiative_create(...)
        submissions.record(request, token, obj.pk)
"""

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from initiatives.models import FormSubmission

FIELD = "form_token"
KEEP = dt.timedelta(days=2)  # a replay comes within seconds; older claims are only clutter


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_of(request) -> str:
    token = (request.POST.get(FIELD) or "").strip()
    return token if 16 <= len(token) <= 64 else ""


def claim(request, token: str, kind: str) -> int | None:
    """Claim ``token`` for this user; the id of the object an earlier post of the same form
    created, else None (the caller goes on and creates). Call inside transaction.atomic()."""
    if not token:
        return None
    FormSubmission.objects.filter(user=request.user, created_at__lt=timezone.now() - KEEP).delete()
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user=request.user, kind=kind)
        return None
    except IntegrityError:
        earlier = FormSubmission.objects.filter(token=token, user=request.user, kind=kind).first()
        if earlier is None or earlier.object_id is None:
            # Someone else's token, or a claim without a result: treat as a fresh form.
            return None
        return earlier.object_id


def record(request, token: str, object_id: int) -> None:
    if token:
        FormSubmission.objects.filter(token=token, user=request.user).update(object_id=object_id)
