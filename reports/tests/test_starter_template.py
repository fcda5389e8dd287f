"""The DOCX starting template an issuing body downloads follows the layout of the generated
reports (reports.layout): read back with python-docx — A4 and the layout's margins, the header
table of a party or state body with the drawn lines as long as the layout makes them, page numbers
centred at the top from page 2, the closing — and filled in, it gives the report's own texts."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from accounts.system import system_actor
from reports import docx_builder, layout, render, services
from reports.render import PARTY_NATIONAL, STATE_NATIONAL

pytestmark = pytest.mark.django_db


def _download(client_as, persona, body) -> bytes:
    response = client_as(persona).get(reverse("reports:body_template", args=[body.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content) if response.streaming else response.content


def _lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs]


def _drawn(cell) -> list[tuple[int, float]]:
    """(index among the cell's paragraphs, length in cm) of each drawn line: an empty paragraph
    with a top border, its length the column's width less both indents."""
    width = cell.width.cm
    found = []
    for i, p in enumerate(cell.paragraphs):
        border = p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:top')}")
        if border is not None:
            fmt = p.paragraph_format
            found.append((i, width - (fmt.left_indent or 0) / 360000 - (fmt.right_indent or 0) / 360000))
    return found


def _assert_page_setup(doc) -> None:
    section = doc.sections[0]
    page = layout.PAGE
    assert round(section.page_width.cm, 1) == page["width_cm"] and round(section.page_height.cm, 1) == page["height_cm"]
    assert round(section.left_margin.cm, 2) == page["left_cm"] and round(section.right_margin.cm, 2) == page["right_cm"]
    assert round(section.top_margin.cm, 2) == page["top_cm"] and round(section.bottom_margin.cm, 2) == page["bottom_cm"]
    assert doc.styles["Normal"].font.name == layout.FONT
    # page numbers: page 1 has its own empty header, the others a PAGE field centred at the top
    assert section.different_first_page_header_footer
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    number = section.header.paragraphs[0]
    assert number.alignment == 1  # centre
    assert [t.text for t in number._p.iter(qn("w:instrText"))] == [" PAGE "]
    assert round(section.header_distance.cm, 2) == page["header_cm"]


def _assert_title_rule(doc) -> None:
    """A 3 cm line centred under the title, before the sections' loop."""
    texts = [p.text for p in doc.paragraphs]
    subtitle = texts.index("{{ subtitle }}")
    assert texts[subtitle - 1] == "{{ title }}"
    rule = doc.paragraphs[subtitle + 1]
    assert rule._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:top')}") is not None
    fmt = rule.paragraph_format
    assert abs(layout.TEXT_WIDTH_CM - fmt.left_indent.cm - fmt.right_indent.cm - 3.0) < 0.02
    assert abs(fmt.left_indent.cm - fmt.right_indent.cm) < 0.01  # centred
    assert texts[subtitle + 2 : subtitle + 5] == [
        "{%p for s in sections %}",
        "{{ s.heading }}",
        "{%p for para in s.paragraphs %}",
    ]


def test_state_template_has_decree_30_header_lines_and_page_numbers(client_as, bodies):
    body = bodies["state"]  # "ỦY BAN NHÂN DÂN / PHƯỜNG CỔ NHUẾ 1", no superior body
    doc = Document(io.BytesIO(_download(client_as, "ward_clerk", body)))
    _assert_page_setup(doc)
    left, right = doc.tables[0].rows[0].cells
    assert (
        round(left.width.cm, 2) == layout.HEADER_COLUMNS_CM[0]
        and round(right.width.cm, 2) == layout.HEADER_COLUMNS_CM[1]
    )
    assert _lines(left) == ["{{ body_name }}", "", "{{ number }}"]
    assert _lines(right) == [*STATE_NATIONAL, "", "{{ place_date }}"]
    # the line under the body's name: 45 % of its widest line (NĐ 30: a third to a half)
    widest = max(layout.text_width_cm(name, 13, bold=True) for name in body.name_lines)
    [(index, length)] = _drawn(left)
    assert index == 1 and abs(length - widest * 0.45) < 0.02
    # the line under the motto, as long as the motto; the national title bold and on one line
    [(index, length)] = _drawn(right)
    assert index == 2 and abs(length - layout.text_width_cm(STATE_NATIONAL[1], 14, bold=True)) < 0.02
    national = right.paragraphs[0]
    assert all(r.bold for r in national.runs)
    size = national.runs[0].font.size.pt
    assert layout.text_width_cm(STATE_NATIONAL[0], size, bold=True) < layout.HEADER_COLUMNS_CM[1]
    place = right.paragraphs[3]
    assert all(r.italic for r in place.runs)
    _assert_title_rule(doc)
    closing_left, closing_right = doc.tables[1].rows[0].cells
    assert _lines(closing_left) == ["Nơi nhận:", "{%p for r in recipient_lines %}", "{{ r }}", "{%p endfor %}"]
    assert _lines(closing_right) == ["{{ signer_on_behalf }}", "{{ signer_title }}", "{{ signer_name }}"]


def test_party_template_has_guidance_36_header_and_its_line(client_as, bodies):
    body = bodies["party"]  # "QUẬN ỦY BẮC TỪ LIÊM / BAN DÂN VẬN"
    doc = Document(io.BytesIO(_download(client_as, "district_reviewer", body)))
    _assert_page_setup(doc)
    left, right = doc.tables[0].rows[0].cells
    assert _lines(left) == ["{{ superior }}", "{{ body_name }}", "*", "{{ number }}"]
    assert _drawn(left) == []  # a party body: "*" under its name, no line
    assert _lines(right) == [*PARTY_NATIONAL, "", "{{ place_date }}"]
    [(index, length)] = _drawn(right)
    assert index == 1 and abs(length - layout.text_width_cm(PARTY_NATIONAL[0], 15, bold=True)) < 0.02
    _assert_title_rule(doc)


def test_the_downloaded_template_uploads_again_and_fills_in_the_report(client_as, bodies, tree):
    body = bodies["state"]
    data = _download(client_as, "ward_head", body)
    render.validate_template(SimpleUploadedFile("mau.docx", data))  # accepted as it is
    report = services.report_draft(by=system_actor(), kind="year", unit=tree["conhue1"], body=body, year=2022)
    content = render.build_content(report, number=7, day=dt.date(2023, 1, 5))
    filled = Document(io.BytesIO(_save(render._fill(io.BytesIO(data), content))))
    left, right = filled.tables[0].rows[0].cells
    text = "\n".join(p.text for p in left.paragraphs)
    assert all(name in text for name in body.name_lines) and "Số: 07/BC-UBND" in text
    assert "Cổ Nhuế 1, ngày 05 tháng 01 năm 2023" in _lines(right)
    recipients = [t for t in _lines(filled.tables[1].rows[0].cells[0]) if t]
    assert recipients == ["Nơi nhận:", *layout.recipient_lines(content["recipients"])]
    assert recipients[-1] == "- Lưu: VT."
    body_text = [p.text for p in filled.paragraphs]
    headings = [s["heading"] for s in content["sections"]]
    assert [t for t in body_text if t in headings] == headings
    everything = "\n".join(body_text) + "\n".join(
        p.text for t in filled.tables for row in t.rows for c in row.cells for p in c.paragraphs
    )
    assert "{{" not in everything and "{%" not in everything


def _save(tpl) -> bytes:
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["party", "state"])
def test_the_shipped_templates_are_the_builders(kind, tmp_path):
    """templates_docx/ holds what ``manage.py reports_build_templates`` writes today."""
    [built] = [p for p in docx_builder.build_all(tmp_path) if p.stem == kind]
    shipped = render.DEFAULT_TEMPLATES[kind]

    def xml(path):
        with zipfile.ZipFile(path) as z:
            return {
                n: z.read(n) for n in ("word/document.xml", "word/header1.xml", "word/styles.xml") if n in z.namelist()
            }

    assert xml(built) == xml(shipped)
