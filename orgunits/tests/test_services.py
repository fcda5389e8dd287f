import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from orgunits.models import LineageEvent, LineageKind, OrgUnit, UnitType
from orgunits.services import lineage_add, unit_create, unit_update


def test_reversed_validity_dates_are_refused(tree, personas):
    with pytest.raises(ValidationError) as info:
        unit_update(
            unit=tree["quangan"], valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2019, 1, 1), by=personas["admin"]
        )
    assert "Ngày kết thúc trước ngày bắt đầu" in str(info.value)
    tree["quangan"].refresh_from_db()
    assert tree["quangan"].valid_from is None


def test_a_unit_cannot_be_moved_under_its_own_descendant(tree, personas):
    with pytest.raises(ValidationError) as info:
        unit_update(unit=tree["btl"], parent=tree["tdp1"], by=personas["admin"])
    assert "trực thuộc chính nó" in str(info.value)
    assert OrgUnit.objects.get(pk=tree["btl"].pk).parent_id == tree["hanoi_old"].pk


def test_a_child_cannot_outlive_its_parent(tree, personas):
    with pytest.raises(ValidationError):
        unit_create(
            name="Tổ 9",
            unit_type=UnitType.RESIDENTIAL,
            level=tree["tdp1"].level,
            parent=tree["conhue1"],
            valid_to=dt.date(2026, 1, 1),
            by=personas["admin"],
        )


def test_the_same_code_in_overlapping_periods_is_refused(tree, personas):
    with pytest.raises(ValidationError) as info:
        unit_create(
            name="Hà Nội trùng",
            unit_type=UnitType.PROVINCE,
            level=tree["hanoi"].level,
            parent=tree["vn"],
            code="1",
            code_scheme="2025",
            valid_from=dt.date(2026, 1, 1),
            by=personas["admin"],
        )
    assert "chồng lấn" in str(info.value)


def test_moving_a_unit_moves_its_subtree(tree, personas):
    unit_update(unit=tree["conhue1"], parent=tree["tayho"], by=personas["admin"])
    tdp = OrgUnit.objects.get(pk=tree["tdp1"].pk)
    assert tdp.path.startswith(OrgUnit.objects.get(pk=tree["tayho"].pk).path)
    assert tdp.depth == 4


def test_lineage_to_itself_is_refused(tree, personas):
    with pytest.raises(ValidationError) as info:
        lineage_add(
            source=tree["quangan"],
            target=tree["quangan"],
            kind=LineageKind.RENAMED_TO,
            date=dt.date(2025, 7, 1),
            by=personas["admin"],
        )
    assert "chính nó" in str(info.value)


def test_lineage_to_a_unit_that_did_not_exist_on_that_date_is_refused(tree, personas):
    with pytest.raises(ValidationError) as info:
        lineage_add(
            source=tree["quangan"],
            target=tree["dongngac"],
            kind=LineageKind.MERGED_INTO,
            date=dt.date(2024, 1, 1),
            by=personas["admin"],
        )
    assert "không tồn tại" in str(info.value)
    assert not LineageEvent.objects.filter(source=tree["quangan"]).exists()


def test_every_change_is_in_the_history_with_who_made_it(tree, personas):
    unit_update(unit=tree["quangan"], name="Phường Quảng An (cũ)", by=personas["admin"])
    last = OrgUnit.objects.get(pk=tree["quangan"].pk).history.first()
    assert last.history_user == personas["admin"]
    assert last.name == "Phường Quảng An (cũ)"
