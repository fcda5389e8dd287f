"""The org-unit services follow the house contract: a required author, refusals inside the
service, and one scope vocabulary (orgunits.scope / selectors.subtree_roots)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from accounts.access import scope_paths
from accounts.system import system_actor
from orgunits.loader import load_units
from orgunits.models import LineageEvent, LineageKind, OrgUnit, UnitType
from orgunits.scope import minimal_paths, subtree_q
from orgunits.selectors import subtree_roots
from orgunits.services import lineage_add, unit_create, unit_update


def _new_group(tree, by):
    return unit_create(
        name="Tổ dân phố 9",
        unit_type=UnitType.RESIDENTIAL,
        level=tree["tdp1"].level,
        parent=tree["conhue1"],
        valid_to=tree["conhue1"].valid_to,
        by=by,
    )


def test_a_unit_service_without_an_author_does_not_run(tree):
    with pytest.raises(TypeError):
        unit_update(unit=tree["quangan"], name="Không ai")


def test_someone_without_unit_management_cannot_create_a_unit_even_bypassing_the_page(tree, personas):
    with pytest.raises(PermissionDenied):
        _new_group(tree, personas["district_reviewer"])
    assert not OrgUnit.objects.filter(name="Tổ dân phố 9").exists()


def test_the_system_actor_and_an_administrator_may_create_units(tree, personas):
    assert _new_group(tree, personas["admin"]).history.first().history_user == personas["admin"]
    unit = unit_create(
        name="Tổ dân phố 10", unit_type=UnitType.RESIDENTIAL, level=tree["tdp1"].level, parent=tree["conhue1"],
        valid_to=tree["conhue1"].valid_to, by=system_actor(),
    )  # fmt: skip
    assert unit.history.first().history_user == system_actor()


def test_an_administrator_of_one_district_cannot_move_a_unit_into_another(tree, personas):
    from accounts.services import user_create

    btl_admin = user_create(
        username="qt_btl", password="Some-pass-2024", unit=tree["btl"], role="admin", by=personas["admin"]
    )
    with pytest.raises(PermissionDenied):
        unit_update(unit=tree["conhue1"], parent=tree["tayho"], by=btl_admin)
    assert OrgUnit.objects.get(pk=tree["conhue1"].pk).parent_id == tree["btl"].pk
    with pytest.raises(PermissionDenied):
        unit_update(unit=tree["quangan"], name="Quảng An mới", by=btl_admin)
    unit_update(unit=tree["dongngac_old"], note="ghi chú", by=btl_admin)  # inside the district: allowed


def test_lineage_needs_unit_management_on_the_source(tree, personas):
    with pytest.raises(PermissionDenied):
        lineage_add(
            source=tree["quangan"], target=tree["dongngac"], kind=LineageKind.MERGED_INTO,
            date=dt.date(2025, 7, 1), by=personas["city_leader"],
        )  # fmt: skip
    assert not LineageEvent.objects.filter(source=tree["quangan"]).exists()


def test_the_loader_refuses_a_person_without_rights_over_the_whole_tree(personas):
    with pytest.raises(PermissionDenied):
        load_units(province_code=1, by=personas["admin"])  # admin of Việt Nam, but not a superuser


def test_subtree_roots_keep_only_the_outermost_units(tree):
    paths = subtree_roots([tree["btl"], tree["conhue1"], tree["tdp1"].path, tree["quangan"]], through_lineage=False)
    assert paths == sorted([tree["btl"].path, tree["quangan"].path])
    assert subtree_roots(None, through_lineage=True) is None
    assert subtree_roots([], through_lineage=True) == []


def test_subtree_roots_through_lineage_add_the_units_that_became_them(tree):
    # New Đông Ngạc was formed from Cổ Nhuế 1 and old Đông Ngạc (see the tree fixture).
    expected = sorted([tree["dongngac"].path, tree["conhue1"].path, tree["dongngac_old"].path])
    assert subtree_roots(tree["dongngac"], through_lineage=True) == expected
    assert subtree_roots(tree["dongngac"].path, through_lineage=True) == expected
    assert subtree_roots(tree["dongngac"], through_lineage=False) == [tree["dongngac"].path]


def test_subtree_q_means_everywhere_nowhere_or_the_subtrees(tree):
    everything = OrgUnit.objects.count()
    assert OrgUnit.objects.filter(subtree_q(None, "path")).count() == everything
    assert OrgUnit.objects.filter(subtree_q([], "path")).count() == 0
    below_btl = {tree[k].pk for k in ("btl", "conhue1", "tdp1", "dongngac_old")} | {tree["quangan"].pk}
    got = set(
        OrgUnit.objects.filter(subtree_q([tree["btl"].path, tree["quangan"].path], "path")).values_list("pk", flat=True)
    )
    assert got == below_btl


def test_minimal_paths_drop_nested_and_repeated_paths():

    assert minimal_paths(["a.b.", "a.", "c.", "a.", "c.d."]) == ["a.", "c."]


def test_the_access_layer_uses_the_same_scope_as_subtree_roots(tree, personas):
    assert scope_paths(personas["city_leader"]) == subtree_roots(tree["hanoi"], through_lineage=True)
