import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from accounts.system import system_actor
from imports import services, workbooks
from imports.models import ImportJob, ImportKind, ImportStatus

pytestmark = pytest.mark.django_db

HEAD = ["Tên mô hình", "Đơn vị", "Năm", "Lĩnh vực", "Ngày bắt đầu", "Kinh phí xã hội hóa (đồng)"]


def _unit(unit):
    return f"{unit.pk} · {unit.name}"


def _import(upload, user, kind=ImportKind.INITIATIVES, **extra):
    job = services.job_create(upload=upload, kind=kind, by=user, **extra)
    services.job_preview(job=job)
    services.job_run(job=job, by=user, commit=True)
    job.refresh_from_db()
    return job


def _rows(tree, field_name, n=2, year=2024):
    return [[f"Mô hình số {i}", _unit(tree["conhue1"]), year, field_name, "15/03/2024", "1.500.000"] for i in range(n)]


def test_a_good_file_creates_every_initiative_through_the_service(tree, personas, xlsx, field_name):
    from initiatives.models import Initiative

    job = _import(xlsx([HEAD, *_rows(tree, field_name, 3)]), personas["ward_clerk"])
    assert job.status == ImportStatus.DONE, job.errors
    made = Initiative.objects.filter(unit=tree["conhue1"]).order_by("name")
    assert [i.name for i in made] == ["Mô hình số 0", "Mô hình số 1", "Mô hình số 2"]
    assert made[0].funding_social == 1_500_000
    assert made[0].start_date.isoformat() == "2024-03-15"
    assert made[0].history.first().history_user == personas["ward_clerk"]


def test_importing_the_same_file_twice_creates_nothing_new_and_a_corrected_file_updates(
    tree, personas, xlsx, field_name
):
    from initiatives.models import Initiative

    rows = _rows(tree, field_name, 2)
    _import(xlsx([HEAD, *rows]), personas["ward_clerk"])
    again = _import(xlsx([HEAD, *rows]), personas["ward_clerk"])
    assert (again.created_count, again.unchanged_count) == (0, 2)
    rows[1][5] = "2.000.000"
    rows[1][0] = "  MÔ HÌNH SỐ 1 "  # same natural key: folded name
    corrected = _import(xlsx([HEAD, *rows]), personas["ward_clerk"])
    assert (corrected.created_count, corrected.updated_count, corrected.unchanged_count) == (0, 1, 1)
    assert Initiative.objects.filter(unit=tree["conhue1"]).count() == 2
    assert Initiative.objects.get(funding_social=2_000_000).name == "MÔ HÌNH SỐ 1"


def test_near_miss_headers_are_mapped_accent_insensitively(tree, personas, xlsx, field_name):
    job = services.job_create(
        upload=xlsx(
            [
                ["ten mo hinh", "DON VI", "nam*", "Linh vuc", "Ghi chú lạ"],
                ["A", _unit(tree["conhue1"]), 2024, field_name, "x"],
            ]
        ),
        kind=ImportKind.INITIATIVES,
        by=personas["ward_clerk"],
    )
    preview = services.job_preview(job=job)
    assert not preview.problems
    mapped = {c["header"]: c["label"] for c in preview.columns}
    assert mapped["ten mo hinh"] == "Tên mô hình"
    assert mapped["Ghi chú lạ"] == ""
    assert preview.rows == [["A", _unit(tree["conhue1"]), "2024", field_name]]


def test_a_bad_row_rolls_back_every_row_and_the_report_marks_the_cell(tree, personas, xlsx, field_name, counts):
    before = counts()
    rows = _rows(tree, field_name, 3)
    rows[2][2] = 2030  # beyond next year
    job = _import(xlsx([HEAD, *rows]), personas["ward_clerk"])
    assert job.status == ImportStatus.INVALID
    assert counts() == before
    assert [(e["row"], e["column"]) for e in job.errors] == [(4, "Năm")]
    report = load_workbook(io.BytesIO(workbooks.error_report(job)))
    sheet = report["Dữ liệu"]
    assert sheet["C4"].fill.fgColor.rgb.endswith("FFC7CE")
    assert job.errors[0]["message"] in sheet["C4"].comment.text
    assert report["Lỗi"]["A2"].value == 4


def _refused(upload, user, counts):
    before = counts()
    with pytest.raises(ValidationError) as info:
        services.job_create(upload=upload, kind=ImportKind.INITIATIVES, by=user)
    assert counts() == before
    assert ImportJob.objects.count() == 0
    return " ".join(info.value.messages)


def test_a_file_of_another_type_renamed_xlsx_is_refused(personas, counts):
    assert "xlsx" in _refused(SimpleUploadedFile("a.xlsx", b"%PDF-1.4 not excel"), personas["ward_clerk"], counts)


def test_an_empty_file_is_refused(personas, counts):
    assert "trống" in _refused(SimpleUploadedFile("a.xlsx", b""), personas["ward_clerk"], counts)


def test_a_password_protected_file_is_refused(personas, counts):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500
    assert "mật khẩu" in _refused(SimpleUploadedFile("a.xlsx", ole), personas["ward_clerk"], counts)


def test_a_file_over_the_size_limit_is_refused_before_reading(personas, counts, settings, xlsx, monkeypatch):
    from webkit import uploads

    settings.IMPORTS_MAX_BYTES = 1000
    upload = xlsx([["x" * 10] for _ in range(300)])
    assert upload.size > 1000

    def explode(*a, **k):
        raise AssertionError("the file was read")

    monkeypatch.setattr(uploads, "detect_kind", explode)
    assert "vượt quá giới hạn" in _refused(upload, personas["ward_clerk"], counts)


def test_a_zip_bomb_is_refused_from_its_declared_size(personas, counts, settings, xlsx):
    settings.IMPORTS_MAX_UNCOMPRESSED = 2 * 1024 * 1024
    good = xlsx([["Tên mô hình"], ["a"]]).read()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("xl/media/padding.bin", b"\0" * (3 * 1024 * 1024))  # compresses to a few KB
    upload = SimpleUploadedFile("bomb.xlsx", out.getvalue())
    assert upload.size < 100_000
    assert "MB" in _refused(upload, personas["ward_clerk"], counts)


def test_formulas_are_refused(tree, personas, counts, xlsx, field_name):
    message = _refused(
        xlsx([HEAD, ["A", _unit(tree["conhue1"]), "=2020+4", field_name]]), personas["ward_clerk"], counts
    )
    assert "C2" in message


def test_text_beginning_with_equals_is_refused_on_its_cell(tree, personas, counts, xlsx, field_name):
    before = counts()
    upload = xlsx([HEAD, ["=cmd|calc", _unit(tree["conhue1"]), 2024, field_name]], text_cells=["A2"])
    job = _import(upload, personas["ward_clerk"])
    assert counts() == before
    assert job.errors[0]["column"] == "Tên mô hình"


@pytest.mark.parametrize(
    ("header", "problem"),
    [(["Tên mô hình", "Năm", "Lĩnh vực"], "Đơn vị"), (["Tên mô hình", "Đơn vị", "Năm", "Lĩnh vực", "Nam"], "hai lần")],
)
def test_missing_or_duplicated_headers_stop_the_import(tree, personas, counts, xlsx, field_name, header, problem):
    before = counts()
    job = _import(xlsx([header, ["A"] * len(header)]), personas["ward_clerk"])
    assert counts() == before
    assert job.status == ImportStatus.INVALID
    assert problem in job.errors[0]["message"]


def _one_row_errors(tree, personas, counts, xlsx, row, user="ward_clerk"):
    before = counts()
    job = _import(xlsx([HEAD, row]), personas[user])
    assert counts() == before
    assert job.status == ImportStatus.INVALID
    return job.errors


def test_a_date_in_the_future_is_refused(tree, personas, counts, xlsx, field_name):
    errors = _one_row_errors(
        tree, personas, counts, xlsx, ["A", _unit(tree["conhue1"]), 2024, field_name, "01/01/2027"]
    )
    assert errors[0]["column"] == "Ngày bắt đầu" and "tương lai" in errors[0]["message"]


def test_a_date_before_the_unit_existed_is_refused(tree, personas, counts, xlsx, field_name):
    from accounts.services import user_create

    clerk = user_create(
        username="dn",
        password="Persona-pass-2024",
        unit=tree["dongngac"],
        role="clerk",
        full_name="dn",
        by=system_actor(),
    )
    personas["dn"] = clerk
    errors = _one_row_errors(
        tree, personas, counts, xlsx, ["A", _unit(tree["dongngac"]), 2025, field_name, "01/03/2025"], user="dn"
    )
    assert "01/07/2025" in errors[0]["message"]


def test_an_excel_serial_date_and_a_date_cell_are_read(tree, personas, xlsx, field_name):
    import datetime as dt

    from initiatives.models import Initiative

    rows = [
        ["A", _unit(tree["conhue1"]), 2024, field_name, 45366],  # serial of 15/03/2024
        ["B", _unit(tree["conhue1"]), 2024, field_name, dt.date(2024, 3, 15)],
    ]
    job = _import(xlsx([HEAD, *rows]), personas["ward_clerk"])
    assert job.status == ImportStatus.DONE, job.errors
    assert set(Initiative.objects.values_list("start_date", flat=True)) == {dt.date(2024, 3, 15)}


def test_an_unknown_unit_code_is_refused(tree, personas, counts, xlsx, field_name):
    errors = _one_row_errors(tree, personas, counts, xlsx, ["A", "999999 · Không có", 2024, field_name])
    assert errors[0]["column"] == "Đơn vị" and "999999" in errors[0]["message"]


def test_a_unit_outside_the_users_scope_is_refused(tree, personas, counts, xlsx, field_name):
    errors = _one_row_errors(tree, personas, counts, xlsx, ["A", _unit(tree["quangan"]), 2024, field_name])
    assert errors[0]["column"] == "Đơn vị"


def test_duplicate_rows_inside_the_file_are_refused(tree, personas, counts, xlsx, field_name):
    before = counts()
    row = ["A", _unit(tree["conhue1"]), 2024, field_name]
    job = _import(xlsx([HEAD, row, ["a ", *row[1:]]]), personas["ward_clerk"])
    assert counts() == before
    assert [e["row"] for e in job.errors] == [3] and "2" in job.errors[0]["message"]


def test_a_row_conflicting_with_a_recognized_initiative_is_refused(tree, personas, counts, xlsx, field_name):
    from initiatives import services as registry
    from initiatives.models import Field, Initiative, Status

    field = Field.objects.get(name=field_name)
    made = registry.initiative_create(by=personas["ward_clerk"], unit=tree["conhue1"], name="A", year=2024, field=field)
    Initiative.objects.filter(pk=made.pk).update(status=Status.PROPOSED)  # awaiting a decision: not editable
    errors = _one_row_errors(
        tree, personas, counts, xlsx, ["A", _unit(tree["conhue1"]), 2024, field_name, "01/02/2024"]
    )
    assert errors


def test_legacy_tcvn3_and_vni_text_is_refused_naming_the_encoding(tree, personas, counts, xlsx, field_name):
    errors = _one_row_errors(
        tree, personas, counts, xlsx, ["§«ng Ng¹c vui kháe", _unit(tree["conhue1"]), 2024, field_name]
    )
    assert "TCVN3" in errors[0]["message"]
    assert services.legacy_encoding("Phöôøng Ñoâng Ngaïc") == "VNI-Windows"
    assert services.legacy_encoding("Phường Đông Ngạc") is None


def test_numbers_are_read_the_vietnamese_way():
    from decimal import Decimal

    assert services.clean_number("1.500") == 1500
    assert services.clean_number("1.500,5") == Decimal("1500.5")
    assert services.clean_number(1500.0, integer=True) == 1500
    with pytest.raises(services.CellError):
        services.clean_number("1.5")


def test_statistics_values_import_one_row_per_unit_and_reimport_changes_nothing(tree, personas, xlsx, counts):
    from stats.models import DataSet, DataValue

    form = DataSet.objects.get(code="BC_DV_6T")
    columns = services.value_columns(form)
    numeric = [c for c in columns[1:] if ":" not in c.key][:2]
    header = ["Đơn vị", *[c.header() for c in numeric]]
    row = [_unit(tree["conhue1"]), "1.500", 7]
    job = _import(xlsx([header, row]), personas["ward_clerk"], kind=ImportKind.VALUES, data_set=form, period="2025H1")
    assert job.status == ImportStatus.DONE, job.errors
    assert sorted(DataValue.objects.values_list("value", flat=True)) == [7, 1500]
    before = counts()
    again = _import(xlsx([header, row]), personas["ward_clerk"], kind=ImportKind.VALUES, data_set=form, period="2025H1")
    assert (again.created_count, again.unchanged_count) == (0, 2)
    assert counts() == before


def test_statistics_values_with_a_bad_cell_write_nothing(tree, personas, xlsx, counts):
    from stats.models import DataSet

    form = DataSet.objects.get(code="BC_DV_6T")
    numeric = [c for c in services.value_columns(form)[1:] if ":" not in c.key][:2]
    before = counts()
    job = _import(
        xlsx([["Đơn vị", *[c.header() for c in numeric]], [_unit(tree["conhue1"]), "12", "abc"]]),
        personas["ward_clerk"],
        kind=ImportKind.VALUES,
        data_set=form,
        period="2025H1",
    )
    assert job.status == ImportStatus.INVALID
    assert counts() == before
    assert job.errors[0]["col"] == 3


def test_the_initiatives_template_has_lists_instructions_and_the_users_units(tree, personas):
    from accounts.services import user_create

    clerk = user_create(
        username="dn",
        password="Persona-pass-2024",
        unit=tree["dongngac"],
        role="clerk",
        full_name="dn",
        by=system_actor(),
    )
    book = load_workbook(io.BytesIO(workbooks.initiatives_template(clerk)))
    assert book.sheetnames[0] == "Hướng dẫn"
    data = book["Dữ liệu"]
    assert data["A1"].value == "Tên mô hình" and data["A1"].font.name == "Times New Roman"
    assert data["B2"].value == _unit(tree["dongngac"])
    lists = book["Danh mục"]
    assert lists["A2"].value == _unit(tree["dongngac"])
    assert len(data.data_validations.dataValidation) == 5


def test_the_values_template_lists_one_row_per_unit_that_exists_today(tree, personas):
    from accounts.services import user_create
    from stats.models import DataSet

    clerk = user_create(
        username="dn",
        password="Persona-pass-2024",
        unit=tree["dongngac"],
        role="clerk",
        full_name="dn",
        by=system_actor(),
    )
    form = DataSet.objects.get(code="BC_DV_6T")
    book = load_workbook(io.BytesIO(workbooks.values_template(clerk, form, "2026H1")))
    data = book["Dữ liệu"]
    assert [c.value for c in data["A"]][1:] == [_unit(tree["dongngac"])]
    assert data.max_column == len(services.value_columns(form))
