"""A doubted figure through the API: flagged by a reviewer, answered by the ward, listed in scope."""

import pytest

from api.tests.conftest import API

pytestmark = pytest.mark.django_db


def _json(client, method, path, body=None):
    response = getattr(client, method)(f"{API}{path}", body or {}, content_type="application/json")
    return response.status_code, response.json()


def test_a_reviewer_flags_a_figure_and_the_ward_answers(api_as, sample):
    pk = sample["submission"].pk
    clerk, reviewer = api_as("ward_clerk"), api_as("district_reviewer")
    values = [{"element": "CITIZEN_RECEPTIONS", "value": 40}]
    assert _json(clerk, "put", f"/stats/submissions/{pk}/values", {"values": values})[0] == 200
    status, body = _json(
        reviewer,
        "post",
        f"/stats/submissions/{pk}/follow-up",
        {"element": "CITIZEN_RECEPTIONS", "comment": "Cao bất thường?"},
    )
    assert status == 200 and body["follow_up"] is True
    status, body = _json(
        clerk, "post", f"/stats/submissions/{pk}/comments", {"element": "CITIZEN_RECEPTIONS", "text": "Đã kiểm tra."}
    )
    assert status == 201
    assert [c["text"] for c in body["comments"]] == ["Cao bất thường?", "Đã kiểm tra."]
    listed = api_as("city_leader").get(f"{API}/stats/follow-ups").json()
    assert [(i["submission"], i["element"]) for i in listed["items"]] == [(pk, "CITIZEN_RECEPTIONS")]
    assert api_as("outsider").get(f"{API}/stats/follow-ups").json()["items"] == []
    detail = clerk.get(f"{API}/stats/submissions/{pk}").json()
    line = next(v for v in detail["values"] if v["element"] == "CITIZEN_RECEPTIONS")
    assert line["follow_up"] is True


def test_a_value_out_of_its_range_answers_422_naming_the_field(api_as, sample):
    pk = sample["submission"].pk
    values = [{"element": "CITIZEN_RECEPTIONS", "value": "999.999"}]
    status, body = _json(api_as("ward_clerk"), "put", f"/stats/submissions/{pk}/values", {"values": values})
    assert status == 422 and "value" in body["fields"]
