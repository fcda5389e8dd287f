"""Qualified figures ("trên 11.000 lượt", "gần 3.600", "khoảng 6.500"): typed in the form or the
API, kept through sums (a sum with an inexact part is inexact and says how), and given by the
aggregate API, the aggregates export and the report facts."""

import pytest
from django.core.exceptions import ValidationError

from accounts.system import system_actor
from lib.vn_numbers import VNNumberError, combine_qualifiers, parse_qualified_vn_number
from stats import selectors, services
from stats.models import DataValue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "number", "qualifier"),
    [
        ("trên 11.000", 11000, "over"),
        ("Hơn 200", 200, "over"),
        ("gần 3.600", 3600, "nearly"),
        ("khoảng 6.500", 6500, "about"),
        ("xấp xỉ 1.234,5", 1234.5, "about"),
        ("1.500", 1500, "exact"),
        (12, 12, "exact"),
    ],
)
def test_qualifier_words_are_read_from_typed_text(typed, number, qualifier):
    parsed, kind = parse_qualified_vn_number(typed)
    assert (float(parsed), kind) == (number, qualifier)


@pytest.mark.parametrize("typed", ["trên", "trên1.5", "trênx 5", "gần 1.5"])
def test_a_qualifier_without_a_clear_number_is_refused(typed):
    with pytest.raises(VNNumberError):
        parse_qualified_vn_number(typed)


def test_combining_qualifiers_says_how_a_sum_is_inexact():
    assert combine_qualifiers(["exact", "exact"]) == "exact"
    assert combine_qualifiers(["exact", "over", "over"]) == "over"
    assert combine_qualifiers(["nearly", "exact"]) == "nearly"
    assert combine_qualifiers(["over", "nearly"]) == "about"


@pytest.fixture
def two_wards(tree, form6):
    return [
        services.submission_open(data_set=form6, period="2024H1", unit=tree[name], by=system_actor())
        for name in ("conhue1", "dongngac_old")
    ]


def test_a_typed_qualifier_is_stored_with_the_value(two_wards, el):
    services.value_set(
        submission=two_wards[0], element=el("DIALOGUE_PARTICIPANTS"), value="trên 11.000", by=system_actor()
    )
    value = DataValue.objects.get(submission=two_wards[0], element=el("DIALOGUE_PARTICIPANTS"))
    assert (value.value, value.qualifier) == (11000, "over")
    # Typed again without the word, the figure becomes exact.
    services.value_set(submission=two_wards[0], element=el("DIALOGUE_PARTICIPANTS"), value="11.200", by=system_actor())
    value.refresh_from_db()
    assert (value.value, value.qualifier) == (11200, "exact")


def test_a_qualifier_word_with_text_instead_of_a_number_is_refused(two_wards, el):
    with pytest.raises(ValidationError):
        services.value_set(
            submission=two_wards[0], element=el("DIALOGUE_PARTICIPANTS"), value="trên", by=system_actor()
        )


def test_a_sum_with_an_over_part_is_over_and_mixed_parts_are_about(two_wards, fill, tree):
    fill(two_wards[0], DIALOGUE_PARTICIPANTS="trên 11.000", RECOMMENDATIONS_RAISED="gần 40")
    fill(two_wards[1], DIALOGUE_PARTICIPANTS="3.600", RECOMMENDATIONS_RAISED="trên 10")
    participants = selectors.aggregate_detail("DIALOGUE_PARTICIPANTS", tree["btl"], "2024H1", include_unapproved=True)
    assert (participants.value, participants.qualifier) == (14600, "over")
    raised = selectors.aggregate_detail("RECOMMENDATIONS_RAISED", tree["btl"], "2024H1", include_unapproved=True)
    assert (raised.value, raised.qualifier) == (50, "about")
    exact = selectors.aggregate_detail("DIALOGUE_PARTICIPANTS", tree["dongngac_old"], "2024H1", include_unapproved=True)
    assert exact.qualifier == "exact"


def test_an_inexact_option_makes_the_element_total_inexact(two_wards, fill, tree):
    fill(two_wards[0], DIALOGUES={"PARTY": "khoảng 6", "GOVERNMENT": 2})
    values = selectors.aggregate_many(["DIALOGUES"], tree["btl"], "2024H1", include_unapproved=True)
    assert values.qualifier(("DIALOGUES", "PARTY")) == "about"
    assert values.qualifier(("DIALOGUES", "GOVERNMENT")) == "exact"
    assert values.qualifier(("DIALOGUES", None)) == "about"


def test_a_year_ignores_the_qualifier_of_halves_an_annual_figure_replaced(tree, form6, form_year, fill):
    form6.half_years = "1,2"
    form6.save()
    half = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    fill(half, DIALOGUE_PARTICIPANTS="khoảng 500")
    assert (
        selectors.aggregate_detail("DIALOGUE_PARTICIPANTS", tree["btl"], "2024", include_unapproved=True).qualifier
        == "about"
    )
    year = services.submission_open(data_set=form_year, period="2024", unit=tree["conhue1"], by=system_actor())
    fill(year, DIALOGUE_PARTICIPANTS="1.000")
    detail = selectors.aggregate_detail("DIALOGUE_PARTICIPANTS", tree["btl"], "2024", include_unapproved=True)
    assert (detail.value, detail.qualifier) == (1000, "exact")


def test_only_approved_qualifiers_count_for_approved_figures(two_wards, fill, tree, personas):
    fill(two_wards[0], DIALOGUE_PARTICIPANTS="trên 100")
    fill(two_wards[1], DIALOGUE_PARTICIPANTS="50")
    services.submission_submit(submission=two_wards[1], by=system_actor())
    services.submission_approve(submission=two_wards[1], by=personas["district_reviewer"])
    approved = selectors.aggregate_detail("DIALOGUE_PARTICIPANTS", tree["btl"], "2024H1")
    assert (approved.value, approved.qualifier) == (50, "exact")


def test_the_entry_form_shows_the_figure_as_typed(two_wards, fill, form6):
    fill(two_wards[0], DIALOGUE_PARTICIPANTS="trên 11.000")
    lines = [line for section in selectors.form_layout(form6, two_wards[0]) for line in section.lines]
    line = next(line for line in lines if line.element.code == "DIALOGUE_PARTICIPANTS")
    assert line.typed == "trên 11.000"


def test_the_aggregates_export_has_the_qualifier(two_wards, fill, form6, tree):
    from stats.exports import aggregate_sheets

    fill(two_wards[0], DIALOGUE_PARTICIPANTS="gần 3.600")
    table = selectors.aggregate_table(form6, tree["btl"], "2024H1", include_unapproved=True)
    from django.utils import translation

    with translation.override("en"):  # an earlier test may leave Vietnamese active
        sheet = aggregate_sheets(table, form6, tree["btl"])[0]
        labels = [str(c.label) for c in sheet.columns]
    column = sheet.columns[labels.index("Qualifier")]
    row = next(r for r in table["rows"] if r.element.code == "DIALOGUE_PARTICIPANTS" and r.option is None)
    assert column.value(row) == "gần"


def test_a_qualifier_holds_through_lineage_under_todays_city(two_wards, fill, tree):
    # A 2024 ward figure read under the Hà Nội formed in 2025, which counts the old city through lineage.
    fill(two_wards[0], DIALOGUE_PARTICIPANTS="trên 100")
    fill(two_wards[1], DIALOGUE_PARTICIPANTS="20")
    detail = selectors.aggregate_detail(
        "DIALOGUE_PARTICIPANTS", tree["hanoi"], "2024H1", include_unapproved=True, through_lineage=True
    )
    assert (detail.value, detail.qualifier) == (120, "over")
