"""A whole form saved at once: a bounded number of queries whatever its size, all or none,
history for every row, and rollups that equal a recomputation."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.system import system_actor
from stats import services
from stats.models import DataValue
from stats.services import ValueInput

# The lock, the access check, the form's metadata (elements, options, indicators, rules, ranges
# for the unit's level), the existing values, the unit's figures in other periods (period rules
# and outliers), two writes with their history rows, and the rollups (ancestors, the year's
# own figures, the cache generations, insert of missing rows, one update): a number that does
# not depend on the form.
SAVE_BOUND = 20


def _fields(data_set):
    """Every numeric line of the form: (element, option) with options for disaggregated ones."""
    lines = []
    for element in services.data_set_elements(data_set):
        if not element.is_numeric:
            continue
        if element.combo_id:
            lines += [(element, option) for option in element.combo.options.order_by("sort_order", "id")]
        else:
            lines.append((element, None))
    return lines


def _queries(submission, values, by):
    with CaptureQueriesContext(connection) as ctx:
        services.save_values(submission=submission, values=values, by=by)
    return len(ctx.captured_queries)


def test_a_three_value_form_and_a_whole_form_save_in_the_same_number_of_queries(
    tree, form6, personas, django_assert_max_num_queries
):
    clerk = personas["ward_clerk"]
    lines = _fields(form6)
    assert len(lines) >= 17  # the half-year form is large enough for the comparison to mean something
    small = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    large = services.submission_open(data_set=form6, period="2023H1", unit=tree["conhue1"], by=system_actor())
    # the same value everywhere keeps every part ≤ whole rule of the form satisfied
    with django_assert_max_num_queries(SAVE_BOUND):
        services.save_values(submission=small, values=[ValueInput(e, o, "2") for e, o in lines[:3]], by=clerk)
    with django_assert_max_num_queries(SAVE_BOUND):
        services.save_values(submission=large, values=[ValueInput(e, o, "2") for e, o in lines], by=clerk)
    assert DataValue.objects.filter(submission=small).count() == 3
    assert DataValue.objects.filter(submission=large).count() == len(lines)
    # and changing every value of the large form costs no more than changing three
    few = _queries(small, [ValueInput(e, o, "1") for e, o in lines[:3]], clerk)
    many = _queries(large, [ValueInput(e, o, "1") for e, o in lines], clerk)
    assert few == many <= SAVE_BOUND
    assert services.rollup_snapshot() == services.rollup_compute()


def test_a_bulk_save_is_all_or_none_and_checks_rules_on_the_result(tree, form6, personas, el):
    clerk = personas["ward_clerk"]
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    raised, resolved = el("RECOMMENDATIONS_RAISED"), el("RECOMMENDATIONS_RESOLVED")
    with pytest.raises(ValidationError):
        services.save_values(
            submission=sub, values=[ValueInput(raised, None, "5"), ValueInput(resolved, None, "9")], by=clerk
        )
    assert not DataValue.objects.filter(submission=sub).exists()
    assert services.rollup_snapshot() == {}
    # raising the whole and the part together passes although the part alone would break the rule
    services.save_values(submission=sub, values=[ValueInput(raised, None, "5")], by=clerk)
    services.save_values(
        submission=sub, values=[ValueInput(resolved, None, "9"), ValueInput(raised, None, "10")], by=clerk
    )
    assert services.submission_totals(sub) == {"RECOMMENDATIONS_RAISED": 10, "RECOMMENDATIONS_RESOLVED": 9}
    # a text in a number field refuses the whole batch
    with pytest.raises(ValidationError):
        services.save_values(
            submission=sub, values=[ValueInput(raised, None, "20"), ValueInput(resolved, None, "abc")], by=clerk
        )
    assert services.submission_totals(sub)["RECOMMENDATIONS_RAISED"] == 10


def test_every_created_changed_and_cleared_row_has_its_history_with_the_author(tree, form6, personas, el):
    clerk = personas["ward_clerk"]
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    raised, resolved = el("RECOMMENDATIONS_RAISED"), el("RECOMMENDATIONS_RESOLVED")
    services.save_values(
        submission=sub, values=[ValueInput(raised, None, "8"), ValueInput(resolved, None, "3")], by=clerk
    )
    services.save_values(
        submission=sub, values=[ValueInput(raised, None, "9"), ValueInput(resolved, None, "")], by=clerk
    )
    history = DataValue.history.filter(submission_id=sub.pk).order_by("history_id")
    kinds = [(h.element_id, h.history_type, h.value, h.history_user_id) for h in history]
    assert kinds == [
        (raised.pk, "+", 8, clerk.pk),
        (resolved.pk, "+", 3, clerk.pk),
        (raised.pk, "~", 9, clerk.pk),
        (resolved.pk, "-", 3, clerk.pk),
    ]
    assert services.submission_totals(sub) == {"RECOMMENDATIONS_RAISED": 9}
    assert services.rollup_snapshot() == services.rollup_compute()


def test_codes_name_the_element_and_option_and_an_element_off_the_form_is_refused(tree, form6, form_year, personas, el):
    clerk = personas["ward_clerk"]
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    dialogues = el("DIALOGUES")
    option = dialogues.combo.options.first()
    services.save_values(submission=sub, values=[ValueInput("DIALOGUES", option.code, "4")], by=clerk)
    assert DataValue.objects.get(submission=sub, element=dialogues, option=option).value == 4
    year_only = next(e for e in services.data_set_elements(form_year) if e.code.startswith("CULT_"))
    with pytest.raises(ValidationError) as exc:
        services.save_values(submission=sub, values=[ValueInput(year_only, None, "1")], by=clerk)
    assert "element" in exc.value.message_dict
