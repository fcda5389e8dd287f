"""The overview on the demo data shows the seeds' figures and the work waiting for the demo
reviewer (expected figures are the seed articles', DOMAIN.md §7)."""

import pytest
from django.test import Client
from django.urls import reverse

from danvan.demo import legacy_district

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(demo, django_db_blocker):
    with django_db_blocker.unblock():

        def _client(username):
            client = Client()
            client.force_login(demo.users[username])
            return client

        yield _client


def test_tay_ho_first_half_2022_shows_the_dialogue_rate_and_its_change(client_for):
    unit = legacy_district("Quận Tây Hồ")
    response = client_for("thamdinh.tayho").get(reverse("dashboard:index"), {"unit": unit.pk, "year": 2022, "half": 1})
    rates = {r.name: r for r in response.context["stats"].rates}
    resolved = rates["Tỷ lệ kiến nghị được giải quyết sau đối thoại"]
    assert resolved.percent == 87 and resolved.change == "tăng 5% so với năm 2021"
    html = response.content.decode()
    assert "42/42" in html and "58/119" in html and "79/108" in html


def test_bac_tu_liem_2022_shows_78_collectives_and_27_individuals(client_for):
    unit = legacy_district("Quận Bắc Từ Liêm")
    response = client_for("thamdinh.bactuliem").get(reverse("dashboard:index"), {"unit": unit.pk, "year": 2022})
    values = [f.value for f in response.context["figures"]]
    assert values[3:5] == [78, 27]  # collectives, individuals
    assert response.context["charts"]["funnel"]["values"][0] == 105


def test_the_district_reviewer_sees_the_forms_waiting_for_approval(client_for):
    waiting = client_for("thamdinh.bactuliem").get(reverse("dashboard:index")).context["waiting"]
    forms = [w for w in waiting if w.url == reverse("stats:approvals")]
    assert forms and forms[0].count == 2  # Đông Ngạc and Xuân Đỉnh, 2025 H1 (stats demo)


def test_without_a_year_the_overview_opens_on_the_last_year_with_registrations(client_for):
    from initiatives.models import Initiative

    unit = legacy_district("Quận Bắc Từ Liêm")
    latest = (
        Initiative.objects.filter(unit__path__startswith=unit.path).order_by("-year").values_list("year", flat=True)[0]
    )
    response = client_for("thamdinh.bactuliem").get(reverse("dashboard:index"), {"unit": unit.pk})
    assert response.context["year"] == latest
    assert response.context["figures"][0].value > 0
