"""Who may see, draft, edit and issue reports.

Seeing follows the unit scope. Drafting and editing need a working role (clerk, head, reviewer or
leader) on the reported unit's subtree. Issuing — taking a number from a body's series — needs
Cap.ISSUE (head, leader) held on the issuing body's own unit: a leader of a unit above (a city
leader over a district commission) does not issue in the body's name nor use up its numbers.
Managing bodies and asking for a PDF again still follow the subtree (``can_issue``)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.access import can, caps_held_on, require, scope_paths, scope_q
from accounts.roles import Cap
from accounts.system import is_system
from reports.models import IssuingBody, Report


def can_draft(user, unit) -> bool:
    return can(user, Cap.ENTER, unit) or can(user, Cap.REVIEW, unit)


def may_draft_anywhere(user) -> bool:
    return any(scope_paths(user, cap) is None or scope_paths(user, cap) for cap in (Cap.ENTER, Cap.REVIEW))


def can_issue(user, body: IssuingBody) -> bool:
    """Cap.ISSUE anywhere above or on the body's unit: managing the body, asking for its PDFs."""
    return can(user, Cap.ISSUE, body.unit)


def can_issue_in_name(user, body: IssuingBody) -> bool:
    """Whether ``user`` may issue in the body's name (and so take its numbers): a role with
    Cap.ISSUE held on the body's own unit, not on a unit above it; the system actor may."""
    if is_system(user):
        return True
    return Cap.ISSUE in caps_held_on(user, body.unit)


def require_issue_in_name(user, body: IssuingBody) -> None:
    """PermissionDenied unless ``user`` may issue in the body's name (``can_issue_in_name``)."""
    if not can_issue_in_name(user, body):
        raise PermissionDenied(
            _(
                "Only someone holding issue rights in %(unit)s itself may issue reports in the name of "
                "this body and take its numbers."
            )
            % {"unit": body.unit.name}
        )


def draftable_q(user, field: str = "unit__path"):
    return scope_q(user, Cap.ENTER, field) | scope_q(user, Cap.REVIEW, field)


def require_draft(user, unit) -> None:
    """PermissionDenied unless ``user`` may draft and edit reports on ``unit`` (ENTER or REVIEW
    there; the system actor may)."""
    message = _("You may not report on this unit.")
    try:
        require(user, Cap.ENTER, unit, message)
    except PermissionDenied:
        require(user, Cap.REVIEW, unit, message)


def require_issue(user, unit, message: str | None = None) -> None:
    """PermissionDenied unless ``user`` may issue in the name of bodies of ``unit``."""
    require(user, Cap.ISSUE, unit, message or _("You may not issue reports in the name of this body."))


def get_report_for_user(user, pk, *, write: bool = False) -> Report:
    """The report if the user may see it (with ``write``: draft and edit it), else 404."""
    try:
        report = (
            Report.objects.select_related("unit__level", "body__unit", "created_by")
            .filter(scope_q(user, Cap.VIEW))
            .get(pk=int(pk))
        )
    except (Report.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if write and not can_draft(user, report.unit):
        raise Http404
    return report


def bodies_for(user):
    """Issuing bodies the user may draft in the name of (the body's unit in their working scope)."""
    return IssuingBody.objects.filter(active=True).filter(draftable_q(user)).select_related("unit")


def get_body_for_user(user, pk, *, write: bool = False) -> IssuingBody:
    qs = IssuingBody.objects.select_related("unit")
    qs = qs.filter(can_issue_q(user)) if write else qs.filter(draftable_q(user))
    try:
        return qs.get(pk=int(pk))
    except (IssuingBody.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_issue_q(user):
    return scope_q(user, Cap.ISSUE, "unit__path")
