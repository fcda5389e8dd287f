"""Registry security: lost updates, recognized fields, blank names, absurd dates, double submits."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.system import system_actor
from initiatives import services
from initiatives.models import Initiative, PlaqueWork, RecognitionDecision
from lib.versioning import VersionConflict


def _form(initiative, **changes):
    data = {
        "name": initiative.name,
        "kind": initiative.kind,
        "subject": initiative.subject,
        "field": initiative.field_id,
        "year": initiative.year,
        "unit": initiative.unit_id,
        "origin": initiative.origin,
        "place": initiative.place,
        "results_text": initiative.results_text,
        "version": initiative.version,
    }
    data.update(changes)
    return data


# ---------------------------------------------------------------- lost updates


def test_a_stale_edit_is_refused_with_what_changed_and_keeps_the_second_writers_typing(client_as, make_initiative):
    initiative = make_initiative(name="Tuyến phố A")
    first, second = client_as("ward_clerk"), client_as("ward_head")
    url = reverse("initiatives:edit", args=[initiative.pk])
    both_read = _form(initiative)

    assert first.post(url, {**both_read, "name": "Tuyến phố B"}).status_code == 302
    response = second.post(url, {**both_read, "place": "Tổ dân phố số 7"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Tên: &#x27;Tuyến phố A&#x27; → &#x27;Tuyến phố B&#x27;" in page
    assert 'value="Tổ dân phố số 7"' in page  # the second writer's typing is kept
    initiative.refresh_from_db()
    assert (initiative.name, initiative.place) == ("Tuyến phố B", "")  # the first change is not lost
    form = response.context["form"]
    assert form.data["version"] == str(initiative.version)

    # Saving again from the page (now at the current version) goes through.
    again = second.post(url, {**dict(form.data.items()), "place": "Tổ dân phố số 7"})
    assert again.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.name, initiative.place) == ("Tuyến phố B", "Tổ dân phố số 7")


def test_every_edit_raises_the_version_and_the_service_names_the_changed_fields(make_initiative, personas):
    initiative = make_initiative(name="Tuyến phố A")
    start = initiative.version
    services.initiative_update(initiative=initiative, by=personas["ward_clerk"], expected_version=start, name="B")
    initiative.refresh_from_db()
    assert initiative.version == start + 1
    with pytest.raises(VersionConflict) as caught:
        services.initiative_update(initiative=initiative, by=personas["ward_head"], expected_version=start, place="X")
    assert caught.value.changes == [("name", "Tên", "Tuyến phố A", "B")]
    assert caught.value.code == "stale_version"
    initiative.refresh_from_db()
    assert initiative.place == ""


# ---------------------------------------------------------------- recognized fields


def test_a_clerk_cannot_change_what_was_recognized_but_a_reviewer_can(make_initiative, personas):
    initiative = make_initiative(status="recognized", name="Tuyến phố văn minh")
    with pytest.raises(PermissionDenied):
        services.initiative_update(initiative=initiative, by=personas["ward_clerk"], name="Tên khác hẳn")
    initiative.refresh_from_db()
    assert initiative.name == "Tuyến phố văn minh"
    # Results keep growing after recognition: still the clerk's to enter.
    services.initiative_update(initiative=initiative, by=personas["ward_clerk"], results_text="Thêm 2 camera")
    services.initiative_update(initiative=initiative, by=personas["district_reviewer"], name="Tên đã sửa")
    initiative.refresh_from_db()
    assert (initiative.name, initiative.results_text) == ("Tên đã sửa", "Thêm 2 camera")


def test_the_clerks_edit_form_shows_recognized_fields_read_only_and_ignores_them(client_as, make_initiative):
    initiative = make_initiative(status="recognized", name="Tuyến phố văn minh")
    clerk = client_as("ward_clerk")
    url = reverse("initiatives:edit", args=[initiative.pk])
    page = clerk.get(url)
    assert page.context["form"].fields["name"].disabled
    assert 'data-testid="recognized-note"' in page.content.decode()
    response = clerk.post(url, _form(initiative, name="Đổi tên lén", results_text="Kết quả mới"))
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert (initiative.name, initiative.results_text) == ("Tuyến phố văn minh", "Kết quả mới")


# ---------------------------------------------------------------- names and dates


@pytest.mark.parametrize("name", ["   ", "\u200b", "\u200c\u200d", "\ufeff \u2060", " \u200b \u00a0"])
def test_an_initiative_name_of_spaces_or_invisible_characters_is_refused(make_initiative, name):
    with pytest.raises(ValidationError) as caught:
        make_initiative(name=name)
    assert "Tên" in " ".join(caught.value.message_dict["name"])
    assert not Initiative.objects.exists()


def test_names_are_stored_in_nfc_without_invisible_characters(make_initiative):
    decomposed = "Tuye\u0302\u0301n pho\u0302\u0301\u200b  văn minh"
    initiative = make_initiative(name=decomposed)
    assert initiative.name == "Tuyến phố văn minh"


@pytest.mark.parametrize("day", [dt.date(1900, 1, 1), dt.date(2200, 1, 1)])
def test_absurd_activity_dates_are_refused(make_initiative, day):
    with pytest.raises(ValidationError) as caught:
        make_initiative(start_date=day)
    assert "start_date" in caught.value.message_dict


@pytest.mark.parametrize("day", [dt.date(1900, 5, 1), dt.date(1945, 9, 1)])
def test_absurd_recognition_decision_dates_and_blank_numbers_are_refused(tree, day):
    with pytest.raises(ValidationError) as caught:
        services.decision_create(by=system_actor(), number="\u200b ", date=day, issuer=tree["vn"], level="province")
    assert {"date", "number"} <= set(caught.value.message_dict)
    assert not RecognitionDecision.objects.exists()


def test_a_plaque_named_with_invisible_characters_or_dated_2200_is_refused(make_initiative):
    initiative = make_initiative()
    with pytest.raises(ValidationError) as caught:
        services.plaque_add(
            initiative=initiative, by=system_actor(), name="\u200b", level="district", date=dt.date(2200, 1, 1)
        )
    assert {"name", "date"} <= set(caught.value.message_dict)
    assert not PlaqueWork.objects.exists()


def test_the_registration_page_shows_the_blank_name_message_and_keeps_the_typing(client_as, tree, fields):
    response = client_as("ward_clerk").post(
        reverse("initiatives:create"),
        {
            "name": "\u200b\u200b",
            "kind": "model",
            "subject": "collective",
            "field": fields["security"].pk,
            "year": 2024,
            "unit": tree["conhue1"].pk,
            "origin": "new",
            "place": "Ngõ 12",
        },
    )
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert 'value="Ngõ 12"' in response.content.decode()
    assert not Initiative.objects.exists()


# ---------------------------------------------------------------- double submit


def test_posting_the_same_registration_form_twice_makes_one_initiative(client_as, tree, fields):
    clerk = client_as("ward_clerk")
    page = clerk.get(reverse("initiatives:create"))
    token = page.context["form"].initial["form_token"]
    assert f'value="{token}"' in page.content.decode()
    data = {
        "name": "Camera an ninh",
        "kind": "model",
        "subject": "collective",
        "field": fields["security"].pk,
        "year": 2024,
        "unit": tree["conhue1"].pk,
        "origin": "new",
        "form_token": token,
    }
    first = clerk.post(reverse("initiatives:create"), data)
    second = clerk.post(reverse("initiatives:create"), data)
    assert Initiative.objects.count() == 1
    created = Initiative.objects.get()
    assert first["Location"] == second["Location"] == reverse("initiatives:detail", args=[created.pk])


def test_posting_the_same_new_decision_twice_records_one_decision(client_as, make_initiative, tree):
    first_one = make_initiative(status="proposed", name="Một")
    second_one = make_initiative(status="proposed", name="Hai")
    reviewer = client_as("district_reviewer")
    page = reviewer.get(reverse("initiatives:list"))
    token = page.context["form_token"]
    data = {
        "ids": [first_one.pk],
        "action": "recognize",
        "level": "district",
        "number": "45-QĐ/QU",
        "date": "01/12/2024",
        "issuer": tree["btl"].pk,
        "form_token": token,
    }
    reviewer.post(reverse("initiatives:bulk"), data)
    replay = reviewer.post(reverse("initiatives:bulk"), {**data, "ids": [second_one.pk]})
    assert RecognitionDecision.objects.count() == 1
    decision = RecognitionDecision.objects.get()
    assert replay["Location"] == reverse("initiatives:decision_detail", args=[decision.pk])
    second_one.refresh_from_db()
    assert second_one.status == "proposed"  # the replay did nothing


def test_the_district_reviewer_corrects_a_recognized_initiative_on_the_edit_page(client_as, make_initiative):
    initiative = make_initiative(status="recognized", name="Tuyến phố văn minh")
    reviewer = client_as("district_reviewer")
    url = reverse("initiatives:edit", args=[initiative.pk])
    page = reviewer.get(url)
    assert page.status_code == 200
    assert not page.context["form"].fields["name"].disabled
    assert "evidence_file" not in page.context["form"].fields
    assert reviewer.post(url, _form(initiative, name="Tuyến phố văn minh, sạch đẹp")).status_code == 302
    initiative.refresh_from_db()
    assert initiative.name == "Tuyến phố văn minh, sạch đẹp"
    # Before recognition the reviewer does not edit the ward's registration.
    draft = make_initiative(name="Bản nháp")
    assert reviewer.get(reverse("initiatives:edit", args=[draft.pk])).status_code == 404
