"""Template filters for Vietnamese figures: {{ n|vn_int }} → 1.500, {{ r|vn_percent }} → 96,99%."""

from django import template

from lib import vn_format
from lib.vn_numbers import format_vn_number

register = template.Library()


@register.filter
def vn_int(value):
    return vn_format.format_int(value)


@register.filter
def vn_decimal(value, places=2):
    return vn_format.format_decimal(value, places=int(places))


@register.filter
def vn_percent(value, places=2):
    return vn_format.format_percent(value, places=int(places), strip_zeros=True)


@register.filter
def vn_money(value):
    return vn_format.money_words(value)


@register.filter
def vn_date(value):
    return vn_format.date_short(value)


@register.filter
def vn_number(value):
    """Any number as typed in the forms: 150.000.000, 12,5 (no trailing zeros)."""
    return format_vn_number(value)


@register.filter
def vn_filesize(value):
    """{{ evidence.size|vn_filesize }} → "20,0 MB" (Django's filesizeformat writes "20.0 MB")."""
    return vn_format.format_filesize(value)
