"""List and detail pages run a bounded number of queries whatever the number of rows."""

import pytest
from django.urls import reverse

from accounts.system import system_actor
from initiatives import services
from initiatives.tests.conftest import PNG, upload

BOUND = 20


def _fill(make_initiative, tree, n):
    for i in range(n):
        initiative = make_initiative(name=f"Mô hình {i}", status="implementing")
        services.evidence_add(initiative=initiative, by=system_actor(), file=upload("a.png", PNG))


@pytest.mark.parametrize("rows", [5, 40])
def test_list_page_query_count_does_not_grow_with_rows(
    client_as, make_initiative, tree, rows, django_assert_max_num_queries
):
    _fill(make_initiative, tree, rows)
    client = client_as("district_reviewer")
    with django_assert_max_num_queries(BOUND):
        response = client.get(reverse("initiatives:list"), {"sort": "name"})
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [5, 40])
def test_detail_page_query_count_does_not_grow_with_replications(
    client_as, make_initiative, tree, rows, django_assert_max_num_queries
):
    source = make_initiative(status="recognized")
    units = [tree["dongngac_old"], tree["tdp1"], tree["quangan"]]
    parent = source
    for i in range(rows):
        parent = services.initiative_replicate(
            source=parent if i % 2 else source, by=system_actor(), unit=units[i % 3], year=2024
        )
        services.evidence_add(initiative=source, by=system_actor(), file=upload("a.png", PNG))
    client = client_as("ward_head")
    with django_assert_max_num_queries(BOUND + 8):
        response = client.get(reverse("initiatives:detail", args=[source.pk]))
    assert response.status_code == 200
    assert response.context["tree"]["count"] == rows


@pytest.mark.parametrize("rows", [5, 40])
def test_decision_list_query_count_is_bounded(client_as, make_initiative, rows, django_assert_max_num_queries):
    for i in range(rows):
        make_initiative(name=f"M {i}", status="proposed")
    import datetime as dt

    from initiatives.models import Initiative

    for n, initiative in enumerate(Initiative.objects.all()):
        decision = services.decision_create(
            by=system_actor(),
            number=f"{n}-QĐ",
            date=dt.date(2024, 11, 1),
            issuer=initiative.unit.parent,
            level="district",
        )
        services.decision_recognize(decision=decision, initiatives=[initiative], by=system_actor())
    client = client_as("district_reviewer")
    with django_assert_max_num_queries(BOUND):
        assert client.get(reverse("initiatives:decision_list")).status_code == 200
