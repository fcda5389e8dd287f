"""Each persona sees and changes exactly what its role allows on every foundation page."""

import pytest
from django.urls import reverse

from orgunits.models import OrgUnit

ALL = ["ward_clerk", "ward_head", "district_reviewer", "city_leader", "outsider", "admin", "anonymous"]

# Which tree units each persona may open (city_leader reaches old Hà Nội through lineage).
SEES = {
    "ward_clerk": {"conhue1", "tdp1"},
    "ward_head": {"conhue1", "tdp1"},
    "district_reviewer": {"btl", "conhue1", "tdp1", "dongngac_old"},
    "city_leader": {"hanoi", "dongngac", "hanoi_old", "btl", "conhue1", "tdp1", "dongngac_old", "tayho", "quangan"},
    "outsider": {"quangan"},
    "admin": {"vn", "hanoi", "dongngac", "hanoi_old", "btl", "conhue1", "tdp1", "dongngac_old", "tayho", "quangan"},
    "anonymous": set(),
}


@pytest.mark.parametrize("persona", ALL)
def test_unit_pages_open_only_inside_the_personas_subtree(persona, tree, client_as):
    client = client_as(persona)
    for key, unit in tree.items():
        response = client.get(reverse("orgunits:detail", args=[unit.pk]))
        if persona == "anonymous":
            assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
        elif key in SEES[persona]:
            assert response.status_code == 200, (persona, key)
        else:
            assert response.status_code == 404, (persona, key)


@pytest.mark.parametrize("persona", ALL)
def test_the_tree_search_lists_only_visible_units(persona, tree, client_as):
    response = client_as(persona).get(reverse("orgunits:tree"), {"q": "phuong", "include_ended": "on"})
    if persona == "anonymous":
        assert response.status_code == 302
        return
    listed = {u.pk for u in response.context["page"].object_list}
    expected = {tree[k].pk for k in SEES[persona] if "Phường" in tree[k].name}
    assert listed == expected


@pytest.mark.parametrize("persona", ALL)
def test_only_administrators_can_edit_units(persona, tree, client_as):
    client = client_as(persona)
    unit = tree["conhue1"]
    response = client.post(
        reverse("orgunits:edit", args=[unit.pk]),
        {"name": "Đổi tên", "unit_type": unit.unit_type, "level": unit.level_id, "valid_to": "30/06/2025"},
    )
    renamed = OrgUnit.objects.get(pk=unit.pk).name == "Đổi tên"
    assert renamed == (persona == "admin")
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona != "admin":
        assert response.status_code == 404


@pytest.mark.parametrize("persona", ALL)
def test_only_administrators_can_add_sub_units_and_lineage(persona, tree, client_as):
    client = client_as(persona)
    before = OrgUnit.objects.count()
    client.post(
        reverse("orgunits:create", args=[tree["conhue1"].pk]),
        {"name": "Tổ dân phố 2", "unit_type": "residential", "level": tree["tdp1"].level_id, "valid_to": "30/06/2025"},
    )
    assert (OrgUnit.objects.count() == before + 1) == (persona == "admin")
    client.post(
        reverse("orgunits:lineage_add", args=[tree["quangan"].pk]),
        {"kind": "merged_into", "target": tree["dongngac"].pk, "date": "01/07/2025"},
    )
    assert tree["quangan"].lineage_out.exists() == (persona == "admin")


@pytest.mark.parametrize("persona", ALL)
def test_only_administrators_reach_the_user_pages(persona, personas, client_as):
    client = client_as(persona)
    pages = [
        reverse("accounts:user_list"),
        reverse("accounts:user_create"),
        reverse("accounts:user_detail", args=[personas["ward_clerk"].pk]),
    ]
    for url in pages:
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302
        elif persona == "admin":
            assert response.status_code == 200
        else:
            assert response.status_code == 403, (persona, url)


@pytest.mark.parametrize("persona", ALL)
def test_home_shows_the_personas_own_roles(persona, personas, client_as):
    response = client_as(persona).get(reverse("home"))
    if persona == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        assert [a.user_id for a in response.context["assignments"]] == [personas[persona].pk]
