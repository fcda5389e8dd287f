"""The overview shows the registry as offices count it: shares by level and field, and everyone
honoured (rewards and commendations apart)."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.system import system_actor

pytestmark = pytest.mark.django_db


def test_the_overview_shows_rates_and_honoured_totals(tree, personas, client_as):
    from awards import catalogue as c
    from awards.models import RewardForm
    from awards.summaries import record_summary_award
    from initiatives import services
    from initiatives.evaluations import evaluate
    from initiatives.models import Field

    culture = Field.objects.get(code="culture")
    made = [
        services.initiative_create(
            by=personas["ward_clerk"],
            unit=tree["conhue1"],
            field=culture,
            year=2024,
            name=f"Mô hình {n}",
            register=True,
        )
        for n in range(4)
    ]
    evaluate(initiative=made[0], rating="good", evaluated_on=dt.date(2024, 12, 1), by=personas["district_reviewer"])
    record_summary_award(
        issuer=tree["btl"], year=2024, issuer_title="Ban Thường vụ Quận ủy",
        reward_form=RewardForm.objects.get(code=c.TUYEN_DUONG), declared_collectives=3, by=system_actor(),
    )  # fmt: skip
    page = client_as("district_reviewer").get(reverse("dashboard:index"), {"unit": tree["btl"].pk, "year": 2024})
    html = page.content.decode()
    assert 'data-testid="registry-rates"' in html
    assert "25%" in html  # 1 of the 4 registered is evaluated effective
    honoured = page.context["registry_rates"]["honoured"]
    assert honoured["commendation"]["collective"] == 3 and honoured["reward"]["collective"] == 0
    assert 'data-testid="honoured"' in html
