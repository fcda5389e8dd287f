"""Lost updates, issue dates and numbering, the section text limit and the PDF job's time limit."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.system import system_actor
from lib.errors import InvalidTransition
from reports import pdf_jobs, services
from reports.models import Report, ReportVersion

API = "/api/v1"


@pytest.fixture
def api_as(personas):
    """A client sending the persona's personal API key."""
    from django.test import Client

    from api.services import token_create

    def _client(name):
        key = token_create(user=personas[name], name="test", days=30, by=personas[name])[1]
        return Client(headers={"Authorization": f"Bearer {key}"})

    return _client


@pytest.fixture
def ward_report(bodies, tree):
    """The old ward's UBND (valid until 30/06/2025) reporting on 2022."""
    return services.report_draft(by=system_actor(), kind="year", unit=tree["conhue1"], body=bodies["state"], year=2022)


def _issue(report, day):
    return services.report_issue(report=report, by=system_actor(), issued_on=day)


# ------------------------------------------------------------------------------ 1. lost updates
def test_a_title_saved_from_a_page_read_before_issuing_cannot_change_the_issued_report(ward_report):
    page_copy = Report.objects.get(pk=ward_report.pk)  # the editor's page, loaded while still a draft
    version = _issue(ward_report, dt.date(2023, 1, 5))
    with pytest.raises(InvalidTransition) as exc:
        services.report_update_title(report=page_copy, title="Tiêu đề sửa muộn", by=system_actor())
    assert exc.value.code == "already_issued"
    ward_report.refresh_from_db()
    assert ward_report.title == version.content["subtitle"] != "Tiêu đề sửa muộn"


def test_an_edit_made_on_a_stale_page_is_refused_saying_what_changed(ward_report, personas):
    seen = ward_report.edit_version
    services.report_update_title(report=ward_report, title="Tiêu đề của người thứ nhất", by=personas["ward_head"])
    with pytest.raises(InvalidTransition) as exc:
        services.report_update_section(
            report=ward_report, key="tasks", text="Bản của người thứ hai", by=system_actor(), edit_version=seen
        )
    assert exc.value.code == "stale_version"
    message = exc.value.message
    assert "Tiêu đề của người thứ nhất" in message
    assert ward_report.sections.get(key="tasks").text != "Bản của người thứ hai"


def test_the_page_keeps_the_typed_title_and_says_in_vietnamese_what_changed(client_as, ward_report, personas):
    seen = ward_report.edit_version
    services.report_update_section(report=ward_report, key="tasks", text="Nhiệm vụ mới", by=personas["ward_head"])
    url = reverse("reports:title_save", args=[ward_report.pk])
    response = client_as("ward_clerk").post(url, {"title": "Tiêu đề tôi vừa gõ", "edit_version": seen})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Tiêu đề tôi vừa gõ"' in page
    # the changed section, named by its heading (the 2022 report's tasks are for 2023)
    assert "Báo cáo đã được" in page and "Phương hướng, nhiệm vụ năm 2023" in page
    ward_report.refresh_from_db()
    assert ward_report.title != "Tiêu đề tôi vừa gõ"
    # The page now carries the current edit version: saving again replaces the other change.
    assert f'name="edit_version" value="{ward_report.edit_version}"' in page
    client_as("ward_clerk").post(url, {"title": "Tiêu đề tôi vừa gõ", "edit_version": ward_report.edit_version})
    ward_report.refresh_from_db()
    assert ward_report.title == "Tiêu đề tôi vừa gõ"


def test_the_api_answers_409_to_a_stale_version_and_to_an_edit_of_an_issued_report(api_as, ward_report):
    client = api_as("ward_head")
    url = f"{API}/reports/{ward_report.pk}"
    first = client.patch(url, json.dumps({"title": "Lần một", "edit_version": 0}), content_type="application/json")
    assert first.status_code == 200 and first.json()["edit_version"] == 1
    stale = client.patch(url, json.dumps({"title": "Lần hai", "edit_version": 0}), content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    _issue(ward_report, dt.date(2023, 1, 5))
    ward_report.refresh_from_db()
    body = {"title": "Sau khi ban hành", "edit_version": ward_report.edit_version}
    issued = client.patch(url, json.dumps(body), content_type="application/json")
    assert issued.status_code == 409 and issued.json()["code"] == "already_issued"


# ------------------------------------------------------------------------------ 2. issue dates
@pytest.mark.parametrize(
    ("day", "words"),
    [
        (dt.date(1900, 1, 1), "sớm nhất từ tháng cuối của kỳ báo cáo"),
        (dt.date(2999, 1, 1), "sau ngày hôm nay"),
        (dt.date(2022, 11, 30), "sớm nhất từ tháng cuối của kỳ báo cáo"),  # the year's last month starts 01/12/2022
        (dt.date(2025, 7, 1), "đã thôi hoạt động"),  # the old ward ceased on 30/06/2025
    ],
)
def test_an_issue_date_outside_its_bounds_is_refused(ward_report, day, words):
    with pytest.raises(ValidationError) as exc:
        _issue(ward_report, day)
    assert words in " ".join(exc.value.message_dict["issued_on"])
    assert not ReportVersion.objects.exists()


@pytest.mark.parametrize("day", [dt.date(2022, 12, 1), dt.date(2022, 12, 31), dt.date(2025, 6, 30)])
def test_the_last_month_of_the_period_and_the_last_day_of_the_body_are_accepted(ward_report, day):
    assert _issue(ward_report, day).issued_on == day


def test_a_half_year_review_may_be_issued_from_1_june(bodies, tree):
    report = services.report_draft(
        by=system_actor(), kind="half_year", unit=tree["conhue1"], body=bodies["state"], year=2024
    )
    with pytest.raises(ValidationError):
        _issue(report, dt.date(2024, 5, 31))
    assert _issue(report, dt.date(2024, 6, 15)).issued_on == dt.date(2024, 6, 15)


def test_today_is_accepted_for_a_body_that_still_exists(tree):
    from orgunits.models import UnitType
    from reports.models import BodyKind

    body = services.body_create(
        by=system_actor(), unit=tree["dongngac"], kind=BodyKind.STATE, name="ỦY BAN NHÂN DÂN\nPHƯỜNG ĐÔNG NGẠC",
        abbreviation="UBND", place="Đông Ngạc", signer_title="CHỦ TỊCH",
    )  # fmt: skip
    assert tree["dongngac"].unit_type == UnitType.COMMUNE
    last_year = timezone.localdate().year - 1
    report = services.report_draft(by=system_actor(), kind="year", unit=tree["dongngac"], body=body, year=last_year)
    assert _issue(report, timezone.localdate()).issued_on == timezone.localdate()


def test_a_body_cannot_issue_before_it_existed(tree):
    from reports.models import BodyKind

    body = services.body_create(
        by=system_actor(), unit=tree["dongngac"], kind=BodyKind.STATE, name="ỦY BAN NHÂN DÂN\nPHƯỜNG ĐÔNG NGẠC",
        abbreviation="UBND", place="Đông Ngạc", signer_title="CHỦ TỊCH",
    )  # fmt: skip
    report = services.report_draft(by=system_actor(), kind="year", unit=tree["dongngac"], body=body, year=2024)
    with pytest.raises(ValidationError) as exc:
        _issue(report, dt.date(2025, 6, 30))  # the new ward exists from 01/07/2025
    assert "01/07/2025" in " ".join(exc.value.message_dict["issued_on"])


def test_numbers_follow_the_order_of_dates(ward_report, bodies, tree):
    first = _issue(ward_report, dt.date(2023, 3, 10))
    other = services.report_draft(
        by=system_actor(), kind="half_year", unit=tree["conhue1"], body=bodies["state"], year=2022
    )
    with pytest.raises(ValidationError) as exc:
        _issue(other, dt.date(2023, 3, 9))
    message = " ".join(exc.value.message_dict["issued_on"])
    assert first.number_text in message and "10/03/2023" in message
    same_day = _issue(other, dt.date(2023, 3, 10))
    assert (first.number_text, same_day.number_text) == ("Số: 01/BC-UBND", "Số: 02/BC-UBND")


def test_the_api_refuses_an_issue_date_in_1900_with_the_field_named(api_as, ward_report):
    url = f"{API}/reports/{ward_report.pk}/actions/issue"
    response = api_as("ward_head").post(url, json.dumps({"issued_on": "2022-06-01"}), content_type="application/json")
    assert response.status_code == 422 and "issued_on" in response.json()["fields"]


# ------------------------------------------------------------------------------ 3. section text
def test_section_text_has_one_limit_on_the_page_and_in_the_api(client_as, api_as, ward_report):
    too_long = "a" * (services.SECTION_TEXT_MAX + 1)
    url = reverse("reports:section_save", args=[ward_report.pk, "tasks"])
    page = client_as("ward_clerk").post(url, {"text": too_long, "edit_version": 0})
    assert "tối đa 20.000 ký tự" in page.content.decode()
    assert ward_report.sections.get(key="tasks").text != too_long
    api = api_as("ward_clerk").put(
        f"{API}/reports/{ward_report.pk}/sections/tasks",
        json.dumps({"text": too_long, "edit_version": 0}),
        content_type="application/json",
    )
    assert api.status_code == 422 and "tối đa 20.000 ký tự" in api.json()["fields"]["text"][0]
    exact = "b" * services.SECTION_TEXT_MAX
    services.report_update_section(report=ward_report, key="tasks", text=exact, by=system_actor())
    assert ward_report.sections.get(key="tasks").text == exact


# ------------------------------------------------------------------------------ 4. PDF job limit
def _stuck_job(version, minutes_ago):
    from django_tasks_db.models import DBTaskResult

    started = timezone.now() - dt.timedelta(minutes=minutes_ago)
    return DBTaskResult.objects.create(
        task_path=pdf_jobs.TASK_PATH, args_kwargs={"args": [version.pk], "kwargs": {}}, status="RUNNING",
        started_at=started, backend_name="default", run_after=started, queue_name="default",
    )  # fmt: skip


def test_a_pdf_job_left_running_past_the_limit_is_failed_and_a_retry_produces_the_pdf(client_as, ward_report, settings):
    version = _issue(ward_report, dt.date(2023, 1, 5))
    fresh = _stuck_job(version, minutes_ago=settings.REPORTS_PDF_JOB_MINUTES - 1)
    assert pdf_jobs.states([version])[version.pk] == pdf_jobs.PdfState.RUNNING
    fresh.delete()
    stuck = _stuck_job(version, minutes_ago=settings.REPORTS_PDF_JOB_MINUTES + 1)
    page = client_as("ward_head").get(reverse("reports:detail", args=[ward_report.pk])).content.decode()
    assert "Tạo tệp PDF không thành công hoặc quá lâu" in page and 'data-testid="pdf-retry-1"' in page
    stuck.refresh_from_db()
    assert stuck.status == "FAILED"

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    response = client_as("ward_head").post(reverse("reports:pdf_retry", args=[ward_report.pk]), {"version": 1})
    assert response.status_code == 302
    assert bytes(ReportVersion.objects.get(pk=version.pk).pdf).startswith(b"%PDF")


def test_the_api_retries_a_stuck_pdf_and_refuses_while_one_is_running(api_as, ward_report, settings):
    from django_tasks_db.models import DBTaskResult

    version = _issue(ward_report, dt.date(2023, 1, 5))
    _stuck_job(version, minutes_ago=2)
    url = f"{API}/reports/{ward_report.pk}/actions/retry-pdf"
    busy = api_as("ward_head").post(url, "{}", content_type="application/json")
    assert busy.status_code == 409
    DBTaskResult.objects.update(started_at=timezone.now() - dt.timedelta(minutes=settings.REPORTS_PDF_JOB_MINUTES + 5))
    detail = api_as("ward_head").get(f"{API}/reports/{ward_report.pk}").json()
    assert detail["versions"][0]["pdf_state"] == "failed"
    retried = api_as("ward_head").post(url, "{}", content_type="application/json")
    assert retried.status_code == 200 and retried.json()["versions"][0]["pdf_state"] == "queued"
    assert DBTaskResult.objects.filter(status="READY", task_path=pdf_jobs.TASK_PATH).count() == 1


def test_the_worker_starting_a_task_sweeps_stuck_pdf_jobs(ward_report, bodies, tree, settings):
    from reports.tasks import render_version_pdf

    version = _issue(ward_report, dt.date(2023, 1, 5))
    stuck = _stuck_job(version, minutes_ago=settings.REPORTS_PDF_JOB_MINUTES + 1)
    other = services.report_draft(
        by=system_actor(), kind="half_year", unit=tree["conhue1"], body=bodies["state"], year=2023
    )
    other_version = _issue(other, dt.date(2023, 7, 5))
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    render_version_pdf.enqueue(other_version.pk)  # any task the worker starts
    stuck.refresh_from_db()
    assert stuck.status == "FAILED"
