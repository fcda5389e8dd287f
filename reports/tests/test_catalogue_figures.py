"""Every recorded figure reaches the report, and a report counts what falls inside its period.

1. An element and a rate an administrator adds to the catalogue (no code change) appear by their
   Vietnamese name with their value in Vietnamese format in the DOCX text, the PDF text and the
   XLSX appendix of a drafted report.
2. A half-year report states the awards and recognition decisions dated 01/01–30/06 only; the
   year report states the whole year's."""

import datetime as dt
import io
import shutil
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from accounts.system import system_actor
from reports import render, services

pytestmark = pytest.mark.django_db


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _enter(form, period, unit, values, *, clerk, reviewer):
    """Enter values on a ward's form as its clerk, submit, and approve as the district reviewer."""
    from stats import services as stats

    submission = stats.submission_open(data_set=form, period=period, unit=unit, by=clerk)
    for element, value in values.items():
        stats.value_set(submission=submission, element=element, value=value, by=clerk)
    stats.submission_submit(submission=submission, by=clerk)
    stats.submission_approve(submission=submission, by=reviewer)


@pytest.fixture
def added_catalogue(db):
    """What an administrator adds in the admin site: an element in an existing section of the
    half-year form, a new section with two elements and a rate over them."""
    from stats.models import DataElement, DataSet, Indicator, Section, SectionElement

    form = DataSet.objects.get(code="BC_DV_6T")
    dialogue = Section.objects.get(data_set=form, name="Đối thoại với Nhân dân")
    calls = DataElement.objects.create(
        code="HOTLINE_CALLS", name="Số cuộc gọi đường dây nóng được tiếp nhận", unit_of_measure="cuộc gọi"
    )
    SectionElement.objects.create(section=dialogue, element=calls, sort_order=50)
    section = Section.objects.create(data_set=form, name="Tiếp nhận tin báo của Nhân dân", sort_order=60)
    handled = DataElement.objects.create(code="TIPS_HANDLED", name="Số tin báo đã xử lý", unit_of_measure="tin")
    received = DataElement.objects.create(code="TIPS_RECEIVED", name="Số tin báo tiếp nhận", unit_of_measure="tin")
    SectionElement.objects.create(section=section, element=handled, sort_order=1)
    SectionElement.objects.create(section=section, element=received, sort_order=2)
    Indicator.objects.create(code="TIPS_RATE", name="Tỷ lệ tin báo được xử lý", numerator=handled, denominator=received)
    return {"form": form, "calls": calls, "handled": handled, "received": received}


def test_an_element_and_a_rate_added_by_an_administrator_appear_in_docx_pdf_and_xlsx(
    added_catalogue, tree, personas, bodies
):
    a = added_catalogue
    ward, clerk, reviewer = tree["conhue1"], personas["ward_clerk"], personas["district_reviewer"]
    # 2024H1: 1.500 calls, 193 of 200 tips handled (96,5%); 2023H1: 1.300 calls, 183 of 200 (91,5%).
    _enter(
        a["form"],
        "2023H1",
        ward,
        {a["calls"]: 1300, a["handled"]: 183, a["received"]: 200},
        clerk=clerk,
        reviewer=reviewer,
    )
    _enter(
        a["form"],
        "2024H1",
        ward,
        {a["calls"]: 1500, a["handled"]: 193, a["received"]: 200},
        clerk=clerk,
        reviewer=reviewer,
    )

    report = services.report_draft(
        by=personas["ward_head"], kind="half_year", unit=ward, body=bodies["state"], year=2024
    )
    content = render.build_content(report)
    docx = _docx_text(render.render_docx(content, report.body))

    # Narrative: name, figure, unit of measure and the change against the same half of 2023.
    assert (
        "Số cuộc gọi đường dây nóng được tiếp nhận: 1.500 cuộc gọi, tăng 200 cuộc gọi so với cùng kỳ năm 2023" in docx
    )
    assert "Tỷ lệ tin báo được xử lý đạt 96,5%, tăng 5 điểm phần trăm so với năm 2023" in docx
    assert "Số tin báo đã xử lý: 193 tin" in docx and "Số tin báo tiếp nhận: 200 tin" in docx
    # Appendix, grouped by the form's sections, with names (never codes).
    assert "Số cuộc gọi đường dây nóng được tiếp nhận | cuộc gọi | 1.500 | 1.300" in docx
    assert "Tỷ lệ tin báo được xử lý | % | 96,5% | 91,5%" in docx
    assert "Tiếp nhận tin báo của Nhân dân" in docx
    assert "HOTLINE_CALLS" not in docx and "TIPS_RATE" not in docx

    sheets = load_workbook(io.BytesIO(render.render_xlsx(content)))
    rows = [tuple(row) for ws in sheets.worksheets for row in ws.iter_rows(values_only=True)]
    calls_row = next(r for r in rows if r[0] == "Số cuộc gọi đường dây nóng được tiếp nhận")
    assert calls_row[1:4] == ("cuộc gọi", 1500, 1300)  # numbers stay numbers in the spreadsheet
    rate_row = next(r for r in rows if r[0] == "Tỷ lệ tin báo được xử lý")
    assert rate_row[2] == pytest.approx(0.965)  # a number the spreadsheet can compute with …
    rate_cell = next(c for ws in sheets.worksheets for row in ws.iter_rows() for c in row if c.value == rate_row[2])
    assert rate_cell.number_format == "0.00%"  # … shown as a percentage
    cell = next(c for ws in sheets.worksheets for row in ws.iter_rows() for c in row if c.value == 1500)
    assert cell.number_format == "#,##0"  # shown with the thousands separator

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed: the PDF text cannot be read")
    pdf = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=render.render_pdf(content), capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(pdf.split())
    assert "Số cuộc gọi đường dây nóng được tiếp nhận: 1.500 cuộc gọi" in flat
    assert "Tỷ lệ tin báo được xử lý đạt 96,5%" in flat
    assert "96,5%" in flat.split("Phụ lục ")[-1]  # in the last appendix


def test_no_sentence_begins_with_a_digit_and_a_one_unit_report_has_no_1_of_1(added_catalogue, tree, personas, bodies):
    a = added_catalogue
    _enter(
        a["form"], "2024H1", tree["conhue1"], {a["calls"]: 20}, clerk=personas["ward_clerk"],
        reviewer=personas["district_reviewer"],
    )  # fmt: skip
    report = services.report_draft(
        by=personas["ward_head"], kind="half_year", unit=tree["conhue1"], body=bodies["state"], year=2024
    )
    paragraphs = [p for s in report.sections.all() for p in s.text.split("\n") if p.strip()]
    sentences = [s.strip() for p in paragraphs for s in p.split(". ") if s.strip()]
    assert sentences and not [s for s in sentences if s[0].isdigit()]
    assert "1/1 đơn vị" not in "\n".join(paragraphs)


# ------------------------------------------------------------------------------------ periods
@pytest.fixture
def awards_both_sides(tree, personas):
    """Quận Bắc Từ Liêm, 2022: a Giấy khen decision of 20/05 (4 collectives, 1 individual) and one
    of 15/12 (7 collectives) — on both sides of 30/06."""
    from awards import catalogue as c
    from awards.models import RewardForm
    from awards.services import decision_create, recipients_add

    actor = personas["district_reviewer"]  # reviewer of the issuing district
    form = RewardForm.objects.get(code=c.GIAY_KHEN)
    made = {}
    for number, day, rows in (
        ("101-QĐ/QU", dt.date(2022, 5, 20), [("collective", 4), ("individual", 1)]),
        ("902-QĐ/QU", dt.date(2022, 12, 15), [("collective", 7)]),
    ):
        decision = decision_create(
            by=actor, issuer=tree["btl"], issuer_title="Ban Thường vụ Quận ủy", year=2022, number=number, date=day,
            reward_form=form,
        )  # fmt: skip
        people = [
            {"kind": kind, "name": f"{'Tổ dân phố' if kind == 'collective' else 'Nguyễn Văn'} {number} {i}"}
            for kind, n in rows
            for i in range(n)
        ]
        recipients_add(decision=decision, by=actor, rows=people)
        made[day.month] = rows
    return made


@pytest.fixture
def recognitions_both_sides(tree, personas):
    """Two initiatives of Phường Cổ Nhuế 1 (registered for 2022) recognized at district level by a
    decision of 10/04/2022, three by one of 25/11/2022."""
    from initiatives import services as reg
    from initiatives.models import Field, RecognitionLevel

    actor, reviewer = personas["ward_head"], personas["district_reviewer"]  # the ward proposes, the district decides
    field = Field.objects.order_by("order").first()
    counts = {}
    for number, day, n in (("11-QĐ/QU", dt.date(2022, 4, 10), 2), ("95-QĐ/QU", dt.date(2022, 11, 25), 3)):
        items = []
        for i in range(n):
            item = reg.initiative_create(
                by=actor, unit=tree["conhue1"], name=f"Mô hình {number} số {i}", field=field, year=2022
            )
            reg.initiative_register(initiative=item, by=actor)
            reg.initiative_start(initiative=item, by=actor)
            items.append(reg.initiative_propose(initiative=item, level=RecognitionLevel.DISTRICT, by=actor))
        decision = reg.decision_create(
            by=reviewer, number=number, date=day, issuer=tree["btl"], level=RecognitionLevel.DISTRICT
        )
        reg.decision_recognize(decision=decision, initiatives=items, by=reviewer)
        counts[day.month] = n
    return counts


def test_a_half_year_report_counts_only_the_decisions_dated_inside_the_half_year(
    tree, awards_both_sides, recognitions_both_sides
):
    from reports.facts import Scope, award_facts, registry_facts

    def people(rows):
        return {kind: sum(n for k, n in rows if k == kind) for kind in ("collective", "individual")}

    first_half = people(awards_both_sides[5])
    whole_year = people(awards_both_sides[5] + awards_both_sides[12])

    half = award_facts(tree["btl"], Scope("half_year", 2022))
    assert (half["collectives"], half["individuals"]) == (first_half["collective"], first_half["individual"])
    year = award_facts(tree["btl"], Scope("year", 2022))
    assert (year["collectives"], year["individuals"]) == (whole_year["collective"], whole_year["individual"])
    multi = award_facts(tree["btl"], Scope("multi_year", 2023, 2021))
    assert multi["collectives"] == whole_year["collective"]

    half_reg = registry_facts(tree["btl"], Scope("half_year", 2022))
    assert half_reg["decisions"]["district"]["n"] == recognitions_both_sides[4]
    year_reg = registry_facts(tree["btl"], Scope("year", 2022))
    assert year_reg["decisions"]["district"]["n"] == recognitions_both_sides[4] + recognitions_both_sides[11]


def test_a_half_year_report_document_does_not_state_decembers_awards(tree, personas, bodies, awards_both_sides):
    from lib.vn_format import format_int

    report = services.report_draft(
        by=system_actor(), kind="half_year", unit=tree["btl"], body=bodies["party"], year=2022
    )
    text = "\n".join(s.text for s in report.sections.all())
    first_half = sum(n for kind, n in awards_both_sides[5] if kind == "collective")
    december = sum(n for kind, n in awards_both_sides[12] if kind == "collective")
    assert f"khen thưởng {format_int(first_half)} tập thể" in text
    assert f"{format_int(first_half + december)} tập thể" not in text
    assert f"{format_int(december)} tập thể" not in text
