"""Large files: rows are read lazily (the Python heap does not grow with the file), the error
report is written row by row and still marks the right cells; merged header rows are refused."""

import io
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from imports import services, workbooks
from imports.models import ImportJob, ImportKind, ImportStatus

pytestmark = pytest.mark.django_db

HEAD = ["Tên mô hình", "Đơn vị", "Năm", "Lĩnh vực", "Ngày bắt đầu", "Kinh phí xã hội hóa (đồng)"]


def _big_file(rows: int, unit_label: str, field_name: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    sheet.append(HEAD)
    for i in range(rows):
        sheet.append([f"Mô hình số {i}", unit_label, 2024, field_name, "15/03/2024", "1.500.000"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _read_peak(data: bytes, path) -> tuple[int, int]:
    """(rows seen, peak bytes of the Python heap) reading the stored file and converting every cell."""
    path.write_bytes(data)
    tracemalloc.start()
    sheet = services.read_sheet(path)
    seen = 0
    for _number, cells in sheet.rows():
        services.clean_text(cells[0])
        services.clean_number(cells[5], integer=True)
        services.clean_date(cells[4])
        seen += 1
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seen, peak


def test_reading_ten_times_the_rows_takes_less_than_twice_the_memory(settings, tmp_path):
    settings.IMPORTS_MAX_ROWS = 100_000
    small, large = 5_000, 50_000
    small_rows, small_peak = _read_peak(_big_file(small, "1 · Phường A", "Lĩnh vực"), tmp_path / "small.xlsx")
    large_rows, large_peak = _read_peak(_big_file(large, "1 · Phường A", "Lĩnh vực"), tmp_path / "large.xlsx")
    assert (small_rows, large_rows) == (small, large)
    assert large_peak < 2 * small_peak, (small_peak, large_peak)


def test_the_error_report_of_a_large_file_marks_the_cells_of_every_kept_error(tree, personas, field_name, settings):
    settings.IMPORTS_MAX_ROWS = 10_000
    clerk = personas["ward_clerk"]
    unit = f"{tree['conhue1'].pk} · {tree['conhue1'].name}"
    rows = 3_000
    data = _big_file(rows, unit, "Lĩnh vực không có")  # every row refused on its field of work
    job = services.job_create(upload=SimpleUploadedFile("lon.xlsx", data), kind=ImportKind.INITIATIVES, by=clerk)
    services.job_run(job=job, by=clerk, commit=True)
    job.refresh_from_db()
    assert job.status == ImportStatus.INVALID
    assert job.error_count == rows and len(job.errors) == rows
    report = load_workbook(io.BytesIO(workbooks.error_report(job)), read_only=False)
    sheet = report["Dữ liệu"]
    assert sheet.max_row == rows + 1
    for row in (2, 1500, rows + 1):
        assert sheet.cell(row=row, column=4).comment is not None, row  # "Lĩnh vực" is column D
        assert sheet.cell(row=row, column=1).value == f"Mô hình số {row - 2}"
    assert sheet.cell(row=2, column=1).comment is None
    assert report["Lỗi"].max_row == rows + 1


def test_the_job_keeps_a_bounded_number_of_errors_but_counts_them_all(tree, personas, settings, monkeypatch):
    from imports import cells

    monkeypatch.setattr(cells, "MAX_KEPT_ERRORS", 10)
    settings.IMPORTS_MAX_ROWS = 1_000
    clerk = personas["ward_clerk"]
    unit = f"{tree['conhue1'].pk} · {tree['conhue1'].name}"
    data = _big_file(25, unit, "Lĩnh vực không có")
    job = services.job_create(upload=SimpleUploadedFile("a.xlsx", data), kind=ImportKind.INITIATIVES, by=clerk)
    services.job_run(job=job, by=clerk, commit=True)
    job.refresh_from_db()
    assert (job.error_count, len(job.errors)) == (25, 10)


def test_merged_header_rows_are_refused_and_nothing_is_written(personas, counts):
    book = Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet.append(["DANH SÁCH MÔ HÌNH ĐĂNG KÝ NĂM 2024"])
    sheet.merge_cells("A1:D1")
    sheet.append(["Tên mô hình", "Đơn vị", "Năm", "Lĩnh vực"])
    sheet.append(["A", "1 · x", 2024, "y"])
    out = io.BytesIO()
    book.save(out)
    before = counts()
    clerk = personas["ward_clerk"]
    job = services.job_create(upload=SimpleUploadedFile("a.xlsx", out.getvalue()), kind="initiatives", by=clerk)
    with pytest.raises(ValidationError) as info:
        services.job_preview(job=job)
    assert "ô gộp" in " ".join(info.value.messages)
    services.job_run(job=job, by=clerk, commit=True)
    assert ImportJob.objects.get().status == ImportStatus.INVALID
    assert counts() == before
