"""Counters: the seeds' figures come back from the demo data; scoping, years and statuses."""

import datetime as dt

import pytest

from accounts.system import system_actor
from awards import catalogue as c
from awards.demo import load
from awards.models import DecisionStatus
from awards.selectors import ISSUER, award_counts, recipient_totals, total
from awards.services import recipient_add, recipients_add

QUAN_UY = "Ban Thường vụ Quận ủy"
UBND = "Chủ tịch UBND quận"


@pytest.fixture(scope="session")
def awards_demo(demo_snapshots, django_db_blocker):
    """The foundation and the awards demo (no other app's), built once per session."""
    with django_db_blocker.unblock():
        demo_snapshots.build(("awards",))
    return demo_snapshots


@pytest.fixture
def demo(db, awards_demo):
    from danvan.demo import legacy_district

    context = awards_demo.restore(("awards",))
    return {"btl": legacy_district("Quận Bắc Từ Liêm"), "dongda": legacy_district("Quận Đống Đa"), "context": context}


def test_seed_000_bac_tu_liem_2022_rewards_by_area_and_issuer(demo):
    rows = award_counts(demo["btl"], year=2022)
    assert total(rows, area=c.CONG_TAC_DAN_VAN, kind="collective", issuer_title=QUAN_UY) == 11
    assert total(rows, area=c.QCDC, kind="collective", issuer_title=QUAN_UY) == 15
    assert total(rows, area=c.TON_GIAO, kind="collective", issuer_title=QUAN_UY) == 9
    assert total(rows, area=c.DAN_VAN_CHINH_QUYEN, kind="collective", issuer_title=UBND) == 13
    assert total(rows, reward_form=c.KY_NIEM_CHUONG, kind="individual") == 2


def test_seed_001_dong_da_2023_rewards_for_dan_van_chinh_quyen(demo):
    rows = award_counts(demo["dongda"], year=2023)
    assert total(rows, area=c.DAN_VAN_CHINH_QUYEN, kind="collective") == 12
    assert total(rows, area=c.DAN_VAN_CHINH_QUYEN, kind="individual") == 3


def test_seed_003_bac_tu_liem_2024_rewards_medals_and_proposal(demo):
    rows = award_counts(demo["btl"], year=2024)
    assert total(rows, issuer_title=QUAN_UY, kind="collective") == 36
    assert total(rows, issuer_title=QUAN_UY, kind="individual") == 15
    assert total(rows, reward_form=c.KY_NIEM_CHUONG) == 2
    proposed = award_counts(demo["btl"], year=2024, status=DecisionStatus.PROPOSED)
    assert total(proposed, reward_form=c.BANG_KHEN, kind="collective") == 9
    assert total(rows, reward_form=c.BANG_KHEN) == 0


def test_medals_over_a_range_of_years_add_up(demo):
    rows = award_counts(demo["btl"], year_range=(2022, 2024))
    assert total(rows, reward_form=c.KY_NIEM_CHUONG) == 2 + 2


def test_counts_by_path_list_and_everywhere_agree(demo):
    by_unit = award_counts(demo["btl"], year=2022)
    by_paths = award_counts([demo["btl"].path], year=2022)
    assert by_unit == by_paths
    everywhere = award_counts(None, year=2022)
    assert total(everywhere) == total(by_unit)


def test_the_counts_run_in_two_queries_named_and_declared(demo, django_assert_num_queries):
    with django_assert_num_queries(2):
        award_counts(demo["btl"].path, year=2022)


def test_recipient_basis_counts_awards_received_and_issuer_basis_awards_given(tree, make_decision, medal_decision):
    national = medal_decision(issuer=tree["vn"])
    recipient_add(decision=national, by=system_actor(), kind="individual", name="Lê Minh Tuấn", unit=tree["conhue1"])
    district = make_decision()
    recipients_add(
        decision=district,
        by=system_actor(),
        rows=[{"kind": "collective", "unit": tree["conhue1"]}, {"kind": "collective", "name": "Nhóm nòng cốt"}],
    )
    received = award_counts(tree["btl"], year=2022)
    assert total(received) == 3
    assert total(received, reward_form=c.KY_NIEM_CHUONG) == 1
    given = award_counts(tree["btl"], year=2022, basis=ISSUER)
    assert total(given) == 2
    ward = award_counts(tree["conhue1"], year=2022)
    assert total(ward) == 2  # the group without a unit counts where it was issued: the district


def test_drafts_are_not_counted_unless_asked(tree, make_decision):
    draft = make_decision(status=DecisionStatus.DRAFT)
    recipient_add(decision=draft, by=system_actor(), kind="collective", unit=tree["conhue1"])
    assert total(award_counts(tree["btl"])) == 0
    assert total(award_counts(tree["btl"], status=[DecisionStatus.DRAFT, DecisionStatus.ISSUED])) == 1


def test_lineage_counts_the_merged_wards_under_todays_ward(tree, make_decision):
    decision = make_decision(year=2024, date=dt.date(2024, 10, 10))
    recipients_add(
        decision=decision,
        by=system_actor(),
        rows=[{"kind": "collective", "unit": tree["conhue1"]}, {"kind": "collective", "unit": tree["dongngac_old"]}],
    )
    assert total(award_counts(tree["dongngac"], year=2024)) == 0
    assert total(award_counts(tree["dongngac"], year=2024, lineage=True)) == 2


def test_recipient_totals_split_collectives_and_individuals(tree, make_decision):
    decision = make_decision()
    recipients_add(
        decision=decision,
        by=system_actor(),
        rows=[{"kind": "collective", "unit": tree["conhue1"]}, {"kind": "individual", "name": "Hoàng Văn Nam"}],
    )
    assert recipient_totals([decision.pk]) == {decision.pk: {"collective": 1, "individual": 1}}


def test_the_demo_loads_twice_without_duplicates(demo):
    before = total(award_counts(None, status=list(DecisionStatus.values)))
    load(demo["context"])
    assert total(award_counts(None, status=list(DecisionStatus.values))) == before
