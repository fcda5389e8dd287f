"""A search-as-you-type unit picker for forms: thousands of units never fit in a <select>.

The widget renders a hidden input carrying the unit id and a text input with the ARIA combobox
pattern; ``static/js/unit-picker.js`` asks ``orgunits:search`` (folded-name search, scoped to what
the user may see) and fills a listbox. Each suggestion says the unit's type, parent and, for an
ended unit, until when it existed, so two units with one name are told apart."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _

from lib.vn_format import date_short
from orgunits.models import OrgUnit


def describe_unit(unit: OrgUnit) -> str:
    """ "Phường · Quận Bắc Từ Liêm · đến 30/06/2025": what tells a unit from its namesakes."""
    parts = [unit.get_unit_type_display()]
    if unit.parent_id:
        parts.append(unit.parent.name)
    if unit.valid_to:
        parts.append(_("until %(date)s") % {"date": date_short(unit.valid_to)})
    return " · ".join(parts)


def unit_label(unit: OrgUnit) -> str:
    """The unit's name with what tells it apart: "Thành phố Hà Nội (Tỉnh / thành phố · đến 30/06/2025)"."""
    return f"{unit.name} ({describe_unit(unit)})"


class UnitPicker(forms.Widget):
    """Hidden id + text search box. ``cap`` limits suggestions to units where the user holds that
    capability (the form's own queryset still validates the choice); ``current_only`` hides units
    that have ended; ``types`` limits the unit types offered; ``scope`` names a set registered in
    ``orgunits.picker_scopes`` to suggest instead (what the form itself accepts)."""

    template_name = "orgunits/widgets/unit_picker.html"

    def __init__(self, attrs=None, *, cap: str = "view", current_only: bool = False, types=(), scope: str = ""):
        super().__init__(attrs)
        self.cap = cap
        self.current_only = current_only
        self.types = tuple(types)
        self.scope = scope
        # Units already fetched by the page (e.g. a formset's lines), so labelling needs no query.
        self.known_units: dict[int, OrgUnit] = {}

    def id_for_label(self, id_):
        return f"{id_}_text" if id_ else id_

    def format_value(self, value):
        if value in (None, ""):
            return ""
        return str(getattr(value, "pk", value))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget_attrs = dict(widget["attrs"])
        base_id = widget_attrs.pop("id", None) or f"id_{name}"
        css = widget_attrs.pop("class", "")
        widget["base_id"] = base_id
        widget["text_attrs"] = {**widget_attrs, "class": f"{css} form-control".strip()}
        # Given the unit itself (not its id), label it without a query.
        if not isinstance(value, OrgUnit) and str(widget["value"]).isdigit():
            value = self.known_units.get(int(widget["value"]), value)
        widget["label"] = unit_label(value) if isinstance(value, OrgUnit) else self._label(widget["value"])
        widget["search_url"] = reverse("orgunits:search")
        widget["cap"] = self.cap
        widget["current_only"] = self.current_only
        widget["types"] = ",".join(self.types)
        widget["scope"] = self.scope
        return context

    @staticmethod
    def _label(value) -> str:
        if not value or not str(value).isdigit():
            return ""
        unit = OrgUnit.objects.select_related("parent").filter(pk=int(value)).first()
        return unit_label(unit) if unit else ""

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data
