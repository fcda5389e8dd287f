"""Every reports page for every persona, and bounded queries whatever the data size."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.system import system_actor
from reports import services
from reports.models import Report, ReportStatus

PERSONAS = ["ward_clerk", "ward_head", "district_reviewer", "city_leader", "outsider", "admin", "anonymous"]


@pytest.fixture
def ward_report(bodies, tree):
    return services.report_draft(by=system_actor(), kind="year", unit=tree["conhue1"], body=bodies["state"], year=2022)


def _status(client, method, url, data=None):
    response = getattr(client, method)(url, data or {})
    return response.status_code


LIST_EXPECTED = {"ward_clerk": 200, "ward_head": 200, "district_reviewer": 200, "city_leader": 200,
                 "outsider": 200, "admin": 200, "anonymous": 302}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_report_list_answers_each_persona(client_as, ward_report, persona):
    response = client_as(persona).get(reverse("reports:list"))
    assert response.status_code == LIST_EXPECTED[persona]
    if persona == "outsider":
        assert ward_report.title not in response.content.decode()
    if persona == "ward_clerk":
        assert ward_report.title in response.content.decode()


CREATE_EXPECTED = {"ward_clerk": 200, "ward_head": 200, "district_reviewer": 200, "city_leader": 200,
                   "outsider": 200, "admin": 404, "anonymous": 302}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_report_create_page_answers_each_persona(client_as, bodies, persona):
    assert _status(client_as(persona), "get", reverse("reports:create")) == CREATE_EXPECTED[persona]


def test_a_ward_clerk_drafts_a_report_from_the_form(client_as, bodies, tree):
    response = client_as("ward_clerk").post(
        reverse("reports:create"), {"kind": "half_year", "body": bodies["state"].pk, "year": 2023}
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:detail", args=[report.pk])
    assert report.unit == tree["conhue1"] and report.kind == "half_year"


def test_the_outsider_cannot_draft_for_a_body_outside_their_scope(client_as, bodies):
    response = client_as("outsider").post(
        reverse("reports:create"), {"kind": "year", "body": bodies["state"].pk, "year": 2023}
    )
    assert response.status_code == 200 and not Report.objects.exists()


def test_a_bad_form_keeps_what_was_typed_and_names_the_field(client_as, bodies):
    response = client_as("ward_clerk").post(
        reverse("reports:create"), {"kind": "multi_year", "body": bodies["state"].pk, "year": 2024, "year_from": 2030}
    )
    assert response.status_code == 200 and not Report.objects.exists()
    assert 'value="2030"' in response.content.decode()


DETAIL_EXPECTED = {"ward_clerk": 200, "ward_head": 200, "district_reviewer": 200, "city_leader": 200,
                   "outsider": 404, "admin": 200, "anonymous": 302}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_report_detail_and_exports_answer_each_persona(client_as, ward_report, persona):
    client = client_as(persona)
    expected = DETAIL_EXPECTED[persona]
    assert _status(client, "get", reverse("reports:detail", args=[ward_report.pk])) == expected
    assert _status(client, "get", reverse("reports:print", args=[ward_report.pk])) == expected
    for fmt in ("docx", "xlsx"):
        assert _status(client, "get", reverse("reports:export", args=[ward_report.pk, fmt])) == expected


EDIT_EXPECTED = {"ward_clerk": 200, "ward_head": 200, "district_reviewer": 200, "city_leader": 200,
                 "outsider": 404, "admin": 404, "anonymous": 302}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_section_save_answers_each_persona(client_as, ward_report, persona):
    url = reverse("reports:section_save", args=[ward_report.pk, "tasks"])
    response = client_as(persona).post(url, {"text": "Văn bản mới.", "edit_version": 0}, HTTP_HX_REQUEST="true")
    assert response.status_code == EDIT_EXPECTED[persona]
    saved = ward_report.sections.get(key="tasks").text == "Văn bản mới."
    assert saved == (EDIT_EXPECTED[persona] == 200)
    ward_report.refresh_from_db()
    data = {"title": "Tiêu đề mới", "edit_version": ward_report.edit_version}
    response = client_as(persona).post(reverse("reports:title_save", args=[ward_report.pk]), data)
    assert response.status_code == {200: 302}.get(EDIT_EXPECTED[persona], EDIT_EXPECTED[persona])
    ward_report.refresh_from_db()
    assert (ward_report.title == "Tiêu đề mới") == (EDIT_EXPECTED[persona] == 200)


# Issuing takes the body's next number: only issue rights held in the body's own unit (the ward's
# head), not those of the city leader above it.
ISSUE_EXPECTED = {"ward_clerk": 403, "ward_head": 302, "district_reviewer": 403, "city_leader": 403,
                  "outsider": 404, "admin": 403, "anonymous": 302}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_holders_of_issue_rights_in_the_bodys_unit_issue(client_as, ward_report, persona):
    client = client_as(persona)
    if DETAIL_EXPECTED[persona] == 200:  # the page offers the issue form exactly to those who may issue
        page = client.get(reverse("reports:detail", args=[ward_report.pk])).content.decode()
        assert ('data-testid="issue-form"' in page) == (ISSUE_EXPECTED[persona] == 302)
    response = client.post(
        reverse("reports:issue", args=[ward_report.pk]), {"issued_on": "05/01/2023", "edit_version": 0}
    )
    assert response.status_code == ISSUE_EXPECTED[persona]
    ward_report.refresh_from_db()
    issued = persona == "ward_head"
    assert (ward_report.status == ReportStatus.ISSUED) == issued
    if issued:
        assert ward_report.number_text == "Số: 01/BC-UBND" and ward_report.issued_on == dt.date(2023, 1, 5)


@pytest.mark.parametrize("persona", PERSONAS)
def test_new_version_and_refresh_answer_each_persona(client_as, ward_report, persona):
    services.report_issue(report=ward_report, by=system_actor(), issued_on=dt.date(2023, 1, 5))
    response = client_as(persona).post(reverse("reports:new_version", args=[ward_report.pk]))
    assert response.status_code == {200: 302}.get(EDIT_EXPECTED[persona], EDIT_EXPECTED[persona])
    ward_report.refresh_from_db()
    data = {"edit_version": ward_report.edit_version}
    response = client_as(persona).post(reverse("reports:refresh", args=[ward_report.pk]), data)
    assert response.status_code == {200: 302}.get(EDIT_EXPECTED[persona], EDIT_EXPECTED[persona])


BODY_LIST = {"ward_clerk": 200, "ward_head": 200, "district_reviewer": 200, "city_leader": 200,
             "outsider": 200, "admin": 404, "anonymous": 302}  # fmt: skip
BODY_EDIT = {"ward_clerk": 404, "ward_head": 200, "district_reviewer": 404, "city_leader": 200,
             "outsider": 404, "admin": 404, "anonymous": 302}  # fmt: skip
BODY_TEMPLATE = {"ward_clerk": 200, "ward_head": 200, "district_reviewer": 200, "city_leader": 200,
                 "outsider": 404, "admin": 404, "anonymous": 302}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_issuing_body_pages_answer_each_persona(client_as, bodies, persona):
    client = client_as(persona)
    state = bodies["state"]
    assert _status(client, "get", reverse("reports:bodies")) == BODY_LIST[persona]
    assert _status(client, "get", reverse("reports:body_edit", args=[state.pk])) == BODY_EDIT[persona]
    assert _status(client, "get", reverse("reports:body_create")) == BODY_EDIT[persona]
    assert _status(client, "get", reverse("reports:body_template", args=[state.pk])) == BODY_TEMPLATE[persona]


def _add_initiatives(tree, count):
    from initiatives.models import Field, Initiative

    field = Field.objects.first()
    Initiative.objects.bulk_create(
        [
            Initiative(name=f"Mô hình {i}", unit=tree["conhue1"], year=2022, field=field, status="implementing")
            for i in range(count)
        ]
    )


def _count_queries(callable_):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        callable_()
    return len(ctx.captured_queries)


def test_drafting_runs_the_same_number_of_queries_whatever_the_data_size(bodies, tree):
    def draft():
        services.report_draft(by=system_actor(), kind="year", unit=tree["btl"], body=bodies["party"], year=2022)

    _add_initiatives(tree, 2)
    small = _count_queries(draft)
    _add_initiatives(tree, 60)
    assert _count_queries(draft) == small


def test_report_pages_run_a_bounded_number_of_queries(client_as, ward_report, tree, django_assert_max_num_queries):
    _add_initiatives(tree, 40)
    client = client_as("ward_head")
    for name in ("reports:detail", "reports:print"):
        with django_assert_max_num_queries(40):
            assert client.get(reverse(name, args=[ward_report.pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("reports:list")).status_code == 200


def test_uploading_a_broken_template_names_the_field_in_vietnamese(client_as, bodies):
    from django.core.files.uploadedfile import SimpleUploadedFile

    state = bodies["state"]
    data = {
        "unit": state.unit_id, "kind": "state", "superior_name": "", "name": state.name, "abbreviation": "UBND",
        "place": state.place, "signer_title": "CHỦ TỊCH", "signer_name": "Trần Thị B", "recipients": "Lưu VT",
        "active": "on", "template": SimpleUploadedFile("mau.docx", b"khong phai docx"),
    }  # fmt: skip
    response = client_as("ward_head").post(reverse("reports:body_edit", args=[state.pk]), data)
    assert response.status_code == 200
    assert "Mẫu báo cáo phải là tệp Word (.docx)." in response.content.decode()
    assert 'value="Trần Thị B"' in response.content.decode()
    state.refresh_from_db()
    assert not state.template


def test_the_ward_head_edits_the_signer_of_their_body(client_as, bodies):
    state = bodies["state"]
    data = {
        "unit": state.unit_id, "kind": "state", "superior_name": "", "name": state.name, "abbreviation": "UBND",
        "place": state.place, "signer_title": "CHỦ TỊCH", "signer_name": "Lê Văn C", "recipients": "Lưu VT",
        "active": "on",
    }  # fmt: skip
    response = client_as("ward_head").post(reverse("reports:body_edit", args=[state.pk]), data)
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.signer_name == "Lê Văn C" and state.history.first().history_user.username == "ward_head"
