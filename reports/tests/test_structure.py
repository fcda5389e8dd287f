"""The structure real reports use: evaluative sections written from the figures where they
support it, guidance otherwise, the next period named, the layout configurable per kind and body."""

import re

import pytest

from reports import layouts, structure
from reports import narrative as n
from reports.tests.test_narrative import _registry, facts


def _sections(f, **kw):
    return {k: (h, t) for k, h, t in n.draft_sections(f, **kw)}


def _dialogue_stats(percent, previous, held=58, required=119):
    return {
        "values": {"NLD_CONF_HELD": held, "NLD_CONF_REQUIRED": required, "CBCC_CONF_HELD": 42, "CBCC_CONF_REQUIRED": 42},
        "previous": {}, "options": {}, "targets": {}, "rates": {}, "completeness": None,
    }  # fmt: skip


def _catalogue(percent, previous):
    return {"sections": [{"name": "Đối thoại với Nhân dân", "items": [], "rates": [
        {"code": "RESOLVED_RATE", "name": "Tỷ lệ giải quyết sau đối thoại", "percent": percent, "previous": previous}
    ]}]}  # fmt: skip


def test_the_standard_order_of_a_real_report():
    keys = list(_sections(facts()))
    assert keys == [e["key"] for e in structure.STANDARD_LAYOUT]
    assert keys.index("registry") < keys.index("strengths") < keys.index("limitations") < keys.index("lessons")
    assert keys.index("lessons") < keys.index("tasks") < keys.index("proposals")


@pytest.mark.parametrize(
    ("kind", "year", "named"),
    [("half_year", 2026, "6 tháng cuối năm 2026"), ("year", 2026, "năm 2027"), ("multi_year", 2024, "năm 2025")],
)
def test_the_tasks_name_the_next_period(kind, year, named):
    f = facts(scope={"kind": kind, "year": year, "year_from": 2014, "words": "…", "period": str(year)})
    heading, text = _sections(f)["tasks"]
    assert heading == f"Phương hướng, nhiệm vụ {named}"
    assert text.startswith(f"Trong {named},")


def test_strengths_and_limitations_come_from_the_figures():
    f = facts(
        registry=_registry(total=358, models=197, exemplars=161),
        stats=_dialogue_stats(87, 82),
        catalogue=_catalogue(87, 82),
    )
    s = _sections(f)
    # 358 registered, the rate up 87 - 82 = 5 points, all 42 units held their CBCC conference
    assert "358 mô hình, điển hình đăng ký" in s["strengths"][1]
    assert "tỷ lệ giải quyết sau đối thoại đạt 87%, tăng 5 điểm phần trăm" in s["strengths"][1]
    assert "toàn bộ 42 đơn vị tổ chức Hội nghị cán bộ, công chức" in s["strengths"][1]
    # 119 - 58 = 61 units have not held the workers' conference: a limitation and a task
    assert "còn 61 trong số 119 đơn vị chưa tổ chức Hội nghị người lao động" in s["limitations"][1]
    assert "61 đơn vị chưa tổ chức Hội nghị người lao động" in s["tasks"][1]


def test_a_falling_rate_is_a_limitation_in_points():
    f = facts(catalogue=_catalogue("80.5", 85))
    s = _sections(f)
    assert "tỷ lệ giải quyết sau đối thoại giảm 4,5 điểm phần trăm so với năm 2021" in s["limitations"][1]
    assert "giảm" not in s["strengths"][1]


def test_without_data_the_evaluations_are_left_with_guidance_not_boilerplate():
    s = _sections(facts())
    assert s["strengths"][1] == s["limitations"][1] == s["lessons"][1] == s["proposals"][1] == ""
    guidance = structure.guidance_for(structure.resolve(None))
    assert guidance["lessons"] and guidance["limitations"]


def test_two_reports_do_not_share_their_evaluation():
    a = _sections(facts(registry=_registry(total=358), stats=_dialogue_stats(87, 82, held=58)))
    b = _sections(facts(registry=_registry(total=15), stats=_dialogue_stats(87, 82, held=100)))
    for key in ("strengths", "limitations", "tasks"):
        assert a[key][1] != b[key][1]


def test_a_one_unit_report_never_says_1_of_1():
    stats = _dialogue_stats(None, None, held=1, required=1)
    stats["values"].update(CBCC_CONF_HELD=1, CBCC_CONF_REQUIRED=1, CONVENTIONS_APPROVED=1, CONVENTIONS_TOTAL=1)
    stats["values"].update(CULT_AREAS_ACHIEVED=1, CULT_AREAS_TOTAL=1, CULT_AGENCIES_ACHIEVED=0, CULT_AGENCIES_TOTAL=1)
    text = "\n".join(t for _h, t in _sections(facts(stats=stats)).values())
    assert "1/1" not in text and "0/1" not in text and "1 trong số 1" not in text
    assert "Có khu dân cư đạt danh hiệu văn hóa; cơ quan, trường học chưa đạt chuẩn văn hóa." in text


def test_no_sentence_begins_with_a_digit():
    f = facts(
        registry=_registry(total=358, models=197, exemplars=161, collectives=200, individuals=158),
        stats=_dialogue_stats(87, 82),
        catalogue=_catalogue(87, 82),
        awards={"groups": [], "by_form": {}, "by_area": {}, "collectives": 12, "individuals": 3, "proposals": [
            {"issuer": "Ban Thường vụ Thành ủy", "form_name": "Bằng khen", "collective": 9, "individual": 0}]},
    )  # fmt: skip
    for _h, text in _sections(f).values():
        for sentence in re.split(r"(?<=[.:;])\s+|\n+", text):
            assert not sentence[:1].isdigit(), sentence


def test_award_proposals_go_to_the_proposals_section():
    proposal = {"issuer": "Ban Thường vụ Thành ủy", "form_name": "Bằng khen", "collective": 9, "individual": 0}
    f = facts(awards={"groups": [], "by_form": {}, "by_area": {}, "collectives": 0, "individuals": 0,
                      "proposals": [proposal]})  # fmt: skip
    s = _sections(f)
    assert "Ban Thường vụ Thành ủy" in s["proposals"][1] and "9 tập thể" in s["proposals"][1]
    assert "Thành ủy" not in s["awards"][1]


def test_a_configured_layout_orders_renames_and_moves_form_sections():
    layout = [
        {"key": "intro"},
        {"key": "context", "heading": "Đặc điểm địa phương", "guidance": "Viết về địa bàn."},
        {"key": "democracy", "heading": "Dân chủ", "form_sections": []},
        {"key": "government", "form_sections": ["Đối thoại với Nhân dân"]},
        {"key": "tasks"},
    ]
    f = facts(catalogue=_catalogue(87, None))
    s = n.draft_sections(f, layout=layout)
    assert [k for k, _h, _t in s] == ["intro", "context", "democracy", "government", "tasks"]
    text = dict((k, t) for k, _h, t in s)
    assert "Tỷ lệ giải quyết sau đối thoại đạt 87%" in text["government"]
    assert "Tỷ lệ giải quyết" not in text["democracy"] and text["context"] == ""
    assert dict((k, h) for k, h, _t in s)["democracy"] == "Dân chủ"


def test_a_broken_layout_is_refused():
    assert structure.validate_layout([])
    assert structure.validate_layout([{"key": "tasks"}, {"key": "tasks"}])
    assert structure.validate_layout([{"key": "own_section"}])  # an own section needs a heading
    assert not structure.validate_layout([{"key": "own_section", "heading": "Riêng"}, {"key": "tasks"}])


@pytest.mark.django_db
def test_the_most_specific_layout_applies(bodies):
    from reports.models import ReportLayout

    party_body = bodies["party"]
    assert layouts.layout_for("year", party_body) == structure.resolve(None)
    ReportLayout.objects.create(name="any", sections=[{"key": "intro"}, {"key": "tasks"}])
    ReportLayout.objects.create(name="year", kind="year", sections=[{"key": "intro"}, {"key": "lessons"}])
    ReportLayout.objects.create(name="body", body=party_body, sections=[{"key": "proposals"}])
    assert [e["key"] for e in layouts.layout_for("year", party_body)] == ["proposals"]
    assert [e["key"] for e in layouts.layout_for("year", None)] == ["intro", "lessons"]
    assert [e["key"] for e in layouts.layout_for("half_year", None)] == ["intro", "tasks"]


@pytest.mark.django_db
def test_a_draft_follows_the_layout_of_its_body(bodies, tree):
    from accounts.system import system_actor
    from reports import services
    from reports.models import ReportLayout

    ReportLayout.objects.create(
        name="Ban Dân vận",
        body=bodies["party"],
        sections=[
            {"key": "intro"},
            {"key": "own", "heading": "Công tác phối hợp", "guidance": "Viết."},
            {"key": "tasks"},
        ],
    )
    report = services.report_draft(by=system_actor(), kind="year", unit=tree["btl"], body=bodies["party"], year=2022)
    assert list(report.sections.values_list("key", "heading")) == [
        ("intro", "Tình hình và công tác lãnh đạo, chỉ đạo"),
        ("own", "Công tác phối hợp"),
        ("tasks", "Phương hướng, nhiệm vụ năm 2023"),
    ]
    other = services.report_draft(by=system_actor(), kind="year", unit=tree["conhue1"], body=bodies["state"], year=2022)
    assert other.sections.last().key == "proposals"


def test_headings_are_numbered_by_part_without_gaps():
    from reports.render import number_sections

    parts = structure.parts_for(structure.resolve(None))
    written = [
        {"key": k, "heading": h, "paragraphs": ["x"]}
        for k, h in (("intro", "Lãnh đạo"), ("culture", "Văn hóa"), ("strengths", "Ưu điểm"), ("tasks", "Nhiệm vụ"))
    ]
    headings = [s["heading"] for s in number_sections(written, parts)]
    assert headings == [
        "I. TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN",
        "1. Lãnh đạo",
        "2. Văn hóa",  # registry, awards, democracy had nothing to say: no gap
        "II. ĐÁNH GIÁ CHUNG",
        "1. Ưu điểm",
        "III. NHIỆM VỤ",
    ]


def test_a_long_date_line_shrinks_to_stay_on_one_line():
    from reports import layout

    width = layout.HEADER_COLUMNS_CM[1]
    short = "Bắc Từ Liêm, ngày 20 tháng 12 năm 2022"
    long = "Thành phố Hồ Chí Minh, ngày 20 tháng 12 năm 2022"
    assert layout.fitting_size(short, 14, width, italic=True) == 14  # fits as it is
    size = layout.fitting_size(long, 14, width, italic=True)
    assert size < 14 and layout.text_width_cm(long, size, False, True) <= width - 0.2
