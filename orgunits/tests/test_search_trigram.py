"""On PostgreSQL a ``LIKE '%word%'`` search on the folded ``search_text`` columns can use the GIN
trigram indexes made by orgunits 0003 (a b-tree cannot serve a leading wildcard)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")


def _plan(queryset) -> str:
    # With sequential scans priced out the planner takes any index able to answer the filter,
    # so the plan names the trigram index exactly when it can serve the search.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


def test_the_trigram_indexes_exist(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%%search_trgm'")
        found = dict(cursor.fetchall())
    assert set(found) == {"orgunits_search_trgm", "initiatives_search_trgm", "awards_recipient_search_trgm"}
    assert all("gin_trgm_ops" in definition for definition in found.values())


def test_a_unit_search_on_a_populated_table_uses_the_trigram_index(db):
    from orgunits.models import Level, OrgUnit, UnitType

    level = Level.objects.get(code="commune")
    OrgUnit.objects.bulk_create(
        OrgUnit(name=f"Xã {i}", unit_type=UnitType.COMMUNE, level=level, search_text=f"xa thu nghiem {i} dong ngac")
        for i in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE orgunits_orgunit")
    queryset = OrgUnit.objects.search("nghiệm 2999")
    assert "LIKE" in str(queryset.query) or "like" in str(queryset.query).lower()
    assert "orgunits_search_trgm" in _plan(queryset.order_by())  # (ordered by path, the path index wins)
    assert queryset.count() == 1


def test_an_initiative_search_on_a_populated_table_uses_the_trigram_index(db):
    from initiatives.models import Field, Initiative
    from orgunits.models import Level, OrgUnit, UnitType

    # Populated and analysed, as in production: on an empty table the planner may pick any index
    # (the live-rows filter has one of its own), which says nothing about the search.
    unit = OrgUnit.objects.create(name="Xã thử", unit_type=UnitType.COMMUNE, level=Level.objects.get(code="commune"))
    field = Field.objects.first()
    Initiative.objects.bulk_create(
        Initiative(name=f"Mô hình {i}", field=field, year=2026, unit=unit, search_text=f"mo hinh {i} dan van kheo")
        for i in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE initiatives_initiative")
    queryset = Initiative.objects.search("mô hình 2999")
    assert "initiatives_search_trgm" in _plan(queryset.order_by())
    assert queryset.count() == 1
