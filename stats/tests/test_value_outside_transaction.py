"""A page saves a value with no transaction of its own: the service must open one (its row lock
needs it on PostgreSQL, where a lock outside a transaction is an error)."""

import pytest

from accounts.system import system_actor
from stats import services
from stats.models import DataValue


@pytest.mark.django_db(transaction=True)
def test_a_value_saved_outside_any_transaction_is_stored(tree, form6, el):
    submission = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    services.value_set(submission=submission, element=el("DIALOGUES"), value="7", by=system_actor())
    assert DataValue.objects.get(submission=submission, element=el("DIALOGUES")).value == 7
