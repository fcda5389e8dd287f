"""Who may change the org tree.

The rule belongs to ``accounts`` (roles and capabilities live there), but ``accounts`` builds on
``orgunits`` (a role is held on a unit), so ``orgunits`` may not import it. Instead accounts
registers its checks here when the apps are ready (``AccountsConfig.ready``), and the orgunits
services call ``require_manage`` / ``require_view`` inside every change. Until a check is
registered every change is refused, so a missing registration can never let a change through."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied

UnitCheck = Callable[[object, object], None]


def _refuse(by, unit) -> None:
    raise PermissionDenied("No access rule for org units is registered.")


_checks: dict[str, UnitCheck] = {"manage": _refuse, "view": _refuse}


def register(*, manage: UnitCheck, view: UnitCheck) -> None:
    """``manage(by, unit)`` raises PermissionDenied unless ``by`` may change ``unit`` and its
    subtree (``unit`` None = a new top-level unit); ``view(by, unit)`` unless ``by`` may see it."""
    _checks["manage"] = manage
    _checks["view"] = view


def require_manage(by, unit) -> None:
    _checks["manage"](by, unit)


def require_view(by, unit) -> None:
    _checks["view"](by, unit)
