"""The test database's own contract: after a transactional test the data migrations' rows are back
and a new row gets a fresh id, even when the test moved an id sequence back (as a restore does)."""

import pytest
from django.db import connection

from stats.models import CategoryCombo, CategoryOption

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="id sequences are PostgreSQL's")


def _move_sequence_back():
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('stats_categoryoption', 'id'), 1, false)")


@pytest.mark.django_db(transaction=True)
def test_a_reload_moves_the_sequences_past_the_shipped_ids():
    combo = CategoryCombo.objects.first()
    shipped = set(CategoryOption.objects.values_list("pk", flat=True))
    assert shipped
    _move_sequence_back()
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
    option = CategoryOption.objects.create(combo=combo, code="new-option", name="Mới")
    assert option.pk not in shipped
