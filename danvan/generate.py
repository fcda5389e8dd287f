"""Deterministic volume data on the real unit tree, for benchmarks at national scale.

Scales: S = one pre-2025 district with its wards (and the wards they became in July 2025), 5 years;
M = one province (today's code, with its predecessors), 10 years; L = the whole country, 10 years.
Every random choice comes from one ``random.Random`` seeded with a fixed number, so two runs on
empty databases write the same rows.

What is written, at realistic rates, obeying the model rules:
- statistics: both forms (the half-year form for the halves it accepts, the year form), per
  reporting unit and period, only for units existing at the period's end; statuses by age
  (old periods almost all approved, recent ones partly submitted / returned / draft / missing),
  submitted on time or late; values with every part ≤ its whole (resolved ≤ raised …);
- initiatives: models and exemplars per commune and year, with statuses, recognition decisions
  (district level before July 2025, province level after) and replication chains (a model
  replicated from an earlier recognized one, with its lineage path);
- award decisions with collective and individual recipients, through the awards services.
Rows are inserted in bulk (no history rows: this is load data, not edits); the statistics rollups
are then rebuilt by ``stats.services.rollup_rebuild``."""

import datetime as dt
import operator
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from stats import catalogue as cat

SEED = 20251
BATCH = 2000


@dataclass(frozen=True)
class Scale:
    province: int | None  # today's province code (None = the whole country)
    one_district: bool
    years: int


SCALES = {"S": Scale(province=1, one_district=True, years=5), "M": Scale(1, False, 10), "L": Scale(None, False, 10)}


@dataclass
class Counts:
    units: int = 0
    submissions: int = 0
    values: int = 0
    initiatives: int = 0
    replications: int = 0
    recognition_decisions: int = 0
    award_decisions: int = 0
    award_recipients: int = 0
    rollups: int = 0
    extra: dict = field(default_factory=dict)


# Plausible per-commune magnitudes of the wholes; each part is drawn as a share of its whole.
RANGES = {
    cat.DIALOGUES: (1, 6),
    cat.DIALOGUE_PARTICIPANTS: (40, 600),
    cat.RECOMMENDATIONS_RAISED: (0, 40),
    cat.CBCC_CONF_REQUIRED: (1, 8),
    cat.NLD_CONF_REQUIRED: (0, 12),
    cat.CONVENTIONS_TOTAL: (2, 20),
    cat.CULT_FAMILIES_REGISTERED: (800, 6000),
    cat.CULT_AREAS_TOTAL: (5, 30),
    cat.CULT_AGENCIES_TOTAL: (3, 25),
    cat.SECURITY_CAMERAS: (0, 120),
    cat.RELIGIOUS_PROGRAMMES: (0, 6),
    cat.CITIZEN_RECEPTIONS: (6, 48),
    cat.COMPLAINTS_RECEIVED: (0, 30),
    cat.COORDINATION_PLANS: (0, 5),
}
OPS = {"<=": operator.le, "<": operator.lt, "==": operator.eq, ">=": operator.ge, ">": operator.gt}


def generate(scale: str, *, today: dt.date | None = None, log=print) -> Counts:
    """Load the units of ``scale`` (idempotent) and write its volume data; the rollups are rebuilt."""
    from accounts.system import system_actor
    from orgunits.loader import load_units
    from stats.services import rollup_rebuild

    spec = SCALES[scale]
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    by = system_actor()
    log(f"units: province {spec.province or 'all'} with the pre-2025 tree")
    load_units(legacy=True, province_code=spec.province, by=by)
    units = _scope_units(spec)
    counts = Counts(units=len(units))
    years = list(range(today.year - spec.years + 1, today.year + 1))
    with transaction.atomic():
        log("statistics")
        _statistics(rng, units, years, today, by, counts)
        log("initiatives")
        _initiatives(rng, units, years, today, by, counts)
        log("awards")
        _awards(rng, units, years, today, by, counts)
        log("rollups")
        counts.rollups = rollup_rebuild()
    return counts


# ------------------------------------------------------------------------------------ units
def _scope_units(spec: Scale) -> list:
    """Reporting units (communes) of the scale: one district's wards and what they became, one
    province and its predecessors, or every commune."""
    from orgunits.models import LineageEvent, OrgUnit, UnitType

    communes = OrgUnit.objects.filter(unit_type=UnitType.COMMUNE).select_related("parent", "level")
    if spec.province is None:
        return list(communes.order_by("path"))
    roots = list(OrgUnit.objects.filter(ext_key__in=[f"2025:p:{spec.province}"]))
    roots += [e.source for e in LineageEvent.objects.filter(target__in=roots).select_related("source")]
    if spec.one_district:
        from orgunits.models import CodeScheme

        legacy = [r for r in roots if r.code_scheme == CodeScheme.LEGACY]
        district = OrgUnit.objects.filter(parent__in=legacy, unit_type=UnitType.DISTRICT).order_by("path").first()
        wards = list(communes.filter(path__startswith=district.path).order_by("path"))
        became = communes.filter(lineage_in__source__in=wards).distinct().order_by("path")
        return wards + list(became)
    return list(communes.filter(_under(roots)).order_by("path"))


def _under(roots) -> Q:
    q = Q(pk__in=[])
    for root in roots:
        q |= Q(path__startswith=root.path)
    return q


def _exists_on(unit, day: dt.date) -> bool:
    return unit.is_valid_on(day)


# ------------------------------------------------------------------------------- statistics
def _statistics(rng, units, years, today, by, counts) -> None:
    from lib import periods
    from stats.models import DataSet, DataValue, Status, Submission, WorkflowAction, WorkflowEvent
    from stats.services import data_set_elements

    for data_set in DataSet.objects.filter(active=True, code__in=[cat.HALF_YEAR_FORM, cat.YEAR_FORM]).order_by("code"):
        elements = [e for e in data_set_elements(data_set) if e.is_numeric]
        options = {e.pk: list(e.combo.options.order_by("sort_order")) if e.combo_id else [] for e in elements}
        rules = _rules(data_set)
        for period in periods.periods_of_type(data_set.period_type, years[0], years[-1]):
            if not data_set.accepts_period(period) or period.start > today:
                continue
            due = data_set.due_date(period)
            reporting = [u for u in units if _exists_on(u, min(period.end, today))]
            subs, value_plan, events = [], [], []
            for unit in reporting:
                status, submitted_at, decided_at = _fate(rng, period, due, today)
                if status is None:
                    continue
                sub = Submission(
                    data_set=data_set,
                    period=period.code,
                    unit=unit,
                    status=status,
                    submitted_at=submitted_at,
                    submitted_by=by if submitted_at else None,
                    decided_at=decided_at,
                    decided_by=by if decided_at else None,
                    reason="Đề nghị bổ sung số liệu đối thoại." if status == Status.RETURNED else "",
                )
                subs.append(sub)
                value_plan.append(_values(rng, elements, options, rules))
            Submission.objects.bulk_create(subs, batch_size=BATCH)
            rows = []
            for sub, plan in zip(subs, value_plan, strict=True):
                rows += [
                    DataValue(submission=sub, element_id=e, option_id=o, value=Decimal(v)) for (e, o), v in plan.items()
                ]
                if sub.submitted_at:
                    events.append(WorkflowEvent(submission=sub, action=WorkflowAction.SUBMIT, by=by))
                if sub.decided_at:
                    action = WorkflowAction.APPROVE if sub.status == Status.APPROVED else WorkflowAction.RETURN
                    events.append(WorkflowEvent(submission=sub, action=action, by=by, reason=sub.reason))
            DataValue.objects.bulk_create(rows, batch_size=BATCH)
            WorkflowEvent.objects.bulk_create(events, batch_size=BATCH)
            counts.submissions += len(subs)
            counts.values += len(rows)


def _fate(rng, period, due, today):
    """(status, submitted_at, decided_at) of one unit's form, or (None, …) when it never sent one."""
    from stats.models import Status

    if period.end >= today:  # the period is still running: a few drafts
        return (Status.DRAFT, None, None) if rng.random() < 0.3 else (None, None, None)
    old = (today - due).days > 365
    weights = [96, 2, 1, 0.5, 0.5] if old else [70, 15, 5, 5, 5]
    status = rng.choices(["approved", "submitted", "returned", "draft", "missing"], weights)[0]
    if status == "missing":
        return None, None, None
    if status == "draft":
        return Status.DRAFT, None, None
    on_time = rng.random() < 0.85
    days = (due - period.end).days
    day = (
        period.end + dt.timedelta(days=1 + rng.randrange(days))
        if on_time
        else due + dt.timedelta(1 + rng.randrange(30))
    )
    day = min(day, today)
    submitted = timezone.make_aware(dt.datetime.combine(day, dt.time(8 + rng.randrange(9), rng.randrange(60))))
    if status == "submitted":
        return Status.SUBMITTED, submitted, None
    decided = min(submitted + dt.timedelta(days=1 + rng.randrange(20)), timezone.now())
    return (Status.APPROVED if status == "approved" else Status.RETURNED), submitted, decided


def _rules(data_set) -> list[tuple[str, str, str]]:
    """(left, op, right) of every rule checked on entry of the form (bounded rates and admin rules)."""
    from stats.services import _rules_for  # read-only: the same list the entry service checks

    return [(left, op, right) for left, op, right, *_rest in _rules_for(data_set)]


def _values(rng, elements, options, rules) -> dict[tuple[int, int | None], int]:
    """One form's values: wholes drawn from RANGES, parts as shares of their wholes, then every
    rule checked; a single-code left side that still breaks a rule is brought down to the bound."""
    from stats.expressions import evaluate

    by_code = {e.code: e for e in elements}
    parts = {left: right for left, op, right in rules if op in ("<=", "<") and left in by_code and right in by_code}
    totals: dict[str, int] = {}
    for e in elements:
        if e.code not in parts:
            lo, hi = RANGES.get(e.code, (0, 20))
            totals[e.code] = rng.randint(lo, hi)
    for part, whole in parts.items():
        totals[part] = int(totals.get(whole, 0) * rng.uniform(0.55, 1.0))
    for left, op, right in rules:
        a, b = evaluate(left, totals), evaluate(right, totals)
        if a is not None and b is not None and not OPS[op](a, b):
            if left not in totals:
                raise ValueError(f"generated values break the rule {left} {op} {right}")
            totals[left] = max(0, int(b) - (1 if op == "<" else 0))
    plan = {}
    for e in elements:
        if options[e.pk]:
            shares = _split(rng, totals[e.code], len(options[e.pk]))
            plan.update({(e.pk, o.pk): v for o, v in zip(options[e.pk], shares, strict=True)})
        else:
            plan[(e.pk, None)] = totals[e.code]
    return plan


def _split(rng, total: int, parts: int) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


# ------------------------------------------------------------------------------ initiatives
def _initiatives(rng, units, years, today, by, counts) -> None:
    from initiatives.demo import FAMILY, GIVEN, MIDDLE, MODEL_NAMES
    from initiatives.models import DecisionItem, Field, Initiative, Kind, Origin, Status, Subject
    from lib.vn_text import fold

    fields = list(Field.objects.filter(active=True).order_by("pk"))
    recognized_pool: list[Initiative] = []
    for year in years:
        rows = []
        for unit in units:
            window = _year_window(unit, year, today)
            if window is None:
                continue
            for _n in range(rng.choice([0, 1, 1, 2, 2, 3])):
                rows.append(_initiative(rng, unit, year, window, fields, recognized_pool, today))
        for row in rows:
            if row.subject == Subject.INDIVIDUAL:
                row.person_name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                row.person_unit = row.unit.name
                row.name = f"Điển hình “Dân vận khéo”: {row.person_name}"
                row.kind = Kind.EXEMPLAR
            else:
                row.name = rng.choice(MODEL_NAMES.get(row.field.code) or ["Mô hình dân vận khéo"])
            row.search_text = fold(" ".join(p for p in [row.name, row.unit.name, row.person_name, row.field.name] if p))
        recognized = [r for r in rows if r.status == Status.RECOGNIZED]
        groups = _by_issuer(recognized, year, today)  # sets each one's level to its issuer's
        Initiative.objects.bulk_create(rows, batch_size=BATCH)
        for row in rows:  # the same format as initiatives.services: the source's path + own id
            prefix = row.source.lineage_path if row.source_id else ""
            row.lineage_path = (prefix + f"{row.pk:09d}.")[-255:]
        Initiative.objects.bulk_update(rows, ["lineage_path"], batch_size=BATCH)
        counts.initiatives += len(rows)
        counts.replications += sum(1 for r in rows if r.origin == Origin.REPLICATED)
        recognized_pool += recognized
        items = []
        for (issuer, level, date), group in groups.items():
            decision = _recognition_decision(issuer, level, date, year, by)
            counts.recognition_decisions += 1
            items += [DecisionItem(decision=decision, initiative=r, outstanding=rng.random() < 0.1) for r in group]
        DecisionItem.objects.bulk_create(items, batch_size=BATCH)


def _year_window(unit, year, today):
    """(first, last) day of ``year`` on which ``unit`` existed, not after today; None if none."""
    first = max(dt.date(year, 1, 1), unit.valid_from or dt.date.min)
    last = min(dt.date(year, 12, 31), unit.valid_to or dt.date.max, today)
    return (first, last) if first <= last else None


def _initiative(rng, unit, year, window, fields, pool, today):
    from initiatives.models import Initiative, Origin, Status, Subject

    first, last = window
    age = today.year - year
    if age >= 2:
        status = rng.choices(
            [Status.RECOGNIZED, Status.NOT_RECOGNIZED, Status.STOPPED, Status.IMPLEMENTING], [60, 10, 10, 20]
        )[0]
    elif age == 1:
        status = rng.choices([Status.RECOGNIZED, Status.PROPOSED, Status.IMPLEMENTING], [45, 15, 40])[0]
    else:
        status = rng.choices([Status.DRAFT, Status.REGISTERED, Status.IMPLEMENTING], [20, 40, 40])[0]
    # Reviewed ones started in the first half of the window, well before the year-end decision.
    span = (last - first).days + 1
    reviewed = status in (Status.RECOGNIZED, Status.NOT_RECOGNIZED, Status.PROPOSED, Status.STOPPED)
    start = first + dt.timedelta(days=rng.randrange(max(1, span // 2) if reviewed else span))
    source = None
    if pool and rng.random() < 0.15:
        source = rng.choice(pool)
        if source.unit_id == unit.pk:
            source = None
    individual = rng.random() < 0.35
    row = Initiative(
        unit=unit,
        year=year,
        subject=Subject.INDIVIDUAL if individual else Subject.COLLECTIVE,
        field=rng.choice(fields),
        start_date=start,
        status=status,
        origin=Origin.REPLICATED if source else Origin.NEW,
        source=source,
        funding_social=rng.randrange(0, 500) * 1_000_000,
        funding_state=rng.randrange(0, 100) * 1_000_000,
        workdays=rng.randrange(0, 2000),
        beneficiaries=rng.randrange(0, 5000),
        works_built=rng.randrange(0, 10),
        stopped_on=min(start + dt.timedelta(days=200), today) if status == Status.STOPPED else None,
    )
    return row


def _by_issuer(recognized, year, today) -> dict:
    """Recognized initiatives grouped by the body recognizing them: their district before the July
    2025 reform (decided in December, or June 2025), their province after it."""
    from initiatives.models import RecognitionLevel
    from orgunits.models import REORGANIZATION_DATE, UnitType

    groups: dict = {}
    for row in recognized:
        issuer = row.unit.parent
        while issuer.unit_type not in (UnitType.DISTRICT, UnitType.PROVINCE):
            issuer = issuer.parent
        date = min(dt.date(year, 12, 15), today - dt.timedelta(days=1))
        if issuer.valid_to and date > issuer.valid_to:
            date = issuer.valid_to  # a district closing on 30/06/2025 decides on its last day
        date = max(date, REORGANIZATION_DATE if issuer.valid_from else date)
        level = RecognitionLevel.DISTRICT if issuer.unit_type == UnitType.DISTRICT else RecognitionLevel.PROVINCE
        row.recognized_level = level
        groups.setdefault((issuer, level, date), []).append(row)
    return groups


def _recognition_decision(issuer, level, date, year, by):
    """Made as the service makes it (level within the issuer's, issuer existing on the date, date
    not ahead: ensured by the caller), checked by full_clean and saved with its history author."""
    from initiatives.models import RecognitionDecision
    from lib.audit import save_by

    number = f"{issuer.pk}{year % 100:02d}-QĐ/TĐ"
    found = RecognitionDecision.objects.filter(issuer=issuer, number=number, date=date).first()
    if found:
        return found
    decision = RecognitionDecision(number=number, date=date, issuer=issuer, level=level, signer="Chủ tịch")
    save_by(decision, by=by)
    return decision


# ----------------------------------------------------------------------------------- awards
def _awards(rng, units, years, today, by, counts) -> None:
    """One award decision per rewarding body (district, after the reform province) and year,
    for 5–15 of its communes and 1–4 people, through the awards services."""
    from awards import catalogue as c
    from awards import services
    from awards.models import AchievementArea, RecipientKind, RewardForm
    from initiatives.demo import FAMILY, GIVEN, MIDDLE, POSITIONS
    from orgunits.models import UnitType

    forms = {f.code: f for f in RewardForm.objects.all()}
    areas = list(AchievementArea.objects.order_by("pk"))
    for year in years:
        bodies: dict = {}
        for unit in units:
            day = min(dt.date(year, 11, 20), today - dt.timedelta(days=1), unit.valid_to or dt.date.max)
            if not unit.is_valid_on(day) or day.year != year:
                continue
            body = unit.parent
            while body.unit_type not in (UnitType.DISTRICT, UnitType.PROVINCE):
                body = body.parent
            bodies.setdefault((body, day), []).append(unit)
        for (body, day), members in bodies.items():
            chosen = rng.sample(members, min(len(members), rng.randint(5, 15)))
            rows = [{"kind": RecipientKind.COLLECTIVE, "unit": u} for u in chosen]
            for _n in range(rng.randint(1, 4)):
                rows.append(
                    {
                        "kind": RecipientKind.INDIVIDUAL,
                        "name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                        "position": rng.choice(POSITIONS),
                        "unit": rng.choice(members),
                        "date_of_birth": dt.date(
                            1965 + rng.randrange(30), 1 + rng.randrange(12), 1 + rng.randrange(28)
                        ),
                    }
                )
            decision = services.decision_create(
                by=by,
                issuer=body,
                issuer_title="Chủ tịch UBND",
                year=year,
                number=f"{body.pk}{year % 100:02d}/QĐ-KT",
                date=day,
                reward_form=forms[c.GIAY_KHEN],
                area=rng.choice(areas),
            )
            added = services.recipients_add(decision=decision, by=by, rows=rows)
            counts.award_decisions += 1
            counts.award_recipients += len(added)
