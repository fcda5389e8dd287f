"""The overview for every persona, its figures, what waits for the user, and bounded queries."""

import pytest
from django.urls import reverse

PERSONAS = ["ward_clerk", "ward_head", "district_reviewer", "city_leader", "outsider", "admin", "anonymous"]
EXPECTED = {"ward_clerk": 200, "ward_head": 200, "district_reviewer": 200, "city_leader": 200,
            "outsider": 200, "admin": 200, "anonymous": 302}  # fmt: skip


def _add_initiatives(tree, count, unit="conhue1", year=2022, **extra):
    from initiatives.models import Field, Initiative

    field = Field.objects.first()
    Initiative.objects.bulk_create(
        [
            Initiative(name=f"Mô hình {i}", unit=tree[unit], year=year, field=field, status="implementing", **extra)
            for i in range(count)
        ]
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_overview_answers_each_persona(client_as, tree, persona):
    response = client_as(persona).get(reverse("dashboard:index"), {"year": 2022})
    assert response.status_code == EXPECTED[persona]


def test_a_unit_outside_the_users_scope_is_not_found(client_as, tree):
    response = client_as("ward_clerk").get(reverse("dashboard:index"), {"unit": tree["tayho"].pk})
    assert response.status_code == 404


def test_the_ward_clerk_chooses_among_their_own_units_only(client_as, tree):
    html = client_as("ward_clerk").get(reverse("dashboard:index")).content.decode()
    assert "Phường Cổ Nhuế 1" in html and "Quận Tây Hồ" not in html


def test_the_figures_count_the_registry_with_the_change_versus_last_year(client_as, tree):
    _add_initiatives(tree, 12, year=2022)
    _add_initiatives(tree, 10, year=2021)
    response = client_as("district_reviewer").get(reverse("dashboard:index"), {"unit": tree["btl"].pk, "year": 2022})
    registered = response.context["figures"][0]
    assert registered.value == 12 and registered.previous == 10
    assert registered.change == "tăng 20% so với năm 2021"
    assert response.context["charts"]["units"]["labels"] == ["Phường Cổ Nhuế 1"]
    assert sum(response.context["charts"]["field"]["registered"]) == 12


def test_chart_data_is_passed_as_json_not_inline_script(client_as, tree):
    html = client_as("district_reviewer").get(reverse("dashboard:index"), {"unit": tree["btl"].pk}).content.decode()
    assert 'id="dashboard-data" type="application/json"' in html
    assert "chart.umd.min.js" in html and "dashboard/dashboard.js" in html
    assert "<script>" not in html


def test_proposals_the_reviewer_can_recognize_wait_for_them(client_as, tree):
    from initiatives.models import Field, Initiative

    Initiative.objects.create(
        name="Đề nghị công nhận", unit=tree["conhue1"], year=2024, field=Field.objects.first(),
        status="proposed", proposed_level="district",
    )  # fmt: skip
    waiting = client_as("district_reviewer").get(reverse("dashboard:index")).context["waiting"]
    assert [w.count for w in waiting] == [1]
    assert client_as("ward_clerk").get(reverse("dashboard:index")).context["waiting"] == []


def _queries(client, params):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Measured cold: the statistics panel is cached per (scope, period), and the bound must hold
    # for the request that fills the cache, not only for the ones that find it filled.
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("dashboard:index"), params).status_code == 200
    return len(ctx.captured_queries)


def test_the_overview_runs_the_same_bounded_number_of_queries_whatever_the_data_size(client_as, tree):
    client = client_as("district_reviewer")
    params = {"unit": tree["btl"].pk, "year": 2022}
    _add_initiatives(tree, 3, year=2022)
    _add_initiatives(tree, 3, unit="dongngac_old", year=2021)
    small = _queries(client, params)
    _add_initiatives(tree, 150, year=2022)
    _add_initiatives(tree, 150, unit="dongngac_old", year=2021)
    # 66: the registry-rates panel (3 queries) and one summary-registration lookup per registry counter.
    assert _queries(client, params) == small <= 66


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Công an quận Bắc Từ Liêm", "Công an"),
        ("Ban Dân vận Quận ủy Bắc Từ Liêm", "Ban Dân vận Quận ủy"),
        ("Phường Cổ Nhuế 1", "Phường Cổ Nhuế 1"),
    ],
)
def test_chart_labels_drop_the_parent_areas_name(name, expected):
    from dashboard.selectors import short_name

    assert short_name(name, "Quận Bắc Từ Liêm") == expected


def test_choosing_a_ward_offers_its_residential_groups_to_drill_down(client_as, tree):
    response = client_as("district_reviewer").get(reverse("dashboard:index"), {"unit": tree["conhue1"].pk})
    names = [u.name for u in response.context["units"]]
    assert "Quận Bắc Từ Liêm" in names and "Tổ dân phố 1" in names
