"""Award decisions known only by their recipient counts, and commendations (biểu dương, tuyên
dương) counted apart from rewards, with the grand totals of everyone honoured."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.system import system_actor
from awards import catalogue as c
from awards.models import RewardForm, RewardKind
from awards.selectors import award_counts, honoured_totals, total
from awards.services import recipients_add
from awards.summaries import record_summary_award, set_declared_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(db):
    """A superuser, allowed by the older award services whatever their actor rules."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("boss", password="Persona-pass-2024")


def test_the_standard_catalogue_ships_the_two_commendations():
    forms = {f.code: f for f in RewardForm.objects.all()}
    assert forms[c.BIEU_DUONG].name == "Biểu dương" and forms[c.BIEU_DUONG].kind == RewardKind.COMMENDATION
    assert forms[c.TUYEN_DUONG].name == "Tuyên dương" and forms[c.TUYEN_DUONG].kind == RewardKind.COMMENDATION
    assert forms[c.GIAY_KHEN].kind == RewardKind.REWARD and forms[c.BANG_KHEN].kind == RewardKind.REWARD


def test_a_declared_count_counts_max_of_declared_and_named(tree, cat, boss):
    decision = record_summary_award(
        issuer=tree["btl"], year=2015, issuer_title="Ban Thường vụ Quận ủy", reward_form=cat[c.GIAY_KHEN],
        declared_collectives=84, source="Báo cáo tổng kết 15 năm", by=system_actor(),
    )  # fmt: skip
    assert total(award_counts(tree["btl"], year=2015), kind="collective") == 84
    # Names added later are part of the 84, never on top of it.
    named = [{"kind": "collective", "name": f"Chi hội {n}", "unit": tree["conhue1"]} for n in range(3)]
    recipients_add(decision=decision, by=boss, rows=named)
    rows = award_counts(tree["btl"], year=2015)
    assert total(rows, kind="collective") == 84
    assert total([r for r in rows if r.declared], kind="collective") == 84 - 3
    # Lowering the declared count below the names leaves the names.
    set_declared_counts(decision=decision, declared_collectives=2, declared_individuals=None, by=system_actor())
    assert total(award_counts(tree["btl"], year=2015), kind="collective") == 3
    # Unnamed recipients count where the decision was issued, not in a ward under it: the
    # ward sees its three named collectives only.
    assert total(award_counts(tree["conhue1"], year=2015), kind="collective") == 3


def test_declared_counts_are_refused_when_empty_or_for_another_unit(tree, personas):
    with pytest.raises(ValidationError) as refused:
        record_summary_award(issuer=tree["btl"], year=2015, issuer_title="UBND quận", by=system_actor())
    assert "declared_collectives" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        record_summary_award(
            issuer=tree["btl"], year=2015, issuer_title="UBND quận", declared_individuals=3, by=personas["outsider"]
        )


def test_honoured_totals_keep_rewards_and_commendations_apart(tree, cat, make_decision, boss):
    reward = make_decision(number="1-QĐ", by=boss)
    recipients_add(
        decision=reward,
        by=boss,
        rows=[{"kind": "collective", "unit": tree["conhue1"]}, {"kind": "individual", "name": "Nguyễn Văn An"}],
    )
    praise = make_decision(number="2-QĐ", reward_form=cat[c.BIEU_DUONG], by=boss)
    recipients_add(decision=praise, by=boss, rows=[{"kind": "individual", "name": "Trần Thị Bình"}])
    record_summary_award(
        issuer=tree["btl"], year=2022, issuer_title="Ban Thường vụ Quận ủy", reward_form=cat[c.TUYEN_DUONG],
        declared_collectives=4, declared_individuals=6, by=system_actor(),
    )  # fmt: skip
    honoured = honoured_totals(tree["btl"], 2022)
    assert honoured["reward"] == {"collective": 1, "individual": 1}
    assert honoured["commendation"] == {"collective": 0 + 4, "individual": 1 + 6}
    assert honoured["total"] == {"collective": 1 + 4, "individual": 1 + 1 + 6}
    by_form = {f["code"]: f for f in honoured["by_form"]}
    assert by_form[c.TUYEN_DUONG] == {
        "code": c.TUYEN_DUONG, "name": "Tuyên dương", "kind": "commendation", "collective": 4, "individual": 6,
    }  # fmt: skip
    assert by_form[c.GIAY_KHEN]["kind"] == "reward"


def test_the_api_answers_the_honoured_totals(tree, cat, make_decision, personas):
    from django.test import Client

    from api.services import token_create

    record_summary_award(
        issuer=tree["btl"], year=2022, issuer_title="Ban Thường vụ Quận ủy", reward_form=cat[c.BIEU_DUONG],
        declared_individuals=5, by=system_actor(),
    )  # fmt: skip
    reviewer = personas["district_reviewer"]
    token = token_create(user=reviewer, name="t", days=1, by=reviewer)[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    body = client.get("/api/v1/awards/honoured", {"unit": tree["btl"].pk, "year": 2022}).json()
    assert body["commendation"] == {"collective": 0, "individual": 5}
    assert body["total"]["individual"] == 5


def test_summary_awards_are_entered_on_their_page(client_as, tree, cat):
    from django.urls import reverse

    from awards.models import AwardDecision

    url = reverse("awards:summaries")
    client = client_as("ward_clerk")
    data = {"issuer": tree["conhue1"].pk, "issuer_title": "Chủ tịch UBND phường", "year": "2015",
            "reward_form": cat[c.GIAY_KHEN].pk, "declared_collectives": "12", "source": "Báo cáo 2015"}  # fmt: skip
    assert client.post(url, {**data, "declared_collectives": ""}).status_code == 200
    assert not AwardDecision.objects.exists()
    assert client.post(url, data).status_code == 302
    decision = AwardDecision.objects.get()
    assert (decision.declared_collectives, decision.summary) == (12, "Báo cáo 2015")
    assert "Chủ tịch UBND phường" in client.get(url).content.decode()
