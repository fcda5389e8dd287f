"""The Front's and social work, and "định kỳ / đột xuất" dialogues, in the standard catalogue."""

from pathlib import Path

import pytest

from stats.models import DataElement, DataSet, Indicator, SectionElement, ValidationRule

pytestmark = pytest.mark.django_db

NEW = {
    # code: (unit of measure, value type, aggregation)
    "POOR_FUND_RAISED": ("đồng", "amount", "sum"),
    "POOR_FUND_HOUSEHOLDS": ("hộ", "count", "sum"),
    "SOLIDARITY_HOUSES_BUILT": ("căn", "count", "sum"),
    "SOLIDARITY_HOUSES_REPAIRED": ("căn", "count", "sum"),
    "WELFARE_RELIEF_MONEY": ("đồng", "amount", "sum"),
    "HOUSEHOLDS_TOTAL": ("hộ", "count", "latest"),
    "DIALOGUES_BY_KIND": ("cuộc", "count", "sum"),
}


def test_each_new_element_has_a_vietnamese_name_unit_and_aggregation():
    elements = {e.code: e for e in DataElement.objects.filter(code__in=NEW)}
    assert set(elements) == set(NEW)
    for code, (uom, vtype, aggregation) in NEW.items():
        element = elements[code]
        assert element.name.startswith(("Số", "Tổng")), code
        assert (element.unit_of_measure, element.value_type, element.aggregation) == (uom, vtype, aggregation)


def test_both_standard_forms_carry_the_new_elements():
    for code in ("BC_DV_6T", "BC_DV_NAM"):
        data_set = DataSet.objects.get(code=code)
        placed = set(SectionElement.objects.filter(section__data_set=data_set).values_list("element__code", flat=True))
        assert set(NEW) <= placed, code
        dialogue_section = SectionElement.objects.get(section__data_set=data_set, element__code="DIALOGUES").section
        assert dialogue_section.items.filter(element__code="DIALOGUES_BY_KIND").exists()


def test_dialogues_split_into_periodic_and_ad_hoc_bounded_by_all_dialogues():
    element = DataElement.objects.get(code="DIALOGUES_BY_KIND")
    assert list(element.combo.options.values_list("name", flat=True)) == ["Định kỳ", "Đột xuất"]
    # The host split stays where it was.
    assert DataElement.objects.get(code="DIALOGUES").combo.code == "DIALOGUE_HOST"
    rule = ValidationRule.objects.get(left="DIALOGUES_BY_KIND")
    assert (rule.operator, rule.right) == ("<=", "DIALOGUES")


def test_households_registered_as_cultural_families_is_a_rate_of_all_households():
    rate = Indicator.objects.get(code="CULT_FAMILIES_REG_RATE")
    assert (rate.numerator.code, rate.denominator.code) == ("CULT_FAMILIES_REGISTERED", "HOUSEHOLDS_TOTAL")


def test_the_readme_lists_every_element_and_rate_of_the_catalogue():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for code in DataElement.objects.values_list("code", flat=True):
        assert code in readme, code
    for code in Indicator.objects.values_list("code", flat=True):
        assert code in readme, code
