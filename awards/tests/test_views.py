"""Every page with every persona; forms keep typed values; bounded queries."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.system import system_actor
from awards import catalogue as c
from awards.models import AwardDecision, AwardRecipient, DecisionStatus
from awards.services import decision_update, recipients_add

ALL = ["ward_clerk", "ward_head", "district_reviewer", "city_leader", "outsider", "admin"]


@pytest.fixture
def btl_decision(make_decision, tree):
    decision = make_decision()
    recipients_add(
        decision=decision,
        by=system_actor(),
        rows=[
            {"kind": "collective", "unit": tree["conhue1"]},
            {"kind": "individual", "name": "Nguyễn Thị Lan", "position": "Tổ trưởng", "unit": tree["tdp1"]},
        ],
    )
    return decision


@pytest.fixture
def tayho_decision(make_decision, tree):
    decision = make_decision(issuer=tree["tayho"], issuer_title="Chủ tịch UBND quận", number="88/QĐ-UBND")
    recipients_add(decision=decision, by=system_actor(), rows=[{"kind": "collective", "unit": tree["quangan"]}])
    return decision


# ---------------------------------------------------------------- list


def test_anonymous_visitors_are_sent_to_sign_in_from_every_page(client_as, btl_decision):
    anonymous = client_as("anonymous")
    r = btl_decision.recipients.first()
    for url in [
        reverse("awards:list"),
        reverse("awards:create"),
        reverse("awards:detail", args=[btl_decision.pk]),
        reverse("awards:edit", args=[btl_decision.pk]),
        reverse("awards:scan", args=[btl_decision.pk]),
        reverse("awards:recipients_add", args=[btl_decision.pk]),
    ]:
        response = anonymous.get(url)
        assert response.status_code == 302 and "dang-nhap" in response["Location"], url
    response = anonymous.post(reverse("awards:recipient_remove", args=[btl_decision.pk, r.pk]))
    assert response.status_code == 302
    assert AwardRecipient.objects.filter(pk=r.pk).exists()


@pytest.mark.parametrize(
    "persona, sees_btl, sees_tayho",
    [
        ("ward_clerk", True, False),
        ("ward_head", True, False),
        ("district_reviewer", True, False),
        ("city_leader", True, True),
        ("outsider", False, True),
        ("admin", True, True),
    ],
)
def test_the_list_shows_decisions_issued_in_or_rewarding_the_users_subtree(
    client_as, btl_decision, tayho_decision, persona, sees_btl, sees_tayho
):
    response = client_as(persona).get(reverse("awards:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert ("1021-QĐ/QU" in body) is sees_btl
    assert ("88/QĐ-UBND" in body) is sees_tayho


def test_the_list_filters_by_year_area_form_issuer_and_recipient_kind(client_as, make_decision, tree, cat):
    make_decision(number="A-2022")
    make_decision(number="B-2023", year=2023, date=dt.date(2023, 11, 6), area=cat[c.QCDC])
    medal = make_decision(number="C-KNC", issuer=tree["vn"], reward_form=cat[c.KY_NIEM_CHUONG])
    recipients_add(
        decision=medal, by=system_actor(), rows=[{"kind": "individual", "name": "Lê Văn Sơn", "unit": tree["btl"]}]
    )
    client = client_as("admin")

    def numbers(**params):
        body = client.get(reverse("awards:list"), params).content.decode()
        return {n for n in ("A-2022", "B-2023", "C-KNC") if n in body}

    assert numbers(year=2023) == {"B-2023"}
    assert numbers(area=cat[c.QCDC].pk) == {"B-2023"}
    assert numbers(reward_form=cat[c.KY_NIEM_CHUONG].pk) == {"C-KNC"}
    assert numbers(issuer=tree["btl"].pk) == {"A-2022", "B-2023"}
    assert numbers(kind="individual") == {"C-KNC"}
    assert numbers(q="le van son") == {"C-KNC"}


def test_the_list_runs_the_same_number_of_queries_for_3_and_30_decisions(
    client_as, make_decision, tree, django_assert_max_num_queries
):
    client = client_as("district_reviewer")

    def make(n, start):
        for i in range(start, start + n):
            d = make_decision(number=f"{i}-QĐ/QU")
            recipients_add(decision=d, by=system_actor(), rows=[{"kind": "collective", "unit": tree["conhue1"]}])

    make(3, 0)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("awards:list")).status_code == 200
    make(27, 3)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("awards:list"))
    assert response.content.decode().count("-QĐ/QU") >= 25


# ---------------------------------------------------------------- detail


@pytest.mark.parametrize(
    "persona, status",
    [
        ("ward_clerk", 200),
        ("ward_head", 200),
        ("district_reviewer", 200),
        ("city_leader", 200),
        ("outsider", 404),
        ("admin", 200),
    ],
)
def test_the_detail_page_is_shown_only_within_scope(client_as, btl_decision, persona, status):
    response = client_as(persona).get(reverse("awards:detail", args=[btl_decision.pk]))
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert "Phường Cổ Nhuế 1" in body and "Nguyễn Thị Lan" in body
        assert 'data-testid="history"' in body


def test_a_ward_clerk_sees_a_district_decision_only_when_it_rewards_someone_in_the_ward(client_as, make_decision, tree):
    decision = make_decision(number="99-QĐ/QU")
    recipients_add(decision=decision, by=system_actor(), rows=[{"kind": "collective", "unit": tree["dongngac_old"]}])
    assert client_as("ward_clerk").get(reverse("awards:detail", args=[decision.pk])).status_code == 404
    assert client_as("district_reviewer").get(reverse("awards:detail", args=[decision.pk])).status_code == 200


def test_the_detail_page_offers_editing_only_to_those_who_may_edit(client_as, btl_decision):
    url = reverse("awards:detail", args=[btl_decision.pk])
    edit = reverse("awards:edit", args=[btl_decision.pk])
    assert edit in client_as("district_reviewer").get(url).content.decode()
    assert edit not in client_as("ward_clerk").get(url).content.decode()


def test_the_detail_page_runs_the_same_number_of_queries_for_3_and_30_recipients(
    client_as, make_decision, tree, django_assert_max_num_queries
):
    decision = make_decision()
    client = client_as("district_reviewer")
    url = reverse("awards:detail", args=[decision.pk])

    def add(n, start):
        rows = [
            {"kind": "individual", "name": f"Người số {i}", "unit": tree["conhue1"]} for i in range(start, start + n)
        ]
        recipients_add(decision=decision, by=system_actor(), rows=rows)

    add(3, 0)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    add(27, 3)
    with django_assert_max_num_queries(20):
        assert "Người số 29" in client.get(url).content.decode()


# ---------------------------------------------------------------- create and edit


@pytest.mark.parametrize(
    "persona, status",
    [
        ("ward_clerk", 200),
        ("ward_head", 200),
        ("district_reviewer", 200),
        ("city_leader", 200),
        ("outsider", 200),
        ("admin", 404),
    ],
)
def test_the_new_decision_page_is_for_those_who_review_or_propose(client_as, persona, status):
    assert client_as(persona).get(reverse("awards:create")).status_code == status


def _form_data(tree, cat, **overrides):
    data = {
        "status": DecisionStatus.ISSUED,
        "year": "2022",
        "issuer": str(tree["btl"].pk),
        "issuer_title": "Ban Thường vụ Quận ủy",
        "number": "1022-QĐ/QU",
        "date": "15/12/2022",
        "signer": "Nguyễn Tiến Thành",
        "proposed_by": "",
        "reward_form": str(cat[c.GIAY_KHEN].pk),
        "emulation_title": "",
        "area": str(cat[c.QCDC].pk),
        "summary": "",
    }
    data.update(overrides)
    return data


def test_a_district_reviewer_creates_a_decision_with_a_dd_mm_yyyy_date(client_as, tree, cat, personas):
    response = client_as("district_reviewer").post(reverse("awards:create"), _form_data(tree, cat))
    decision = AwardDecision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:recipients_add", args=[decision.pk])
    assert decision.date == dt.date(2022, 12, 15)
    assert decision.issuer == tree["btl"]
    assert decision.history.first().history_user == personas["district_reviewer"]


def test_a_refused_decision_keeps_what_was_typed_and_says_why_in_vietnamese(client_as, tree, cat):
    data = _form_data(tree, cat, number="", reward_form="", signer="Nguyễn Tiến Thành")
    response = client_as("district_reviewer").post(reverse("awards:create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Quyết định đã ban hành phải có số quyết định." in body
    assert "Hãy chọn hình thức khen thưởng hoặc danh hiệu thi đua" in body
    assert 'value="Nguyễn Tiến Thành"' in body and 'value="15/12/2022"' in body
    assert not AwardDecision.objects.exists()


def test_a_ward_clerk_cannot_issue_but_can_propose_to_the_district(client_as, tree, cat):
    client = client_as("ward_clerk")
    response = client.post(reverse("awards:create"), _form_data(tree, cat))
    assert response.status_code == 200
    assert not AwardDecision.objects.exists()
    data = _form_data(tree, cat, status=DecisionStatus.PROPOSED, number="", date="", proposed_by=tree["conhue1"].pk)
    response = client.post(reverse("awards:create"), data)
    assert response.status_code == 302
    assert AwardDecision.objects.get().status == DecisionStatus.PROPOSED


def test_an_outsider_cannot_issue_for_another_district_by_forging_the_issuer(client_as, tree, cat):
    response = client_as("outsider").post(
        reverse("awards:create"), _form_data(tree, cat, status=DecisionStatus.PROPOSED, proposed_by=tree["conhue1"].pk)
    )
    assert response.status_code == 200
    assert not AwardDecision.objects.exists()


@pytest.mark.parametrize(
    "persona, status",
    [
        ("ward_clerk", 404),
        ("ward_head", 404),
        ("district_reviewer", 200),
        ("city_leader", 200),
        ("outsider", 404),
        ("admin", 404),
    ],
)
def test_the_edit_page_is_for_reviewers_and_leaders_of_the_issuer(client_as, btl_decision, persona, status):
    assert client_as(persona).get(reverse("awards:edit", args=[btl_decision.pk])).status_code == status


def test_editing_a_decision_saves_and_records_history(client_as, btl_decision, tree, cat):
    client = client_as("district_reviewer")
    data = _form_data(tree, cat, number="1021-QĐ/QU", signer="Phó Bí thư Thường trực Quận ủy")
    response = client.post(reverse("awards:edit", args=[btl_decision.pk]), data)
    assert response.status_code == 302
    btl_decision.refresh_from_db()
    assert btl_decision.signer == "Phó Bí thư Thường trực Quận ủy"
    assert btl_decision.area.code == c.QCDC
    body = client.get(reverse("awards:detail", args=[btl_decision.pk])).content.decode()
    assert "Phó Bí thư Thường trực Quận ủy" in body


def test_a_proposal_stays_editable_by_its_proposer_until_issued(client_as, make_decision, tree, personas):
    proposal = make_decision(status=DecisionStatus.PROPOSED, proposed_by=tree["conhue1"], number="", date=None)
    assert client_as("ward_clerk").get(reverse("awards:edit", args=[proposal.pk])).status_code == 200
    decision_update(
        decision=proposal,
        by=personas["district_reviewer"],
        status=DecisionStatus.ISSUED,
        number="5",
        date=dt.date(2022, 12, 20),
    )
    assert client_as("ward_clerk").get(reverse("awards:edit", args=[proposal.pk])).status_code == 404


# ---------------------------------------------------------------- recipients


@pytest.mark.parametrize(
    "persona, status",
    [
        ("ward_clerk", 404),
        ("ward_head", 404),
        ("district_reviewer", 200),
        ("city_leader", 200),
        ("outsider", 404),
        ("admin", 404),
    ],
)
def test_the_add_recipients_page_is_for_those_who_may_edit(client_as, btl_decision, persona, status):
    assert client_as(persona).get(reverse("awards:recipients_add", args=[btl_decision.pk])).status_code == status


def _lines(*rows):
    data = {"r-TOTAL_FORMS": str(len(rows)), "r-INITIAL_FORMS": "0", "r-MIN_NUM_FORMS": "0", "r-MAX_NUM_FORMS": "100"}
    for i, row in enumerate(rows):
        base = {"kind": "collective", "unit": "", "name": "", "position": "", "date_of_birth": "", "note": ""}
        base.update(row)
        data.update({f"r-{i}-{k}": v for k, v in base.items()})
    return data


def test_several_recipients_are_added_at_once(client_as, make_decision, tree):
    decision = make_decision()
    data = _lines(
        {"unit": tree["conhue1"].pk},
        {"unit": tree["dongngac_old"].pk},
        {},
        {"kind": "individual", "name": "Trần Văn Hùng", "position": "Bí thư Chi bộ", "unit": tree["tdp1"].pk,
         "date_of_birth": "02/09/1970"},
    )  # fmt: skip
    response = client_as("district_reviewer").post(reverse("awards:recipients_add", args=[decision.pk]), data)
    assert response.status_code == 302
    assert decision.recipients.count() == 3
    assert decision.recipients.get(kind="individual").date_of_birth == dt.date(1970, 9, 2)


def test_a_bad_recipient_line_adds_nothing_keeps_the_lines_and_names_the_line(client_as, medal_decision, tree):
    first = medal_decision()
    recipients_add(decision=first, by=system_actor(), rows=[{"kind": "individual", "name": "Trần Văn Hùng"}])
    second = medal_decision(number="402-QĐ/BDVTW", year=2024, date=dt.date(2024, 9, 30))
    data = _lines(
        {"kind": "individual", "name": "Lê Thị Hoa", "position": "Chủ tịch Hội Phụ nữ"},
        {"kind": "individual", "name": "Trần Văn Hùng"},
    )
    response = client_as("district_reviewer").post(reverse("awards:recipients_add", args=[second.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Dòng 2" in body and "đã được tặng Kỷ niệm chương" in body
    assert 'value="Lê Thị Hoa"' in body and 'value="Chủ tịch Hội Phụ nữ"' in body
    assert not second.recipients.exists()


def test_removing_a_recipient_is_post_only_and_for_editors(client_as, btl_decision):
    recipient = btl_decision.recipients.first()
    url = reverse("awards:recipient_remove", args=[btl_decision.pk, recipient.pk])
    assert client_as("district_reviewer").get(url).status_code == 405
    for persona in ("ward_clerk", "ward_head", "outsider", "admin"):
        assert client_as(persona).post(url).status_code == 404
    assert client_as("district_reviewer").post(url).status_code == 302
    assert not AwardRecipient.objects.filter(pk=recipient.pk).exists()


def test_a_recipient_of_another_decision_cannot_be_removed_through_this_one(client_as, btl_decision, make_decision):
    other = make_decision(number="2-QĐ")
    recipient = btl_decision.recipients.first()
    url = reverse("awards:recipient_remove", args=[other.pk, recipient.pk])
    assert client_as("district_reviewer").post(url).status_code == 404


# ---------------------------------------------------------------- scan and menu


def test_the_scanned_decision_is_served_only_to_those_who_see_the_decision(client_as, btl_decision, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    decision_update(decision=btl_decision, by=system_actor(), scan=SimpleUploadedFile("qd.pdf", b"%PDF-1.4 test"))
    url = reverse("awards:scan", args=[btl_decision.pk])
    response = client_as("ward_clerk").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert client_as("outsider").get(url).status_code == 404


def test_a_decision_without_a_scan_has_nothing_to_download(client_as, btl_decision):
    assert client_as("district_reviewer").get(reverse("awards:scan", args=[btl_decision.pk])).status_code == 404


@pytest.mark.parametrize("persona", ALL)
def test_the_menu_has_an_awards_entry_for_signed_in_users(client_as, persona):
    body = client_as(persona).get(reverse("home")).content.decode()
    assert "Khen thưởng" in body and reverse("awards:list") in body


def test_a_recipient_can_be_linked_to_an_initiative_of_the_issuers_subtree(client_as, make_decision, tree):
    from django.apps import apps

    initiative_model = apps.get_model("initiatives", "Initiative")
    field = initiative_model._meta.get_field("field").related_model.objects.first()
    initiative = initiative_model.objects.create(
        name="Camera an ninh tổ dân phố", field=field, year=2022, unit=tree["conhue1"]
    )
    decision = make_decision()
    client = client_as("district_reviewer")
    url = reverse("awards:recipients_add", args=[decision.pk])
    assert "Camera an ninh tổ dân phố (2022)" in client.get(url).content.decode()
    response = client.post(url, _lines({"unit": tree["conhue1"].pk, "initiative": initiative.pk}))
    assert response.status_code == 302
    assert decision.recipients.get().initiative == initiative
    assert "Camera an ninh tổ dân phố" in client.get(reverse("awards:detail", args=[decision.pk])).content.decode()


def test_a_pasted_list_fills_the_lines_without_saving_and_matches_unit_names(client_as, make_decision, tree):
    decision = make_decision()
    url = reverse("awards:recipients_add", args=[decision.pk])
    pasted = "Phường Cổ Nhuế 1\nphuong dong ngac\nChi bộ Tổ dân phố số 3; Phường Cổ Nhuế 1\n"
    response = client_as("district_reviewer").post(url, {"paste": "1", "p-kind": "collective", "p-text": pasted})
    assert response.status_code == 200
    assert not decision.recipients.exists()
    formset = response.context["formset"]
    assert [f.initial.get("unit") for f in formset.forms] == [
        tree["conhue1"].pk,
        tree["dongngac_old"].pk,
        tree["conhue1"].pk,
    ]
    assert formset.forms[2].initial["name"] == "Chi bộ Tổ dân phố số 3"


def test_pasted_individuals_are_split_on_tabs(client_as, make_decision, tree):
    decision = make_decision()
    url = reverse("awards:recipients_add", args=[decision.pk])
    pasted = "Trần Văn Hùng\tBí thư Chi bộ\tTổ dân phố 1\t02/09/1970"
    response = client_as("district_reviewer").post(url, {"paste": "1", "p-kind": "individual", "p-text": pasted})
    initial = response.context["formset"].forms[0].initial
    assert initial == {
        "kind": "individual",
        "name": "Trần Văn Hùng",
        "position": "Bí thư Chi bộ",
        "unit": tree["tdp1"].pk,
        "date_of_birth": "02/09/1970",
    }
    assert 'value="02/09/1970"' in response.content.decode()
