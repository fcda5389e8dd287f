import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.system import system_actor
from lib.errors import InvalidTransition
from stats import selectors, services
from stats.models import Rollup, Status, ValidationRule, WorkflowEvent


@pytest.fixture
def sub(tree, form6, personas):
    return services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=personas["ward_clerk"])


def test_a_value_is_stored_and_counted_in_every_ancestors_unapproved_total(sub, fill, tree, personas):
    fill(sub, by=personas["ward_clerk"], RECOMMENDATIONS_RAISED="1.500")
    for unit in ("conhue1", "btl", "hanoi_old", "vn"):
        assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree[unit], "2024H1", include_unapproved=True) == 1500
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["btl"], "2024H1") is None
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["tayho"], "2024H1", include_unapproved=True) is None


def test_text_in_a_number_field_is_refused_naming_the_field(sub, el):
    with pytest.raises(ValidationError) as exc:
        services.value_set(submission=sub, element=el("DIALOGUE_PARTICIPANTS"), value="nhiều", by=system_actor())
    assert "Số lượt người tham gia đối thoại" in str(exc.value)


def test_negative_numbers_and_fractions_of_a_count_are_refused(sub, el):
    with pytest.raises(ValidationError):
        services.value_set(submission=sub, element=el("DIALOGUE_PARTICIPANTS"), value="-3", by=system_actor())
    with pytest.raises(ValidationError):
        services.value_set(submission=sub, element=el("DIALOGUE_PARTICIPANTS"), value="2,5", by=system_actor())


def test_resolved_greater_than_raised_is_refused_and_names_both_fields(sub, fill, el):
    fill(sub, RECOMMENDATIONS_RAISED=30)
    with pytest.raises(ValidationError) as exc:
        services.value_set(submission=sub, element=el("RECOMMENDATIONS_RESOLVED"), value=31, by=system_actor())
    message = " ".join(exc.value.messages)
    assert "Số kiến nghị đã giải quyết sau đối thoại" in message and "Số kiến nghị của Nhân dân" in message
    assert selectors.aggregate("RECOMMENDATIONS_RESOLVED", sub.unit, "2024H1", include_unapproved=True) is None


def test_a_whole_smaller_than_its_part_is_refused_too(sub, fill, el):
    fill(sub, CBCC_CONF_HELD=5)
    with pytest.raises(ValidationError):
        services.value_set(submission=sub, element=el("CBCC_CONF_REQUIRED"), value=4, by=system_actor())


def test_an_admin_rule_is_checked_on_entry(sub, fill, el):
    ValidationRule.objects.create(
        name="Người tham gia ít nhất bằng số cuộc", left="DIALOGUE_PARTICIPANTS", operator=">=", right="DIALOGUES"
    )
    fill(sub, DIALOGUES={"PARTY": 2, "GOVERNMENT": 1})
    with pytest.raises(ValidationError) as exc:
        services.value_set(submission=sub, element=el("DIALOGUE_PARTICIPANTS"), value=2, by=system_actor())
    assert "Người tham gia ít nhất bằng số cuộc" in str(exc.value)
    fill(sub, DIALOGUE_PARTICIPANTS=3)


def test_the_total_of_a_disaggregated_element_is_the_sum_of_its_parts_and_never_below_them(sub, fill, el, tree):
    fill(sub, DIALOGUES={"PARTY": 2, "GOVERNMENT": 3})
    assert selectors.aggregate("DIALOGUES", tree["btl"], "2024H1", include_unapproved=True) == 5
    assert selectors.aggregate("DIALOGUES", tree["btl"], "2024H1", option_code="PARTY", include_unapproved=True) == 2
    # A total is typed only when its split is unknown (see test_unclassified.py); it cannot undercut the parts.
    with pytest.raises(ValidationError):
        services.value_set(submission=sub, element=el("DIALOGUES"), value=4, by=system_actor())


def test_a_future_period_is_refused(tree, form6):
    next_year = dt.date.today().year + 1
    with pytest.raises(ValidationError):
        services.submission_open(data_set=form6, period=f"{next_year}H1", unit=tree["quangan"], by=system_actor())


def test_a_unit_that_did_not_exist_in_the_period_is_refused(tree, form6):
    with pytest.raises(ValidationError):
        services.submission_open(data_set=form6, period="2026H1", unit=tree["conhue1"], by=system_actor())
    with pytest.raises(ValidationError):
        services.submission_open(data_set=form6, period="2024H1", unit=tree["dongngac"], by=system_actor())


def test_a_unit_of_a_type_that_does_not_report_the_form_is_refused(tree, form6):
    with pytest.raises(ValidationError):
        services.submission_open(data_set=form6, period="2024H1", unit=tree["btl"], by=system_actor())


def test_a_period_of_the_wrong_type_is_refused(tree, form6):
    with pytest.raises(ValidationError):
        services.submission_open(data_set=form6, period="2024", unit=tree["conhue1"], by=system_actor())


def test_values_are_locked_once_submitted_and_once_approved(sub, fill, el, personas):
    fill(sub, DIALOGUE_PARTICIPANTS=10)
    services.submission_submit(submission=sub, by=personas["ward_clerk"])
    with pytest.raises(InvalidTransition) as exc:
        services.value_set(submission=sub, element=el("DIALOGUE_PARTICIPANTS"), value=11, by=personas["ward_clerk"])
    assert exc.value.code == "locked"
    services.submission_approve(submission=sub, by=personas["district_reviewer"])
    with pytest.raises(InvalidTransition) as exc:
        services.value_set(submission=sub, element=el("DIALOGUE_PARTICIPANTS"), value=11, by=system_actor())
    assert exc.value.code == "locked"


def test_a_form_past_its_closing_date_is_locked(sub, el, form6):
    form6.expiry_days = 30
    form6.save()
    with pytest.raises(InvalidTransition) as exc:
        services.value_set(submission=sub, element=el("DIALOGUE_PARTICIPANTS"), value=11, by=system_actor())
    assert exc.value.code == "closed"


def test_approval_moves_values_into_approved_totals_and_reopen_takes_them_out(sub, fill, tree, personas):
    fill(sub, RECOMMENDATIONS_RAISED=40, RECOMMENDATIONS_RESOLVED=30)
    services.submission_submit(submission=sub, by=personas["ward_head"])
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["btl"], "2024H1") is None
    services.submission_approve(submission=sub, by=personas["district_reviewer"])
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["btl"], "2024H1") == 40
    services.submission_reopen(submission=sub, reason="Sai số liệu", by=personas["district_reviewer"])
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["btl"], "2024H1") is None
    sub.refresh_from_db()
    assert sub.status == Status.RETURNED and sub.reason == "Sai số liệu"
    actions = list(WorkflowEvent.objects.filter(submission=sub).values_list("action", flat=True))
    assert actions == ["submit", "approve", "reopen"]


def test_a_return_needs_a_reason(sub, personas):
    services.submission_submit(submission=sub, by=personas["ward_clerk"])
    with pytest.raises(ValidationError):
        services.submission_return(submission=sub, reason="  ", by=personas["district_reviewer"])


def test_a_reviewer_cannot_approve_their_own_units_form(tree, form6, personas):
    from accounts.services import assignment_add

    assignment_add(user=personas["district_reviewer"], unit=tree["conhue1"], role="reviewer", by=personas["admin"])
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    services.submission_submit(submission=sub, by=system_actor())
    with pytest.raises(PermissionDenied):
        services.submission_approve(submission=sub, by=personas["district_reviewer"])


def test_a_clerk_cannot_approve_and_an_outsider_cannot_enter(sub, personas, el):
    services.submission_submit(submission=sub, by=personas["ward_clerk"])
    with pytest.raises(PermissionDenied):
        services.submission_approve(submission=sub, by=personas["ward_clerk"])
    with pytest.raises(PermissionDenied):
        services.submission_open(data_set=sub.data_set, period="2024H1", unit=sub.unit.parent, by=personas["outsider"])


def test_the_rate_is_the_ratio_of_sums_not_the_average_of_percentages(tree, form6, fill, personas):
    a = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    b = services.submission_open(data_set=form6, period="2024H1", unit=tree["dongngac_old"], by=system_actor())
    fill(a, RECOMMENDATIONS_RAISED=10, RECOMMENDATIONS_RESOLVED=10)  # 100%
    fill(b, RECOMMENDATIONS_RAISED=90, RECOMMENDATIONS_RESOLVED=45)  # 50%
    for s in (a, b):
        services.submission_submit(submission=s, by=system_actor())
    services.submission_bulk_approve(submissions=[a, b], by=personas["district_reviewer"])
    result = selectors.indicator_rate("RESOLVED_RATE", tree["btl"], "2024H1")
    assert (result.numerator, result.denominator) == (55, 100)
    assert result.percent == Decimal("55.00")  # the average of 100% and 50% would be 75%


def test_district_approval_can_require_the_wards_approved_first(tree, form6, fill, personas):
    form6.unit_types = ["commune", "district"]
    form6.require_children_approved = True
    form6.save()
    district = services.submission_open(data_set=form6, period="2024H1", unit=tree["btl"], by=system_actor())
    services.submission_submit(submission=district, by=system_actor())
    ward = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    services.submission_submit(submission=ward, by=system_actor())
    with pytest.raises(InvalidTransition) as exc:
        services.submission_approve(submission=district, by=personas["city_leader"])
    assert "Phường Cổ Nhuế 1" in str(exc.value) and "Phường Đông Ngạc" in str(exc.value)
    assert exc.value.code == "children_not_approved"


def test_bulk_approve_reports_the_forms_it_could_not_approve(tree, form6, personas):
    a = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    b = services.submission_open(data_set=form6, period="2024H1", unit=tree["dongngac_old"], by=system_actor())
    services.submission_submit(submission=a, by=system_actor())
    approved, errors = services.submission_bulk_approve(submissions=[a, b], by=personas["district_reviewer"])
    assert [s.pk for s in approved] == [a.pk] and list(errors) == [b.pk]


def test_history_records_who_changed_a_submission(sub, personas):
    services.submission_submit(submission=sub, by=personas["ward_clerk"])
    assert sub.history.first().history_user == personas["ward_clerk"]


def test_rebuilding_rollups_gives_what_the_incremental_path_kept(sub, fill, personas):
    fill(sub, RECOMMENDATIONS_RAISED=7, DIALOGUES={"PARTY": 1})
    services.submission_submit(submission=sub, by=system_actor())
    services.submission_approve(submission=sub, by=personas["district_reviewer"])
    before = services.rollup_snapshot()
    services.rollup_rebuild()
    assert services.rollup_snapshot() == before == services.rollup_compute()
    assert Rollup.objects.filter(count__gt=0).count() == len(before)


def test_an_admin_rule_must_name_existing_elements_and_parse(db):
    ok = ValidationRule(name="a", left="CBCC_CONF_HELD + NLD_CONF_HELD", operator="<=", right="(CBCC_CONF_REQUIRED)")
    ok.full_clean()
    with pytest.raises(ValidationError) as exc:
        ValidationRule(name="b", left="NO_SUCH_CODE", operator="<=", right="CBCC_CONF_HELD +").full_clean()
    assert set(exc.value.error_dict) == {"left", "right"}


def test_a_text_element_added_by_an_admin_takes_text(sub, form6):
    from stats.models import DataElement, Section, SectionElement

    note = DataElement.objects.create(code="NOTABLE", name="Kết quả nổi bật", value_type="text")
    SectionElement.objects.create(section=Section.objects.filter(data_set=form6).first(), element=note)
    value = services.value_set(submission=sub, element=note, value="  Tổ chức tốt Hội nghị CBCC  ", by=system_actor())
    assert value.text == "Tổ chức tốt Hội nghị CBCC" and value.value is None
    assert services.rollup_snapshot() == {}


def test_an_element_not_on_the_form_is_refused(sub):
    from stats.models import DataElement

    other = DataElement.objects.create(code="OTHER", name="Chỉ tiêu khác")
    with pytest.raises(ValidationError):
        services.value_set(submission=sub, element=other, value=1, by=system_actor())
