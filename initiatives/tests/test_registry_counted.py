"""The registry as offices count it: the level an initiative registered at, evaluations by a
reviewer with history, the rates over them, and summary registrations counted alongside named
ones without counting twice."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from accounts.system import system_actor
from initiatives.evaluations import evaluate, registry_rates
from initiatives.models import Initiative, RecognitionLevel
from initiatives.selectors import counts_by_year, registry_counts
from initiatives.summaries import record_summary

pytestmark = pytest.mark.django_db


def pct(part, whole):
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


def test_an_initiative_registers_at_the_level_of_its_unit(make_initiative, tree):
    ward = make_initiative(unit="conhue1", status="registered")
    district = make_initiative(unit="btl", status="registered")
    city = make_initiative(unit="hanoi_old", status="registered")
    assert (ward.registered_level, district.registered_level, city.registered_level) == (
        RecognitionLevel.COMMUNE,
        RecognitionLevel.DISTRICT,
        RecognitionLevel.PROVINCE,
    )
    # Rows written without save() (bulk loads, the data migration) get the same rule in SQL.
    Initiative.objects.update(registered_level="")
    Initiative.objects.all().fill_registered_levels()
    levels = dict(Initiative.objects.values_list("pk", "registered_level"))
    assert levels == {ward.pk: "commune", district.pk: "district", city.pk: "province"}


def test_a_reviewer_of_the_unit_evaluates_and_the_history_says_who(make_initiative, personas):
    initiative = make_initiative(status="implementing")
    with pytest.raises(PermissionDenied):
        evaluate(initiative=initiative, rating="good", by=personas["ward_clerk"])
    with pytest.raises(PermissionDenied):
        evaluate(initiative=initiative, rating="good", by=personas["outsider"])
    reviewer = personas["district_reviewer"]
    evaluation = evaluate(initiative=initiative, rating="good", evaluated_on=dt.date(2024, 11, 30), by=reviewer)
    assert evaluation.history.get().history_user == reviewer
    assert initiative.evaluations.count() == 1


def test_rates_count_the_latest_evaluation_by_field_and_level(make_initiative, personas, fields, tree):
    reviewer = personas["district_reviewer"]
    a = make_initiative(status="recognized", name="A")
    b = make_initiative(status="registered", name="B")
    c = make_initiative(status="registered", name="C")
    make_initiative(status="registered", name="D")  # never evaluated
    e = make_initiative(unit="btl", status="registered", name="E", field=fields["economy"])
    make_initiative(status="draft", name="Draft")  # drafts are not registered
    evaluate(initiative=a, rating="outstanding", evaluated_on=dt.date(2024, 6, 1), by=reviewer)
    evaluate(initiative=b, rating="good", evaluated_on=dt.date(2024, 6, 1), by=reviewer)
    evaluate(initiative=c, rating="good", evaluated_on=dt.date(2024, 3, 1), by=reviewer)
    evaluate(initiative=c, rating="not_effective", evaluated_on=dt.date(2024, 9, 1), by=reviewer)
    evaluate(initiative=e, rating="effective", evaluated_on=dt.date(2024, 9, 1), by=reviewer)

    rates = registry_rates(tree["btl"], 2024)
    registered, effective = 5, 3  # A, B, E (C's latest evaluation is "not yet effective")
    assert rates["total"]["registered"] == registered
    assert rates["total"]["recognized"] == 1
    assert rates["total"]["effective"] == effective
    assert rates["total"]["outstanding"] == 1
    assert rates["total"]["effective_percent"] == pct(effective, registered)
    assert rates["total"]["recognized_percent"] == pct(1, registered)
    by_level = {row["level"]: row for row in rates["by_level"]}
    assert by_level["commune"]["registered"] == 4 and by_level["commune"]["effective"] == 2
    assert by_level["commune"]["effective_percent"] == pct(2, 4)
    assert by_level["district"]["effective_percent"] == pct(1, 1)
    by_field = {row["code"]: row for row in rates["by_field"]}
    assert by_field["culture"]["outstanding_percent"] == pct(1, 4)
    assert by_field["economy"]["registered"] == 1


def test_a_summary_counts_alongside_named_records_and_never_twice(make_initiative, tree, fields, personas):
    clerk = personas["ward_clerk"]
    record_summary(
        unit=tree["conhue1"], year_from=2024, kind="model", subject="collective", field=fields["culture"],
        count=5, source="Báo cáo tổng kết năm 2024", by=clerk,
    )  # fmt: skip
    assert registry_counts(tree["btl"], 2024).count() == 5
    assert counts_by_year(tree["btl"])[2024]["registered"] == 5

    make_initiative(status="registered", name="Named 1")
    make_initiative(status="registered", name="Named 2")
    make_initiative(status="registered", name="Other field", field=fields["economy"])
    # Two named ones of the same unit, year and field are part of the 5; the other field is not.
    assert registry_counts(tree["btl"], 2024).count() == 5 + 1
    assert registry_counts(tree["btl"], 2024).count(field="culture") == 5
    assert counts_by_year(tree["btl"])[2024]["registered"] == 6

    for n in range(4):
        make_initiative(status="registered", name=f"More {n}")
    # Six named now exceed the declared five: max(5, 6) = 6 for the field.
    assert registry_counts(tree["btl"], 2024).count(field="culture") == 6
    assert registry_counts(tree["btl"], 2024, include_summaries=False).count(field="culture") == 6


def test_a_summary_over_years_counts_only_where_its_whole_period_is_covered(tree):
    record_summary(
        unit=tree["btl"], year_from=2009, year_to=2020, kind="model", subject="collective", count=251,
        by=system_actor(),
    )  # fmt: skip
    assert registry_counts(tree["btl"], year_range=(2009, 2024)).count(kind="model") == 251
    assert registry_counts(tree["btl"], 2020).count() == 0
    assert registry_counts(tree["hanoi_old"], year_range=(2009, 2024)).count() == 251
    assert registry_counts(tree["quangan"], year_range=(2009, 2024)).count() == 0


def test_only_the_units_clerks_enter_summary_figures(tree, personas):
    with pytest.raises(PermissionDenied):
        record_summary(
            unit=tree["conhue1"], year_from=2020, kind="model", subject="collective", count=3,
            by=personas["outsider"],
        )  # fmt: skip


def test_the_api_gives_levels_summaries_rates_and_takes_evaluations(make_initiative, tree, personas, client_as):
    from api.tests.conftest import API

    initiative = make_initiative(status="registered")
    record_summary(unit=tree["conhue1"], year_from=2024, kind="model", subject="collective", count=3, by=system_actor())
    from django.test import Client

    from api.services import token_create

    def api(name):
        return Client(
            headers={
                "Authorization": f"Bearer {token_create(user=personas[name], name='t', days=1, by=personas[name])[1]}"
            }
        )

    counts = api("district_reviewer").get(f"{API}/initiatives/counts", {"unit": tree["btl"].pk, "year": 2024}).json()
    # One named culture model, and a summary of 3 covering it: 3 in all, 2 of them from the summary.
    assert counts["total"] == 3 and counts["from_summaries"] == 2
    # The summary gives no level, so only the named one has a known level.
    assert counts["by_level"] == {"commune": 1}
    url = f"{API}/initiatives/{initiative.pk}/evaluations"
    assert api("ward_clerk").post(url, {"rating": "good"}, content_type="application/json").status_code == 403
    created = api("district_reviewer").post(url, {"rating": "good"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["rating"] == "good"
    rates = api("district_reviewer").get(f"{API}/initiatives/rates", {"unit": tree["btl"].pk, "year": 2024}).json()
    assert rates["total"]["registered"] == 1 and rates["total"]["effective"] == 1
    assert Decimal(rates["total"]["effective_percent"]) == Decimal(100)


def test_summary_figures_are_entered_on_a_page_reachable_from_the_menu(client_as, tree, fields):
    from django.urls import reverse

    from initiatives.models import SummaryRegistration

    client = client_as("ward_clerk")
    url = reverse("initiatives:summaries")
    assert f'href="{url}"' in client.get(reverse("initiatives:list")).content.decode()
    bad = client.post(url, {"unit": tree["conhue1"].pk, "year_from": "2009", "year_to": "2020", "kind": "model",
                            "subject": "collective", "count": "0"})  # fmt: skip
    assert bad.status_code == 200 and not SummaryRegistration.objects.exists()
    assert 'value="2009"' in bad.content.decode()
    response = client.post(url, {"unit": tree["conhue1"].pk, "year_from": "2009", "year_to": "2020", "kind": "model",
                                 "subject": "collective", "count": "251", "source": "Báo cáo 15 năm"})  # fmt: skip
    assert response.status_code == 302
    summary = SummaryRegistration.objects.get()
    assert (summary.count, summary.year_from, summary.year_to) == (251, 2009, 2020)
    assert summary.history.get().history_user.username == "ward_clerk"


def test_the_evaluation_page_takes_a_reviewers_evaluation(make_initiative, client_as):
    from django.urls import reverse

    initiative = make_initiative(status="registered")
    url = reverse("initiatives:evaluations", args=[initiative.pk])
    assert client_as("ward_clerk").post(url, {"rating": "good"}).status_code == 404
    response = client_as("district_reviewer").post(url, {"rating": "outstanding", "evaluated_on": "01/11/2024"})
    assert response.status_code == 302
    assert initiative.evaluations.get().rating == "outstanding"
    assert "evaluations" in client_as("ward_clerk").get(url).content.decode()


def test_counters_with_summaries_stay_at_three_queries(tree, django_assert_max_num_queries):
    for year in (2019, 2020, 2021):
        record_summary(
            unit=tree["conhue1"], year_from=year, kind="model", subject="collective", count=2, by=system_actor()
        )
    with django_assert_max_num_queries(3):
        counts = registry_counts(tree["btl"], year_range=(2019, 2021))
    assert counts.count() == 3 * 2
