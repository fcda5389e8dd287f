"""Awards security: initiative links in scope, recipients trimmed and personal data withheld,
lost updates, blank names and absurd dates, double submits."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.system import system_actor
from awards import services
from awards.models import AwardDecision, AwardRecipient, DecisionStatus
from lib.versioning import VersionConflict

LAN_BORN = dt.date(1970, 5, 6)
HOA_BORN = dt.date(1968, 2, 3)


@pytest.fixture
def other_wards_initiative(tree, work_field):
    from initiatives.services import initiative_create

    return initiative_create(
        by=system_actor(), unit=tree["dongngac_old"], name="Mô hình của phường bên", field=work_field, year=2022
    )


@pytest.fixture
def work_field(db):
    from initiatives.models import Field

    return Field.objects.order_by("pk").first()


@pytest.fixture
def clerks_proposal(tree, personas, cat):
    """A proposal the ward clerk drafts to the district (the clerk may add its recipients)."""
    from awards import catalogue as c

    return services.decision_create(
        by=personas["ward_clerk"],
        issuer=tree["btl"],
        issuer_title="Ban Thường vụ Quận ủy",
        year=2022,
        status=DecisionStatus.PROPOSED,
        proposed_by=tree["conhue1"],
        reward_form=cat[c.GIAY_KHEN],
    )


# ---------------------------------------------------------------- item 1: initiative links


def test_the_recipients_page_offers_only_initiatives_the_user_sees(client_as, clerks_proposal, other_wards_initiative):
    page = client_as("ward_clerk").get(reverse("awards:recipients_add", args=[clerks_proposal.pk]))
    offered = dict(page.context["formset"].forms[0].fields["initiative"].choices)
    assert other_wards_initiative.pk not in offered


def test_the_recipients_page_refuses_an_initiative_outside_the_users_scope(
    client_as, tree, clerks_proposal, other_wards_initiative
):
    response = client_as("ward_clerk").post(
        reverse("awards:recipients_add", args=[clerks_proposal.pk]),
        {
            "r-TOTAL_FORMS": "1",
            "r-INITIAL_FORMS": "0",
            "r-MIN_NUM_FORMS": "0",
            "r-MAX_NUM_FORMS": "100",
            "r-0-kind": "collective",
            "r-0-unit": tree["conhue1"].pk,
            "r-0-initiative": other_wards_initiative.pk,
        },
    )
    assert response.status_code == 200
    assert not AwardRecipient.objects.filter(decision=clerks_proposal).exists()


def test_the_service_refuses_linking_an_initiative_the_actor_cannot_see(
    tree, personas, clerks_proposal, other_wards_initiative
):
    with pytest.raises(ValidationError) as caught:
        services.recipients_add(
            decision=clerks_proposal,
            by=personas["ward_clerk"],
            rows=[{"kind": "collective", "unit": tree["conhue1"], "initiative": other_wards_initiative}],
        )
    assert "initiative" in caught.value.errors_by_row[0].message_dict
    assert not AwardRecipient.objects.exists()
    # A reviewer who sees the other ward may link it.
    reviewer = personas["district_reviewer"]
    services.recipients_add(
        decision=clerks_proposal,
        by=reviewer,
        rows=[{"kind": "collective", "unit": tree["dongngac_old"], "initiative": other_wards_initiative}],
    )
    assert AwardRecipient.objects.get().initiative == other_wards_initiative


# ---------------------------------------------------------------- item 2: trimming and personal data


@pytest.fixture
def two_ward_decision(make_decision, tree):
    decision = make_decision()
    services.recipients_add(
        decision=decision,
        by=system_actor(),
        rows=[
            {"kind": "individual", "name": "Nguyễn Thị Lan", "unit": tree["tdp1"], "date_of_birth": LAN_BORN},
            {"kind": "individual", "name": "Trần Thị Hoa", "unit": tree["dongngac_old"], "date_of_birth": HOA_BORN},
        ],
    )
    return decision


def test_a_ward_clerk_sees_only_the_wards_recipients_and_no_dates_of_birth(client_as, two_ward_decision):
    page = client_as("ward_clerk").get(reverse("awards:detail", args=[two_ward_decision.pk])).content.decode()
    assert "Nguyễn Thị Lan" in page
    assert "Trần Thị Hoa" not in page
    assert LAN_BORN.strftime("%d/%m/%Y") not in page
    assert "Tổ dân phố 1" not in page  # the individual's ward/residential group is personal too
    assert 'data-testid="personal-hidden"' in page


def test_the_district_reviewer_sees_every_recipient_with_personal_data(client_as, two_ward_decision):
    page = client_as("district_reviewer").get(reverse("awards:detail", args=[two_ward_decision.pk])).content.decode()
    for name, born in (("Nguyễn Thị Lan", LAN_BORN), ("Trần Thị Hoa", HOA_BORN)):
        assert name in page
        assert born.strftime("%d/%m/%Y") in page


def test_the_recipient_history_is_trimmed_to_the_viewers_scope(client_as, two_ward_decision):
    history = (
        client_as("ward_clerk").get(reverse("awards:detail", args=[two_ward_decision.pk])).context["recipient_changes"]
    )
    assert [h.name for h in history] == ["Nguyễn Thị Lan"]


# ---------------------------------------------------------------- item 3: lost updates


def _decision_form(decision, **changes):
    data = {
        "status": decision.status,
        "year": decision.year,
        "issuer": decision.issuer_id,
        "issuer_title": decision.issuer_title,
        "number": decision.number,
        "date": decision.date.strftime("%d/%m/%Y"),
        "signer": decision.signer,
        "reward_form": decision.reward_form_id or "",
        "area": decision.area_id or "",
        "summary": decision.summary,
        "version": decision.version,
    }
    data.update(changes)
    return data


def test_a_stale_award_decision_edit_is_refused_with_what_changed(client_as, make_decision):
    decision = make_decision(signer="Nguyễn Văn A")
    first, second = client_as("district_reviewer"), client_as("city_leader")
    url = reverse("awards:edit", args=[decision.pk])
    both_read = _decision_form(decision)
    assert first.post(url, {**both_read, "signer": "Nguyễn Văn B"}).status_code == 302
    response = second.post(url, {**both_read, "summary": "Khen thưởng tổng kết năm"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "&#x27;Nguyễn Văn A&#x27; → &#x27;Nguyễn Văn B&#x27;" in page
    assert "Khen thưởng tổng kết năm" in page
    decision.refresh_from_db()
    assert (decision.signer, decision.summary) == ("Nguyễn Văn B", "")


def test_the_decision_service_refuses_a_stale_version(make_decision, personas):
    decision = make_decision()
    services.decision_update(decision=decision, by=system_actor(), expected_version=1, signer="B")
    decision.refresh_from_db()
    assert decision.version == 2
    with pytest.raises(VersionConflict) as caught:
        services.decision_update(decision=decision, by=system_actor(), expected_version=1, summary="x")
    assert [c[0] for c in caught.value.changes] == ["signer"]
    assert caught.value.code == "stale_version"


# ---------------------------------------------------------------- item 5: names and dates


@pytest.mark.parametrize("name", ["\u200b", " \u200c\u200d ", "\ufeff\u2060"])
def test_an_individual_named_with_invisible_characters_is_refused(make_decision, name):
    decision = make_decision()
    with pytest.raises(ValidationError) as caught:
        services.recipient_add(decision=decision, by=system_actor(), kind="individual", name=name)
    assert "name" in caught.value.message_dict
    assert not AwardRecipient.objects.exists()


@pytest.mark.parametrize("born", [dt.date(1900, 1, 1), dt.date(2200, 1, 1)])
def test_an_absurd_date_of_birth_is_refused(make_decision, born):
    decision = make_decision()
    with pytest.raises(ValidationError) as caught:
        services.recipient_add(
            decision=decision, by=system_actor(), kind="individual", name="Lê Văn Sơn", date_of_birth=born
        )
    assert "date_of_birth" in caught.value.message_dict


@pytest.mark.parametrize("day", [dt.date(1900, 1, 1), dt.date(2200, 1, 1)])
def test_an_absurd_decision_date_or_a_blank_issuer_title_is_refused(make_decision, day):
    with pytest.raises(ValidationError) as caught:
        make_decision(date=day, issuer_title="\u200b \u200b")
    assert {"date", "issuer_title"} <= set(caught.value.message_dict)
    assert not AwardDecision.objects.exists()


# ---------------------------------------------------------------- item 6: double submit


def test_posting_the_same_new_award_decision_twice_makes_one(client_as, tree, cat):
    from awards import catalogue as c

    reviewer = client_as("district_reviewer")
    page = reviewer.get(reverse("awards:create"))
    token = page.context["form"].initial["form_token"]
    data = {
        "status": "issued",
        "year": 2024,
        "issuer": tree["btl"].pk,
        "issuer_title": "Ban Thường vụ Quận ủy",
        "number": "77-QĐ/QU",
        "date": "01/12/2024",
        "reward_form": cat[c.GIAY_KHEN].pk,
        "form_token": token,
    }
    first = reviewer.post(reverse("awards:create"), data)
    second = reviewer.post(reverse("awards:create"), data)
    assert AwardDecision.objects.count() == 1
    decision = AwardDecision.objects.get()
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("awards:detail", args=[decision.pk])
