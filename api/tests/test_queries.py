"""Lists run a bounded number of queries, whatever the number of rows on the page."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.system import system_actor
from api.tests.conftest import API


def _queries(client, path, params=None) -> int:
    # A first request of a minute also opens the key's rate window and notes the key's use.
    client.get(f"{API}{path}", params or {})
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"{API}{path}", params or {}).status_code == 200
    return len(ctx.captured_queries)


def _more_units(tree, n):
    from accounts.system import system_actor
    from orgunits.models import UnitType
    from orgunits.services import unit_create

    for i in range(n):
        unit_create(
            name=f"Tổ dân phố {i + 10}",
            unit_type=UnitType.RESIDENTIAL,
            level=tree["tdp1"].level,
            parent=tree["conhue1"],
            valid_to=tree["conhue1"].valid_to,
            by=system_actor(),
        )


def test_unit_lists_do_not_grow_with_rows(api_as, tree):
    client = api_as("district_reviewer")
    path = f"/units/{tree['conhue1'].pk}/children"
    few = _queries(client, path, {"on": "2024-01-01"})
    _more_units(tree, 8)
    assert _queries(client, path, {"on": "2024-01-01"}) == few
    assert _queries(client, "/units", {"q": "to dan pho"}) <= few + 1


@pytest.mark.skipif(not apps.is_installed("initiatives"), reason="initiatives not installed")
def test_the_initiative_list_does_not_grow_with_rows(api_as, tree, personas):
    from initiatives import services
    from initiatives.models import Field

    client = api_as("district_reviewer")
    field = Field.objects.first()

    def add(n):
        for i in range(n):
            services.initiative_create(
                by=personas["ward_clerk"], unit=tree["conhue1"], field=field, year=2024, name=f"Mô hình {i}"
            )

    add(2)
    few = _queries(client, "/initiatives")
    add(8)
    assert _queries(client, "/initiatives") == few


@pytest.mark.skipif(not apps.is_installed("awards"), reason="awards not installed")
def test_the_award_list_does_not_grow_with_rows(api_as, tree, personas):
    import datetime as dt

    from awards import services
    from awards.models import RewardForm

    client = api_as("district_reviewer")
    form = RewardForm.objects.get(code="giay-khen")

    def add(n, start):
        for i in range(start, start + n):
            decision = services.decision_create(
                by=personas["district_reviewer"],
                issuer=tree["btl"],
                issuer_title="Ban Thường vụ Quận ủy",
                year=2022,
                number=f"{i}-QĐ/QU",
                date=dt.date(2022, 12, 20),
                reward_form=form,
            )
            services.recipient_add(decision=decision, by=system_actor(), kind="collective", unit=tree["conhue1"])

    add(2, 1)
    few = _queries(client, "/awards")
    add(8, 10)
    assert _queries(client, "/awards") == few
