from decimal import Decimal

import pytest

from lib.vn_words import capitalize_first, join_words, more_than_money_words, more_than_words


@pytest.mark.parametrize(
    ("n", "word", "expected"),
    [
        (3126, "hơn", "hơn 3.000"),
        (1026, "trên", "trên 1.000"),
        (3000, "hơn", "3.000"),
        (87, "hơn", "87"),
        (549, "hơn", "hơn 500"),
        (Decimal("15320"), "hơn", "hơn 10.000"),
        (None, "hơn", ""),
    ],
)
def test_more_than_words_floors_to_the_leading_digit(n, word, expected):
    assert more_than_words(n, word) == expected


def test_more_than_words_refuses_negative_counts():
    with pytest.raises(ValueError):
        more_than_words(-1)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (7_215_000_000, "hơn 7 tỷ đồng"),
        (7_000_000_000, "7 tỷ đồng"),
        (350_500_000, "hơn 350 triệu đồng"),
        (12_000_000_000, "12 tỷ đồng"),
        (500_000, "500.000 đồng"),
        (0, "0 đồng"),
        (None, ""),
    ],
)
def test_more_than_money_words_floors_to_whole_units(amount, expected):
    assert more_than_money_words(amount) == expected


def test_join_words_uses_commas_and_a_final_va():
    assert join_words(["a", "", "b", "c"]) == "a, b và c"
    assert join_words(["a"]) == "a"
    assert join_words([]) == ""


def test_capitalize_first_only_touches_the_first_letter():
    assert capitalize_first("toàn quận có 78 tập thể") == "Toàn quận có 78 tập thể"
    assert capitalize_first("") == ""
