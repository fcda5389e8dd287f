"""The statistics form for a period with one sheet per unit: the template, filled and read back
through the same checks as the row-per-unit sheet, all or nothing."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.system import system_actor
from imports import services, workbooks
from imports.models import ImportKind, ImportStatus

pytestmark = pytest.mark.django_db

PERIOD = "2026H1"


@pytest.fixture
def city_clerk(tree):
    """A clerk of the new city, which has two wards reporting the form."""
    from accounts.services import user_create
    from orgunits.models import UnitType
    from orgunits.services import unit_create

    ward = tree["dongngac"]
    unit_create(
        name="Phường Tây Hồ",
        unit_type=UnitType.COMMUNE,
        level=ward.level,
        parent=tree["hanoi"],
        valid_from=ward.valid_from,
        by=system_actor(),
    )
    return user_create(
        username="hn", password="Persona-pass-2024", unit=tree["hanoi"], role="clerk", full_name="hn", by=system_actor()
    )


@pytest.fixture
def form():
    from stats.models import DataSet

    return DataSet.objects.get(code="BC_DV_6T")


def _upload(content: bytes, name="theo-don-vi.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def _fill(template: bytes, values: dict[str, dict[str, object]]) -> bytes:
    """values: {sheet title: {code: value}} written in column C of the code's row."""
    book = load_workbook(io.BytesIO(template))
    for title, wanted in values.items():
        ws = book[title]
        for row in range(services.UNIT_SHEET_FIRST_ROW, ws.max_row + 1):
            code = ws.cell(row=row, column=1).value
            if code in wanted:
                ws.cell(row=row, column=3, value=wanted[code])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(content: bytes, user, form):
    job = services.job_create(upload=_upload(content), kind=ImportKind.VALUES, data_set=form, period=PERIOD, by=user)
    services.job_preview(job=job)
    services.job_run(job=job, by=user, commit=True)
    job.refresh_from_db()
    return job


def _stored(form):
    from stats.models import DataValue

    return {
        (v.submission.unit_id, v.element.code): v.value
        for v in DataValue.objects.filter(submission__data_set=form).select_related("submission", "element")
    }


def test_one_sheet_per_unit_is_filled_imported_read_back_and_a_bad_cell_writes_nothing(city_clerk, form, counts):
    units = [u for u in workbooks.units_for(city_clerk) if form.assigns(u)]
    assert len(units) >= 2  # the city's two wards
    template = workbooks.values_template_by_unit(city_clerk, form, PERIOD)
    book = load_workbook(io.BytesIO(template))
    titles = book.sheetnames[1:]
    assert book.sheetnames[0] == services.HELP_SHEET
    assert [book[t]["B1"].value for t in titles] == [workbooks.unit_label(u) for u in units]
    columns = services.value_columns(form)[1:]
    first = book[titles[0]]
    codes = [first.cell(row=r, column=1).value for r in range(services.UNIT_SHEET_FIRST_ROW, first.max_row + 1)]
    assert codes == [c.key for c in columns]
    numeric = [c.key for c in columns if ":" not in c.key][:2]
    assert len(numeric) == 2

    # A bad cell on the second unit's sheet: listed, marked, and nothing written for any unit.
    wanted = {t: {numeric[0]: 10 * (i + 1), numeric[1]: "1.500"} for i, t in enumerate(titles)}
    bad = {**wanted, titles[1]: {**wanted[titles[1]], numeric[1]: "abc"}}
    before = counts()
    job = _import(_fill(template, bad), city_clerk, form)
    assert job.status == ImportStatus.INVALID
    assert counts() == before
    assert [(e["value"], e["column"]) for e in job.errors] == [
        ("abc", columns[[c.key for c in columns].index(numeric[1])].header())
    ]
    report = load_workbook(io.BytesIO(workbooks.error_report(job)))[services.DATA_SHEET]
    marked = report.cell(row=job.errors[0]["row"], column=job.errors[0]["col"])
    assert marked.value == "abc" and marked.comment is not None
    assert report.cell(row=job.errors[0]["row"], column=1).value == workbooks.unit_label(units[1])

    # Corrected: every unit's values, read back per unit; again, nothing changes.
    job = _import(_fill(template, wanted), city_clerk, form)
    assert job.status == ImportStatus.DONE, job.errors
    expected = {
        (u.pk, code): 10 * (i + 1) if code == numeric[0] else 1500 for i, u in enumerate(units) for code in numeric
    }
    assert _stored(form) == expected
    assert job.created_count == len(expected)
    again = _import(_fill(template, wanted), city_clerk, form)
    assert (again.status, again.created_count, again.unchanged_count) == (ImportStatus.DONE, 0, len(expected))


def test_a_code_given_twice_on_a_sheet_refuses_the_file(city_clerk, form):
    from openpyxl import Workbook

    template = workbooks.values_template_by_unit(city_clerk, form, PERIOD)
    book = load_workbook(io.BytesIO(template))
    ws = book[book.sheetnames[1]]
    ws.cell(row=ws.max_row + 1, column=1, value=ws.cell(row=services.UNIT_SHEET_FIRST_ROW, column=1).value)
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(services.FileRefused) as refused:
        services.job_create(
            upload=_upload(out.getvalue()), kind=ImportKind.VALUES, data_set=form, period=PERIOD, by=city_clerk
        )
    assert book.sheetnames[1] in " ".join(refused.value.messages)

    # A row-per-unit sheet, even not named "Dữ liệu" and starting with "Đơn vị" too, is read as it is.
    plain = Workbook()
    plain.active.title = "Trang 1"
    plain.active.append(["Đơn vị", services.value_columns(form)[1].header()])
    for unit in workbooks.units_for(city_clerk):
        plain.active.append([workbooks.unit_label(unit), 1])
    out = io.BytesIO()
    plain.save(out)
    assert services.unit_sheets_table(_upload(out.getvalue())) is None


def test_the_upload_page_offers_the_layout_and_the_template_downloads(client, city_clerk, form):
    client.force_login(city_clerk)
    page = client.get(reverse("imports:upload")).content.decode()
    assert 'name="layout"' in page and 'value="units"' in page
    response = client.get(
        reverse("imports:template_values"), {"data_set": form.pk, "period": PERIOD, "layout": "units"}
    )
    assert response.status_code == 200
    assert "theo-don-vi" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 1 + len([u for u in workbooks.units_for(city_clerk) if form.assigns(u)])
