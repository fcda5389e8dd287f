"""The XLSX annex a person can work with: one sheet per appendix named after it, a header with
the body, number, date and period, real numbers (rates as percentages), A4 fitted to the width
with the column titles repeated, Times New Roman."""

import copy
import io

import pytest
from openpyxl import load_workbook

from reports import render

CONTENT = copy.deepcopy(render.SAMPLE_CONTENT)
CONTENT.update(
    date="20/12/2022",
    body_words="Ban Dân vận Quận ủy Bắc Từ Liêm",
    subtitle="Tổng kết công tác dân vận năm 2022",
    appendix=[
        {"title": "Phụ lục 1. Mô hình theo đơn vị", "columns": ["Đơn vị", "Tổng số"],
         "rows": [["Phường Cổ Nhuế 1", 1500], ["Phường Xuân Đỉnh", 27]], "total": ["Tổng cộng", 1527]},
        {"title": "Phụ lục 3. Kết quả qua các năm", "columns": ["Năm", "Đăng ký"], "rows": [["2022", 78]]},
        {"title": "Phụ lục 5. Số liệu báo cáo định kỳ", "columns": ["Chỉ tiêu", "Đơn vị tính", "Kỳ báo cáo"],
         "rows": [["Tỷ lệ gia đình văn hóa", "%", "96,92%"], ["Kinh phí", "tỷ đồng", "7,5"]]},
    ],
)  # fmt: skip


@pytest.fixture
def book():
    return load_workbook(io.BytesIO(render.render_xlsx(CONTENT)))


def _find(ws, value):
    return next(c for row in ws.iter_rows() for c in row if c.value == value)


def test_one_sheet_per_appendix_numbered_without_gaps_and_named_after_it(book):
    # the tables were numbered 1, 3, 5 (two had no data): the annex numbers them I, II, III
    long_name = "PL III - Số liệu báo cáo định kỳ"[:31]  # Excel's limit
    assert book.sheetnames == ["PL I - Mô hình theo đơn vị", "PL II - Kết quả qua các năm", long_name]


def test_each_sheet_has_the_body_number_date_and_period(book):
    for ws in book.worksheets:
        firsts = [ws.cell(row=r, column=1).value for r in range(1, 6)]
        assert firsts[:4] == ["Ban Dân vận Quận ủy Bắc Từ Liêm", "Số 1-BC/BDVQU", "Ngày 20/12/2022",
                              "Tổng kết công tác dân vận năm 2022"]  # fmt: skip
        assert firsts[4].startswith("Phụ lục ")


def test_numbers_are_numbers_and_rates_are_percentages(book):
    ws = book["PL I - Mô hình theo đơn vị"]
    assert _find(ws, 1500).number_format == "#,##0" and _find(ws, 1527).font.bold
    rates = book.worksheets[2]
    rate = _find(rates, pytest.approx(0.9692))
    assert rate.number_format == "0.00%"
    assert _find(rates, pytest.approx(7.5)).number_format == "#,##0.##"
    # the first column names rows: a year stays "2022", never 2.022
    assert _find(book.worksheets[1], "2022").data_type == "s"


def test_print_setup_and_font(book):
    for ws in book.worksheets:
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4  # "9": A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        header_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=2).value)
        assert ws.print_title_rows.replace("$", "") == f"{header_row}:{header_row}"
        assert ws.cell(row=header_row, column=1).font.bold
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Times New Roman"}
