"""Figures entered before an earlier reorganization recorded by an administrator (a district
merged into another on 01/01/2025) roll up to the receiving district and to today's city through
lineage, like those of the 2025 reorganization; figures entered on the moved commune's new row
after the date roll up under the receiving district directly."""

import datetime as dt

from accounts.system import system_actor
from orgunits.models import LineageKind, OrgUnit
from orgunits.services import reorganization_record
from stats import selectors, services

JAN_2025 = dt.date(2025, 1, 1)


def _approved(form6, fill, unit, period, reviewer, raised):
    sub = services.submission_open(data_set=form6, period=period, unit=unit, by=system_actor())
    fill(sub, RECOMMENDATIONS_RAISED=raised)
    services.submission_submit(submission=sub, by=system_actor())
    services.submission_approve(submission=sub, by=reviewer)


def test_figures_of_a_commune_of_a_merged_district_roll_up_to_the_receiving_district(tree, form6, fill, personas):
    reviewer = personas["city_leader"]
    figures = {"conhue1": 30, "dongngac_old": 50, "quangan": 7}
    for name, raised in figures.items():
        _approved(form6, fill, tree[name], "2024H1", reviewer, raised)
    receiving_before = selectors.aggregate("RECOMMENDATIONS_RAISED", tree["btl"], "2024H1", through_lineage=True)
    assert receiving_before == figures["conhue1"] + figures["dongngac_old"]

    reorganization_record(
        kind=LineageKind.MERGED_INTO,
        date=JAN_2025,
        sources=[tree["tayho"]],
        targets=[tree["btl"]],
        by=personas["admin"],
    )

    # as the tree was then, Tây Hồ keeps its own figure; re-mapped, Bắc Từ Liêm counts it too
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["tayho"], "2024H1") == figures["quangan"]
    detail = selectors.aggregate_detail("RECOMMENDATIONS_RAISED", tree["btl"], "2024H1", through_lineage=True)
    assert detail.value == sum(figures.values())
    assert "Quận Tây Hồ" in {u.name for u in detail.units}
    # today's city counts everything once
    today = selectors.aggregate("RECOMMENDATIONS_RAISED", tree["hanoi"], "2024H1", through_lineage=True)
    assert today == sum(figures.values())


def test_a_figure_on_the_moved_row_rolls_up_to_the_receiving_district_and_to_the_2025_ward(tree, form6, fill, personas):
    # Bắc Từ Liêm merged into Tây Hồ on 01/01/2025: Cổ Nhuế 1 moves under Tây Hồ.
    reorganization_record(
        kind=LineageKind.MERGED_INTO,
        date=JAN_2025,
        sources=[tree["btl"]],
        targets=[tree["tayho"]],
        by=personas["admin"],
    )
    moved = OrgUnit.objects.get(parent=tree["tayho"], name="Phường Cổ Nhuế 1")
    _approved(form6, fill, tree["conhue1"], "2024H1", personas["city_leader"], 30)
    _approved(form6, fill, moved, "2025H1", personas["city_leader"], 12)
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["tayho"], "2025H1") == 12
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["btl"], "2025H1") is None
    # the ward formed on 01/07/2025 counts the moved row (its 2025 lineage moved with it) and the old one
    ward = tree["dongngac"]
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", ward, "2025H1", through_lineage=True) == 12
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", ward, "2024H1", through_lineage=True) == 30
    assert selectors.aggregate("RECOMMENDATIONS_RAISED", tree["hanoi"], "2025H1", through_lineage=True) == 12
