"""Who may see, enter, submit and decide on statistics submissions.

* Entering and submitting: ENTER/SUBMIT on the unit (clerk or head of the unit or an ancestor).
* Approving, returning, reopening: REVIEW on a *strict ancestor* of the unit — a reviewer never
  decides on their own unit's submission (superusers may)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.access import can, require, scope_paths
from accounts.roles import Cap
from accounts.system import is_system


def can_enter(user, unit) -> bool:
    return can(user, Cap.ENTER, unit)


def can_submit(user, unit) -> bool:
    return can(user, Cap.SUBMIT, unit)


def can_review(user, unit) -> bool:
    """REVIEW held on a unit above ``unit`` (not on the unit itself or one of its predecessors)."""
    if unit is None or not user or not user.is_authenticated:
        return False
    paths = scope_paths(user, Cap.REVIEW)
    if paths is None:
        return True
    own = _own_unit_paths(user)
    return any(unit.path.startswith(p) and p != unit.path for p in paths) and unit.path not in own


def can_discuss(user, unit) -> bool:
    """Marking a figure for follow-up and commenting on it: those who enter the unit's data and
    its reviewers above."""
    return can_enter(user, unit) or can_review(user, unit)


def require_review(user, unit) -> None:
    """PermissionDenied unless ``user`` may decide on ``unit``'s form (see :func:`can_review`); the
    system actor may. ``require`` refuses those without REVIEW over the unit at all; the second
    check refuses a reviewer of the unit itself (deciding on one's own form)."""
    message = _("Only a reviewer of a higher level may decide on this form.")
    require(user, Cap.REVIEW, unit, message)
    if not is_system(user) and not can_review(user, unit):
        raise PermissionDenied(message)


def _own_unit_paths(user) -> set[str]:
    cache = getattr(user, "_stats_own_paths", None)
    if cache is None:
        cache = set(user.assignments.values_list("unit__path", flat=True))
        user._stats_own_paths = cache
    return cache


def get_submission_for_user(user, pk, *, write: bool = False, review: bool = False):
    """The submission if the user may see it (and enter into it with ``write``, or decide on it
    with ``review``); else 404, the same answer as "does not exist"."""
    from stats.models import Submission

    try:
        submission = Submission.objects.select_related("data_set", "unit__level", "unit__parent").get(pk=int(pk))
    except (Submission.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    unit = submission.unit
    if not can(user, Cap.VIEW, unit):
        raise Http404
    if write and not can_enter(user, unit):
        raise Http404
    if review and not can_review(user, unit):
        raise Http404
    return submission


def get_data_set_for_user(user, pk):
    from stats.models import DataSet

    if not user.is_authenticated:
        raise Http404
    try:
        return DataSet.objects.get(pk=int(pk), active=True)
    except (DataSet.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
