"""Qualified and percent figures through the API alone: typed, read back, and aggregated."""

from decimal import Decimal

import pytest

from accounts.system import system_actor
from api.tests.conftest import API

pytestmark = pytest.mark.django_db


def _json(client, method, path, body=None):
    response = getattr(client, method)(f"{API}{path}", body or {}, content_type="application/json")
    return response.status_code, response.json()


@pytest.fixture
def form():
    from stats.models import DataSet

    return DataSet.objects.get(code="BC_DV_6T")


def _open(clerk, form, unit):
    status, sub = _json(clerk, "post", "/stats/submissions", {"data_set": form.pk, "period": "2024H1", "unit": unit.pk})
    assert status == 201
    return sub["id"]


def test_a_qualifier_typed_or_given_comes_back_and_makes_the_district_sum_inexact(api_as, tree, form):
    from stats import services
    from stats.models import DataElement

    clerk, reviewer = api_as("ward_clerk"), api_as("district_reviewer")
    pk = _open(clerk, form, tree["conhue1"])
    values = [
        {"element": "DIALOGUE_PARTICIPANTS", "value": "trên 11.000"},
        {"element": "RECOMMENDATIONS_RAISED", "value": 40, "qualifier": "nearly"},
    ]
    status, body = _json(clerk, "put", f"/stats/submissions/{pk}/values", {"values": values})
    assert status == 200
    by_code = {v["element"]: v for v in body["values"] if v["option"] is None}
    assert (Decimal(by_code["DIALOGUE_PARTICIPANTS"]["value"]), by_code["DIALOGUE_PARTICIPANTS"]["qualifier"]) == (
        11000,
        "over",
    )
    assert by_code["RECOMMENDATIONS_RAISED"]["qualifier"] == "nearly"
    other = services.submission_open(data_set=form, period="2024H1", unit=tree["dongngac_old"], by=system_actor())
    services.value_set(
        submission=other,
        element=DataElement.objects.get(code="DIALOGUE_PARTICIPANTS"),
        value="3.600",
        by=system_actor(),
    )
    total = reviewer.get(
        f"{API}/stats/aggregate",
        {"unit": tree["btl"].pk, "period": "2024H1", "element": "DIALOGUE_PARTICIPANTS", "include_unapproved": True},
    ).json()
    assert (Decimal(total["value"]), total["qualifier"]) == (14600, "over")


def test_an_unknown_qualifier_is_refused(api_as, tree, form):
    clerk = api_as("ward_clerk")
    pk = _open(clerk, form, tree["conhue1"])
    values = [{"element": "DIALOGUE_PARTICIPANTS", "value": 5, "qualifier": "roughly"}]
    assert _json(clerk, "put", f"/stats/submissions/{pk}/values", {"values": values})[0] == 422


def test_a_percent_is_not_summed_over_wards_by_the_aggregate_api(api_as, tree, form):
    from stats import services
    from stats.models import DataElement, Section, SectionElement

    share = DataElement.objects.create(code="PLANS_PCT", name="Tỷ lệ", value_type="percent", unit_of_measure="%")
    SectionElement.objects.create(section=Section.objects.filter(data_set=form).first(), element=share)
    for ward, value in (("conhue1", 50), ("dongngac_old", 60)):
        sub = services.submission_open(data_set=form, period="2024H1", unit=tree[ward], by=system_actor())
        services.value_set(submission=sub, element=share, value=value, by=system_actor())
    reviewer = api_as("district_reviewer")
    query = {"period": "2024H1", "element": "PLANS_PCT", "include_unapproved": True}
    district = reviewer.get(f"{API}/stats/aggregate", {**query, "unit": tree["btl"].pk}).json()
    assert district["value"] is None  # never 110
    ward = reviewer.get(f"{API}/stats/aggregate", {**query, "unit": tree["conhue1"].pk}).json()
    assert Decimal(ward["value"]) == 50
