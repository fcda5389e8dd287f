"""A total entered when its split is (partly) unknown: the remainder shows as "chưa phân loại",
the total stays what was typed, and aggregates add it like any part."""

import pytest
from django.core.exceptions import ValidationError

from accounts.system import system_actor
from stats import selectors, services
from stats.models import CategoryOption, DataValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def sub(tree, form6):
    return services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())


def _set(sub, element, value, option=None):
    return services.value_set(submission=sub, element=element, option=option, value=value, by=system_actor())


def test_a_total_without_its_split_leaves_an_unclassified_remainder(sub, el, tree):
    dialogues = el("DIALOGUES")
    party = dialogues.combo.options.get(code="PARTY")
    _set(sub, dialogues, 4, party)
    _set(sub, dialogues, 10)  # 10 dialogues, only 4 of them known to be chaired by the party committee
    rest = DataValue.objects.get(submission=sub, element=dialogues, option__unclassified=True)
    assert (rest.option.name, rest.value) == ("Chưa phân loại", 6)
    values = selectors.aggregate_many(["DIALOGUES"], tree["btl"], "2024H1", include_unapproved=True)
    assert values[("DIALOGUES", None)] == 10
    assert values[("DIALOGUES", "PARTY")] == 4
    assert values[("DIALOGUES", "UNCLASSIFIED")] == 6


def test_a_part_typed_later_takes_from_the_remainder_and_the_total_stays(sub, el, tree):
    dialogues = el("DIALOGUES")
    government = dialogues.combo.options.get(code="GOVERNMENT")
    _set(sub, dialogues, 10)
    _set(sub, dialogues, 3, government)
    assert selectors.aggregate("DIALOGUES", tree["conhue1"], "2024H1", include_unapproved=True) == 10
    assert (
        selectors.aggregate("DIALOGUES", tree["conhue1"], "2024H1", option_code="UNCLASSIFIED", include_unapproved=True)
        == 7
    )
    with pytest.raises(ValidationError):
        _set(sub, dialogues, 11, government)  # more than the total typed


def test_a_total_below_its_known_parts_is_refused(sub, el):
    dialogues = el("DIALOGUES")
    _set(sub, dialogues, 5, dialogues.combo.options.get(code="PARTY"))
    with pytest.raises(ValidationError):
        _set(sub, dialogues, 4)


def test_clearing_the_total_makes_it_the_sum_of_its_parts_again(sub, el, tree):
    dialogues = el("DIALOGUES")
    _set(sub, dialogues, 2, dialogues.combo.options.get(code="PARTY"))
    _set(sub, dialogues, 9)
    _set(sub, dialogues, "")
    assert selectors.aggregate("DIALOGUES", tree["conhue1"], "2024H1", include_unapproved=True) == 2
    assert not DataValue.objects.filter(submission=sub, option__unclassified=True).exists()


def test_the_remainder_cannot_be_typed(sub, el):
    dialogues = el("DIALOGUES")
    _set(sub, dialogues, 9)
    rest = CategoryOption.objects.get(combo=dialogues.combo, unclassified=True)
    with pytest.raises(ValidationError):
        _set(sub, dialogues, 1, rest)


def test_rollups_kept_through_typed_totals_equal_a_recomputation(sub, el):
    dialogues = el("DIALOGUES")
    party = dialogues.combo.options.get(code="PARTY")
    _set(sub, dialogues, 10)
    _set(sub, dialogues, 4, party)
    _set(sub, dialogues, 12)
    _set(sub, dialogues, 1, party)
    assert services.rollup_snapshot() == services.rollup_compute()
