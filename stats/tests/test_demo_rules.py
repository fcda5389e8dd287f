"""Demo figures obey the rules a user's entry must obey, and today's wards have a current cycle
(expectations come from the rules and the demo plan, not from the loader's output)."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.db.models import Sum

from danvan.demo import current_ward, load_foundation
from lib import periods
from stats import demo, services
from stats.models import DataValue, Status, Submission

DIALOGUE_FIGURES = ("DIALOGUE_PARTICIPANTS", "RECOMMENDATIONS_RAISED", "RECOMMENDATIONS_RESOLVED")


@pytest.fixture
def demo_loaded(db):
    context = load_foundation()
    demo.load(context)
    return context


def _totals() -> dict[int, dict[str, Decimal]]:
    rows = DataValue.objects.filter(value__isnull=False).values("submission_id", "element__code")
    out: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for row in rows.annotate(total=Sum("value")):
        out[row["submission_id"]][row["element__code"]] = row["total"]
    return out


def _by_option() -> dict[tuple[int, str, int | None], Decimal]:
    rows = DataValue.objects.filter(value__isnull=False).values_list("submission_id", "element__code", "option_id")
    return {(s, c, o): v for s, c, o, v in rows.annotate(total=Sum("value"))}


def test_every_demo_form_passes_the_validation_rules_of_entry(demo_loaded):
    totals = _totals()
    submissions = list(Submission.objects.select_related("data_set", "unit"))
    assert submissions
    broken = []
    for sub in submissions:
        for violation in services.check_rules(sub.data_set, totals.get(sub.pk, {})):
            broken.append((sub.unit.name, sub.period, violation.message))
    assert broken == []


def test_no_demo_form_counts_recommendations_or_participants_without_a_dialogue(demo_loaded):
    for pk, values in _totals().items():
        if values.get("DIALOGUES", 0) == 0:
            assert all(values.get(code, 0) == 0 for code in DIALOGUE_FIGURES), pk


def test_no_demo_first_half_year_exceeds_its_whole_year(demo_loaded):
    subs = Submission.objects.values_list("pk", "unit_id", "period")
    by_key = {(unit, period): pk for pk, unit, period in subs}
    values = _by_option()
    checked = 0
    for (unit, period), half_pk in by_key.items():
        if not period.endswith("H1") or (unit, period[:4]) not in by_key:
            continue
        year_pk = by_key[(unit, period[:4])]
        for (pk, code, option), value in values.items():
            if pk == half_pk and (year_pk, code, option) in values:
                assert value <= values[(year_pk, code, option)], (unit, period, code)
                checked += 1
    assert checked > 1000  # every ward and year of the demo


def test_todays_wards_have_closed_periods_approved_and_the_current_year_open(demo_loaded):
    dong_ngac = current_ward("Quận Bắc Từ Liêm", "Phường Đông Ngạc")
    xuan_dinh = current_ward("Quận Bắc Từ Liêm", "Phường Xuân Đỉnh")
    hoai_nhon = current_ward("Thị xã Hoài Nhơn", "Phường Tam Quan Nam")
    assert dong_ngac.valid_from and not dong_ngac.valid_to
    states = {(s.unit_id, s.period): s for s in Submission.objects.filter(unit__in=[dong_ngac, xuan_dinh, hoai_nhon])}
    assert states[(dong_ngac.pk, "2025")].status == Status.APPROVED
    assert states[(dong_ngac.pk, "2026H1")].status == Status.APPROVED
    assert states[(dong_ngac.pk, "2026")].status == Status.DRAFT
    late = states[(xuan_dinh.pk, "2026H1")]
    assert late.status == Status.SUBMITTED
    assert late.submitted_at.date() > late.data_set.due_date(periods.parse("2026H1"))
    returned = states[(hoai_nhon.pk, "2026H1")]
    assert returned.status == Status.RETURNED and returned.reason
    assert (hoai_nhon.pk, "2026") not in states  # the open year: nothing entered yet
