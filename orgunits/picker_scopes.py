"""Named sets of units a picker may offer, registered by the apps that own the rule.

A form such as the award decision allows a set of units that is not "where the user holds one
capability" (e.g. a proposal goes to a body above the proposer). The owning app registers a
function ``user -> OrgUnit queryset`` under a name; the form validates the choice against that
queryset and the picker (``UnitPicker(scope=name)``) asks the search endpoint for the same set, so
what is suggested is exactly what is accepted. ``orgunits`` cannot import those apps, hence the
registry (filled in their ``AppConfig.ready``)."""

from collections.abc import Callable

UnitsFor = Callable[[object], object]

_scopes: dict[str, UnitsFor] = {}


def register(name: str, units_for: UnitsFor) -> None:
    _scopes[name] = units_for


def units_for(name: str, user):
    """The registered set for ``user``, or None when no set has that name."""
    units_for = _scopes.get(name)
    return units_for(user) if units_for else None
