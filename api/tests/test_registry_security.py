"""The API side of the registry security items: stale PATCHes answer 409 with what changed;
award decisions withhold recipients outside the scope and personal data from non-reviewers."""

import datetime as dt

import pytest

from accounts.system import system_actor
from api.tests.conftest import API

pytestmark = pytest.mark.django_db


def test_a_stale_initiative_patch_answers_409_with_the_changed_fields(api_as, sample):
    initiative = sample["initiative"]
    url = f"{API}/initiatives/{initiative.pk}"
    clerk = api_as("ward_clerk")
    read = clerk.get(url).json()["version"]
    assert (
        clerk.patch(url, {"name": "Camera an ninh mới", "version": read}, content_type="application/json").status_code
        == 200
    )
    stale = clerk.patch(url, {"place": "Ngõ 3", "version": read}, content_type="application/json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "stale_version"
    assert body["fields"]["name"] == ["'Camera an ninh' → 'Camera an ninh mới'"]
    initiative.refresh_from_db()
    assert (initiative.name, initiative.place) == ("Camera an ninh mới", "")


def test_a_stale_award_patch_answers_409(api_as, sample):
    award = sample["award"]
    url = f"{API}/awards/{award.pk}"
    reviewer = api_as("district_reviewer")
    read = reviewer.get(url).json()["version"]
    assert (
        reviewer.patch(url, {"signer": "Nguyễn Văn B", "version": read}, content_type="application/json").status_code
        == 200
    )
    stale = reviewer.patch(url, {"summary": "x", "version": read}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert "signer" in stale.json()["fields"]


def test_award_detail_trims_recipients_and_withholds_personal_data(api_as, sample, tree):
    from awards.services import recipients_add

    born = dt.date(1970, 5, 6)
    recipients_add(
        decision=sample["award"],
        by=system_actor(),
        rows=[
            {"kind": "individual", "name": "Nguyễn Thị Lan", "unit": tree["tdp1"], "date_of_birth": born},
            {"kind": "individual", "name": "Trần Thị Hoa", "unit": tree["dongngac_old"], "date_of_birth": born},
        ],
    )
    url = f"{API}/awards/{sample['award'].pk}"
    clerk_view = {r["name"]: r for r in api_as("ward_clerk").get(url).json()["recipients"] if r["name"]}
    assert set(clerk_view) == {"Nguyễn Thị Lan"}
    assert clerk_view["Nguyễn Thị Lan"]["date_of_birth"] is None
    assert clerk_view["Nguyễn Thị Lan"]["unit"] is None
    assert clerk_view["Nguyễn Thị Lan"]["personal_hidden"] is True
    reviewer_view = {r["name"]: r for r in api_as("district_reviewer").get(url).json()["recipients"] if r["name"]}
    assert set(reviewer_view) == {"Nguyễn Thị Lan", "Trần Thị Hoa"}
    assert reviewer_view["Trần Thị Hoa"]["date_of_birth"] == born.isoformat()
