import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.system import system_actor
from initiatives import services
from initiatives.models import EventAction, Origin, RecognitionLevel, Status
from lib.errors import InvalidTransition


def messages_of(exc_info) -> str:
    return " ".join(exc_info.value.messages)


def test_a_new_initiative_starts_as_a_draft_with_a_folded_search_text(make_initiative):
    initiative = make_initiative(name="Đồng Tâm xây dựng nông thôn mới")
    assert initiative.status == Status.DRAFT
    assert "dong tam xay dung nong thon moi" in initiative.search_text
    assert "phuong co nhue 1" in initiative.search_text
    assert initiative.lineage_path == f"{initiative.pk:09d}."
    assert [e.action for e in initiative.events.all()] == [EventAction.CREATE]


def test_the_full_life_cycle_is_recorded_on_the_timeline(make_initiative, personas):
    initiative = make_initiative(status="recognized")
    events = list(initiative.events.order_by("at", "pk"))
    assert [e.action for e in events] == ["create", "register", "start", "propose", "recognize"]
    assert events[-1].from_status == Status.PROPOSED and events[-1].to_status == Status.RECOGNIZED
    assert events[-1].level == RecognitionLevel.DISTRICT and events[-1].decision is not None
    assert initiative.recognized_level == RecognitionLevel.DISTRICT
    assert initiative.decision_items.count() == 1


def test_ward_clerk_registers_and_proposes_for_their_ward(make_initiative, personas):
    clerk = personas["ward_clerk"]
    initiative = make_initiative()
    services.initiative_register(initiative=initiative, by=clerk)
    services.initiative_start(initiative=initiative, by=clerk)
    services.initiative_propose(initiative=initiative, level="district", by=clerk)
    initiative.refresh_from_db()
    assert initiative.status == Status.PROPOSED and initiative.proposed_level == "district"
    assert initiative.events.last().by == clerk


def test_outsider_cannot_register_another_wards_initiative(make_initiative, personas):
    initiative = make_initiative()
    with pytest.raises(PermissionDenied):
        services.initiative_register(initiative=initiative, by=personas["outsider"])


def test_district_reviewer_recognizes_at_district_level(make_initiative, personas, tree, day):
    reviewer = personas["district_reviewer"]
    initiative = make_initiative(status="proposed")
    decision = services.decision_create(by=reviewer, number="12-QĐ/QU", date=day, issuer=tree["btl"], level="district")
    services.decision_recognize(decision=decision, initiatives=[initiative], by=reviewer, outstanding=[initiative])
    initiative.refresh_from_db()
    assert initiative.status == Status.RECOGNIZED
    assert initiative.decision_items.get().outstanding is True


def test_ward_clerk_cannot_recognize(make_initiative, personas, tree, day):
    initiative = make_initiative(status="proposed")
    decision = services.decision_create(
        by=system_actor(), number="12-QĐ/QU", date=day, issuer=tree["btl"], level="district"
    )
    with pytest.raises(PermissionDenied):
        services.decision_recognize(decision=decision, initiatives=[initiative], by=personas["ward_clerk"])


def test_district_reviewer_cannot_recognize_at_city_level(make_initiative, personas, tree, day):
    initiative = make_initiative(status="proposed", level="province")
    decision = services.decision_create(
        by=system_actor(), number="7-QĐ/TU", date=day, issuer=tree["hanoi_old"], level="province"
    )
    with pytest.raises(PermissionDenied):
        services.decision_recognize(decision=decision, initiatives=[initiative], by=personas["district_reviewer"])


def test_city_leader_recognizes_at_city_level_through_lineage(make_initiative, personas, tree, day):
    initiative = make_initiative(status="proposed", level="province")
    decision = services.decision_create(
        by=personas["city_leader"], number="7-QĐ/TU", date=day, issuer=tree["hanoi_old"], level="province"
    )
    services.decision_recognize(decision=decision, initiatives=[initiative], by=personas["city_leader"])
    initiative.refresh_from_db()
    assert initiative.recognized_level == "province"


def test_a_decision_above_its_issuers_level_is_refused(personas, tree, day):
    with pytest.raises(ValidationError) as exc:
        services.decision_create(by=system_actor(), number="3-QĐ", date=day, issuer=tree["conhue1"], level="district")
    assert "level" in exc.value.message_dict
    assert "Phường Cổ Nhuế 1" in messages_of(exc)


def test_recognizing_under_a_decision_of_another_level_is_refused(make_initiative, tree, day):
    initiative = make_initiative(status="proposed", level="district")
    decision = services.decision_create(
        by=system_actor(), number="4-QĐ", date=day, issuer=tree["conhue1"], level="commune"
    )
    with pytest.raises(InvalidTransition) as exc:
        services.decision_recognize(decision=decision, initiatives=[initiative], by=system_actor())
    assert exc.value.code == "other_level"
    initiative.refresh_from_db()
    assert initiative.status == Status.PROPOSED


def test_refusing_needs_a_reason_and_keeps_it(make_initiative, personas):
    reviewer = personas["district_reviewer"]
    initiative = make_initiative(status="proposed")
    with pytest.raises(ValidationError) as exc:
        services.initiative_refuse(initiative=initiative, by=reviewer, reason="  ")
    assert "reason" in exc.value.message_dict
    services.initiative_refuse(initiative=initiative, by=reviewer, reason="Chưa có kết quả thực tế")
    initiative.refresh_from_db()
    assert initiative.status == Status.NOT_RECOGNIZED
    assert initiative.events.last().reason == "Chưa có kết quả thực tế"


def test_a_refused_initiative_can_be_reopened_and_proposed_again(make_initiative, personas):
    clerk = personas["ward_clerk"]
    initiative = make_initiative(status="not_recognized")
    services.initiative_reopen(initiative=initiative, by=clerk)
    services.initiative_propose(initiative=initiative, level="district", by=clerk)
    initiative.refresh_from_db()
    assert initiative.status == Status.PROPOSED


def test_a_recognized_initiative_may_be_proposed_to_the_next_level_only(make_initiative, personas):
    initiative = make_initiative(status="recognized", level="district")
    with pytest.raises(ValidationError):
        services.initiative_propose(initiative=initiative, level="commune", by=personas["ward_clerk"])
    services.initiative_propose(initiative=initiative, level="province", by=personas["district_reviewer"])
    initiative.refresh_from_db()
    assert initiative.status == Status.PROPOSED and initiative.recognized_level == "district"


def test_illegal_transitions_say_so_in_vietnamese(make_initiative, settings):
    from django.utils import translation

    initiative = make_initiative()
    with translation.override("vi"), pytest.raises(InvalidTransition) as exc:
        services.initiative_start(initiative=initiative, by=system_actor())
    assert "không thể" in str(exc.value)
    assert exc.value.code == "not_registered"


def test_stopping_records_the_date_and_withdrawing_a_proposal_goes_back(make_initiative):
    proposed = make_initiative(status="proposed")
    services.initiative_withdraw(initiative=proposed, by=system_actor())
    proposed.refresh_from_db()
    assert proposed.status == Status.IMPLEMENTING and proposed.proposed_level == ""
    services.initiative_stop(initiative=proposed, by=system_actor(), reason="Hết kinh phí")
    proposed.refresh_from_db()
    assert proposed.status == Status.STOPPED and proposed.stopped_on is not None
    with pytest.raises(InvalidTransition) as exc:
        services.initiative_stop(initiative=proposed, by=system_actor())
    assert exc.value.code == "already_stopped"


@pytest.mark.parametrize("field", ["funding_social", "funding_state", "workdays"])
def test_negative_money_or_workdays_are_refused_naming_the_field(make_initiative, field):
    with pytest.raises(ValidationError) as exc:
        make_initiative(**{field: -1})
    assert field in exc.value.message_dict


def test_end_before_start_is_refused(make_initiative):
    with pytest.raises(ValidationError) as exc:
        make_initiative(start_date=dt.date(2024, 5, 1), end_date=dt.date(2024, 4, 1))
    assert "end_date" in exc.value.message_dict


def test_a_year_when_the_unit_did_not_exist_is_refused(make_initiative):
    with pytest.raises(ValidationError) as exc:
        make_initiative(unit="dongngac", year=2024)  # the new ward exists from 01/07/2025
    assert "year" in exc.value.message_dict
    assert "Phường Đông Ngạc" in messages_of(exc)


def test_replication_links_to_its_source_and_builds_the_tree(make_initiative, tree, fields):
    from initiatives.selectors import replication_tree

    source = make_initiative(name="Camera an ninh", status="recognized")
    copy = services.initiative_replicate(source=source, by=system_actor(), unit=tree["dongngac_old"], year=2024)
    grandchild = services.initiative_replicate(source=copy, by=system_actor(), unit=tree["quangan"], year=2024)
    assert copy.origin == Origin.REPLICATED and copy.source == source
    result = replication_tree(source)
    assert result["count"] == 2 and result["units"] == 2
    assert [depth for depth, _node in result["nodes"]] == [1, 2]
    assert [a.pk for a in replication_tree(grandchild)["ancestors"]] == [source.pk, copy.pk]


def test_replicating_itself_is_refused(make_initiative, tree):
    source = make_initiative()
    with pytest.raises(ValidationError) as exc:
        services.initiative_replicate(source=source, by=system_actor(), unit=tree["conhue1"], year=2024)
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.initiative_update(initiative=source, by=system_actor(), source=source)
    assert "source" in exc.value.message_dict


def test_an_initiative_cannot_replicate_its_own_replication(make_initiative, tree):
    source = make_initiative()
    copy = services.initiative_replicate(source=source, by=system_actor(), unit=tree["dongngac_old"], year=2024)
    with pytest.raises(ValidationError):
        services.initiative_update(initiative=source, by=system_actor(), source=copy)


def test_editing_records_who_changed_what(make_initiative, personas):
    initiative = make_initiative()
    services.initiative_update(initiative=initiative, by=personas["ward_clerk"], workdays=120)
    record = initiative.history.first()
    assert record.history_user == personas["ward_clerk"] and record.workdays == 120


def test_plaque_mounted_work_is_recorded(make_initiative, personas, day):
    initiative = make_initiative(status="recognized")
    plaque = services.plaque_add(
        initiative=initiative, by=personas["ward_head"], name="Tuyến phố văn minh", level="district", date=day
    )
    assert plaque.initiative == initiative


def test_units_formed_in_2025_cannot_be_proposed_at_the_abolished_district_level(tree, fields):
    from initiatives.access import proposable_levels

    initiative = services.initiative_create(
        by=system_actor(), unit=tree["dongngac"], name="Camera an ninh", field=fields["security"], year=2025
    )
    assert proposable_levels(initiative) == ["commune", "province"]
    with pytest.raises(ValidationError):
        services.initiative_register(initiative=initiative, by=system_actor())
        services.initiative_propose(initiative=initiative, level="district", by=system_actor())
