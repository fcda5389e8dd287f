import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.system import system_actor
from awards import catalogue as c
from awards.models import AwardDecision, AwardRecipient, DecisionStatus
from awards.services import (
    decision_create,
    decision_update,
    person_key,
    recipient_add,
    recipient_remove,
    recipients_add,
)


def test_a_decision_records_who_created_it_in_its_history(make_decision, personas):
    decision = make_decision(by=personas["district_reviewer"])
    record = decision.history.first()
    assert record.history_user == personas["district_reviewer"]
    assert record.history_type == "+"


def test_a_decision_without_reward_form_or_emulation_title_is_refused_in_vietnamese(make_decision):
    with pytest.raises(ValidationError) as info:
        make_decision(reward_form=None)
    assert "hình thức khen thưởng hoặc danh hiệu thi đua" in str(info.value)
    assert "reward_form" in info.value.error_dict
    assert not AwardDecision.objects.exists()


def test_an_emulation_title_alone_is_enough(make_decision, cat):
    decision = make_decision(reward_form=None, emulation_title=cat[c.TAP_THE_LAO_DONG_XUAT_SAC])
    assert decision.what == "Tập thể lao động xuất sắc"


def test_an_issued_decision_needs_number_and_date(make_decision):
    with pytest.raises(ValidationError) as info:
        make_decision(number="  ", date=None)
    assert set(info.value.error_dict) >= {"number", "date"}
    assert "số quyết định" in str(info.value).lower() or "số" in str(info.value)


def test_a_proposal_needs_neither_number_nor_date(make_decision, tree, cat):
    decision = make_decision(
        number="",
        date=None,
        status=DecisionStatus.PROPOSED,
        issuer=tree["hanoi_old"],
        issuer_title="Ban Thường vụ Thành ủy",
        proposed_by=tree["btl"],
        reward_form=cat[c.BANG_KHEN],
    )
    assert decision.status == DecisionStatus.PROPOSED


def test_a_year_far_from_the_decision_date_is_refused(make_decision):
    with pytest.raises(ValidationError) as info:
        make_decision(year=2015)
    assert "year" in info.value.error_dict


def test_a_reviewer_cannot_issue_a_decision_for_a_unit_outside_their_subtree(make_decision, tree, personas):
    with pytest.raises(PermissionDenied) as info:
        make_decision(by=personas["district_reviewer"], issuer=tree["tayho"])
    assert "Chỉ lãnh đạo hoặc cán bộ thẩm định" in str(info.value)


def test_a_ward_clerk_may_propose_but_not_issue(make_decision, tree, personas, cat):
    clerk = personas["ward_clerk"]
    with pytest.raises(PermissionDenied):
        make_decision(by=clerk)
    proposal = make_decision(
        by=clerk, status=DecisionStatus.PROPOSED, proposed_by=tree["conhue1"], number="", date=None
    )
    assert proposal.proposed_by == tree["conhue1"]
    with pytest.raises(PermissionDenied):
        decision_update(
            decision=proposal, by=clerk, status=DecisionStatus.ISSUED, number="9", date=dt.date(2022, 12, 1)
        )
    proposal.refresh_from_db()
    assert proposal.status == DecisionStatus.PROPOSED


def test_a_proposing_unit_must_lie_under_the_issuer(make_decision, tree):
    with pytest.raises(ValidationError) as info:
        make_decision(status=DecisionStatus.PROPOSED, proposed_by=tree["quangan"])
    assert "proposed_by" in info.value.error_dict


def test_recipients_are_added_one_by_one_and_in_bulk_with_history(make_decision, tree, personas):
    decision = make_decision()
    reviewer = personas["district_reviewer"]
    one = recipient_add(decision=decision, by=reviewer, kind="collective", unit=tree["conhue1"])
    rows = [
        {"kind": "collective", "unit": tree["dongngac_old"]},
        {"kind": "collective", "unit": tree["conhue1"], "name": "Chi bộ Tổ dân phố số 3"},
        {"kind": "individual", "name": "  Nguyễn   Thị Lan ", "position": "Tổ trưởng", "unit": tree["tdp1"]},
    ]
    added = recipients_add(decision=decision, by=reviewer, rows=rows)
    assert len(added) == 3
    assert decision.recipients.count() == 4
    assert one.display_name == "Phường Cổ Nhuế 1"
    assert added[2].name == "Nguyễn Thị Lan"
    assert AwardRecipient.history.filter(decision_id=decision.pk, history_user=reviewer).count() == 4


def test_a_bulk_add_with_one_bad_line_adds_nothing_and_names_the_line(make_decision, tree):
    decision = make_decision()
    rows = [{"kind": "collective", "unit": tree["conhue1"]}, {"kind": "individual", "name": ""}]
    with pytest.raises(ValidationError) as info:
        recipients_add(decision=decision, by=system_actor(), rows=rows)
    assert "Dòng 2" in str(info.value)
    assert "họ và tên" in str(info.value)
    assert set(info.value.errors_by_row) == {1}
    assert decision.recipients.count() == 0


def test_a_collective_needs_a_unit_or_a_group_name(make_decision):
    with pytest.raises(ValidationError) as info:
        recipient_add(decision=make_decision(), by=system_actor(), kind="collective")
    assert "unit" in info.value.error_dict


def test_a_removed_recipient_stays_marked_with_a_history_entry(make_decision, tree, personas):
    decision = make_decision()
    recipient = recipient_add(decision=decision, by=system_actor(), kind="collective", unit=tree["conhue1"])
    recipient_remove(recipient=recipient, by=personas["district_reviewer"])
    assert not decision.recipients.exists()
    # Soft delete (lib.softdelete): the row stays, marked, for an administrator to restore.
    assert AwardRecipient.all_objects.get(pk=recipient.pk).deleted_by == personas["district_reviewer"]
    last = AwardRecipient.history.filter(decision_id=decision.pk).order_by("-history_id").first()
    assert last.history_type == "~" and last.deleted_at is not None
    assert last.history_user == personas["district_reviewer"]


def test_an_outsider_cannot_add_recipients(make_decision, tree, personas):
    decision = make_decision()
    with pytest.raises(PermissionDenied):
        recipient_add(decision=decision, by=personas["outsider"], kind="collective", unit=tree["quangan"])
    assert not decision.recipients.exists()


def test_a_commemorative_medal_is_given_to_individuals_only(medal_decision, tree):
    with pytest.raises(ValidationError) as info:
        recipient_add(decision=medal_decision(), by=system_actor(), kind="collective", unit=tree["conhue1"])
    assert "chỉ tặng cho cá nhân" in str(info.value)


def test_the_commemorative_medal_cannot_be_given_twice_to_the_same_person_across_decisions(medal_decision, tree):
    first = medal_decision(number="215-QĐ/BDVTW")
    recipient_add(decision=first, by=system_actor(), kind="individual", name="Trần Văn Hùng", unit=tree["conhue1"])
    second = medal_decision(number="402-QĐ/BDVTW", year=2024, date=dt.date(2024, 9, 30))
    with pytest.raises(ValidationError) as info:
        recipient_add(decision=second, by=system_actor(), kind="individual", name="TRAN VAN HUNG", unit=tree["conhue1"])
    message = " ".join(info.value.messages)
    assert "đã được tặng Kỷ niệm chương" in message
    assert "215-QĐ/BDVTW" in message and "15/12/2022" in message
    assert "name" in info.value.error_dict
    assert not second.recipients.exists()


def test_the_medal_rule_refuses_a_second_line_for_the_same_person_in_one_bulk_add(medal_decision):
    rows = [{"kind": "individual", "name": "Lê Thị Hoa"}, {"kind": "individual", "name": "Lê Thị  Hoa"}]
    decision = medal_decision()
    with pytest.raises(ValidationError) as info:
        recipients_add(decision=decision, by=system_actor(), rows=rows)
    assert "Dòng 2" in str(info.value)
    assert not decision.recipients.exists()


def test_namesakes_with_different_dates_of_birth_may_both_receive_the_medal(medal_decision):
    decision = medal_decision()
    recipient_add(
        decision=decision, by=system_actor(), kind="individual", name="Phạm Văn An", date_of_birth=dt.date(1970, 1, 1)
    )
    recipient_add(
        decision=decision, by=system_actor(), kind="individual", name="Phạm Văn An", date_of_birth=dt.date(1980, 5, 2)
    )
    assert decision.recipients.count() == 2


def test_a_missing_date_of_birth_does_not_tell_namesakes_apart(medal_decision):
    decision = medal_decision()
    recipient_add(
        decision=decision, by=system_actor(), kind="individual", name="Phạm Văn An", date_of_birth=dt.date(1970, 1, 1)
    )
    with pytest.raises(ValidationError) as info:
        recipient_add(decision=decision, by=system_actor(), kind="individual", name="Phạm Văn An")
    assert "ngày sinh" in str(info.value)


def test_removing_a_medal_recipient_frees_the_person_for_a_later_decision(medal_decision):
    first = medal_decision()
    recipient = recipient_add(decision=first, by=system_actor(), kind="individual", name="Đỗ Thị Mai")
    recipient_remove(recipient=recipient, by=system_actor())
    second = medal_decision(number="402-QĐ/BDVTW", year=2024, date=dt.date(2024, 9, 30))
    assert recipient_add(decision=second, by=system_actor(), kind="individual", name="Đỗ Thị Mai").once_key


def test_ordinary_rewards_may_be_given_to_the_same_person_every_year(make_decision):
    for year in (2022, 2023):
        decision = make_decision(number=f"{year}-QĐ", year=year, date=dt.date(year, 12, 1))
        recipient_add(decision=decision, by=system_actor(), kind="individual", name="Ngô Thanh Bình")
    assert AwardRecipient.objects.filter(person_key__startswith="ngo thanh binh|").count() == 2


def test_changing_a_decision_to_the_medal_rechecks_its_recipients(make_decision, medal_decision):
    medal = medal_decision()
    recipient_add(decision=medal, by=system_actor(), kind="individual", name="Vũ Quang Huy")
    other = make_decision(number="77-QĐ/QU")
    recipient_add(decision=other, by=system_actor(), kind="individual", name="Vũ Quang Huy")
    with pytest.raises(ValidationError) as info:
        decision_update(decision=other, by=system_actor(), reward_form=medal.reward_form)
    assert "reward_form" in info.value.error_dict
    assert "Kỷ niệm chương" in str(info.value)
    other.refresh_from_db()
    assert other.reward_form.code == c.GIAY_KHEN


def test_the_database_refuses_a_duplicate_medal_key(medal_decision):
    from django.db import IntegrityError, transaction

    recipient = recipient_add(decision=medal_decision(), by=system_actor(), kind="individual", name="Bùi Thị Yến")
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardRecipient.objects.create(
            decision=recipient.decision, kind="individual", name="x", once_key=recipient.once_key
        )


def test_person_key_folds_accents_and_keeps_birth_date_and_unit():
    assert person_key("Đặng Thị Hạnh", dt.date(1975, 3, 8), 12) == "dang thi hanh|1975-03-08|12"
    assert person_key("Đặng Thị Hạnh") == "dang thi hanh||"


def test_update_keeps_fields_and_writes_history(make_decision, personas):
    decision = make_decision()
    decision_update(decision=decision, by=personas["district_reviewer"], signer="Nguyễn Tiến Thành")
    decision.refresh_from_db()
    assert decision.signer == "Nguyễn Tiến Thành"
    assert decision.history.first().history_user == personas["district_reviewer"]


def test_create_rejects_unknown_fields(tree):
    with pytest.raises(TypeError):
        decision_create(by=system_actor(), issuer=tree["btl"], issuer_title="x", year=2022, colour="red")
