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
written with bulk inserts, and the rollups are rebuilt once at the end."""

import datetime as dt
import random
import zlib
from decimal import Decimal

from django.utils import timezone

from danvan.demo import legacy_district, legacy_ward
from lib import periods
from orgunits.models import OrgUnit, UnitType
from stats.models import DataElement, DataSet, DataValue, Status, Submission, Target, WorkflowAction, WorkflowEvent
from stats.services import rollup_rebuild

DISTRICTS = ["Quận Tây Hồ", "Quận Bắc Từ Liêm", "Quận Đống Đa"]
HALF_YEARS = [periods.Period(y, 1) for y in range(2021, 2026)]
YEARS = [periods.Period(y) for y in range(2021, 2026)]

# Seed 002 (Quận Tây Hồ, 8 wards): totals spread over the wards.
TAY_HO = {
    "2022H1": {
        "DIALOGUES": 11,
        "DIALOGUE_PARTICIPANTS": 1512,
        "RECOMMENDATIONS_RAISED": 200,
        "RECOMMENDATIONS_RESOLVED": 174,
        "CBCC_CONF_REQUIRED": 42,
        "CBCC_CONF_HELD": 42,
        "NLD_CONF_REQUIRED": 119,
        "NLD_CONF_HELD": 58,
        "CONVENTIONS_TOTAL": 108,
        "CONVENTIONS_APPROVED": 79,
    },
    "2021H1": {"RECOMMENDATIONS_RAISED": 150, "RECOMMENDATIONS_RESOLVED": 123},
}
# Seed 004 (one ward, so no spreading).
TAM_QUAN_NAM_2022 = {
    "CULT_FAMILIES_REGISTERED": 3374,
    "CULT_FAMILIES_ACHIEVED": 3270,
    "CULT_AREAS_TOTAL": 7,
    "CULT_AREAS_ACHIEVED": 7,
    "CULT_AGENCIES_TOTAL": 5,
    "CULT_AGENCIES_ACHIEVED": 5,
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
    ("RECOMMENDATIONS_RESOLVED", "RECOMMENDATIONS_RAISED"),
    ("CBCC_CONF_HELD", "CBCC_CONF_REQUIRED"),
    ("NLD_CONF_HELD", "NLD_CONF_REQUIRED"),
    ("CONVENTIONS_APPROVED", "CONVENTIONS_TOTAL"),
    ("CULT_FAMILIES_ACHIEVED", "CULT_FAMILIES_REGISTERED"),
    ("CULT_AREAS_ACHIEVED", "CULT_AREAS_TOTAL"),
    ("CULT_AGENCIES_ACHIEVED", "CULT_AGENCIES_TOTAL"),
    ("COMPLAINTS_RESOLVED", "COMPLAINTS_RECEIVED"),
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


def _rng(unit: OrgUnit, period: periods.Period) -> random.Random:
    return random.Random(zlib.crc32(f"{unit.name}|{unit.parent.name}|{period.code}".encode()))


def generated(unit: OrgUnit, period: periods.Period) -> dict[str, int]:
    """Plausible figures for one ward and period, respecting every part ≤ whole."""
    r = _rng(unit, period)
    v = {
        "DIALOGUE_PARTICIPANTS": 0,
        "RECOMMENDATIONS_RAISED": r.randint(5, 40),
        "CBCC_CONF_REQUIRED": r.randint(3, 8),
        "NLD_CONF_REQUIRED": r.randint(8, 20),
        "CONVENTIONS_TOTAL": r.randint(8, 20),
        "RELIGIOUS_PROGRAMMES": r.randint(0, 4),
        "CITIZEN_RECEPTIONS": r.randint(6, 24),
        "COMPLAINTS_RECEIVED": r.randint(5, 30),
        "COORDINATION_PLANS": r.randint(0, 3),
        "SECURITY_CAMERAS": r.randint(20, 120),
    }
    party, government = r.randint(0, 2), r.randint(0, 2)
    v["DIALOGUES"] = {"PARTY": party, "GOVERNMENT": government}
    v["DIALOGUE_PARTICIPANTS"] = (party + government) * r.randint(80, 200)
    v["RECOMMENDATIONS_RESOLVED"] = v["RECOMMENDATIONS_RAISED"] * r.randint(70, 95) // 100
    v["CBCC_CONF_HELD"] = v["CBCC_CONF_REQUIRED"] - r.randint(0, 1)
    v["NLD_CONF_HELD"] = r.randint(v["NLD_CONF_REQUIRED"] // 2, v["NLD_CONF_REQUIRED"])
    v["CONVENTIONS_APPROVED"] = r.randint(v["CONVENTIONS_TOTAL"] // 2, v["CONVENTIONS_TOTAL"])
    v["COMPLAINTS_RESOLVED"] = v["COMPLAINTS_RECEIVED"] * r.randint(75, 100) // 100
    if period.half is None:
        v["CULT_FAMILIES_REGISTERED"] = r.randint(1500, 4000)
        v["CULT_FAMILIES_ACHIEVED"] = v["CULT_FAMILIES_REGISTERED"] * r.randint(900, 985) // 1000
        v["CULT_AREAS_TOTAL"] = r.randint(5, 12)
        v["CULT_AREAS_ACHIEVED"] = r.randint(v["CULT_AREAS_TOTAL"] - 2, v["CULT_AREAS_TOTAL"])
        v["CULT_AGENCIES_TOTAL"] = r.randint(3, 8)
        v["CULT_AGENCIES_ACHIEVED"] = r.randint(v["CULT_AGENCIES_TOTAL"] - 1, v["CULT_AGENCIES_TOTAL"])
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
            if code == "DIALOGUES":
                values[code] = {"PARTY": share // 2, "GOVERNMENT": share - share // 2}
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
                _apply_totals(per_ward, {"SECURITY_CAMERAS": BTL_CAMERAS_2022})
            for ward, values in zip(wards, per_ward, strict=True):
                result[(ward.pk, period.code)] = values
    tqn = legacy_ward("Thị xã Hoài Nhơn", "Phường Tam Quan Nam")
    tqn = OrgUnit.objects.select_related("parent").get(pk=tqn.pk)
    for period in HALF_YEARS + YEARS:
        values = generated(tqn, period)
        if period.code == "2022":
            values.update(TAM_QUAN_NAM_2022)
        result[(tqn.pk, period.code)] = values
    return result


def _unfinished() -> dict[int, str]:
    return {legacy_ward(d, w).pk: state for (d, w), state in UNFINISHED_2025H1.items()}


def load(context) -> None:
    forms = {ds.period_type: ds for ds in DataSet.objects.filter(code__in=["BC_DV_6T", "BC_DV_NAM"])}
    elements = {e.code: e for e in DataElement.objects.select_related("combo")}
    options = {(e.code, o.code): o for e in elements.values() if e.combo_id for o in e.combo.options.all()}
    on_form = {ptype: set(ds.sections.values_list("elements__code", flat=True)) for ptype, ds in forms.items()}
    data = figures()
    existing = set(
        Submission.objects.filter(data_set__in=forms.values()).values_list("data_set_id", "period", "unit_id")
    )
    reviewer = context.users.get("thamdinh.bactuliem") if context else None
    unfinished = _unfinished()
    subs = []
    for (unit_id, code), _values in data.items():
        period = periods.parse(code)
        ds = forms[period.type]
        state = unfinished.get(unit_id) if code == "2025H1" else None
        if (ds.pk, code, unit_id) in existing or state == "missing":
            continue
        days = 4 if state == "late" else -3
        submitted = timezone.make_aware(dt.datetime.combine(ds.due_date(period) + dt.timedelta(days=days), dt.time(9)))
        waiting = state == "submitted"
        subs.append(
            Submission(
                data_set=ds,
                period=code,
                unit_id=unit_id,
                status=Status.SUBMITTED if waiting else Status.APPROVED,
                submitted_at=submitted,
                decided_at=None if waiting else submitted + dt.timedelta(days=2),
                decided_by=None if waiting else reviewer,
            )
        )
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
        events.append(WorkflowEvent(submission=sub, action=WorkflowAction.SUBMIT))
        if sub.status == Status.APPROVED:
            events.append(WorkflowEvent(submission=sub, action=WorkflowAction.APPROVE, by=reviewer))
    DataValue.objects.bulk_create(values, batch_size=2000)
    WorkflowEvent.objects.bulk_create(events, batch_size=2000)
    btl = legacy_district("Quận Bắc Từ Liêm")
    Target.objects.update_or_create(
        element=elements["SECURITY_CAMERAS"], unit=btl, period="2022", defaults={"value": BTL_CAMERAS_2022}
    )
    rollup_rebuild()
