"""The daily job: "N days left" and "overdue" notices for the units that have not submitted the
form, told once however often the job runs, then the digests."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from lib import periods
from lib.events import EventKind
from notifications import services
from notifications.models import Notification
from notifications.tests.conftest import recipients

pytestmark = pytest.mark.django_db

H1_2024 = periods.parse("2024H1")


@pytest.fixture
def due(half_year_form):
    return half_year_form.due_date(H1_2024)


@pytest.fixture
def only_the_half_year_form(half_year_form):
    """The other shipped forms stay out of the counts (their own deadlines fall elsewhere)."""
    from stats.models import DataSet

    DataSet.objects.exclude(pk=half_year_form.pk).update(active=False)


def _submit_conhue1(tree, people, half_year_form):
    from stats import services as stats

    sub = stats.submission_open(data_set=half_year_form, period="2024H1", unit=tree["conhue1"], by=people["ward_clerk"])
    return stats.submission_submit(submission=sub, by=people["ward_clerk"])


def test_three_days_before_the_deadline_the_units_not_submitted_are_reminded_once(
    tree, people, half_year_form, due, only_the_half_year_form, settings
):
    from accounts.system import system_actor

    settings.NOTIFICATIONS_DEADLINE_DAYS = [7, 3, 1]
    today = due - dt.timedelta(days=3)
    first = services.deadline_notices(by=system_actor(), today=today)
    # Cổ Nhuế 1 (its clerk and head) and Quảng An (the outsider, its clerk) have not submitted; the
    # old Đông Ngạc has nobody who enters its data.
    assert recipients(EventKind.DEADLINE_SOON) == {"ward_clerk", "ward_head", "outsider"}
    assert first == 3
    notice = Notification.objects.get(kind=EventKind.DEADLINE_SOON, recipient=people["outsider"])
    assert "Phường Quảng An" in notice.title and "3" in notice.title and due.strftime("%d/%m/%Y") in notice.title
    assert notice.link == f"/thong-ke/nhap/{half_year_form.pk}/2024H1/{tree['quangan'].pk}/"

    # Run twice, notify once; the next day is in the same reminder (3 days) and adds nothing.
    assert services.deadline_notices(by=system_actor(), today=today) == 0
    assert services.deadline_notices(by=system_actor(), today=today + dt.timedelta(days=1)) == 0
    assert Notification.objects.filter(kind=EventKind.DEADLINE_SOON).count() == 3
    # One day left is the next reminder.
    assert services.deadline_notices(by=system_actor(), today=due - dt.timedelta(days=1)) == 3


def test_a_unit_that_submitted_is_not_reminded(tree, people, half_year_form, due, only_the_half_year_form):
    from accounts.system import system_actor

    _submit_conhue1(tree, people, half_year_form)
    services.deadline_notices(by=system_actor(), today=due - dt.timedelta(days=7))
    assert recipients(EventKind.DEADLINE_SOON) == {"outsider"}


def test_after_the_deadline_the_units_not_submitted_are_told_it_is_overdue_once(
    tree, people, half_year_form, due, only_the_half_year_form
):
    from accounts.system import system_actor

    _submit_conhue1(tree, people, half_year_form)
    today = due + dt.timedelta(days=2)
    assert services.deadline_notices(by=system_actor(), today=today) == 1
    assert services.deadline_notices(by=system_actor(), today=today + dt.timedelta(days=5)) == 0
    assert recipients(EventKind.DEADLINE_OVERDUE) == {"outsider"}
    notice = Notification.objects.get(kind=EventKind.DEADLINE_OVERDUE)
    assert due.strftime("%d/%m/%Y") in notice.title


def test_far_from_the_deadline_nobody_is_reminded(tree, people, half_year_form, due, only_the_half_year_form):
    from accounts.system import system_actor

    assert services.deadline_notices(by=system_actor(), today=due - dt.timedelta(days=12)) == 0
    # Long after it (past the overdue window) nobody is told either.
    assert services.deadline_notices(by=system_actor(), today=due + dt.timedelta(days=120)) == 0


def test_the_command_run_twice_reminds_once_and_mails_one_digest_per_person(
    tree, people, half_year_form, due, only_the_half_year_form
):
    today = (due - dt.timedelta(days=1)).isoformat()
    call_command("send_daily_notifications", f"--today={today}", stdout=io.StringIO())
    call_command("send_daily_notifications", f"--today={today}", stdout=io.StringIO())
    assert Notification.objects.filter(kind=EventKind.DEADLINE_SOON).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "outsider@example.org",
        "ward_clerk@example.org",
        "ward_head@example.org",
    ]


def test_the_daily_task_runs_the_job_and_queues_the_next_day_once(
    tree, people, half_year_form, only_the_half_year_form
):
    from django_tasks_db.models import DBTaskResult

    from notifications import tasks

    assert tasks.schedule_next() is True
    assert tasks.schedule_next() is False  # one waiting run is enough
    job = DBTaskResult.objects.get(task_path=tasks.TASK_PATH)
    assert job.run_after is not None and job.run_after > dt.datetime.now(dt.UTC)
    DBTaskResult.objects.all().delete()
    # The worker's run: the job's work, then the next morning's run queued.
    result = tasks.daily_notifications.func()
    assert set(result) == {"deadline_notices", "digests"}
    assert DBTaskResult.objects.filter(task_path=tasks.TASK_PATH, status="READY").count() == 1


def test_the_next_run_is_the_coming_morning(settings):
    from django.utils import timezone

    from notifications.tasks import next_run

    settings.NOTIFICATIONS_DAILY_HOUR = 6
    tz = timezone.get_current_timezone()
    before = dt.datetime(2026, 3, 2, 5, 0, tzinfo=tz)
    after = dt.datetime(2026, 3, 2, 7, 0, tzinfo=tz)
    assert next_run(before) == dt.datetime(2026, 3, 2, 6, 0, tzinfo=tz)
    assert next_run(after) == dt.datetime(2026, 3, 3, 6, 0, tzinfo=tz)
