"""A multi-year review over any range of years and a thematic report count exactly what is dated
inside their days: registrations by registration year, plaque-mounted works and award decisions
by their date (an undated award decision by the year of its achievement). The expected figures
are computed from the records the test makes, including records just outside the range."""

import datetime as dt
from collections import Counter

import pytest

from accounts.system import system_actor
from reports import services

pytestmark = pytest.mark.django_db

INITIATIVE_YEARS = [2020, 2021, 2022, 2022, 2023, 2024, 2025]
PLAQUE_DATES = [dt.date(2020, 12, 31), dt.date(2021, 1, 1), dt.date(2022, 6, 15), dt.date(2024, 12, 31),
                dt.date(2025, 1, 1)]  # fmt: skip
# (decision date or None, year of the achievement, collectives, individuals)
AWARDS = [
    (dt.date(2020, 12, 31), 2020, 3, 1),
    (dt.date(2021, 1, 1), 2021, 2, 5),
    (dt.date(2021, 2, 10), 2020, 9, 0),  # an achievement of 2020 decided in 2021: counted by its date
    (None, 2022, 4, 0),  # undated: counted in the year of its achievement
    (dt.date(2022, 12, 31), 2022, 0, 8),
    (dt.date(2024, 12, 31), 2024, 1, 2),
    (dt.date(2025, 1, 2), 2025, 6, 6),
    (None, 2025, 7, 7),
]


@pytest.fixture
def records(tree, personas):
    from awards import catalogue as c
    from awards.models import RewardForm
    from awards.summaries import record_summary_award
    from initiatives.models import Field
    from initiatives.services import initiative_create, plaque_add

    culture = Field.objects.get(code="culture")
    made = [
        initiative_create(
            by=personas["ward_clerk"],
            unit=tree["conhue1"],
            field=culture,
            year=year,
            name=f"Mô hình số {i} năm {year}",
            register=True,
        )  # fmt: skip
        for i, year in enumerate(INITIATIVE_YEARS)
    ]
    for i, day in enumerate(PLAQUE_DATES):
        plaque_add(initiative=made[0], by=personas["ward_clerk"], name=f"Công trình {i}", level="district", date=day)
    form = RewardForm.objects.get(code=c.GIAY_KHEN)
    for i, (day, year, collectives, individuals) in enumerate(AWARDS):
        record_summary_award(
            issuer=tree["btl"], year=year, issuer_title="Ban Thường vụ Quận ủy", reward_form=form,
            declared_collectives=collectives or None, declared_individuals=individuals or None,
            number=f"{100 + i}-QĐ/QU", date=day, by=system_actor(),
        )  # fmt: skip
    return made


def _awards_inside(first: int, last: int) -> tuple[int, int]:
    inside = [
        (col, ind) for day, year, col, ind in AWARDS if (first <= day.year <= last if day else first <= year <= last)
    ]
    return sum(c for c, _ in inside), sum(i for _, i in inside)


def _check(facts, first: int, last: int) -> None:
    registry = facts["registry"]
    years = [y for y in INITIATIVE_YEARS if first <= y <= last]
    assert registry["total"] == len(years)
    assert sum(registry["plaques"].values()) == len([d for d in PLAQUE_DATES if first <= d.year <= last])
    collectives, individuals = _awards_inside(first, last)
    awards = facts["awards"]
    assert (awards["collectives"], awards["individuals"]) == (collectives, individuals)
    assert awards["honoured"]["total"] == {"collective": collectives, "individual": individuals}


def test_a_multi_year_review_over_2021_to_2024_counts_only_those_years(records, tree, bodies):
    report = services.report_draft(
        by=system_actor(), kind="multi_year", unit=tree["btl"], body=bodies["party"], year=2024, year_from=2021
    )
    facts = report.facts
    assert facts["scope"]["words"] == "từ năm 2021 đến năm 2024"
    _check(facts, 2021, 2024)
    registry = facts["registry"]
    expected_by_year = Counter(y for y in INITIATIVE_YEARS if 2021 <= y <= 2024)
    assert {row["year"]: row["registered"] for row in registry["by_year"]} == expected_by_year
    assert registry["last_year"]["total"] == INITIATIVE_YEARS.count(2024)
    # the figures of the last year alone, for the comparison the review makes
    last = [(col, ind) for day, year, col, ind in AWARDS if (day.year if day else year) == 2024]
    assert sum(g["collective"] for g in facts["awards"]["last_year_groups"]) == sum(c for c, _ in last)
    assert report.title.endswith("giai đoạn 2021 - 2024")


@pytest.mark.parametrize(("first", "last"), [(2020, 2022), (2022, 2025)])
def test_other_ranges_move_the_figures_with_them(records, tree, bodies, first, last):
    report = services.report_draft(
        by=system_actor(), kind="multi_year", unit=tree["btl"], body=bodies["party"], year=last, year_from=first
    )
    _check(report.facts, first, last)


@pytest.mark.parametrize("theme", ["awards", "registry"])
def test_a_thematic_report_counts_its_year_only(records, tree, bodies, theme):
    report = services.report_draft(
        by=system_actor(), kind="thematic", unit=tree["btl"], body=bodies["party"], year=2022, theme=theme
    )
    assert report.theme == theme and report.year == 2022 and report.year_from is None
    _check(report.facts, 2022, 2022)
