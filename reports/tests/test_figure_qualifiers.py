"""Report wording of qualified and percent figures: "trên 14.600 lượt", "95%"."""

from reports.figures import figure_words, item_sentence


def test_an_inexact_figure_says_how_in_the_report():
    assert figure_words(14600, "count", "lượt", "over") == "trên 14.600 lượt"
    assert figure_words(3600, "count", "lượt", "nearly") == "gần 3.600 lượt"
    assert figure_words(6500, "count", "người", "about") == "khoảng 6.500 người"
    assert figure_words(1500, "count", "lượt") == "1.500 lượt"


def test_a_percent_reads_as_a_percent():
    assert figure_words(95, "percent", "%") == "95%"


def test_an_inexact_figure_states_no_precise_change():
    f = {"scope": {"year": 2024, "kind": "half_year"}}
    item = {
        "name": "Số lượt người tham dự đối thoại",
        "value": 14600,
        "qualifier": "over",
        "previous": 12000,
        "type": "count",
        "unit": "lượt",
        "options": [],
    }
    assert item_sentence(f, item) == "Số lượt người tham dự đối thoại: trên 14.600 lượt."
    item["qualifier"] = "exact"
    assert "tăng 2.600 lượt" in item_sentence(f, item)
