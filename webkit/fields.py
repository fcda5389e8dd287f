"""The one number field of the project: typed and shown the Vietnamese way (150.000.000, 12,5).

Every numeric form field uses these classes (a test walks every form to make sure): the browser's
``<input type="number">`` neither accepts "150.000.000" nor shows it, and Django's own fields read
"150.000.000" as 150 and "12,5" as 125. Parsing rules are in :mod:`lib.vn_numbers`.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lib.vn_numbers import VNNumberError, format_vn_number, parse_vn_number

INVALID_NUMBER = _(
    "Invalid number: use a dot to separate thousands and a comma for decimals, for example 150.000.000 or 12,5"
)


class VNNumberInput(forms.TextInput):
    """A text box (so "150.000.000" can be typed) with the numeric keyboard on phones. A stored
    value is shown Vietnamese-style; what the user typed comes back exactly as typed."""

    def __init__(self, attrs=None, *, grouping: bool = True):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})
        self.grouping = grouping

    def format_value(self, value):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return format_vn_number(value, grouping=self.grouping)
        return super().format_value(value)


class _VNNumberMixin:
    integer = False

    def __init__(self, *args, grouping: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.widget, VNNumberInput):
            self.widget.grouping = grouping

    def _parse(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_vn_number(value, integer=self.integer)
        except VNNumberError:
            raise ValidationError(INVALID_NUMBER, code="invalid") from None


class VNIntegerField(_VNNumberMixin, forms.IntegerField):
    """A whole number: "150.000.000" → 150000000; "1,500" is refused (ambiguous)."""

    widget = VNNumberInput
    integer = True

    def to_python(self, value):
        number = self._parse(value)
        return None if number is None else int(number)


class VNYearField(VNIntegerField):
    """A year or an id: the same parsing, shown without grouping (2026, not 2.026)."""

    def __init__(self, *args, grouping: bool = False, **kwargs):
        super().__init__(*args, grouping=grouping, **kwargs)


class VNDecimalField(_VNNumberMixin, forms.DecimalField):
    """A number with decimals: "12,5" → Decimal("12.5"), "1.500,5" → Decimal("1500.5")."""

    widget = VNNumberInput

    def to_python(self, value):
        return self._parse(value)


class VNFloatField(_VNNumberMixin, forms.FloatField):
    """For completeness: a float read with the same rules."""

    widget = VNNumberInput

    def to_python(self, value):
        number = self._parse(value)
        return None if number is None else float(number)


VN_NUMBER_FIELDS = (VNIntegerField, VNDecimalField, VNFloatField)

__all__ = [
    "INVALID_NUMBER",
    "VN_NUMBER_FIELDS",
    "VNDecimalField",
    "VNFloatField",
    "VNIntegerField",
    "VNNumberInput",
    "VNYearField",
]
