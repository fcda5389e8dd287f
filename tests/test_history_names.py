"""The change history names related objects instead of showing their ids."""

from orgunits.models import Level
from webkit.history import history_entries


def test_a_changed_related_object_is_shown_by_name_not_id(tree, django_assert_max_num_queries):
    unit = tree["tdp1"]
    commune, grassroots = Level.objects.get(code="commune"), Level.objects.get(code="grassroots")
    assert unit.level == grassroots
    unit.level = commune
    unit.save()
    with django_assert_max_num_queries(3):
        entries = history_entries(unit)
    (label, old, new) = next(c for c in entries[0].changes if c[1] == grassroots.name)
    assert (old, new) == (grassroots.name, commune.name)
    assert not any(isinstance(value, int) for change in entries[0].changes for value in change[1:])
