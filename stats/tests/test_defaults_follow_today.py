"""The statistics pages start on the period being reported today (not the newest approved one),
on the user's unit of today, and the entry list says which forms are overdue."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.services import user_create
from accounts.system import system_actor
from lib.periods import Period
from stats import selectors, services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "today, code",
    [
        (dt.date(2026, 12, 1), "2026"),  # the year is under way: its form is the one to fill
        (dt.date(2027, 1, 10), "2026"),  # the year has ended but its deadline (15/01) is ahead
        (dt.date(2027, 1, 20), "2027"),  # deadline passed: the new year
    ],
)
def test_the_year_forms_current_period_follows_today(form_year, today, code):
    assert form_year.current_period(today).code == code


def test_a_first_half_only_form_stays_on_the_first_half_in_december(form6):
    assert form6.half_years == "1"
    assert form6.current_period(dt.date(2026, 12, 1)) == Period(2026, 1)


def test_a_form_of_both_halves_is_on_the_half_containing_today(form6):
    form6.half_years = "1,2"
    assert form6.current_period(dt.date(2026, 12, 1)) == Period(2026, 2)


def test_on_1_december_the_open_form_is_the_year_form(form6, form_year):
    # The first half's deadline (15/07) has passed; the year form is due 15/01 next year.
    assert selectors.current_form(dt.date(2026, 12, 1)) == (form_year, Period(2026))


def _expected_today(form_year):
    today = timezone.localdate()
    return form_year.current_period(today) if form_year.is_open_on(today) else None


@pytest.fixture
def new_ward_clerk(tree):
    return user_create(
        username="vanthu.moi",
        password="Persona-pass-2024",
        unit=tree["dongngac"],
        role=Role.CLERK,
        full_name="VT",
        by=system_actor(),
    )


def test_the_entry_chooser_starts_on_todays_open_form_period_and_the_clerks_ward_of_today(
    client, new_ward_clerk, tree, form_year
):
    client.force_login(new_ward_clerk)
    response = client.get(reverse("stats:entry_list"))
    form = response.context["form"]
    expected = _expected_today(form_year)
    assert expected is not None  # the year form is open during the whole year
    assert form["data_set"].value() == form_year.pk
    assert form["period"].value() == expected.code
    # Its scope also holds the two wards merged into it in 2025; the chooser starts on today's ward.
    assert form["unit"].value() == tree["dongngac"].pk
    html = response.content.decode()
    assert f'<option value="{expected.code}" selected>' in html


def test_the_chooser_says_which_ward_has_ended(client, new_ward_clerk, tree):
    """The unit picker starts on today's ward; its suggestions tell the ended namesake by its validity."""
    client.force_login(new_ward_clerk)
    html = client.get(reverse("stats:entry_list")).content.decode()
    assert f'value="{tree["dongngac"].pk}"' in html
    found = client.get(reverse("orgunits:search"), {"q": "dong ngac", "cap": "enter"}).json()["results"]
    details = {u["id"]: u["detail"] for u in found}
    assert "đến 30/06/2025" in details[tree["dongngac_old"].pk]
    assert "đến" not in details[tree["dongngac"].pk]


@pytest.mark.parametrize("url_name", ["stats:aggregates", "stats:completeness"])
def test_the_aggregates_and_completeness_pages_start_on_the_open_period(client_as, tree, form6, form_year, url_name):
    # An approved first half of 2024 exists: the pages still start on today's period.
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    services.submission_submit(submission=sub, by=system_actor())
    services.submission_approve(submission=sub, by=system_actor())
    response = client_as("city_leader").get(reverse(url_name))
    assert response.status_code == 200
    assert response.context["data_set"] == form_year
    assert response.context["period"] == _expected_today(form_year)


def test_the_entry_list_labels_forms_past_their_deadline_as_overdue(client_as, personas, tree, form6):
    late = services.submission_open(
        data_set=form6, period="2025H1", unit=tree["conhue1"], by=system_actor()
    )  # due 15/07/2025
    sent = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    services.submission_submit(submission=sent, by=system_actor())  # sent up: no longer the unit's to do
    assert form6.due_date(late.period_obj) < timezone.localdate()
    html = client_as("ward_clerk").get(reverse("stats:entry_list")).content.decode()
    assert html.count('data-testid="overdue"') == 1
    assert "quá hạn" in html
