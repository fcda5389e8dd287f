"""{% unit_picker "unit" unit %}: the search-as-you-type unit picker in a hand-written form
(pass the unit itself when the page has it, so labelling it needs no query)."""

from django import template

from orgunits.widgets import UnitPicker

register = template.Library()


@register.simple_tag
def unit_picker(name, value=None, *, id=None, css="", cap="view", current_only=False, scope=""):
    widget = UnitPicker(attrs={"class": css} if css else None, cap=cap, current_only=current_only, scope=scope)
    return widget.render(name, value, {"id": id or f"id_{name}"})
