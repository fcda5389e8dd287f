"""Values entered through the API on the options of a crossed combination, read back by the
aggregate API as the total of each category's item."""

from decimal import Decimal

import pytest

from accounts.system import system_actor
from api.tests.conftest import API

pytestmark = pytest.mark.django_db


@pytest.fixture
def element():
    from stats import services
    from stats.models import DataElement, DataSet, Section, SectionElement

    combo = services.combo_define(
        code="DIALOGUE_KIND_HOST_T",
        name="Đối thoại theo hình thức và chủ trì",
        categories=["DIALOGUE_KIND", "DIALOGUE_HOST"],
        by=system_actor(),
    )
    element = DataElement.objects.create(code="T_DIALOGUES_CROSSED", name="Đối thoại (thử)", combo=combo)
    section = Section.objects.filter(data_set__code="BC_DV_6T").first()
    SectionElement.objects.create(section=section, element=element, sort_order=99)
    return element, DataSet.objects.get(code="BC_DV_6T")


def test_values_on_crossed_options_and_the_total_of_each_item(api_as, tree, element):
    element, form = element
    clerk, reviewer = api_as("ward_clerk"), api_as("district_reviewer")
    response = clerk.post(
        f"{API}/stats/submissions",
        {"data_set": form.pk, "period": "2024H1", "unit": tree["conhue1"].pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    entered = {"PERIODIC_PARTY": 3, "PERIODIC_GOVERNMENT": 2, "AD_HOC_PARTY": 4}
    values = [{"element": element.code, "option": code, "value": v} for code, v in entered.items()]
    response = clerk.put(
        f"{API}/stats/submissions/{response.json()['id']}/values", {"values": values}, content_type="application/json"
    )
    assert response.status_code == 200
    body = reviewer.get(
        f"{API}/stats/aggregate",
        {"unit": tree["btl"].pk, "period": "2024H1", "element": element.code, "include_unapproved": True},
    ).json()
    assert Decimal(body["value"]) == sum(entered.values())
    crossing = {o.code: {i.code for i in o.items.all()} for o in element.combo.options.prefetch_related("items")}
    by_category = {c["code"]: {i["code"]: i["value"] for i in c["items"]} for c in body["categories"]}
    assert list(by_category) == ["DIALOGUE_KIND", "DIALOGUE_HOST"]
    for items in by_category.values():
        for code, value in items.items():
            expected = sum(v for option, v in entered.items() if code in crossing[option])
            assert (Decimal(value) if value is not None else None) == (Decimal(expected) if expected else None)
    assert by_category["DIALOGUE_KIND"]["AD_HOC"] is not None
    one = reviewer.get(
        f"{API}/stats/aggregate",
        {
            "unit": tree["btl"].pk,
            "period": "2024H1",
            "element": element.code,
            "option": "AD_HOC_PARTY",
            "include_unapproved": True,
        },
    ).json()
    assert Decimal(one["value"]) == entered["AD_HOC_PARTY"]
    assert one["categories"] == []


def test_the_catalogue_names_the_items_each_option_crosses(api_as, element):
    element, _form = element
    body = api_as("ward_clerk").get(f"{API}/stats/catalogue").json()
    listed = next(e for e in body["elements"] if e["code"] == element.code)
    kinds, hosts = ([i.code for i in c.items.all()] for c in element.combo.category_list())
    expected = {f"{kind}_{host}": [kind, host] for kind in kinds for host in hosts}
    assert {o["code"]: o["items"] for o in listed["options"]} == expected
    plain = next(e for e in body["elements"] if e["code"] == "DIALOGUE_PARTICIPANTS")
    assert plain["options"] == []
