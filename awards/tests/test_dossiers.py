"""The reward dossier: proposal letter and candidates, achievement reports, the council's vote and
the decision, with the proposer and the issuer each doing only their own steps."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from awards import catalogue as c
from awards import dossiers, services
from awards.models import AwardDecision, DossierStatus
from lib.errors import InvalidTransition

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def letter():
    return SimpleUploadedFile("to-trinh.pdf", PDF, "application/pdf")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dossier(tree, personas, cat):
    return services.dossier_create(
        by=personas["ward_clerk"],
        proposer=tree["conhue1"],
        issuer=tree["btl"],
        issuer_title="Ban Thường vụ Quận ủy",
        year=2024,
        reward_form=cat[c.GIAY_KHEN],
        area=cat[c.CONG_TAC_DAN_VAN],
        letter_number="15/TTr-UBND",
        letter_date=dt.date(2024, 11, 20),
        letter_file=letter(),
    )


@pytest.fixture
def submitted(dossier, personas, tree):
    clerk = personas["ward_clerk"]
    services.candidate_add(dossier=dossier, by=clerk, kind="collective", unit=tree["tdp1"], report_text="Thành tích")
    services.candidate_add(
        dossier=dossier, by=clerk, kind="individual", name="Nguyễn Thị Hoa", unit=tree["conhue1"], report_text="Tốt"
    )
    return services.dossier_submit(dossier=dossier, by=clerk)


def _votes(dossier, *pairs):
    return {cand.pk: pair for cand, pair in zip(dossier.candidates.order_by("pk"), pairs, strict=True)}


def test_a_new_dossier_lists_what_is_missing_before_it_can_be_submitted(tree, personas, cat):
    d = services.dossier_create(
        by=personas["ward_clerk"],
        proposer=tree["conhue1"],
        issuer=tree["btl"],
        issuer_title="Ban Thường vụ Quận ủy",
        year=2024,
        reward_form=cat[c.GIAY_KHEN],
    )
    missing = dossiers.missing(d)
    assert "Tờ trình chưa có số." in missing
    assert "Tờ trình chưa có ngày." in missing
    assert "Chưa đính kèm tệp tờ trình." in missing
    assert "Tờ trình chưa có ứng viên nào." in missing
    with pytest.raises(InvalidTransition) as info:
        services.dossier_submit(dossier=d, by=personas["ward_clerk"])
    assert info.value.code == "incomplete"
    assert d.events.get().action == "create"


def test_a_candidate_without_an_achievement_report_is_named_in_the_missing_list(dossier, personas, tree):
    services.candidate_add(dossier=dossier, by=personas["ward_clerk"], kind="individual", name="Lê Văn Nam")
    assert dossiers.missing(dossier) == ["Chưa có báo cáo thành tích của Lê Văn Nam."]


def test_the_report_drafted_from_the_registry_names_awards_already_held(dossier, personas, tree, make_decision):
    held = make_decision(number="88-QĐ/QU", date=dt.date(2022, 12, 15), year=2022)
    services.recipient_add(decision=held, by=personas["district_reviewer"], kind="collective", unit=tree["tdp1"])
    cand = services.candidate_add(dossier=dossier, by=personas["ward_clerk"], kind="collective", unit=tree["tdp1"])
    cand = services.candidate_draft_report(candidate=cand, by=personas["ward_clerk"])
    assert "TỔ DÂN PHỐ 1" in cand.report_text
    assert "88-QĐ/QU" in cand.report_text and "15/12/2022" in cand.report_text
    assert dossiers.missing(dossier) == []


def test_only_the_proposing_unit_prepares_and_only_the_issuer_reviews(dossier, submitted, personas, tree):
    with pytest.raises(PermissionDenied):
        services.candidate_add(dossier=dossier, by=personas["outsider"], kind="individual", name="A")
    with pytest.raises(PermissionDenied):
        services.dossier_return(dossier=submitted, by=personas["ward_head"], reason="Thiếu")
    with pytest.raises(PermissionDenied):
        services.council_review(
            dossier=submitted, by=personas["ward_clerk"], members="A", meeting_date=dt.date(2024, 11, 25), votes={}
        )


def test_a_returned_dossier_keeps_the_reason_and_can_be_submitted_again(submitted, personas):
    services.dossier_return(dossier=submitted, by=personas["district_reviewer"], reason="Bổ sung bản sao")
    submitted.refresh_from_db()
    assert submitted.status == DossierStatus.RETURNED and submitted.return_reason == "Bổ sung bản sao"
    services.dossier_submit(dossier=submitted, by=personas["ward_clerk"])
    submitted.refresh_from_db()
    assert [e.action for e in submitted.events.all()] == ["create", "submit", "return", "submit"]
    assert submitted.events.get(action="return").by == personas["district_reviewer"]


def test_wrong_state_steps_are_refused_with_their_codes(dossier, submitted, personas):
    with pytest.raises(InvalidTransition) as info:
        services.candidate_add(dossier=submitted, by=personas["ward_clerk"], kind="individual", name="B")
    assert info.value.code == "not_editable"
    with pytest.raises(InvalidTransition) as info:
        services.dossier_decide(dossier=submitted, by=personas["district_reviewer"], date=dt.date(2024, 12, 1))
    assert info.value.code == "not_reviewed"


@pytest.mark.parametrize(
    ("members", "votes_for", "share", "inclusive", "passes"),
    [
        (5, 3, 50, False, True),  # 60 % > 50 %
        (4, 2, 50, False, False),  # exactly half is not more than half
        (4, 2, 50, True, True),  # "from 50 % upward"
        (10, 9, 90, True, True),
        (10, 8, 90, True, False),
    ],
)
def test_the_vote_passes_by_the_share_of_all_members(members, votes_for, share, inclusive, passes):
    assert dossiers.share_passes(votes_for, members, share, inclusive) is passes


def test_the_council_vote_decides_who_passes_and_the_decision_rewards_only_them(submitted, personas):
    reviewer = personas["district_reviewer"]
    members = "Ông A\nBà B\nÔng C\n\nBà D\nÔng E"
    services.council_review(
        dossier=submitted,
        by=reviewer,
        members=members,
        meeting_date=dt.date(2024, 11, 28),
        votes=_votes(submitted, (4, 1), (2, 3)),
    )
    submitted.refresh_from_db()
    assert submitted.status == DossierStatus.REVIEWED
    assert [c.passed for c in submitted.candidates.order_by("pk")] == [True, False]
    decision = services.dossier_decide(dossier=submitted, by=reviewer, date=dt.date(2024, 12, 2), signer="Trần Văn C")
    assert decision.status == "issued" and decision.number == "1/QĐ-KT"
    assert [r.display_name for r in decision.recipients.all()] == ["Tổ dân phố 1"]
    submitted.refresh_from_db()
    assert submitted.status == DossierStatus.DECIDED and submitted.decision == decision


def test_votes_beyond_the_members_are_refused(submitted, personas):
    with pytest.raises(ValidationError) as info:
        services.council_review(
            dossier=submitted,
            by=personas["district_reviewer"],
            members="A\nB",
            meeting_date=dt.date(2024, 11, 28),
            votes=_votes(submitted, (2, 1), (1, 0)),
        )
    assert "votes" in info.value.message_dict


def test_no_decision_when_no_candidate_passed(submitted, personas):
    reviewer = personas["district_reviewer"]
    services.council_review(
        dossier=submitted,
        by=reviewer,
        members="A\nB\nC",
        meeting_date=dt.date(2024, 11, 28),
        votes=_votes(submitted, (1, 2), (0, 3)),
    )
    with pytest.raises(InvalidTransition) as info:
        services.dossier_decide(dossier=submitted, by=reviewer, date=dt.date(2024, 12, 2))
    assert info.value.code == "none_passed"
    assert not AwardDecision.objects.exists()


# ---------------------------------------------------------------- decision numbers


def _auto(tree, cat, day, number=""):
    from accounts.system import system_actor

    return services.decision_create(
        by=system_actor(),
        issuer=tree["btl"],
        issuer_title="Ban Thường vụ Quận ủy",
        year=day.year,
        status="issued",
        number=number,
        date=day,
        reward_form=cat[c.GIAY_KHEN],
        auto_number=True,
    )


def test_award_decision_numbers_follow_each_other_per_issuer_and_year(tree, cat):
    first = _auto(tree, cat, dt.date(2024, 3, 1))
    second = _auto(tree, cat, dt.date(2024, 3, 1))
    third = _auto(tree, cat, dt.date(2024, 5, 2))
    next_year = _auto(tree, cat, dt.date(2025, 1, 3))
    assert [first.number, second.number, third.number, next_year.number] == ["1/QĐ-KT", "2/QĐ-KT", "3/QĐ-KT", "1/QĐ-KT"]


def test_a_decision_dated_before_the_last_numbered_one_is_refused(tree, cat):
    _auto(tree, cat, dt.date(2024, 5, 2))
    with pytest.raises(ValidationError) as info:
        _auto(tree, cat, dt.date(2024, 4, 30))
    assert "02/05/2024" in " ".join(info.value.message_dict["date"])
    assert AwardDecision.objects.count() == 1


def test_a_typed_historical_number_is_kept_and_never_given_again(tree, cat):
    typed = _auto(tree, cat, dt.date(2024, 1, 10), number="1/QĐ-KT")
    assert typed.number == "1/QĐ-KT"
    assert _auto(tree, cat, dt.date(2024, 2, 1)).number == "2/QĐ-KT"


def test_recognition_decisions_are_numbered_in_their_own_series(tree, personas):
    from initiatives import services as initiatives

    reviewer = personas["district_reviewer"]
    one = initiatives.decision_create(
        by=reviewer, number="", date=dt.date(2024, 6, 1), issuer=tree["btl"], level="district"
    )
    two = initiatives.decision_create(
        by=reviewer, number="", date=dt.date(2024, 6, 3), issuer=tree["btl"], level="district"
    )
    assert (one.number, two.number) == ("1/QĐ-CN", "2/QĐ-CN")
    with pytest.raises(ValidationError):
        initiatives.decision_create(
            by=reviewer, number="", date=dt.date(2024, 6, 2), issuer=tree["btl"], level="district"
        )
    typed = initiatives.decision_create(
        by=reviewer, number="23-QĐ/QU", date=dt.date(2024, 1, 1), issuer=tree["btl"], level="district"
    )
    assert typed.number == "23-QĐ/QU"
