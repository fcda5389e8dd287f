"""Việc chờ tôi xử lý: each role sees its next step, in a bounded number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.system import system_actor
from dashboard import selectors
from stats import services as stats_services
from stats.models import DataSet

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


def _groups(user):
    return {g.key: g for g in selectors.tasks(user, TODAY)}


@pytest.fixture
def year_form():
    return DataSet.objects.get(code="BC_DV_NAM")


def test_the_clerk_of_an_ended_ward_sees_its_missing_forms_as_overdue(personas, tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        groups = _groups(personas["ward_clerk"])
    due = groups["due"].tasks
    assert due and all(t.late for t in due) and all(t.unit == tree["conhue1"] for t in due)
    assert {t.title.split(" – ")[1] for t in due} == {"6 tháng đầu năm 2025", "năm 2025"}


def test_the_clerk_sees_a_returned_form_with_its_reason(personas, tree, year_form):
    sub = stats_services.submission_open(data_set=year_form, period="2025", unit=tree["conhue1"], by=system_actor())
    stats_services.submission_submit(submission=sub, by=personas["ward_clerk"])
    stats_services.submission_return(submission=sub, reason="Thiếu số liệu đối thoại", by=personas["district_reviewer"])
    groups = _groups(personas["ward_clerk"])
    assert [t.detail for t in groups["returned"].tasks] == ["Thiếu số liệu đối thoại"]


def test_the_head_sees_the_wards_draft_and_what_was_sent_up(personas, tree, year_form):
    half = DataSet.objects.get(code="BC_DV_6T")
    stats_services.submission_open(data_set=year_form, period="2025", unit=tree["conhue1"], by=system_actor())
    sent = stats_services.submission_open(data_set=half, period="2025H1", unit=tree["conhue1"], by=system_actor())
    stats_services.submission_submit(submission=sent, by=personas["ward_clerk"])
    groups = _groups(personas["ward_head"])
    assert [t.title for t in groups["drafts"].tasks] == [f"{year_form.name} – năm 2025"]
    assert [t.title for t in groups["sent"].tasks] == [f"{half.name} – 6 tháng đầu năm 2025"]


def test_the_reviewer_sees_forms_to_approve_with_late_ones_flagged(
    personas, tree, year_form, django_assert_max_num_queries
):
    on_time = stats_services.submission_open(data_set=year_form, period="2025", unit=tree["conhue1"], by=system_actor())
    stats_services.submission_submit(submission=on_time, by=personas["ward_clerk"])
    late = stats_services.submission_open(
        data_set=year_form, period="2025", unit=tree["dongngac_old"], by=system_actor()
    )
    stats_services.submission_submit(submission=late, by=system_actor())
    type(late).objects.filter(pk=on_time.pk).update(submitted_at=timezone.make_aware(dt.datetime(2026, 1, 10, 9)))
    with django_assert_max_num_queries(12):
        groups = _groups(personas["district_reviewer"])
    flags = {t.unit.pk: t.late for t in groups["approve"].tasks}
    assert flags == {tree["conhue1"].pk: False, tree["dongngac_old"].pk: True}  # submitted after 15/01/2026


def test_the_tasks_page_lists_the_clerks_overdue_forms(client_as, personas):
    response = client_as("ward_clerk").get(reverse("dashboard:tasks"))
    assert response.status_code == 200
    assert "quá hạn" in response.content.decode()
