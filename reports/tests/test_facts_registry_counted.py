"""Report facts restate the registry as offices count it (levels, summaries, rates) and the grand
totals of everyone honoured, rewards and commendations apart."""

import datetime as dt

import pytest

from accounts.system import system_actor
from reports.facts import Scope, award_facts, registry_facts

pytestmark = pytest.mark.django_db


def test_registry_facts_carry_levels_summaries_and_rates(tree, personas):
    from initiatives import services
    from initiatives.evaluations import evaluate
    from initiatives.models import Field
    from initiatives.summaries import record_summary

    culture = Field.objects.get(code="culture")
    made = []
    for name in ("Camera an ninh", "Tuyến phố văn minh"):
        initiative = services.initiative_create(
            by=personas["ward_clerk"], unit=tree["conhue1"], field=culture, year=2024, name=name, register=True
        )
        made.append(initiative)
    evaluate(
        initiative=made[0], rating="outstanding", evaluated_on=dt.date(2024, 12, 1), by=personas["district_reviewer"]
    )
    record_summary(unit=tree["btl"], year_from=2024, kind="model", subject="collective", count=4, by=system_actor())

    facts = registry_facts(tree["btl"], Scope(kind="year", year=2024))
    # Two named at ward level; the district's summary of 4 matches none of them (another unit).
    assert facts["total"] == 2 + 4
    assert facts["from_summaries"] == 4
    assert facts["registered_by_level"] == {"commune": 2}
    assert facts["rates"]["total"]["registered"] == 2
    assert facts["rates"]["total"]["outstanding"] == 1
    assert facts["rates"]["total"]["outstanding_percent"] == 50
    assert facts["rates"]["total"]["effective_percent"] == 50


def test_award_facts_total_everyone_honoured(tree):
    from awards import catalogue as c
    from awards.models import RewardForm
    from awards.summaries import record_summary_award

    forms = {f.code: f for f in RewardForm.objects.all()}
    record_summary_award(
        issuer=tree["btl"], year=2024, issuer_title="Ban Thường vụ Quận ủy", reward_form=forms[c.GIAY_KHEN],
        declared_collectives=11, declared_individuals=2, by=system_actor(),
    )  # fmt: skip
    record_summary_award(
        issuer=tree["btl"], year=2024, issuer_title="Ban Thường vụ Quận ủy", reward_form=forms[c.BIEU_DUONG],
        declared_individuals=7, by=system_actor(),
    )  # fmt: skip
    facts = award_facts(tree["btl"], Scope(kind="year", year=2024))
    assert facts["honoured"]["reward"] == {"collective": 11, "individual": 2}
    assert facts["honoured"]["commendation"] == {"collective": 0, "individual": 7}
    assert facts["honoured"]["total"] == {"collective": 11, "individual": 2 + 7}
    # The existing totals include the declared recipients too.
    assert (facts["collectives"], facts["individuals"]) == (11, 9)
