"""Decision numbers given at the same moment never collide: real parallel sessions on PostgreSQL
(one per thread), where the counter's row lock decides the order. Skipped on SQLite, which runs
one writer at a time."""

import datetime as dt
import threading

import pytest
from django.db import connection

from awards import catalogue as c

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time, so there is no race to test")


def test_decisions_issued_at_once_take_distinct_consecutive_numbers(tree, cat):
    from accounts.system import system_actor
    from awards import services

    racers = 4
    barrier = threading.Barrier(racers)
    numbers, failures = [], []

    def issue():
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=30)
            decision = services.decision_create(
                by=system_actor(),
                issuer=tree["btl"],
                issuer_title="Ban Thường vụ Quận ủy",
                year=2024,
                status="issued",
                date=dt.date(2024, 12, 2),
                reward_form=cat[c.GIAY_KHEN],
                auto_number=True,
            )
            numbers.append(decision.number)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            failures.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=issue) for _ in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failures
    assert sorted(numbers) == [f"{n}/QĐ-KT" for n in range(1, racers + 1)]
