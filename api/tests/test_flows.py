"""Whole tasks done through the API alone, checked against figures worked out by hand."""

from decimal import Decimal

import pytest
from django.apps import apps

from accounts.system import system_actor
from api.tests.conftest import API

needs = {
    app: pytest.mark.skipif(not apps.is_installed(app), reason=f"{app} not installed")
    for app in ("initiatives", "stats", "reports")
}


def _json(client, method, path, body=None):
    response = getattr(client, method)(f"{API}{path}", body or {}, content_type="application/json")
    return response.status_code, response.json()


@needs["stats"]
def test_a_district_rate_is_the_ratio_of_sums_with_its_change_in_points(api_as, tree, personas, settings):
    """Seed 002's sentence "giải quyết đạt 87% (tăng 5% so với năm 2021)": 2021 H1 82 of 100
    recommendations resolved; 2022 H1 54 of 60 in one ward and 33 of 40 in the other = 87 of 100
    (the mean of the wards' 90% and 82.5% would be 86.25%)."""
    from stats import services
    from stats.models import DataSet

    form = DataSet.objects.get(code="BC_DV_6T")
    clerk, reviewer = api_as("ward_clerk"), api_as("district_reviewer")
    figures = {
        ("conhue1", "2021H1"): (60, 50),
        ("dongngac_old", "2021H1"): (40, 32),
        ("conhue1", "2022H1"): (60, 54),
        ("dongngac_old", "2022H1"): (40, 33),
    }
    for (ward, period), (raised, resolved) in figures.items():
        values = [
            {"element": "RECOMMENDATIONS_RAISED", "value": raised},
            {"element": "RECOMMENDATIONS_RESOLVED", "value": str(resolved)},
        ]
        if ward == "conhue1":
            status, sub = _json(
                clerk, "post", "/stats/submissions", {"data_set": form.pk, "period": period, "unit": tree[ward].pk}
            )
            assert status == 201
            assert _json(clerk, "put", f"/stats/submissions/{sub['id']}/values", {"values": values})[0] == 200
            assert _json(clerk, "post", f"/stats/submissions/{sub['id']}/actions/submit")[1]["status"] == "submitted"
            pk = sub["id"]
        else:  # the other ward's own clerk is not a persona: enter it through the services
            submission = services.submission_open(data_set=form, period=period, unit=tree[ward], by=system_actor())
            for row in values:
                element = form.sections.first().items.get(element__code=row["element"]).element
                services.value_set(submission=submission, element=element, value=row["value"], by=system_actor())
            services.submission_submit(submission=submission, by=system_actor())
            pk = submission.pk
        status, approved = _json(reviewer, "post", f"/stats/submissions/{pk}/actions/approve")
        assert (status, approved["status"]) == (200, "approved")
    rate = reviewer.get(
        f"{API}/stats/aggregate", {"unit": tree["btl"].pk, "period": "2022H1", "indicator": "RESOLVED_RATE"}
    ).json()
    assert (Decimal(rate["numerator"]), Decimal(rate["denominator"])) == (87, 100)
    assert Decimal(rate["value"]) == 87
    assert Decimal(rate["previous"]) == 82
    assert Decimal(rate["points_change"]) == 5
    total = reviewer.get(
        f"{API}/stats/aggregate", {"unit": tree["btl"].pk, "period": "2022H1", "element": "RECOMMENDATIONS_RAISED"}
    ).json()
    assert Decimal(total["value"]) == 100 and Decimal(total["previous"]) == 100


@needs["stats"]
def test_values_breaking_a_rule_or_a_locked_form_are_refused(api_as, sample):
    clerk = api_as("ward_clerk")
    pk = sample["submission"].pk
    status, body = _json(
        clerk,
        "put",
        f"/stats/submissions/{pk}/values",
        {
            "values": [
                {"element": "RECOMMENDATIONS_RAISED", "value": 5},
                {"element": "RECOMMENDATIONS_RESOLVED", "value": 9},
            ]
        },
    )
    assert status == 422 and body["fields"]
    assert _json(clerk, "post", f"/stats/submissions/{pk}/actions/submit")[0] == 200
    status, body = _json(
        clerk, "put", f"/stats/submissions/{pk}/values", {"values": [{"element": "RECOMMENDATIONS_RAISED", "value": 5}]}
    )
    assert (status, body["code"]) == (409, "locked")


@needs["initiatives"]
def test_an_initiative_goes_through_its_life_cycle_and_refuses_wrong_steps(api_as, sample, tree):
    clerk, reviewer = api_as("ward_clerk"), api_as("district_reviewer")
    pk = sample["initiative"].pk
    assert _json(clerk, "post", f"/initiatives/{pk}/actions/start")[1]["status"] == "implementing"
    status, body = _json(clerk, "post", f"/initiatives/{pk}/actions/start")
    assert (status, body["code"]) == (409, "not_registered")
    status, body = _json(clerk, "post", f"/initiatives/{pk}/actions/propose")
    assert status == 422 and "level" in body["fields"]
    assert _json(clerk, "post", f"/initiatives/{pk}/actions/propose", {"level": "district"})[1]["status"] == "proposed"
    status, body = _json(reviewer, "post", f"/initiatives/{pk}/actions/refuse")
    assert status == 422 and "reason" in body["fields"]
    status, body = _json(reviewer, "post", f"/initiatives/{pk}/actions/refuse", {"reason": "Chưa lan tỏa"})
    assert (status, body["status"]) == (200, "not_recognized")
    assert [e["action"] for e in body["events"]][-1] == "refuse"
    listed = reviewer.get(f"{API}/initiatives", {"status": "not_recognized", "unit": tree["btl"].pk}).json()
    assert (listed["count"], [i["id"] for i in listed["items"]]) == (1, [pk])


@needs["initiatives"]
def test_recognition_by_decision_counts_in_the_registry(api_as, sample, tree):
    reviewer = api_as("district_reviewer")
    status, body = _json(
        reviewer,
        "post",
        f"/decisions/{sample['decision'].pk}/recognize",
        {"initiatives": [sample["proposed"].pk], "outstanding": [sample["proposed"].pk]},
    )
    assert status == 200 and body[0]["recognized_level"] == "district"
    counts = reviewer.get(f"{API}/initiatives/counts", {"unit": tree["btl"].pk, "year": 2024}).json()
    assert (counts["total"], counts["recognized_district"]) == (3, 2)


@needs["reports"]
@pytest.mark.parametrize(("fmt", "magic"), [("docx", b"PK"), ("xlsx", b"PK"), ("pdf", b"%PDF")])
def test_a_drafted_report_downloads_as_a_file(api_as, sample, fmt, magic):
    response = api_as("ward_head").get(f"{API}/reports/{sample['report'].pk}/file/{fmt}")
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert response["Content-Disposition"].endswith(f'.{fmt}"')


@needs["reports"]
def test_an_issued_report_is_numbered_and_frozen(api_as, sample):
    head = api_as("ward_head")
    pk = sample["report"].pk
    status, body = _json(head, "post", f"/reports/{pk}/actions/issue", {"issued_on": "2025-01-05"})
    assert status == 200 and body["status"] == "issued" and body["number_text"]
    assert [v["version"] for v in body["versions"]] == [1]
    status, body = _json(
        head, "patch", f"/reports/{pk}", {"title": "Sửa sau khi ban hành", "edit_version": body["edit_version"]}
    )
    assert (status, body["code"]) == (409, "already_issued")
    assert _json(head, "post", f"/reports/{pk}/actions/new-version")[1]["status"] == "draft"


@needs["stats"]
def test_forms_awaiting_approval_are_listed_for_the_reviewer_above_only(api_as, sample):
    clerk, reviewer = api_as("ward_clerk"), api_as("district_reviewer")
    pk = sample["submission"].pk
    assert _json(clerk, "post", f"/stats/submissions/{pk}/actions/submit")[0] == 200
    mine = reviewer.get(f"{API}/stats/submissions", {"awaiting_my_review": True}).json()
    assert [s["id"] for s in mine["items"]] == [pk]
    assert clerk.get(f"{API}/stats/submissions", {"awaiting_my_review": True}).json()["count"] == 0


@needs["stats"]
def test_a_reviewer_approves_several_forms_at_once(api_as, sample):
    clerk, reviewer = api_as("ward_clerk"), api_as("district_reviewer")
    pk = sample["submission"].pk
    assert _json(clerk, "post", f"/stats/submissions/{pk}/actions/submit")[0] == 200
    status, body = _json(reviewer, "post", "/stats/approvals", {"submissions": [pk, 999999]})
    assert (status, body) == (200, {"approved": [pk], "errors": {}})
    assert reviewer.get(f"{API}/stats/submissions/{pk}").json()["status"] == "approved"
