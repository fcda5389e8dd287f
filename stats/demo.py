"""Demo statistics: approved half-year (H1) and annual forms 2021–2025 (a few 2025 H1 forms left
missing, late or awaiting approval) for the wards of Quận Tây
Hồ, Quận Bắc Từ Liêm, Quận Đống Đa and for Phường Tam Quan Nam.

The figures the seeds print come out of the aggregates exactly, spread over the wards:
* seed 002 — Quận Tây Hồ, 6 tháng đầu năm 2022: 11 dialogues, 1.512 participants ("khoảng
  1.500"), Σ resolved / Σ raised = 174/200 = 87% (2021: 123/150 = 82%, so "+5"), 42/42 CBCC
  conferences, 58/119 NLĐ conferences, 79/108 conventions;
* seed 004 — Phường Tam Quan Nam, năm 2022: 3.374 families registered, 3.270 achieved, 7/7
  residential areas, 5/5 agencies and schools. The article prints 96,99%; 3270/3374 is really
  96,92%. We record the numerator and denominator as the seed states them and let the system
  compute the rate (so it shows 96,92%);
* seed 000 — Quận Bắc Từ Liêm, năm 2022: 1.026 security cameras ("trên 1.000") against a
  target of 1.026 (100%).
Everything else is generated deterministically (a CRC of unit name and period seeds the numbers),
written with bulk inserts, and the rollups are rebuilt once at the end. Generated figures obey the
rules a user's entry must obey: every part ≤ its whole, no recommendations or participants where no
dialogue was held, and a first half-year never above its whole year.

Today's world (from 01/07/2025): the new Phường Đông Ngạc and Phường Xuân Đỉnh (Hà Nội) and Phường
Hoài Nhơn (Gia Lai) report the year 2025 and the first half of 2026 (approved for Đông Ngạc, late
and awaiting the city reviewer for Xuân Đỉnh, returned with a reason to Hoài Nhơn); the year 2026 is
the open period (Đông Ngạc has started a draft)."""

import datetime as dt
import random
import zlib
from decimal import Decimal

from django.utils import timezone

from danvan.demo import GIA_LAI, HANOI, current_province, current_ward, legacy_district, legacy_ward
from lib import periods
from orgunits.models import OrgUnit, UnitType
from stats import catalogue as cat
from stats.models import DataElement, DataSet, DataValue, Status, Submission, Target, WorkflowAction, WorkflowEvent
from stats.services import rollup_rebuild

DISTRICTS = ["Quận Tây Hồ", "Quận Bắc Từ Liêm", "Quận Đống Đa"]
HALF_YEARS = [periods.Period(y, 1) for y in range(2021, 2026)]
YEARS = [periods.Period(y) for y in range(2021, 2026)]

# Seed 002 (Quận Tây Hồ, 8 wards): totals spread over the wards.
TAY_HO = {
    "2022H1": {
        cat.DIALOGUES: 11,
        cat.DIALOGUE_PARTICIPANTS: 1512,
        cat.RECOMMENDATIONS_RAISED: 200,
        cat.RECOMMENDATIONS_RESOLVED: 174,
        cat.CBCC_CONF_REQUIRED: 42,
        cat.CBCC_CONF_HELD: 42,
        cat.NLD_CONF_REQUIRED: 119,
        cat.NLD_CONF_HELD: 58,
        cat.CONVENTIONS_TOTAL: 108,
        cat.CONVENTIONS_APPROVED: 79,
    },
    "2021H1": {cat.RECOMMENDATIONS_RAISED: 150, cat.RECOMMENDATIONS_RESOLVED: 123},
}
# Seed 004 (one ward, so no spreading).
TAM_QUAN_NAM_2022 = {
    cat.CULT_FAMILIES_REGISTERED: 3374,
    cat.CULT_FAMILIES_ACHIEVED: 3270,
    cat.CULT_AREAS_TOTAL: 7,
    cat.CULT_AREAS_ACHIEVED: 7,
    cat.CULT_AGENCIES_TOTAL: 5,
    cat.CULT_AGENCIES_ACHIEVED: 5,
}
BTL_CAMERAS_2022 = 1026  # "trên 1.000 camera, đạt 100% chỉ tiêu"
# 2025 H1 is left unfinished here and there, so the approval and completeness pages have work to
# show: (district, ward) → "missing" (nothing entered: the demo clerk of Cổ Nhuế 1 can try entry),
# "submitted" (awaiting the district reviewer) or "late" (approved, but submitted after the deadline).
UNFINISHED_2025H1 = {
    ("Quận Bắc Từ Liêm", "Phường Cổ Nhuế 1"): "missing",
    ("Quận Bắc Từ Liêm", "Phường Đông Ngạc"): "submitted",
    ("Quận Bắc Từ Liêm", "Phường Xuân Đỉnh"): "submitted",
    ("Quận Bắc Từ Liêm", "Phường Thụy Phương"): "late",
    ("Quận Tây Hồ", "Phường Bưởi"): "submitted",
}
PAIRS = [  # (part, whole): the part is spread inside the whole, ward by ward
    (cat.RECOMMENDATIONS_RESOLVED, cat.RECOMMENDATIONS_RAISED),
    (cat.CBCC_CONF_HELD, cat.CBCC_CONF_REQUIRED),
    (cat.NLD_CONF_HELD, cat.NLD_CONF_REQUIRED),
    (cat.CONVENTIONS_APPROVED, cat.CONVENTIONS_TOTAL),
    (cat.CULT_FAMILIES_ACHIEVED, cat.CULT_FAMILIES_REGISTERED),
    (cat.CULT_AREAS_ACHIEVED, cat.CULT_AREAS_TOTAL),
    (cat.CULT_AGENCIES_ACHIEVED, cat.CULT_AGENCIES_TOTAL),
    (cat.COMPLAINTS_RESOLVED, cat.COMPLAINTS_RECEIVED),
]


def spread(total: int, n: int) -> list[int]:
    """``total`` over ``n`` parts as evenly as possible, larger parts first; sums exactly."""
    base, rest = divmod(total, n)
    return [base + (1 if i < rest else 0) for i in range(n)]


def spread_within(total: int, wholes: list[int]) -> list[int]:
    """``total`` over parts proportional to ``wholes``, each part ≤ its whole; sums exactly."""
    whole_sum = sum(wholes)
    if total > whole_sum:
        raise ValueError("part larger than whole")
    parts = [w * total // whole_sum if whole_sum else 0 for w in wholes]
    i = 0
    while sum(parts) < total:
        if parts[i % len(parts)] < wholes[i % len(parts)]:
            parts[i % len(parts)] += 1
        i += 1
    return parts


# Today's wards: (district of the legacy ward, legacy ward) → {period: state}; "approved",
# "late_waiting" (submitted after the deadline, still waiting), "returned" (sent back with RETURN_REASON),
# "draft" (being entered: the first section only).
CURRENT = {
    ("Quận Bắc Từ Liêm", "Phường Đông Ngạc"): {"2025": "approved", "2026H1": "approved", "2026": "draft"},
    ("Quận Bắc Từ Liêm", "Phường Xuân Đỉnh"): {"2025": "approved", "2026H1": "late_waiting"},
    ("Thị xã Hoài Nhơn", "Phường Tam Quan Nam"): {"2025": "approved", "2026H1": "returned"},
}
RETURN_REASON = "Số kiến nghị đã giải quyết chưa khớp biên bản các cuộc đối thoại; đề nghị rà soát, bổ sung."
DRAFT_CODES = {cat.DIALOGUES, cat.DIALOGUE_PARTICIPANTS, cat.RECOMMENDATIONS_RAISED, cat.RECOMMENDATIONS_RESOLVED}


def _dialogue_total(values: dict) -> int:
    dialogues = values.get(cat.DIALOGUES, 0)
    return sum(dialogues.values()) if isinstance(dialogues, dict) else dialogues


def _no_recommendations_without_dialogue(values: dict, seeded: set[str]) -> None:
    """Recommendations and participants are counted *from dialogues*: none without one. When a
    seed fixes the recommendations, the ward is given one dialogue instead."""
    if _dialogue_total(values) or not (values.get(cat.RECOMMENDATIONS_RAISED) or values.get(cat.DIALOGUE_PARTICIPANTS)):
        return
    if cat.RECOMMENDATIONS_RAISED in seeded and cat.DIALOGUES not in seeded:
        values[cat.DIALOGUES] = {cat.PARTY: 0, cat.GOVERNMENT: 1}
        if not values.get(cat.DIALOGUE_PARTICIPANTS):
            values[cat.DIALOGUE_PARTICIPANTS] = 60 + 3 * values[cat.RECOMMENDATIONS_RAISED]
        return
    for code in (cat.DIALOGUE_PARTICIPANTS, cat.RECOMMENDATIONS_RAISED, cat.RECOMMENDATIONS_RESOLVED):
        values[code] = 0


def _half_within_year(half: dict, year: dict, year_seeded: set[str]) -> None:
    """A first half-year never exceeds its whole year: raise the year's figure to the half's, or,
    when a seed fixes the year's figure, lower the half's (parts stay ≤ wholes either way)."""
    for code in set(half) & set(year):
        if isinstance(half[code], dict):
            for option, value in half[code].items():
                year[code][option] = max(year[code].get(option, 0), value)
        elif code in year_seeded:
            half[code] = min(half[code], year[code])
        else:
            year[code] = max(year[code], half[code])


def _rng(unit: OrgUnit, period: periods.Period) -> random.Random:
    return random.Random(zlib.crc32(f"{unit.name}|{unit.parent.name}|{period.code}".encode()))


def generated(unit: OrgUnit, period: periods.Period) -> dict[str, int]:
    """Plausible figures for one ward and period, respecting every part ≤ whole."""
    r = _rng(unit, period)
    v = {
        cat.DIALOGUE_PARTICIPANTS: 0,
        cat.RECOMMENDATIONS_RAISED: r.randint(5, 40),
        cat.CBCC_CONF_REQUIRED: r.randint(3, 8),
        cat.NLD_CONF_REQUIRED: r.randint(8, 20),
        cat.CONVENTIONS_TOTAL: r.randint(8, 20),
        cat.RELIGIOUS_PROGRAMMES: r.randint(0, 4),
        cat.CITIZEN_RECEPTIONS: r.randint(6, 24),
        cat.COMPLAINTS_RECEIVED: r.randint(5, 30),
        cat.COORDINATION_PLANS: r.randint(0, 3),
        cat.SECURITY_CAMERAS: r.randint(20, 120),
    }
    party, government = r.randint(0, 2), r.randint(0, 2)
    v[cat.DIALOGUES] = {cat.PARTY: party, cat.GOVERNMENT: government}
    v[cat.DIALOGUE_PARTICIPANTS] = (party + government) * r.randint(80, 200)
    v[cat.RECOMMENDATIONS_RESOLVED] = v[cat.RECOMMENDATIONS_RAISED] * r.randint(70, 95) // 100
    v[cat.CBCC_CONF_HELD] = v[cat.CBCC_CONF_REQUIRED] - r.randint(0, 1)
    v[cat.NLD_CONF_HELD] = r.randint(v[cat.NLD_CONF_REQUIRED] // 2, v[cat.NLD_CONF_REQUIRED])
    v[cat.CONVENTIONS_APPROVED] = r.randint(v[cat.CONVENTIONS_TOTAL] // 2, v[cat.CONVENTIONS_TOTAL])
    v[cat.COMPLAINTS_RESOLVED] = v[cat.COMPLAINTS_RECEIVED] * r.randint(75, 100) // 100
    if period.half is None:
        v[cat.CULT_FAMILIES_REGISTERED] = r.randint(1500, 4000)
        v[cat.CULT_FAMILIES_ACHIEVED] = v[cat.CULT_FAMILIES_REGISTERED] * r.randint(900, 985) // 1000
        v[cat.CULT_AREAS_TOTAL] = r.randint(5, 12)
        v[cat.CULT_AREAS_ACHIEVED] = r.randint(v[cat.CULT_AREAS_TOTAL] - 2, v[cat.CULT_AREAS_TOTAL])
        v[cat.CULT_AGENCIES_TOTAL] = r.randint(3, 8)
        v[cat.CULT_AGENCIES_ACHIEVED] = r.randint(v[cat.CULT_AGENCIES_TOTAL] - 1, v[cat.CULT_AGENCIES_TOTAL])
    return v


def _apply_totals(per_ward: list[dict], totals: dict[str, int]) -> None:
    """Overwrite generated figures so that the wards sum exactly to the seed's totals."""
    n = len(per_ward)
    wholes = {whole for _part, whole in PAIRS}
    parts = {part: whole for part, whole in PAIRS}
    for code, total in totals.items():
        if code in parts:
            continue
        shares = spread(total, n)
        for values, share in zip(per_ward, shares, strict=True):
            if code == cat.DIALOGUES:
                values[code] = {cat.PARTY: share // 2, cat.GOVERNMENT: share - share // 2}
            else:
                values[code] = share
    for code, total in totals.items():
        if code in parts:
            whole = parts[code]
            shares = spread_within(total, [v[whole] for v in per_ward])
            for values, share in zip(per_ward, shares, strict=True):
                values[code] = share
    assert not (set(totals) & wholes) or all(v[p] <= v[w] for v in per_ward for p, w in PAIRS if p in v)


def _wards(district: OrgUnit) -> list[OrgUnit]:
    return list(
        OrgUnit.objects.filter(parent=district, unit_type=UnitType.COMMUNE).select_related("parent").order_by("name")
    )


def _seeded(district_name: str, code: str) -> set[str]:
    if district_name == "Quận Tây Hồ" and code in TAY_HO:
        return set(TAY_HO[code])
    if district_name == "Quận Bắc Từ Liêm" and code == "2022":
        return {cat.SECURITY_CAMERAS}
    if district_name == "Thị xã Hoài Nhơn" and code == "2022":
        return set(TAM_QUAN_NAM_2022)
    return set()


def _consistent(result: dict, unit: OrgUnit, district_name: str, years) -> None:
    """Apply the entry rules to one ward's generated figures, period by period."""
    for period in years:
        for code in (f"{period.year}H1", str(period.year)):
            if (unit.pk, code) in result:
                _no_recommendations_without_dialogue(result[(unit.pk, code)], _seeded(district_name, code))
        half, year = result.get((unit.pk, f"{period.year}H1")), result.get((unit.pk, str(period.year)))
        if half is not None and year is not None:
            _half_within_year(half, year, _seeded(district_name, str(period.year)))


def figures() -> dict[tuple[int, str], dict]:
    """{(unit id, period code): {element code: value}} for every demo ward and period."""
    result = {}
    for name in DISTRICTS:
        district = legacy_district(name)
        wards = _wards(district)
        for period in HALF_YEARS + YEARS:
            per_ward = [generated(w, period) for w in wards]
            if name == "Quận Tây Hồ" and period.code in TAY_HO:
                _apply_totals(per_ward, TAY_HO[period.code])
            if name == "Quận Bắc Từ Liêm" and period.code == "2022":
                _apply_totals(per_ward, {cat.SECURITY_CAMERAS: BTL_CAMERAS_2022})
            for ward, values in zip(wards, per_ward, strict=True):
                result[(ward.pk, period.code)] = values
        for ward in wards:
            _consistent(result, ward, name, YEARS)
    tqn = legacy_ward("Thị xã Hoài Nhơn", "Phường Tam Quan Nam")
    tqn = OrgUnit.objects.select_related("parent").get(pk=tqn.pk)
    for period in HALF_YEARS + YEARS:
        values = generated(tqn, period)
        if period.code == "2022":
            values.update(TAM_QUAN_NAM_2022)
        result[(tqn.pk, period.code)] = values
    _consistent(result, tqn, "Thị xã Hoài Nhơn", YEARS)
    return result


def current_figures() -> tuple[dict[tuple[int, str], dict], dict[tuple[int, str], str]]:
    """Figures and workflow states of today's demo wards (see CURRENT)."""
    result, states = {}, {}
    for (district_name, legacy_name), plan in CURRENT.items():
        ward = OrgUnit.objects.select_related("parent").get(pk=current_ward(district_name, legacy_name).pk)
        for code, state in plan.items():
            result[(ward.pk, code)] = generated(ward, periods.parse(code))
            states[(ward.pk, code)] = state
        _consistent(result, ward, "", [periods.Period(y) for y in (2025, 2026)])
        for code, state in plan.items():
            if state == "draft":
                result[(ward.pk, code)] = {k: v for k, v in result[(ward.pk, code)].items() if k in DRAFT_CODES}
    return result, states


def _unfinished() -> dict[int, str]:
    return {legacy_ward(d, w).pk: state for (d, w), state in UNFINISHED_2025H1.items()}


def _submission(ds, period, unit_id, state, reviewer) -> Submission:
    """An unsaved submission in the demo ``state`` (None = approved on time)."""
    if state == "draft":
        return Submission(data_set=ds, period=period.code, unit_id=unit_id, status=Status.DRAFT)
    days = 4 if state in ("late", "late_waiting") else -3
    submitted = timezone.make_aware(dt.datetime.combine(ds.due_date(period) + dt.timedelta(days=days), dt.time(9)))
    status = {"submitted": Status.SUBMITTED, "late_waiting": Status.SUBMITTED, "returned": Status.RETURNED}.get(
        state, Status.APPROVED
    )
    waiting = status == Status.SUBMITTED
    return Submission(
        data_set=ds,
        period=period.code,
        unit_id=unit_id,
        status=status,
        submitted_at=submitted,
        decided_at=None if waiting else submitted + dt.timedelta(days=2),
        decided_by=None if waiting else reviewer,
        reason=RETURN_REASON if status == Status.RETURNED else "",
    )


def _events(sub: Submission) -> list[WorkflowEvent]:
    if sub.status == Status.DRAFT:
        return []
    out = [WorkflowEvent(submission=sub, action=WorkflowAction.SUBMIT)]
    if sub.status == Status.APPROVED:
        out.append(WorkflowEvent(submission=sub, action=WorkflowAction.APPROVE, by=sub.decided_by))
    elif sub.status == Status.RETURNED:
        out.append(WorkflowEvent(submission=sub, action=WorkflowAction.RETURN, by=sub.decided_by, reason=sub.reason))
    return out


def _current_reviewers(context, unit_ids: set[int]) -> dict[int, object]:
    """Today's wards are decided by the reviewer of their new city / province."""
    if not context:
        return {}
    provinces = [
        (current_province(HANOI).path, context.users.get("thamdinh.hanoi")),
        (current_province(GIA_LAI).path, context.users.get("thamdinh.gialai")),
    ]
    out = {}
    for unit in OrgUnit.objects.filter(pk__in=unit_ids):
        out[unit.pk] = next((user for path, user in provinces if unit.path.startswith(path)), None)
    return out


def load(context) -> None:
    forms = {ds.period_type: ds for ds in DataSet.objects.filter(code__in=[cat.HALF_YEAR_FORM, cat.YEAR_FORM])}
    elements = {e.code: e for e in DataElement.objects.select_related("combo")}
    options = {(e.code, o.code): o for e in elements.values() if e.combo_id for o in e.combo.options.all()}
    on_form = {ptype: set(ds.sections.values_list("elements__code", flat=True)) for ptype, ds in forms.items()}
    data = figures()
    existing = set(
        Submission.objects.filter(data_set__in=forms.values()).values_list("data_set_id", "period", "unit_id")
    )
    reviewer = context.users.get("thamdinh.bactuliem") if context else None
    states = {(unit_id, "2025H1"): state for unit_id, state in _unfinished().items()}
    current, current_states = current_figures()
    data.update(current)
    states.update(current_states)
    reviewers = _current_reviewers(context, {u for u, _ in current})
    subs = []
    for (unit_id, code), _values in data.items():
        period = periods.parse(code)
        ds = forms[period.type]
        state = states.get((unit_id, code))
        if (ds.pk, code, unit_id) in existing or state == "missing":
            continue
        subs.append(_submission(ds, period, unit_id, state, reviewers.get(unit_id, reviewer)))
    Submission.objects.bulk_create(subs, batch_size=500)
    created = Submission.objects.filter(
        data_set__in=forms.values(), unit_id__in={u for u, _ in data}, values__isnull=True
    ).select_related("data_set")
    values, events = [], []
    for sub in created:
        figures_ = data.get((sub.unit_id, sub.period))
        if figures_ is None:
            continue
        allowed = on_form[sub.data_set.period_type]
        for code, value in figures_.items():
            if code not in allowed:
                continue
            if isinstance(value, dict):
                for option_code, v in value.items():
                    values.append(
                        DataValue(
                            submission=sub,
                            element=elements[code],
                            option=options[(code, option_code)],
                            value=Decimal(v),
                        )
                    )
            else:
                values.append(DataValue(submission=sub, element=elements[code], value=Decimal(value)))
        events += _events(sub)
    DataValue.objects.bulk_create(values, batch_size=2000)
    WorkflowEvent.objects.bulk_create(events, batch_size=2000)
    btl = legacy_district("Quận Bắc Từ Liêm")
    Target.objects.update_or_create(
        element=elements[cat.SECURITY_CAMERAS], unit=btl, period="2022", defaults={"value": BTL_CAMERAS_2022}
    )
    rollup_rebuild()
