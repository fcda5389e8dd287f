"""The overview's breakdown by sub-unit: units of that time or today's units through lineage, in a
number of queries that does not grow with the number of sub-units."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.system import system_actor
from dashboard import selectors
from initiatives.models import Field, Initiative, Kind, Subject

pytestmark = pytest.mark.django_db


def _register(unit, n=1, year=2024):
    from initiatives import services

    field = Field.objects.first()
    for i in range(n):
        services.initiative_create(
            by=system_actor(),
            unit=unit,
            register=True,
            name=f"Mô hình dân vận khéo số {i + 1}",
            kind=Kind.MODEL,
            subject=Subject.COLLECTIVE,
            field=field,
            year=year,
        )


def _total(unit, year=2024) -> int:
    return Initiative.objects.filter(unit__path__startswith=unit.path, year=year).exclude(status="draft").count()


def test_todays_hanoi_in_2024_breaks_down_by_the_districts_of_that_time(tree):
    _register(tree["conhue1"], 3)
    _register(tree["dongngac_old"], 2)
    _register(tree["quangan"], 4)
    chart = selectors.by_sub_unit(tree["hanoi"], 2024, "then")
    assert chart["registered"] and sum(chart["registered"]) == _total(tree["hanoi_old"]) == 9
    assert dict(zip(chart["labels"], chart["registered"], strict=True)) == {"Quận Bắc Từ Liêm": 5, "Quận Tây Hồ": 4}


def test_old_hanoi_in_2024_breakdown_is_not_empty_and_sums_to_the_total(tree):
    _register(tree["conhue1"], 2)
    _register(tree["quangan"], 1)
    chart = selectors.by_sub_unit(tree["hanoi_old"], 2024, "then")
    assert sum(chart["registered"]) == _total(tree["hanoi_old"]) == 3


def test_todays_units_count_what_their_predecessors_registered(tree):
    _register(tree["conhue1"], 3)
    _register(tree["dongngac_old"], 2)
    _register(tree["quangan"], 4)  # Quảng An has no successor in the fixture tree
    chart = selectors.by_sub_unit(tree["hanoi"], 2024, "today")
    assert dict(zip(chart["labels"], chart["registered"], strict=True)) == {"Phường Đông Ngạc": 5}


def test_the_overview_offers_the_two_breakdowns(client_as, tree):
    _register(tree["conhue1"], 1)
    client = client_as("city_leader")
    then = client.get("/tong-quan/", {"unit": tree["hanoi"].pk, "year": 2024}).context["charts"]["units"]
    today = client.get("/tong-quan/", {"unit": tree["hanoi"].pk, "year": 2024, "by": "today"}).context["charts"]
    assert then["labels"] == ["Quận Bắc Từ Liêm"] and today["units"]["labels"] == ["Phường Đông Ngạc"]


def _district_with_wards(tree, n):
    from accounts.system import system_actor
    from orgunits.models import Level, UnitType
    from orgunits.services import unit_create

    commune = Level.objects.get(code="commune")
    district = unit_create(
        name=f"Quận thử {n}", unit_type=UnitType.DISTRICT, level=tree["btl"].level, parent=tree["vn"], by=system_actor()
    )
    for i in range(n):
        ward = unit_create(
            name=f"Phường {i + 1}", unit_type=UnitType.COMMUNE, level=commune, parent=district, by=system_actor()
        )
        _register(ward, 1)
    return district


def _queries(district) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        chart = selectors.by_sub_unit(district, 2024, "then")
    return len(ctx.captured_queries), chart


def test_the_breakdown_runs_as_many_queries_for_20_sub_units_as_for_2(tree):
    small, small_chart = _queries(_district_with_wards(tree, 2))
    large, large_chart = _queries(_district_with_wards(tree, 20))
    assert len(small_chart["labels"]) == 2 and len(large_chart["labels"]) == 20
    assert small == large
