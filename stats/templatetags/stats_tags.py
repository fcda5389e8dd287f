"""Figures of the statistics pages: whole numbers with thousands dots, decimals with a comma."""

from decimal import Decimal

from django import template

from lib import vn_format

register = template.Library()


@register.filter
def num(value):
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    value = Decimal(value)
    if value == value.to_integral_value():
        return vn_format.format_int(value)
    return vn_format.format_decimal(value, 4, strip_zeros=True)


@register.filter
def signed(value, places=2):
    """+5 / −3,5 for changes; empty for None."""
    if value is None:
        return ""
    text = vn_format.format_decimal(abs(value), int(places), strip_zeros=True)
    return ("+" if value > 0 else "−" if value < 0 else "") + text
