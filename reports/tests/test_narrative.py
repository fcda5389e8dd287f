"""Each sentence of the narrative, from a hand-made facts dict: the officials' wording, and
nothing said when there is no data."""

import copy

import pytest

from reports import narrative as n


def _registry(**over):
    block = {
        "total": 0, "models": 0, "exemplars": 0, "collectives": 0, "individuals": 0, "recognized": 0,
        "recognized_collectives": 0, "recognized_individuals": 0, "recognized_by_level": {}, "new": 0,
        "replicated": 0, "implementing": 0, "proposed": 0, "by_status": {}, "funding_social": 0, "funding_state": 0,
        "workdays": 0, "land_m2": 0, "beneficiaries": 0, "works_built": 0, "by_field": [], "decisions": {},
        "plaques": {}, "by_unit": [],
    }  # fmt: skip
    block.update(over)
    return block


BASE = {
    "unit": {
        "name": "Quận Tây Hồ",
        "area": "toàn quận",
        "place": "quận",
        "levels": {"province": "cấp Thành phố", "district": "cấp quận", "commune": "cấp phường"},
    },
    "scope": {"kind": "year", "year": 2022, "year_from": None, "words": "năm 2022", "period": "2022"},
    "registry": _registry(),
    "awards": {"groups": [], "by_form": {}, "by_area": {}, "collectives": 0, "individuals": 0, "proposals": []},
    "stats": {"values": {}, "previous": {}, "options": {}, "targets": {}, "rates": {}, "completeness": None},
}


def facts(**over):
    f = copy.deepcopy(BASE)
    for key, value in over.items():
        f[key] = value
    return f


def test_an_empty_period_says_nothing_but_the_introduction_and_tasks():
    sections = dict((k, t) for k, _h, t in n.draft_sections(facts()))
    assert sections["intro"] and sections["tasks"]
    assert all(not sections[k] for k in ("registry", "awards", "democracy", "culture", "government", "reporting"))


def test_registered_collectives_and_individuals_recognized_read_like_seed_000():
    f = facts(registry=_registry(total=105, models=78, exemplars=27, collectives=78, individuals=27, recognized=105))
    assert n.s_registered(f) == (
        "Trong năm 2022, toàn quận có 78 tập thể và 27 cá nhân đăng ký và được công nhận là mô hình, điển hình "
        "“Dân vận khéo”."
    )


def test_registered_with_a_total_reads_like_seed_001():
    f = facts(registry=_registry(total=613, models=314, exemplars=299, collectives=314, individuals=299, recognized=23))
    assert "314 tập thể và 299 cá nhân đăng ký thực hiện với tổng số 613 mô hình, điển hình" in n.s_registered(f)


def test_models_only_with_origin_and_fields_read_like_seed_004():
    rows = [
        {"code": "political", "name": "Xây dựng hệ thống chính trị", "n": 2},
        {"code": "culture", "name": "Văn hóa – xã hội", "n": 10},
        {"code": "security", "name": "Quốc phòng – an ninh", "n": 3},
    ]
    f = facts(registry=_registry(total=15, models=15, collectives=15, new=6, replicated=9, by_field=rows))
    assert (
        n.s_registered(f) == "Trong năm 2022, toàn quận có 15 mô hình “Dân vận khéo” được đăng ký triển khai thực hiện."
    )
    assert n.s_origin(f) == "Trong đó có 6 mô hình mới, 9 mô hình nhân rộng."
    assert n.s_fields(f) == (
        "Các mô hình được triển khai trên 3 lĩnh vực: xây dựng hệ thống chính trị 2 mô hình; "
        "văn hóa – xã hội 10 mô hình; quốc phòng – an ninh 3 mô hình."
    )


def test_origin_is_not_mentioned_when_nothing_was_replicated():
    assert n.s_origin(facts(registry=_registry(total=5, models=5, new=5))) is None


def test_funding_and_workdays_are_rounded_down_as_officials_write_them():
    f = facts(registry=_registry(total=549, models=549, funding_social=7_215_000_000, workdays=3_126))
    assert n.s_results(f) == "Các mô hình đã huy động nguồn kinh phí xã hội hóa hơn 7 tỷ đồng, hơn 3.000 ngày công."
    assert n.s_results(facts(registry=_registry(total=3, models=3))) is None


def test_recognitions_are_worded_by_level():
    f = facts(registry=_registry(total=50, models=50, decisions={"district": {"n": 23}, "province": {"n": 2}}))
    assert n.s_recognized_levels(f) == (
        "Đã công nhận 2 mô hình “Dân vận khéo” cấp Thành phố; 23 mô hình “Dân vận khéo” cấp quận."
    )


def test_dialogues_read_like_seed_002_with_the_change_of_the_rate_in_percentage_points():
    stats = copy.deepcopy(BASE["stats"])
    stats["values"] = {"DIALOGUES": 11, "DIALOGUE_PARTICIPANTS": 1512}
    stats["rates"] = {
        "RESOLVED_RATE": {"numerator": 174, "denominator": 200, "percent": 87, "previous": "82", "points": 5}
    }
    f = facts(stats=stats)
    f["scope"].update(kind="half_year", words="6 tháng đầu năm 2022")
    assert n.s_dialogues(f) == (
        "Toàn quận đã tổ chức được 11 cuộc đối thoại với khoảng 1.500 lượt người tham gia; kết quả giải quyết "
        "các nội dung sau đối thoại đạt 87% (tăng 5 điểm phần trăm so với năm 2021)."
    )


def test_dialogues_without_last_year_say_no_change():
    stats = copy.deepcopy(BASE["stats"])
    stats["values"] = {"DIALOGUES": 2}
    stats["rates"] = {"RESOLVED_RATE": {"percent": "90.5", "previous": None}}
    assert n.s_dialogues(facts(stats=stats)).endswith("đạt 90,5%.")


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"CBCC_CONF_HELD": 42, "CBCC_CONF_REQUIRED": 42, "NLD_CONF_HELD": 58, "NLD_CONF_REQUIRED": 119},
         "Đã có 42/42 đơn vị tổ chức Hội nghị CBCC, 58/119 đơn vị tổ chức Hội nghị NLĐ."),
        ({"CBCC_CONF_HELD": 3, "CBCC_CONF_REQUIRED": 4}, "Đã có 3/4 đơn vị tổ chức Hội nghị CBCC."),
        ({}, None),
    ],
)  # fmt: skip
def test_conferences_are_fractions_of_units(values, expected):
    stats = copy.deepcopy(BASE["stats"])
    stats["values"] = values
    assert n.s_conferences(facts(stats=stats)) == expected


def test_cultural_families_state_the_computed_rate():
    stats = copy.deepcopy(BASE["stats"])
    stats["values"] = {"CULT_FAMILIES_REGISTERED": 3374, "CULT_FAMILIES_ACHIEVED": 3270}
    stats["rates"] = {"CULT_FAMILIES_RATE": {"percent": "96.92", "previous": None}}
    assert (
        "3.374 gia đình đăng ký; qua bình xét cuối năm có 3.270 gia đình đạt “Gia đình văn hóa”, chiếm tỷ lệ 96,92%"
        in (n.s_cultural_families(facts(stats=stats)))
    )


def test_cameras_say_above_a_round_figure_and_the_target_rate():
    stats = copy.deepcopy(BASE["stats"])
    stats["values"] = {"SECURITY_CAMERAS": 1026}
    stats["targets"] = {"SECURITY_CAMERAS": {"target": 1026, "percent": 100}}
    assert n.s_cameras(facts(stats=stats)) == "Toàn quận đã có trên 1.000 camera an ninh, đạt 100% chỉ tiêu đề ra."


def test_rewards_are_grouped_by_issuer_and_medals_said_apart():
    groups = [
        {"issuer": "Ban Thường vụ Quận ủy", "area": "qcdc", "area_name": "Thực hiện Quy chế dân chủ ở cơ sở",
         "form": "giay-khen", "form_name": "Giấy khen", "title_name": None, "collective": 15, "individual": 0},
        {"issuer": "Ban Dân vận Trung ương", "area": "cong-tac-dan-van", "area_name": "Công tác dân vận",
         "form": "ky-niem-chuong-dan-van", "form_name": "Kỷ niệm chương “Vì sự nghiệp dân vận”", "title_name": None,
         "collective": 0, "individual": 2},
    ]  # fmt: skip
    awards = {"groups": groups, "by_form": {}, "by_area": {}, "collectives": 15, "individuals": 2, "proposals": []}
    f = facts(awards=awards)
    assert n.s_awards_by_issuer(f) == [
        "Ban Thường vụ Quận ủy khen thưởng 15 tập thể có thành tích trong thực hiện Quy chế dân chủ ở cơ sở năm 2022."
    ]
    assert n.s_medals(f) == ["Có 2 cá nhân được Ban Dân vận Trung ương tặng Kỷ niệm chương “Vì sự nghiệp dân vận”."]


def test_completeness_names_the_units_that_have_not_sent_their_form():
    stats = copy.deepcopy(BASE["stats"])
    stats["completeness"] = {"data_set": "Báo cáo công tác dân vận 6 tháng", "expected": 13, "submitted": 12,
                             "on_time": 11, "late": 1, "missing": 1, "approved": 11, "percent": "92.31",
                             "missing_units": ["Phường Cổ Nhuế 1"]}  # fmt: skip
    assert n.s_completeness(facts(stats=stats)) == (
        "Có 12/13 đơn vị gửi báo cáo công tác dân vận 6 tháng (11 đúng hạn, 1 chậm); chưa gửi: Phường Cổ Nhuế 1."
    )


def test_a_thematic_report_keeps_only_its_theme():
    keys = [k for k, _h, _t in n.draft_sections(facts(), theme="culture")]
    assert keys == ["intro", "culture", "strengths", "limitations", "lessons", "tasks", "proposals"]
