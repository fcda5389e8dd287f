"""Every page and action, with every persona: each sees and changes exactly what its role allows."""

import pytest
from django.urls import reverse

from accounts.system import system_actor
from initiatives.models import Initiative, Status
from initiatives.tests.conftest import PNG, upload

ALL = ["ward_clerk", "ward_head", "district_reviewer", "city_leader", "outsider", "admin", "anonymous"]
SEES_WARD = {"ward_clerk", "ward_head", "district_reviewer", "city_leader", "admin"}
ENTERS_WARD = {"ward_clerk", "ward_head"}


def _expected(persona, allowed):
    if persona == "anonymous":
        return 302
    return 200 if persona in allowed else 404


@pytest.mark.parametrize("persona", ALL)
def test_list_page_shows_only_initiatives_in_scope(client_as, make_initiative, persona):
    make_initiative(name="Camera an ninh Cổ Nhuế")
    make_initiative(unit="quangan", name="Tuyến phố Quảng An")
    response = client_as(persona).get(reverse("initiatives:list"))
    if persona == "anonymous":
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
        return
    assert response.status_code == 200
    body = response.content.decode()
    assert ("Camera an ninh Cổ Nhuế" in body) == (persona in SEES_WARD)
    assert ("Tuyến phố Quảng An" in body) == (persona in {"outsider", "admin", "city_leader"})


@pytest.mark.parametrize("persona", ALL)
def test_detail_page_is_visible_to_the_ward_and_those_above(client_as, make_initiative, persona):
    initiative = make_initiative(contact="0912 000 111")
    response = client_as(persona).get(reverse("initiatives:detail", args=[initiative.pk]))
    assert response.status_code == _expected(persona, SEES_WARD)
    if response.status_code == 200:
        assert ("0912 000 111" in response.content.decode()) == (persona in ENTERS_WARD)


@pytest.mark.parametrize("persona", ALL)
def test_edit_page_is_for_the_wards_clerk_and_head(client_as, make_initiative, persona):
    initiative = make_initiative()
    response = client_as(persona).get(reverse("initiatives:edit", args=[initiative.pk]))
    assert response.status_code == _expected(persona, ENTERS_WARD)


@pytest.mark.parametrize("persona", ALL)
def test_registration_page_is_for_those_who_enter_data(client_as, tree, persona):
    response = client_as(persona).get(reverse("initiatives:create"))
    assert response.status_code == _expected(persona, ENTERS_WARD | {"outsider"})


@pytest.mark.parametrize("persona", ALL)
def test_register_action_is_for_the_wards_clerk_and_head(client_as, make_initiative, persona):
    initiative = make_initiative()
    response = client_as(persona).post(reverse("initiatives:action", args=[initiative.pk, "register"]))
    initiative.refresh_from_db()
    assert (initiative.status == Status.REGISTERED) == (persona in ENTERS_WARD)
    if persona in ENTERS_WARD:
        assert response.status_code == 302
    elif persona in SEES_WARD:
        assert response.status_code == 403
    elif persona == "outsider":
        assert response.status_code == 404


@pytest.mark.parametrize("persona", ALL)
def test_propose_action_is_for_the_ward_and_its_reviewers(client_as, make_initiative, persona):
    initiative = make_initiative(status="implementing")
    client_as(persona).post(reverse("initiatives:action", args=[initiative.pk, "propose"]), {"level": "district"})
    initiative.refresh_from_db()
    allowed = ENTERS_WARD | {"district_reviewer", "city_leader"}
    assert (initiative.status == Status.PROPOSED) == (persona in allowed)


@pytest.mark.parametrize("persona", ALL)
def test_refuse_at_district_level_is_for_the_district_reviewer_only(client_as, make_initiative, persona):
    initiative = make_initiative(status="proposed")
    client_as(persona).post(
        reverse("initiatives:action", args=[initiative.pk, "refuse"]), {"reason": "Chưa đủ tiêu chí"}
    )
    initiative.refresh_from_db()
    assert (initiative.status == Status.NOT_RECOGNIZED) == (persona == "district_reviewer")


@pytest.mark.parametrize("persona", ALL)
def test_recognize_with_a_new_decision_is_for_the_district_reviewer_only(client_as, make_initiative, tree, persona):
    initiative = make_initiative(status="proposed")
    response = client_as(persona).post(
        reverse("initiatives:bulk"),
        {
            "ids": [initiative.pk],
            "outstanding": [initiative.pk],
            "action": "recognize",
            "level": "district",
            "number": "99-QĐ/QU",
            "date": "01/12/2024",
            "issuer": tree["btl"].pk,
            "signer": "Lê Minh Tuấn",
        },
    )
    initiative.refresh_from_db()
    assert (initiative.status == Status.RECOGNIZED) == (persona == "district_reviewer")
    if persona == "district_reviewer":
        assert initiative.decision_items.get().outstanding
    else:
        assert response.status_code in (302, 403, 404)


def test_bulk_propose_then_recognize_under_an_existing_decision(client_as, make_initiative, tree):
    from initiatives import services

    first, second = make_initiative(status="implementing"), make_initiative(status="implementing", name="Thứ hai")
    reviewer = client_as("district_reviewer")
    reviewer.post(reverse("initiatives:bulk"), {"ids": [first.pk, second.pk], "action": "propose", "level": "district"})
    assert set(Initiative.objects.values_list("status", flat=True)) == {Status.PROPOSED}
    decision = services.decision_create(
        by=system_actor(),
        number="5-QĐ/QU",
        date=__import__("datetime").date(2024, 11, 1),
        issuer=tree["btl"],
        level="district",
    )
    reviewer.post(
        reverse("initiatives:bulk"),
        {"ids": [first.pk, second.pk], "action": "recognize", "level": "district", "decision": decision.pk},
    )
    assert decision.items.count() == 2
    assert set(Initiative.objects.values_list("recognized_level", flat=True)) == {"district"}


def test_bulk_recognition_above_the_issuers_level_is_refused_with_a_message(client_as, make_initiative, tree):
    initiative = make_initiative(status="proposed")
    response = client_as("district_reviewer").post(
        reverse("initiatives:bulk"),
        {
            "ids": [initiative.pk],
            "action": "recognize",
            "level": "district",
            "number": "1",
            "date": "01/12/2024",
            "issuer": tree["conhue1"].pk,
        },
        follow=True,
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.PROPOSED
    assert "Phường Cổ Nhuế 1" in response.content.decode()


def test_registration_form_keeps_what_was_typed_when_refused(client_as, tree, fields):
    response = client_as("ward_clerk").post(
        reverse("initiatives:create"),
        {
            "name": "Đồng Tâm xây dựng nông thôn mới",
            "kind": "model",
            "subject": "collective",
            "field": fields["political"].pk,
            "year": 2024,
            "unit": tree["conhue1"].pk,
            "origin": "new",
            "start_date": "15/03/2024",
            "end_date": "01/02/2024",
            "funding_social": -5,
            "workdays": 10,
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đồng Tâm xây dựng nông thôn mới" in body and "15/03/2024" in body
    assert not Initiative.objects.exists()
    form = response.context["form"]
    assert "end_date" in form.errors and "funding_social" in form.errors


def test_registration_with_a_refused_file_keeps_the_form(client_as, tree, fields):
    response = client_as("ward_clerk").post(
        reverse("initiatives:create"),
        {
            "name": "Camera an ninh",
            "kind": "model",
            "subject": "collective",
            "field": fields["security"].pk,
            "year": 2024,
            "unit": tree["conhue1"].pk,
            "origin": "new",
            "evidence_file": upload("anh.jpg", b"MZ\x90\x00 not an image"),
        },
    )
    assert response.status_code == 200
    assert "evidence_file" in response.context["form"].errors
    assert "Camera an ninh" in response.content.decode()
    assert not Initiative.objects.exists()


def test_registration_saves_and_registers_with_a_photo(client_as, tree, fields):
    response = client_as("ward_clerk").post(
        reverse("initiatives:create"),
        {
            "name": "Camera an ninh",
            "kind": "model",
            "subject": "collective",
            "field": fields["security"].pk,
            "year": 2024,
            "unit": tree["conhue1"].pk,
            "origin": "new",
            "start_date": "01/02/2024",
            "register": "1",
            "evidence_file": upload("anh.png", PNG, "image/png"),
            "evidence_public": "on",
        },
    )
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert initiative.status == Status.REGISTERED and initiative.start_date.day == 1
    assert initiative.evidence.get().is_public


@pytest.mark.parametrize("persona", ALL)
def test_evidence_file_is_served_only_to_those_who_see_the_initiative(client_as, make_initiative, persona):
    from initiatives import services

    initiative = make_initiative()
    evidence = services.evidence_add(initiative=initiative, by=system_actor(), file=upload("a.png", PNG))
    response = client_as(persona).get(reverse("initiatives:evidence_file", args=[evidence.pk]))
    assert response.status_code == _expected(persona, SEES_WARD)
    if response.status_code == 200:
        assert response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content) == PNG


@pytest.mark.parametrize("persona", ALL)
def test_replicate_page_needs_data_entry_rights(client_as, make_initiative, persona):
    initiative = make_initiative(status="recognized")
    response = client_as(persona).get(reverse("initiatives:replicate", args=[initiative.pk]))
    assert response.status_code == _expected(persona, ENTERS_WARD)


def test_outsider_replicates_a_model_into_their_own_ward(client_as, make_initiative, tree):
    source = make_initiative(status="recognized")
    # the outsider cannot see Cổ Nhuế 1, so they cannot replicate from it…
    assert client_as("outsider").get(reverse("initiatives:replicate", args=[source.pk])).status_code == 404
    # …but the ward head replicates it into the residential group
    response = client_as("ward_head").post(
        reverse("initiatives:replicate", args=[source.pk]),
        {"name": source.name, "unit": tree["tdp1"].pk, "year": 2024},
    )
    copy = Initiative.objects.exclude(pk=source.pk).get()
    assert response.status_code == 302 and copy.source == source


def test_replicating_into_the_source_unit_is_refused_with_a_message(client_as, make_initiative, tree):
    source = make_initiative(status="recognized")
    response = client_as("ward_head").post(
        reverse("initiatives:replicate", args=[source.pk]),
        {"name": source.name, "unit": tree["conhue1"].pk, "year": 2024},
    )
    assert response.status_code == 200 and "unit" in response.context["form"].errors


@pytest.mark.parametrize("persona", ALL)
def test_decision_pages_are_visible_to_the_issuers_scope_and_the_recognized_ward(client_as, make_initiative, persona):
    initiative = make_initiative(status="recognized")
    decision = initiative.decision_items.get().decision
    client = client_as(persona)
    assert client.get(reverse("initiatives:decision_detail", args=[decision.pk])).status_code == _expected(
        persona, SEES_WARD
    )
    listing = client.get(reverse("initiatives:decision_list"))
    assert listing.status_code == (302 if persona == "anonymous" else 200)


def test_plaque_form_records_a_work(client_as, make_initiative):
    initiative = make_initiative(status="recognized")
    client_as("ward_head").post(
        reverse("initiatives:plaque_add", args=[initiative.pk]),
        {"name": "Tuyến phố văn minh", "level": "district", "occasion": "Quốc khánh 2/9", "date": "02/09/2024"},
    )
    assert initiative.plaques.get().date.month == 9


def test_state_changes_are_post_only(client_as, make_initiative):
    initiative = make_initiative()
    response = client_as("ward_clerk").get(reverse("initiatives:action", args=[initiative.pk, "register"]))
    assert response.status_code == 405


def test_a_scanned_decision_is_stored_and_served_to_those_in_scope(client_as, make_initiative, tree):
    from initiatives.tests.conftest import PDF

    initiative = make_initiative(status="proposed")
    client_as("district_reviewer").post(
        reverse("initiatives:bulk"),
        {
            "ids": [initiative.pk],
            "action": "recognize",
            "level": "district",
            "number": "7-QĐ/QU",
            "date": "01/12/2024",
            "issuer": tree["btl"].pk,
            "scan": upload("quyet-dinh.pdf", PDF),
        },
    )
    decision = initiative.decision_items.get().decision
    assert decision.scan_name == "quyet-dinh.pdf"
    url = reverse("initiatives:decision_scan", args=[decision.pk])
    response = client_as("ward_clerk").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client_as("outsider").get(url).status_code == 404


def test_a_scanned_decision_of_the_wrong_type_is_refused(client_as, make_initiative, tree):
    initiative = make_initiative(status="proposed")
    response = client_as("district_reviewer").post(
        reverse("initiatives:bulk"),
        {
            "ids": [initiative.pk],
            "action": "recognize",
            "level": "district",
            "number": "8-QĐ/QU",
            "date": "01/12/2024",
            "issuer": tree["btl"].pk,
            "scan": upload("qd.pdf", b"MZ not a pdf"),
        },
        follow=True,
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.PROPOSED
    assert "JPEG" in response.content.decode()


def test_missing_fields_and_rule_errors_are_shown_together(client_as, tree):
    response = client_as("ward_clerk").post(
        reverse("initiatives:create"),
        {
            "name": "Thử",
            "kind": "model",
            "subject": "collective",
            "year": 2024,
            "origin": "new",
            "unit": tree["conhue1"].pk,
            "start_date": "05/05/2024",
            "end_date": "01/05/2024",
            "workdays": -3,
        },
    )
    errors = response.context["form"].errors
    assert {"field", "end_date", "workdays"} <= set(errors)


# action, starting status, personas allowed, expected status afterwards
MATRIX = [
    ("start", "registered", ENTERS_WARD, Status.IMPLEMENTING),
    ("withdraw", "proposed", ENTERS_WARD | {"district_reviewer", "city_leader"}, Status.IMPLEMENTING),
    ("reopen", "not_recognized", ENTERS_WARD | {"district_reviewer", "city_leader"}, Status.IMPLEMENTING),
    ("stop", "implementing", ENTERS_WARD, Status.STOPPED),
]


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize(("action", "start", "allowed", "after"), MATRIX)
def test_life_cycle_actions_follow_the_roles(client_as, make_initiative, persona, action, start, allowed, after):
    initiative = make_initiative(status=start)
    response = client_as(persona).post(reverse("initiatives:action", args=[initiative.pk, action]), {"reason": "Lý do"})
    initiative.refresh_from_db()
    assert (initiative.status == after) == (persona in allowed)
    if persona not in allowed:
        assert response.status_code in ({302} if persona == "anonymous" else {403, 404})


@pytest.mark.parametrize("persona", ALL)
def test_evidence_delete_is_for_the_wards_data_entry(client_as, make_initiative, persona):
    from initiatives import services

    evidence = services.evidence_add(initiative=make_initiative(), by=system_actor(), file=upload("a.png", PNG))
    client_as(persona).post(reverse("initiatives:evidence_delete", args=[evidence.pk]))
    from initiatives.models import Evidence

    assert Evidence.objects.filter(pk=evidence.pk).exists() == (persona not in ENTERS_WARD)


@pytest.mark.parametrize("persona", ALL)
def test_plaque_recording_is_for_the_ward_and_its_reviewers(client_as, make_initiative, persona):
    initiative = make_initiative(status="recognized")
    client_as(persona).post(
        reverse("initiatives:plaque_add", args=[initiative.pk]),
        {"name": "Công trình", "level": "district", "date": "02/09/2024"},
    )
    allowed = ENTERS_WARD | {"district_reviewer", "city_leader"}
    assert initiative.plaques.exists() == (persona in allowed)


@pytest.mark.parametrize("persona", ALL)
def test_edit_post_is_for_the_wards_clerk_and_head(client_as, make_initiative, tree, fields, persona):
    initiative = make_initiative()
    client_as(persona).post(
        reverse("initiatives:edit", args=[initiative.pk]),
        {
            "name": "Tên mới",
            "kind": "model",
            "subject": "collective",
            "field": fields["culture"].pk,
            "year": 2024,
            "unit": tree["conhue1"].pk,
            "origin": "new",
        },
    )
    initiative.refresh_from_db()
    assert (initiative.name == "Tên mới") == (persona in ENTERS_WARD)
