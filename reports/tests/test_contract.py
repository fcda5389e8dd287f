"""The service contract for reports: every change names its actor, the services themselves
refuse those without the right (drafting: ENTER or REVIEW on the unit; issuing: ISSUE on the
body's unit), wrong states are InvalidTransition with a code, and the pages show them."""

import datetime as dt
import inspect

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.system import system_actor
from lib.errors import InvalidTransition
from reports import services
from reports.models import BodyKind, ReportStatus

CHANGES = [
    "body_create",
    "body_update",
    "report_draft",
    "report_update_section",
    "report_update_title",
    "report_refresh",
    "report_issue",
    "report_new_version",
    "report_pdf_retry",
    "allocate_number",
]


@pytest.mark.parametrize("name", CHANGES)
def test_every_change_requires_a_keyword_only_actor_without_default(name):
    by = inspect.signature(getattr(services, name)).parameters["by"]
    assert by.kind is inspect.Parameter.KEYWORD_ONLY and by.default is inspect.Parameter.empty


@pytest.fixture
def ward_report(bodies, tree):
    return services.report_draft(by=system_actor(), kind="year", unit=tree["conhue1"], body=bodies["state"], year=2022)


def test_a_clerk_cannot_issue_even_calling_the_service_directly(ward_report, personas):
    with pytest.raises(PermissionDenied):
        services.report_issue(report=ward_report, by=personas["ward_clerk"], issued_on=dt.date(2023, 1, 5))
    ward_report.refresh_from_db()
    assert ward_report.status == ReportStatus.DRAFT and not ward_report.versions.exists()


def test_someone_without_a_working_role_cannot_edit_a_draft(ward_report, personas):
    with pytest.raises(PermissionDenied):
        services.report_update_title(report=ward_report, title="Tiêu đề khác", by=personas["admin"])
    ward_report.refresh_from_db()
    assert ward_report.title != "Tiêu đề khác"


def test_an_outsider_cannot_draft_or_add_a_body_for_another_ward(bodies, tree, personas):
    with pytest.raises(PermissionDenied):
        services.report_draft(
            by=personas["outsider"], kind="year", unit=tree["conhue1"], body=bodies["state"], year=2022
        )
    with pytest.raises(PermissionDenied):
        services.body_create(
            by=personas["outsider"], unit=tree["conhue1"], kind=BodyKind.STATE, name="ỦY BAN NHÂN DÂN",
            abbreviation="UBND2", place="Cổ Nhuế", signer_title="CHỦ TỊCH",
        )  # fmt: skip


def test_a_pdf_asked_for_before_any_issue_is_a_wrong_state(ward_report, personas):
    with pytest.raises(InvalidTransition) as exc:
        services.report_pdf_retry(report=ward_report, by=personas["ward_head"])
    assert exc.value.code == "not_issued"


def test_issuing_an_issued_report_on_the_page_shows_why_not(client_as, ward_report):
    services.report_issue(report=ward_report, by=system_actor(), issued_on=dt.date(2023, 1, 5))
    url = reverse("reports:issue", args=[ward_report.pk])
    response = client_as("ward_head").post(url, {"issued_on": "06/01/2023", "edit_version": 1}, follow=True)
    assert response.status_code == 200
    assert "Báo cáo đã ban hành không sửa được" in response.content.decode()
    assert ward_report.versions.count() == 1


def test_a_new_version_of_a_draft_on_the_page_shows_why_not(client_as, ward_report):
    url = reverse("reports:new_version", args=[ward_report.pk])
    response = client_as("ward_clerk").post(url, follow=True)
    assert response.status_code == 200
    assert "Chỉ báo cáo đã ban hành mới mở được phiên bản mới." in response.content.decode()
    ward_report.refresh_from_db()
    assert ward_report.status == ReportStatus.DRAFT
