"""Named sets of units a picker may offer, registered by the apps that own the rule.

A form such as the award decision allows a set of units that is not "where the user holds one
capability" (e.g. a proposal goes to a body above the proposer). The owning app registers a
function ``user -> OrgUnit queryset`` under a name; the form validates the choice against that
queryset and the picker (``UnitPicker(scope=name)``) asks the search endpoint for the same set, so
what is suggested is exactly what is accepted. ``orgunits`` cannot import those apps, hence the
registry (filled in their ``AppConfig.ready``).

A set may depend on an object (the units a decision's recipients may belong to): registered with
``with_arg=True``, it is named ``"name:arg"`` and called ``units_for(user, arg)``; the function
itself checks that the user may see that object and returns no units otherwise."""

from collections.abc import Callable

UnitsFor = Callable[[object], object]

_scopes: dict[str, tuple[UnitsFor, bool]] = {}


def register(name: str, units_for: UnitsFor, *, with_arg: bool = False) -> None:
    _scopes[name] = (units_for, with_arg)


def units_for(name: str, user):
    """The registered set for ``user``, or None when no set has that name."""
    base, _sep, arg = name.partition(":")
    registered = _scopes.get(base)
    if registered is None:
        return None
    function, with_arg = registered
    if with_arg != bool(arg):
        return None
    return function(user, arg) if with_arg else function(user)
