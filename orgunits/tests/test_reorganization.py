"""Earlier reorganizations (between the package's two snapshots) recorded by an administrator:
each kind, each refusal, and the history of every row written."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from orgunits.models import LineageEvent, LineageKind, OrgUnit
from orgunits.services import reorganization_record

JAN_2025 = dt.date(2025, 1, 1)
DEC_2024 = dt.date(2024, 12, 31)
LEGACY_END = dt.date(2025, 6, 30)


def _fresh(unit):
    return OrgUnit.objects.get(pk=unit.pk)


def _events(**filters):
    return set(LineageEvent.objects.filter(**filters).values_list("source__name", "target__name", "kind", "date"))


def test_a_district_merged_into_another_ends_and_its_communes_move_under_the_receiving_one(tree, personas):
    admin = personas["admin"]
    result = reorganization_record(
        kind=LineageKind.MERGED_INTO, date=JAN_2025, sources=[tree["tayho"]], targets=[tree["btl"]], by=admin
    )
    assert _fresh(tree["tayho"]).valid_to == DEC_2024
    assert _fresh(tree["quangan"]).valid_to == DEC_2024
    moved = OrgUnit.objects.get(parent=tree["btl"], name="Phường Quảng An")
    # the moved row carries on from the date until the old row would have ended
    assert (moved.valid_from, moved.valid_to, moved.level, moved.unit_type) == (
        JAN_2025,
        tree["quangan"].valid_to,
        tree["quangan"].level,
        tree["quangan"].unit_type,
    )
    assert _events(date=JAN_2025) == {
        ("Quận Tây Hồ", "Quận Bắc Từ Liêm", LineageKind.MERGED_INTO, JAN_2025),
        ("Phường Quảng An", "Phường Quảng An", LineageKind.SUCCEEDED_BY, JAN_2025),
    }
    assert result.moved == [(tree["quangan"], moved)]
    # every row written has its author in the history
    assert moved.history.first().history_user == admin
    assert _fresh(tree["tayho"]).history.first().history_user == admin
    assert {e.history.first().history_user for e in LineageEvent.objects.filter(date=JAN_2025)} == {admin}
    assert not result.preview and result.lines()


def test_two_districts_merged_into_a_new_one_take_their_whole_subtrees_and_later_lineage(tree, personas):
    reorganization_record(
        kind=LineageKind.MERGED_INTO,
        date=JAN_2025,
        sources=[tree["btl"], tree["tayho"]],
        new_names=["Quận Tây Hồ – Bắc Từ Liêm"],
        by=personas["admin"],
    )
    new = OrgUnit.objects.get(name="Quận Tây Hồ – Bắc Từ Liêm")
    assert (new.parent, new.valid_from, new.valid_to) == (tree["hanoi_old"], JAN_2025, LEGACY_END)
    communes = {u.name for u in new.children.all()}
    assert communes == {"Phường Cổ Nhuế 1", "Phường Đông Ngạc", "Phường Quảng An"}
    new_conhue = new.children.get(name="Phường Cổ Nhuế 1")
    assert [u.name for u in new_conhue.children.all()] == ["Tổ dân phố 1"]
    assert _fresh(tree["tdp1"]).valid_to == DEC_2024
    # the 2025 conversion now starts from the row that carried on, not from the ended one
    assert not LineageEvent.objects.filter(source=tree["conhue1"], date__gt=JAN_2025).exists()
    assert LineageEvent.objects.get(source=new_conhue, target=tree["dongngac"]).kind == LineageKind.SPLIT_INTO
    assert _events(target=new) == {
        ("Quận Bắc Từ Liêm", new.name, LineageKind.MERGED_INTO, JAN_2025),
        ("Quận Tây Hồ", new.name, LineageKind.MERGED_INTO, JAN_2025),
    }


def test_a_commune_split_into_two_new_communes(tree, personas):
    result = reorganization_record(
        kind=LineageKind.SPLIT_INTO,
        date=JAN_2025,
        sources=[tree["quangan"]],
        new_names=["Phường Quảng An Bắc", "Phường Quảng An Nam"],
        by=personas["admin"],
    )
    assert _fresh(tree["quangan"]).valid_to == DEC_2024
    assert {u.name for u in result.created} == {"Phường Quảng An Bắc", "Phường Quảng An Nam"}
    assert all(u.parent == tree["tayho"] and u.valid_from == JAN_2025 for u in result.created)
    assert _events(source=tree["quangan"]) == {
        ("Phường Quảng An", "Phường Quảng An Bắc", LineageKind.SPLIT_INTO, JAN_2025),
        ("Phường Quảng An", "Phường Quảng An Nam", LineageKind.SPLIT_INTO, JAN_2025),
    }


def test_a_split_of_a_unit_that_still_has_sub_units_is_refused(tree, personas):
    with pytest.raises(ValidationError) as info:
        reorganization_record(
            kind=LineageKind.SPLIT_INTO,
            date=JAN_2025,
            sources=[tree["tayho"]],
            new_names=["Quận A", "Quận B"],
            by=personas["admin"],
        )
    assert "sources" in info.value.error_dict
    assert _fresh(tree["tayho"]).valid_to == LEGACY_END


def test_a_rename_keeps_the_official_code_on_the_new_row(tree, personas):
    result = reorganization_record(
        kind=LineageKind.RENAMED_TO,
        date=JAN_2025,
        sources=[tree["btl"]],
        new_names=["Quận Bắc Từ Liêm mới"],
        by=personas["admin"],
    )
    (renamed,) = result.created
    assert (renamed.code, renamed.code_scheme) == (tree["btl"].code, tree["btl"].code_scheme)
    assert {u.name for u in renamed.children.all()} == {"Phường Cổ Nhuế 1", "Phường Đông Ngạc"}
    assert _events(source=tree["btl"]) == {("Quận Bắc Từ Liêm", renamed.name, LineageKind.RENAMED_TO, JAN_2025)}


def test_a_commune_succeeded_by_a_new_row_under_another_district_moves_there(tree, personas):
    reorganization_record(
        kind=LineageKind.SUCCEEDED_BY,
        date=JAN_2025,
        sources=[tree["conhue1"]],
        new_names=["Phường Cổ Nhuế 1"],
        parent=tree["tayho"],
        by=personas["admin"],
    )
    new = OrgUnit.objects.get(parent=tree["tayho"], name="Phường Cổ Nhuế 1")
    assert [u.name for u in new.children.all()] == ["Tổ dân phố 1"]
    assert LineageEvent.objects.get(source=new, target=tree["dongngac"]).date == dt.date(2025, 7, 1)


def test_a_preview_keeps_nothing_and_says_what_would_change(tree, personas):
    before = (OrgUnit.objects.count(), LineageEvent.objects.count())
    result = reorganization_record(
        kind=LineageKind.MERGED_INTO,
        date=JAN_2025,
        sources=[tree["tayho"]],
        targets=[tree["btl"]],
        preview=True,
        by=personas["admin"],
    )
    assert (OrgUnit.objects.count(), LineageEvent.objects.count()) == before
    assert _fresh(tree["tayho"]).valid_to == LEGACY_END
    text = " ".join(result.lines())
    assert "Quận Tây Hồ" in text and "31/12/2024" in text and "Phường Quảng An" in text


@pytest.mark.parametrize("who", ["district_reviewer", "city_leader", "ward_head", "outsider"])
def test_only_an_administrator_records_a_reorganization(tree, personas, who):
    with pytest.raises(PermissionDenied):
        reorganization_record(
            kind=LineageKind.MERGED_INTO,
            date=JAN_2025,
            sources=[tree["tayho"]],
            targets=[tree["btl"]],
            by=personas[who],
        )
    assert _fresh(tree["tayho"]).valid_to == LEGACY_END
    assert not LineageEvent.objects.filter(date=JAN_2025).exists()


def test_recording_the_same_merge_twice_is_refused_overlapping_what_was_recorded(tree, personas):
    kwargs = {"kind": LineageKind.MERGED_INTO, "sources": [tree["tayho"]], "targets": [tree["btl"]]}
    reorganization_record(date=JAN_2025, by=personas["admin"], **kwargs)
    count = OrgUnit.objects.count()
    with pytest.raises(ValidationError) as info:
        reorganization_record(date=JAN_2025, by=personas["admin"], **{**kwargs, "sources": [_fresh(tree["tayho"])]})
    assert "date" in info.value.error_dict
    assert OrgUnit.objects.count() == count


def test_a_date_outside_the_old_units_validity_is_refused(tree, personas):
    with pytest.raises(ValidationError) as info:
        reorganization_record(
            kind=LineageKind.MERGED_INTO,
            date=dt.date(2025, 8, 1),  # Tây Hồ ended on 30/06/2025
            sources=[tree["tayho"]],
            targets=[tree["btl"]],
            by=personas["admin"],
        )
    assert "30/06/2025" in str(info.value)


def test_a_receiving_unit_that_did_not_exist_on_the_date_is_refused(tree, personas):
    with pytest.raises(ValidationError):
        reorganization_record(
            kind=LineageKind.MERGED_INTO,
            date=JAN_2025,
            sources=[tree["quangan"]],
            targets=[tree["dongngac"]],  # formed on 01/07/2025
            by=personas["admin"],
        )
    assert _fresh(tree["quangan"]).valid_to == LEGACY_END


def test_a_parent_not_valid_on_the_date_is_refused(tree, personas):
    with pytest.raises(ValidationError) as info:
        reorganization_record(
            kind=LineageKind.SUCCEEDED_BY,
            date=JAN_2025,
            sources=[tree["quangan"]],
            new_names=["Phường Quảng An"],
            parent=tree["hanoi"],  # today's Hà Nội exists from 01/07/2025
            by=personas["admin"],
        )
    assert "parent" in info.value.error_dict
    assert _fresh(tree["quangan"]).valid_to == LEGACY_END
    assert not OrgUnit.objects.filter(parent=tree["hanoi"], name="Phường Quảng An").exists()


def test_the_level_order_is_kept(tree, personas):
    # a commune merged into a district, and a district placed under a commune
    with pytest.raises(ValidationError):
        reorganization_record(
            kind=LineageKind.MERGED_INTO,
            date=JAN_2025,
            sources=[tree["quangan"]],
            targets=[tree["btl"]],
            by=personas["admin"],
        )
    with pytest.raises(ValidationError) as info:
        reorganization_record(
            kind=LineageKind.SUCCEEDED_BY,
            date=JAN_2025,
            sources=[tree["tayho"]],
            new_names=["Quận Tây Hồ"],
            parent=tree["conhue1"],
            by=personas["admin"],
        )
    assert "parent" in info.value.error_dict
    assert _fresh(tree["tayho"]).valid_to == LEGACY_END


def test_a_unit_cannot_merge_into_itself(tree, personas):
    with pytest.raises(ValidationError):
        reorganization_record(
            kind=LineageKind.MERGED_INTO,
            date=JAN_2025,
            sources=[tree["btl"]],
            targets=[tree["btl"]],
            by=personas["admin"],
        )


def test_the_loader_leaves_the_2025_lineage_with_the_row_that_carried_on(db):
    from accounts.system import system_actor
    from orgunits.loader import load_units

    system = system_actor()
    load_units(legacy=True, province_code=1, by=system)
    district = OrgUnit.objects.filter(ext_key__startswith="legacy:d:").order_by("code").first()
    receiving = (
        OrgUnit.objects.filter(ext_key__startswith="legacy:d:", parent=district.parent).exclude(pk=district.pk).first()
    )
    commune = district.children.order_by("code").first()
    later = _events(source=commune)
    assert later  # the package's conversion table links the commune to today's ward(s)
    reorganization_record(
        kind=LineageKind.MERGED_INTO, date=JAN_2025, sources=[district], targets=[receiving], by=system
    )
    moved = OrgUnit.objects.get(parent=receiving, code=commune.code, valid_from=JAN_2025)
    assert {(t, k, d) for _s, t, k, d in _events(source=moved, date__gt=JAN_2025)} == {
        (t, k, d) for _s, t, k, d in later
    }
    result = load_units(legacy=True, province_code=1, by=system)
    assert not result.changed
    assert not LineageEvent.objects.filter(source=commune, date__gt=JAN_2025).exists()
