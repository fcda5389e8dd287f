"""The reports the system writes from the demo data carry the figures the seed articles state
(DOMAIN.md §7). Expected figures are the articles' own, written with Vietnamese separators; the
text is read back from the produced DOCX with python-docx."""

import datetime as dt
import io

import pytest
from docx import Document

from accounts.system import system_actor

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _report(title_part, unit_name, kind):
    from reports.models import Report

    return Report.objects.select_related("body", "unit").get(
        kind=kind, unit__name=unit_name, title__contains=title_part
    )


def _draft_docx(report) -> str:
    from reports.render import build_content, render_docx

    return docx_text(render_docx(build_content(report), report.body))


def _sentence_with(text: str, *needles: str) -> str:
    """The sentence (or table line) holding every needle, so figures are checked in context."""
    for chunk in text.replace("\n", ". ").split(". "):
        if all(n in chunk for n in needles):
            return chunk
    raise AssertionError(f"no sentence holds {needles!r}")


@pytest.fixture
def btl_2022(demo_db):
    return _report("năm 2022", "Quận Bắc Từ Liêm", "year")


def test_bac_tu_liem_2022_states_78_collectives_and_27_individuals(btl_2022):
    text = docx_text(bytes(btl_2022.versions.get().docx))
    sentence = _sentence_with(text, "78 tập thể", "27 cá nhân")
    assert "công nhận" in sentence


def test_bac_tu_liem_2022_states_the_cameras_at_100_percent_of_target(btl_2022):
    text = docx_text(bytes(btl_2022.versions.get().docx))
    assert "100%" in _sentence_with(text, "trên 1.000 camera")


def test_bac_tu_liem_2022_states_the_rewards_11_15_9_and_13_and_2_medals(btl_2022):
    text = docx_text(bytes(btl_2022.versions.get().docx))
    quan_uy = _sentence_with(text, "Ban Thường vụ Quận ủy khen thưởng")
    assert "11 tập thể có thành tích trong công tác dân vận" in quan_uy
    assert "15 tập thể có thành tích trong thực hiện Quy chế dân chủ ở cơ sở" in quan_uy
    assert "9 tập thể có thành tích trong công tác tôn giáo" in quan_uy
    assert "13 tập thể có thành tích trong công tác dân vận chính quyền" in _sentence_with(text, "UBND quận")
    assert "2 cá nhân" in _sentence_with(text, "Kỷ niệm chương “Vì sự nghiệp dân vận”", "tặng")


def test_bac_tu_liem_2022_is_issued_under_the_party_layout(btl_2022):
    text = docx_text(bytes(btl_2022.versions.get().docx))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "QUẬN ỦY BẮC TỪ LIÊM" in text
    assert "Số 1-BC/BDVQU" in text
    assert "Bắc Từ Liêm, ngày 20 tháng 12 năm 2022" in text
    assert "TRƯỞNG BAN" in text and "Nơi nhận:" in text


def test_dong_da_2023_states_314_plus_299_is_613_and_23_district_level(demo_db):
    text = _draft_docx(_report("năm 2023", "Quận Đống Đa", "year"))
    sentence = _sentence_with(text, "314 tập thể", "299 cá nhân")
    assert "613" in sentence
    assert "cấp quận" in _sentence_with(text, "23 mô hình")
    assert "4 lĩnh vực" in text
    assert "12 tập thể, 3 cá nhân" in _sentence_with(text, "dân vận chính quyền")


def test_tay_ho_2022_first_half_states_the_seed_figures(demo_db):
    text = _draft_docx(_report("6 tháng đầu năm 2022", "Quận Tây Hồ", "half_year"))
    assert "161 điển hình" in _sentence_with(text, "197 mô hình")
    dialogues = _sentence_with(text, "11 cuộc đối thoại")
    assert "khoảng 1.500 lượt người" in dialogues
    assert "87% (tăng 5 điểm phần trăm so với năm 2021)" in dialogues
    assert "42/42 đơn vị tổ chức Hội nghị CBCC" in text
    assert "58/119 đơn vị tổ chức Hội nghị NLĐ" in text
    assert "79/108 quy ước" in text


def test_bac_tu_liem_2014_2024_states_the_multi_year_and_2024_figures(demo_db):
    text = _draft_docx(_report("2014 - 2024", "Quận Bắc Từ Liêm", "multi_year"))
    assert "Từ năm 2014 đến năm 2024" in _sentence_with(text, "6.977 mô hình")
    assert "748 cá nhân" in _sentence_with(text, "885 tập thể")
    last = _sentence_with(text, "549 mô hình")
    assert "năm 2024" in last
    assert "hơn 7 tỷ đồng" in last and "hơn 3.000 ngày công" in last
    assert "15 cá nhân" in _sentence_with(text, "36 tập thể")
    assert "9 tập thể" in _sentence_with(text, "Bằng khen")


def test_tam_quan_nam_2022_states_the_seed_figures_under_the_state_layout(demo_db):
    text = _draft_docx(_report("năm 2022", "Phường Tam Quan Nam", "year"))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số:      /BC-UBND" in text
    assert "3.270 gia đình" in _sentence_with(text, "3.374 gia đình")
    assert "15 mô hình" in text
    assert "9 mô hình nhân rộng" in _sentence_with(text, "6 mô hình mới")
    fields = _sentence_with(text, "lĩnh vực:")
    for part in (
        "xây dựng hệ thống chính trị 2 mô hình",
        "văn hóa – xã hội 10 mô hình",
        "quốc phòng – an ninh 3 mô hình",
    ):
        assert part in fields
    assert "42 mô hình" in _sentence_with(text, "đến cuối năm 2022")
    assert "7/7" in text and "5/5" in text


def test_no_report_says_zero_of_anything(demo_db):
    from reports.models import Report

    for report in Report.objects.all():
        text = _draft_docx(report) if report.is_draft else docx_text(bytes(report.versions.first().docx))
        for zero in (" 0 mô hình", " 0 tập thể", " 0 cá nhân", " 0 cuộc", " 0 đơn vị"):
            assert zero not in text, (report.title, zero)


def test_appendix_tables_have_totals_per_sub_unit_and_per_field(btl_2022):
    doc = Document(io.BytesIO(bytes(btl_2022.versions.get().docx)))
    texts = [p.text for p in doc.paragraphs]
    # each appendix: "Phụ lục I", then its name in capitals
    names = [texts[i + 1] for i, t in enumerate(texts) if t.startswith("Phụ lục")]
    assert any("THEO ĐƠN VỊ" in t for t in names) and any("THEO LĨNH VỰC" in t for t in names)
    by_field = next(t for t in doc.tables if t.rows[0].cells[0].text == "Lĩnh vực")
    total = [c.text for c in by_field.rows[-1].cells]
    assert total[0] == "Tổng cộng" and total[1] == "105"  # 78 + 27 (seed 000)


def test_issuing_freezes_the_text_whatever_happens_to_the_data_later(btl_2022, django_db_blocker):
    from initiatives.models import Field, Initiative
    from reports import services

    version = btl_2022.versions.get()
    before = docx_text(bytes(version.docx))
    ward = btl_2022.unit.children.filter(unit_type="commune").first()
    Initiative.objects.create(
        name="Mô hình thêm sau khi ban hành", unit=ward, year=2022, field=Field.objects.first(),
        status="recognized", recognized_level="district",
    )  # fmt: skip
    version.refresh_from_db()
    assert docx_text(bytes(version.docx)) == before
    assert "78 tập thể" in _sentence_with(services.render.plain_text(version.content), "27 cá nhân")
    report = services.report_new_version(report=btl_2022, by=system_actor())
    services.report_refresh(report=report, by=system_actor())
    report.refresh_from_db()
    assert "79 tập thể" in services.render.plain_text(services.render.build_content(report))
    second = services.report_issue(report=report, by=system_actor(), issued_on=dt.date(2022, 12, 28))
    assert second.version == 2 and second.number_text == "Số 2-BC/BDVQU"
    assert "78 tập thể" in docx_text(bytes(report.versions.get(version=1).docx))
