"""Initiative and award endpoints answer "may not" with 403 and "not now" with 409 and the
service's machine code (the house contract), whatever the order of the refused steps."""

import datetime as dt

import pytest

from api.tests.conftest import API

pytestmark = pytest.mark.django_db


def _post(client, path, body=None):
    response = client.post(f"{API}{path}", body or {}, content_type="application/json")
    return response.status_code, response.json()


def _status(obj) -> str:
    obj.refresh_from_db()
    return obj.status


def test_proposing_a_draft_answers_409_and_leaves_it_a_draft(api_as, sample):
    clerk = api_as("ward_clerk")
    status, body = _post(
        clerk,
        "/initiatives",
        {
            "name": "Mô hình còn nháp",
            "field": sample["initiative"].field_id,
            "year": 2024,
            "unit": sample["initiative"].unit_id,
        },
    )
    assert (status, body["status"]) == (201, "draft")
    status, body = _post(clerk, f"/initiatives/{body['id']}/actions/propose", {"level": "district"})
    assert (status, body["code"]) == (409, "not_proposable")
    assert body["message"]


def test_proposing_twice_answers_409(api_as, sample):
    status, body = _post(
        api_as("ward_clerk"), f"/initiatives/{sample['proposed'].pk}/actions/propose", {"level": "district"}
    )
    assert (status, body["code"]) == (409, "not_proposable")
    assert _status(sample["proposed"]) == "proposed"


def test_recognizing_an_initiative_that_was_not_proposed_answers_409_and_recognizes_none(api_as, sample):
    registered, proposed = sample["initiative"], sample["proposed"]
    status, body = _post(
        api_as("district_reviewer"),
        f"/decisions/{sample['decision'].pk}/recognize",
        {"initiatives": [proposed.pk, registered.pk]},
    )
    assert (status, body["code"]) == (409, "not_proposed")
    # All or none: the proposed one listed first was not recognized either.
    assert (_status(proposed), _status(registered)) == ("proposed", "registered")


def test_refusing_an_initiative_that_was_not_proposed_answers_409(api_as, sample):
    status, body = _post(
        api_as("district_reviewer"), f"/initiatives/{sample['initiative'].pk}/actions/refuse", {"reason": "Chưa đạt"}
    )
    assert (status, body["code"]) == (409, "not_proposed")


def test_a_clerk_refusing_a_proposal_is_a_permission_refusal_403(api_as, sample):
    status, body = _post(api_as("ward_clerk"), f"/initiatives/{sample['proposed'].pk}/actions/refuse", {"reason": "x"})
    assert (status, body["code"]) == (403, "permission_denied")
    assert _status(sample["proposed"]) == "proposed"


def test_a_clerk_renaming_a_recognized_initiative_answers_403(api_as, sample):
    recognized = sample["decision"].items.get().initiative
    response = api_as("ward_clerk").patch(
        f"{API}/initiatives/{recognized.pk}",
        {"name": "Tên khác hẳn", "version": recognized.version},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    # Results stay open to the clerk after recognition.
    response = api_as("ward_clerk").patch(
        f"{API}/initiatives/{recognized.pk}",
        {"workdays": 12, "version": recognized.version},
        content_type="application/json",
    )
    assert response.status_code == 200


def test_a_clerk_issuing_an_award_in_the_districts_name_answers_403_and_saves_nothing(api_as, sample, tree):
    from awards.models import AwardDecision, RewardForm

    before = AwardDecision.objects.count()
    response = api_as("ward_clerk").post(
        f"{API}/awards",
        {
            "issuer": tree["btl"].pk,
            "issuer_title": "Ban Thường vụ Quận ủy",
            "year": 2022,
            "number": "14-QĐ/QU",
            "date": "2022-12-21",
            "reward_form": RewardForm.objects.get(code="giay-khen").pk,
        },
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert AwardDecision.objects.count() == before


def test_a_clerk_editing_an_issued_award_answers_403(api_as, sample):
    # The clerk sees the district's decision (a recipient is in the ward) but may not change it.
    response = api_as("ward_clerk").patch(
        f"{API}/awards/{sample['award'].pk}",
        {"summary": "x", "version": sample["award"].version},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")


def test_an_award_edit_from_an_old_version_answers_409_stale_version(api_as, sample):
    reviewer = api_as("district_reviewer")
    url = f"{API}/awards/{sample['award'].pk}"
    read = reviewer.get(url).json()["version"]
    first = reviewer.patch(url, {"summary": "Tổng kết", "version": read}, content_type="application/json")
    assert first.status_code == 200
    stale = reviewer.patch(url, {"signer": "Lê Văn D", "version": read}, content_type="application/json")
    body = stale.json()
    assert (stale.status_code, body["code"]) == (409, "stale_version")
    assert "summary" in body["fields"]
    sample["award"].refresh_from_db()
    assert sample["award"].signer != "Lê Văn D"


def test_a_recognition_decision_is_dated_and_refused_by_field_with_422_not_409(api_as, tree):
    response = api_as("district_reviewer").post(
        f"{API}/decisions",
        {
            "number": "31-QĐ/QU",
            "date": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
            "issuer": tree["btl"].pk,
            "level": "district",
        },
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (422, "validation_error")
    assert "date" in response.json()["fields"]
