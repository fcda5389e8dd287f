"""``manage.py generate_data --scale S``: the volume data obeys the model rules and is the same on
every run (fixed seed). One generation per module: it loads a province's units."""

import datetime as dt
import hashlib

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(db):
    call_command("generate_data", "--scale", "S", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _fingerprint() -> str:
    from initiatives.models import Initiative
    from stats.models import DataValue, Submission

    rows = [
        *Submission.objects.order_by("data_set__code", "period", "unit__ext_key").values_list(
            "data_set__code", "period", "unit__ext_key", "status", "submitted_at"
        ),
        *DataValue.objects.order_by("submission__period", "submission__unit__ext_key", "element__code", "option_id")
        .values_list("submission__period", "submission__unit__ext_key", "element__code", "value")
        .iterator(),
        *Initiative.objects.order_by("unit__ext_key", "year", "name", "status").values_list(
            "unit__ext_key", "year", "name", "status", "origin"
        ),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_every_form_obeys_the_entry_rules_and_comes_from_a_unit_existing_then(generated):
    from lib import periods
    from stats import services
    from stats.models import Submission

    subs = list(Submission.objects.select_related("data_set", "unit"))
    assert len({s.unit_id for s in subs}) > 10 and len({s.period for s in subs}) >= 5
    for sub in subs:
        period = periods.parse(sub.period)
        assert sub.unit.is_valid_on(min(period.end, dt.date.today())), (sub.unit, sub.period)
        assert services.check_rules(sub.data_set, services.submission_totals(sub)) == [], sub
        assert (sub.submitted_at is None) == (sub.status == "draft")


def test_the_rollups_agree_with_the_values_and_replications_have_their_chain(generated):
    from initiatives.models import Initiative, Origin
    from stats import services

    assert services.rollup_snapshot() == services.rollup_compute()
    replicated = list(Initiative.objects.filter(origin=Origin.REPLICATED).select_related("source", "unit"))
    assert replicated
    for row in replicated:
        assert row.lineage_path == f"{row.source.lineage_path}{row.pk:09d}."
        assert row.source.year <= row.year and row.source.unit_id != row.unit_id
    assert all(i.unit.existed_in_year(i.year) for i in Initiative.objects.select_related("unit"))


def test_each_recognized_initiative_sits_in_a_decision_of_its_level_by_a_body_above_it(generated):
    from initiatives.models import DecisionItem, Initiative, Status

    recognized = Initiative.objects.filter(status=Status.RECOGNIZED)
    items = list(DecisionItem.objects.select_related("decision__issuer", "initiative__unit"))
    assert recognized.count() == len(items) > 0
    for item in items:
        decision, initiative = item.decision, item.initiative
        assert decision.level == initiative.recognized_level
        assert initiative.unit.path.startswith(decision.issuer.path)
        assert decision.issuer.is_valid_on(decision.date) and initiative.start_date <= decision.date


def test_a_second_generation_on_an_empty_database_writes_the_same_rows(generated):
    from initiatives.models import DecisionItem, Initiative
    from stats.models import Rollup, Submission

    first = _fingerprint()
    Rollup.objects.all().delete()
    DecisionItem.objects.all().delete()
    while Initiative.objects.exists():  # the ends of the replication chains first (source is protected)
        Initiative.objects.filter(replications__isnull=True).delete()
    Submission.objects.all().delete()
    from awards.models import AwardDecision, AwardRecipient

    AwardRecipient.objects.all().delete()
    AwardDecision.objects.all().delete()
    call_command("generate_data", "--scale", "S", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _fingerprint() == first


def test_it_refuses_a_database_that_already_holds_statistics(generated):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="already holds statistics"):
        call_command("generate_data", "--scale", "S", stdout=open("/dev/null", "w"))  # noqa: SIM115
