import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.system import system_actor
from lib.errors import InvalidTransition
from reports import services
from reports.models import NumberSeries, ReportStatus, ReportVersion


@pytest.fixture
def draft(bodies, tree, personas):
    return services.report_draft(
        by=personas["district_reviewer"], kind="year", unit=tree["btl"], body=bodies["party"], year=2022
    )


def test_a_draft_has_every_section_and_the_title_of_its_kind(draft):
    assert draft.status == ReportStatus.DRAFT
    assert draft.title == "Tổng kết công tác dân vận và phong trào thi đua “Dân vận khéo” năm 2022"
    keys = list(draft.sections.values_list("key", flat=True))
    assert keys[0] == "intro" and keys[-1] == "proposals" and "tasks" in keys
    assert "Ban Dân vận Quận ủy Bắc Từ Liêm" in draft.sections.get(key="intro").text


def test_a_multi_year_review_needs_a_first_year_before_the_last(bodies, tree):
    with pytest.raises(ValidationError) as exc:
        services.report_draft(
            by=system_actor(), kind="multi_year", unit=tree["btl"], body=bodies["party"], year=2024, year_from=2024
        )
    assert "year_from" in exc.value.error_dict


def test_a_thematic_report_needs_a_theme(bodies, tree):
    with pytest.raises(ValidationError):
        services.report_draft(by=system_actor(), kind="thematic", unit=tree["btl"], body=bodies["party"], year=2024)


def test_an_edited_section_is_kept_and_marked_and_survives_a_refresh(draft, personas):
    services.report_update_section(
        report=draft, key="tasks", text="Nhiệm vụ do cán bộ viết.", by=personas["district_reviewer"]
    )
    section = draft.sections.get(key="tasks")
    assert section.edited and section.text == "Nhiệm vụ do cán bộ viết."
    assert section.history.first().history_user == personas["district_reviewer"]
    services.report_refresh(report=draft, by=system_actor())
    assert draft.sections.get(key="tasks").text == "Nhiệm vụ do cán bộ viết."


def test_party_numbers_run_over_the_committee_term_across_years(bodies, tree):
    body = bodies["party"]
    numbers = [
        services.allocate_number(body=body, day=dt.date(year, 12, 1), by=system_actor()) for year in (2021, 2022, 2022)
    ]
    assert numbers == [1, 2, 3]
    assert NumberSeries.objects.get(body=body).key == "term:2020-10-01"


def test_state_numbers_restart_every_year(bodies):
    body = bodies["state"]
    assert [services.allocate_number(body=body, day=dt.date(2022, 3, 1), by=system_actor()) for _ in range(2)] == [1, 2]
    assert services.allocate_number(body=body, day=dt.date(2023, 1, 5), by=system_actor()) == 1


@pytest.fixture
def commission_head(bodies):
    """The head of the Ban Dân vận Quận ủy Bắc Từ Liêm: issue rights on the party body's own unit."""
    from accounts.services import user_create

    return user_create(
        username="bdv_head", password="Persona-pass-2024", unit=bodies["agency"], role="head", by=system_actor()
    )


def test_issuing_numbers_and_freezes_the_report(draft, commission_head):
    version = services.report_issue(report=draft, by=commission_head, issued_on=dt.date(2023, 1, 5))
    draft.refresh_from_db()
    assert draft.status == ReportStatus.ISSUED and draft.number == 1
    assert version.number_text == "Số 1-BC/BDVQU" == draft.number_text
    assert version.content["header"]["place_date"] == "Bắc Từ Liêm, ngày 05 tháng 01 năm 2023"
    assert version.docx[:2] == b"PK"
    with pytest.raises(InvalidTransition) as exc:
        services.report_update_section(report=draft, key="tasks", text="sửa", by=system_actor())
    assert exc.value.code == "already_issued"


def test_only_issue_rights_in_the_bodys_own_unit_take_its_numbers(draft, personas, commission_head, bodies):
    """A city leader holds Cap.ISSUE over the whole city, yet does not issue in the name of a
    district commission nor use up its numbers; the commission's own head does. A leader of the
    district above the commission does not either."""
    body = bodies["party"]
    for outsider in ("city_leader", "district_reviewer", "ward_head"):
        with pytest.raises(PermissionDenied) as exc:
            services.report_issue(report=draft, by=personas[outsider], issued_on=dt.date(2023, 1, 5))
        assert "Ban Dân vận Quận ủy Bắc Từ Liêm" in str(exc.value)  # the unit named in the refusal
        with pytest.raises(PermissionDenied):
            services.allocate_number(body=body, day=dt.date(2023, 1, 5), by=personas[outsider])
    from accounts.services import user_create

    district_leader = user_create(
        username="btl_leader", password="Persona-pass-2024", unit=draft.unit, role="leader", by=system_actor()
    )
    assert draft.unit != body.unit and body.unit.parent == draft.unit
    with pytest.raises(PermissionDenied):
        services.report_issue(report=draft, by=district_leader, issued_on=dt.date(2023, 1, 5))
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT and draft.number is None
    assert not NumberSeries.objects.filter(body=body).exclude(last=0).exists()  # no number used up
    assert not ReportVersion.objects.filter(report=draft).exists()
    version = services.report_issue(report=draft, by=commission_head, issued_on=dt.date(2023, 1, 5))
    assert version.number_text == "Số 1-BC/BDVQU"
    assert list(NumberSeries.objects.filter(body=body).values_list("last", flat=True)) == [1]


def test_state_report_numbers_are_written_as_decree_30_says(bodies, tree):
    report = services.report_draft(
        by=system_actor(), kind="half_year", unit=tree["conhue1"], body=bodies["state"], year=2023
    )
    version = services.report_issue(report=report, by=system_actor(), issued_on=dt.date(2023, 7, 5))
    assert version.number_text == "Số: 01/BC-UBND"
    assert version.content["header"]["national"] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert version.content["header"]["place_date"] == "Cổ Nhuế 1, ngày 05 tháng 7 năm 2023"


def test_a_new_version_reopens_the_report_and_keeps_the_issued_one(draft):
    services.report_issue(report=draft, by=system_actor(), issued_on=dt.date(2023, 1, 5))
    services.report_new_version(report=draft, by=system_actor())
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT
    services.report_update_section(report=draft, key="tasks", text="Bản sửa.", by=system_actor())
    second = services.report_issue(report=draft, by=system_actor(), issued_on=dt.date(2023, 1, 6))
    assert second.version == 2 and second.number_text == "Số 2-BC/BDVQU"
    first = draft.versions.get(version=1)
    assert "Bản sửa." not in str(first.content) and "Bản sửa." in str(second.content)


def test_a_draft_cannot_get_a_new_version(draft):
    with pytest.raises(InvalidTransition) as exc:
        services.report_new_version(report=draft, by=system_actor())
    assert exc.value.code == "not_issued"
