"""Gather the figures a report is written from: one function per source (registry, awards,
periodic statistics), each calling that app's public selectors. The result is a plain
JSON-serializable dict, stored with the draft and frozen with each issued version.

Numbers are ints where whole, else strings of the exact Decimal (``"96.92"``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lib import periods
from orgunits.models import OrgUnit, UnitType
from reports import figures
from reports.figures import DATA_SET_FOR, num
from stats import catalogue as cat

MAX_SUB_UNITS = 60  # appendix rows per sub-unit; each costs one selector call

STATS_CODES = [
    cat.DIALOGUES,
    cat.DIALOGUE_PARTICIPANTS,
    cat.RECOMMENDATIONS_RAISED,
    cat.RECOMMENDATIONS_RESOLVED,
    cat.CBCC_CONF_HELD,
    cat.CBCC_CONF_REQUIRED,
    cat.NLD_CONF_HELD,
    cat.NLD_CONF_REQUIRED,
    cat.CONVENTIONS_APPROVED,
    cat.CONVENTIONS_TOTAL,
    cat.CULT_FAMILIES_REGISTERED,
    cat.CULT_FAMILIES_ACHIEVED,
    cat.CULT_AREAS_ACHIEVED,
    cat.CULT_AREAS_TOTAL,
    cat.CULT_AGENCIES_ACHIEVED,
    cat.CULT_AGENCIES_TOTAL,
    cat.SECURITY_CAMERAS,
    cat.RELIGIOUS_PROGRAMMES,
    cat.CITIZEN_RECEPTIONS,
    cat.COMPLAINTS_RECEIVED,
    cat.COMPLAINTS_RESOLVED,
    cat.COORDINATION_PLANS,
]


@dataclass(frozen=True)
class Scope:
    """What a report covers: a half-year, a year, or the years ``year_from``–``year``."""

    kind: str  # reports.models.ReportKind value
    year: int
    year_from: int | None = None

    @property
    def period(self) -> periods.Period:
        """The statistics period: H1 for a half-year review, else the (last) year."""
        return periods.Period(self.year, 1) if self.kind == "half_year" else periods.Period(self.year)

    @property
    def is_multi(self) -> bool:
        return self.kind == "multi_year" and self.year_from is not None and self.year_from < self.year

    @property
    def year_range(self) -> tuple[int, int]:
        return (self.year_from, self.year) if self.is_multi else (self.year, self.year)

    @property
    def date_range(self) -> tuple[dt.date, dt.date]:
        """The days the report covers: 01/01–30/06 for a half-year review, the year for a year
        review, 01/01 of the first year to 31/12 of the last for a multi-year one. Every dated
        registry and award fact (decision dates, plaque dates) is counted inside it."""
        first, last = self.year_range
        if self.kind == "half_year":
            return self.period.start, self.period.end
        return dt.date(first, 1, 1), dt.date(last, 12, 31)

    def words(self) -> str:
        if self.is_multi:
            return f"từ năm {self.year_from} đến năm {self.year}"
        return self.period.words()


# ------------------------------------------------------------------------------------ wording
_PREFIXES = [
    ("Thành phố", "Thành phố"),
    ("Tỉnh", "tỉnh"),
    ("Quận", "quận"),
    ("Huyện", "huyện"),
    ("Thị xã", "thị xã"),
    ("Thị trấn", "thị trấn"),
    ("Phường", "phường"),
    ("Xã", "xã"),
]
_DEFAULT_LEVEL_WORD = {"province": "tỉnh", "district": "huyện", "commune": "xã"}


def place_word(name: str) -> str | None:
    """ "Quận Bắc Từ Liêm" → "quận"; "Thành phố Hà Nội" → "Thành phố"; None if not an area name."""
    for prefix, word in _PREFIXES:
        if name.startswith(prefix + " "):
            return word
    return None


def unit_facts(unit: OrgUnit) -> dict:
    """The unit's name, how the narrative names its area ("toàn quận") and each level
    ("cấp quận", "cấp phường", "cấp Thành phố"). Two queries."""
    chain = list(unit.ancestors()) + [unit]
    words: dict[str, str] = {}
    for item in chain:
        word = place_word(item.name)
        if word and item.level.code in _DEFAULT_LEVEL_WORD:
            words[item.level.code] = word
    if "commune" not in words:
        child = OrgUnit.objects.filter(parent=unit, unit_type=UnitType.COMMUNE).order_by("path").values("name").first()
        if child and place_word(child["name"]):
            words["commune"] = place_word(child["name"])
    levels = {code: "cấp " + words.get(code, default) for code, default in _DEFAULT_LEVEL_WORD.items()}
    own = place_word(unit.name)
    return {
        "id": unit.pk,
        "name": unit.name,
        "area": f"toàn {own}" if own else "toàn đơn vị",
        "place": own or "đơn vị",
        "levels": levels,
    }


# ------------------------------------------------------------------------------------ registry
def _registry_block(counts) -> dict:
    status = counts.by("status")
    return {
        "total": counts.count(),
        "models": counts.count(kind="model"),
        "exemplars": counts.count(kind="exemplar"),
        "collectives": counts.count(subject="collective"),
        "individuals": counts.count(subject="individual"),
        "recognized": counts.count(recognized=True),
        "recognized_collectives": counts.count(subject="collective", recognized=True),
        "recognized_individuals": counts.count(subject="individual", recognized=True),
        "recognized_by_level": {k: v for k, v in counts.by("recognized_level").items() if k},
        "new": counts.count(origin="new"),
        "replicated": counts.count(origin="replicated"),
        "implementing": status.get("implementing", 0),
        "proposed": status.get("proposed", 0),
        "by_status": status,
        "funding_social": counts.total("funding_social"),
        "funding_state": counts.total("funding_state"),
        "workdays": counts.total("workdays"),
        "land_m2": counts.total("land_m2"),
        "beneficiaries": counts.total("beneficiaries"),
        "works_built": counts.total("works_built"),
    }


def _field_rows(counts) -> list[dict]:
    from initiatives.models import Field

    total = counts.by("field")
    models_ = counts.by("field", kind="model")
    exemplars = counts.by("field", kind="exemplar")
    recognized = counts.by("field", recognized=True)
    replicated = counts.by("field", origin="replicated")
    rows = []
    for code, name in Field.objects.order_by("order", "name").values_list("code", "name"):
        if total.get(code):
            rows.append(
                {
                    "code": code,
                    "name": name,
                    "n": total[code],
                    "models": models_.get(code, 0),
                    "exemplars": exemplars.get(code, 0),
                    "recognized": recognized.get(code, 0),
                    "replicated": replicated.get(code, 0),
                }
            )
    return rows


def sub_units(unit: OrgUnit) -> list[OrgUnit]:
    """The unit's direct sub-units that are areas or agencies (residential groups of a district
    are counted within their ward)."""
    qs = OrgUnit.objects.filter(parent=unit)
    if unit.unit_type in (UnitType.COUNTRY, UnitType.PROVINCE, UnitType.DISTRICT):
        qs = qs.exclude(unit_type=UnitType.RESIDENTIAL)
    return list(qs.order_by("unit_type", "name")[:MAX_SUB_UNITS])


def per_sub_unit(unit: OrgUnit, scope: Scope) -> list[dict]:
    """Registry counts per sub-unit (adapter: the registry's selector per child, since it has no
    per-sub-unit breakdown of its own)."""
    from initiatives.selectors import registry_counts

    rows = []
    for child in sub_units(unit):
        counts = registry_counts(child, year_range=scope.year_range)
        block = _registry_block(counts)
        if block["total"]:
            rows.append({"unit": child.name, **{k: block[k] for k in _UNIT_COLUMNS}})
    return rows


_UNIT_COLUMNS = (
    "total",
    "models",
    "exemplars",
    "collectives",
    "individuals",
    "recognized",
    "funding_social",
    "workdays",
)


def registry_facts(unit: OrgUnit, scope: Scope) -> dict:
    """Registrations by registration year (an initiative carries its registration year, not a
    date: units register at the start of the year, so a half-year review states the year's
    registrations); recognition decisions and plaque-mounted works by their DATE inside the
    report's days (``Scope.date_range``)."""
    from initiatives.selectors import counts_by_year, decision_counts, plaque_counts, registry_counts

    counts = registry_counts(unit, year_range=scope.year_range, through_lineage=True)
    facts = _registry_block(counts)
    facts["by_field"] = _field_rows(counts)
    decisions: dict[str, dict] = {}
    days = scope.date_range
    for row in decision_counts(unit, year_range=scope.year_range, through_lineage=True, date_range=days):
        item = decisions.setdefault(row["level"], {"n": 0, "outstanding": 0, "decisions": 0})
        for key in ("n", "outstanding", "decisions"):
            item[key] += row[key]
    facts["decisions"] = decisions
    plaques: dict[str, int] = {}
    for (level, _year), n in plaque_counts(
        unit, year_range=scope.year_range, through_lineage=True, date_range=days
    ).items():
        plaques[level] = plaques.get(level, 0) + n
    facts["plaques"] = plaques
    if scope.kind != "half_year":
        active = registry_counts(unit, active_in=scope.year, through_lineage=True)
        facts["active_models"] = active.count(kind="model")
        facts["active_total"] = active.count()
    if scope.is_multi:
        facts["last_year"] = _registry_block(registry_counts(unit, year=scope.year, through_lineage=True))
        by_year = counts_by_year(unit, year_range=scope.year_range, through_lineage=True)
        facts["by_year"] = [{"year": y, **{k: num(v) for k, v in row.items()}} for y, row in sorted(by_year.items())]
    facts["by_unit"] = per_sub_unit(unit, scope)
    facts.update(registry_rate_facts(unit, scope, counts))
    return facts


def registry_rate_facts(unit: OrgUnit, scope: Scope, counts) -> dict:
    """Additive: the registry as offices count it — registered by level, what summary
    registrations add, and the shares recognized / effective / outstanding (overall, by field,
    by level), so reports can restate "đạt kết quả tốt", "tiêu biểu", "cấp cơ sở"."""
    from initiatives.evaluations import registry_rates

    rates = registry_rates(unit, year_range=scope.year_range, through_lineage=True)

    def clean(block: dict) -> dict:
        return {k: num(v) if not isinstance(v, str) else v for k, v in block.items()}

    summary_rows = [row for row in counts.rows if row.get("summary")]
    return {
        "registered_by_level": {k: v for k, v in counts.by("registered_level").items() if k},
        "from_summaries": sum(row["n"] for row in summary_rows),
        "rates": {
            "total": clean(rates["total"]),
            "by_field": [clean(row) for row in rates["by_field"]],
            "by_level": [clean(row) for row in rates["by_level"]],
        },
    }


# ------------------------------------------------------------------------------------ awards
def _award_groups(rows) -> list[dict]:
    groups: dict[tuple, dict] = {}
    for row in rows:
        key = (row.issuer_title, row.area, row.reward_form)
        item = groups.setdefault(
            key,
            {
                "issuer": row.issuer_title,
                "area": row.area,
                "area_name": row.area_name,
                "form": row.reward_form,
                "form_name": row.reward_form_name,
                "title_name": row.emulation_title_name,
                "collective": 0,
                "individual": 0,
            },
        )
        item[row.kind] += row.count
    return list(groups.values())


def award_facts(unit: OrgUnit, scope: Scope) -> dict:
    """Rewards and proposals whose decision is DATED inside the report's days: a half-year review
    counts the decisions of 01/01–30/06, never December's (an undated decision counts in the year
    of its achievement, so only in year and multi-year reports)."""
    from awards.models import DecisionStatus
    from awards.selectors import award_counts

    first, last = scope.year_range
    days = scope.date_range
    issued = award_counts(unit, lineage=True, date_range=days)
    proposed = award_counts(unit, status=DecisionStatus.PROPOSED, lineage=True, date_range=days)
    groups = _award_groups(issued)
    last_days = (dt.date(last, 1, 1), dt.date(last, 12, 31))
    last_year = _award_groups(award_counts(unit, lineage=True, date_range=last_days)) if first != last else groups
    by_form: dict[str, dict] = {}
    by_area: dict[str, dict] = {}
    for g in groups:
        for bucket, key in ((by_form, g["form_name"] or g["title_name"] or ""), (by_area, g["area_name"] or "")):
            item = bucket.setdefault(key, {"collective": 0, "individual": 0})
            item["collective"] += g["collective"]
            item["individual"] += g["individual"]
    from awards.selectors import honoured_totals

    return {
        # Additive: "tổng số tập thể và cá nhân được khen thưởng, biểu dương" (rewards and
        # commendations apart and together, by form; named and declared recipients).
        "honoured": honoured_totals(unit, lineage=True, date_range=days),
        "groups": groups,
        "by_form": by_form,
        "by_area": by_area,
        "collectives": sum(g["collective"] for g in groups),
        "individuals": sum(g["individual"] for g in groups),
        "proposals": _award_groups(proposed),
        "last_year_groups": last_year,
    }


# ------------------------------------------------------------------------------------ statistics
def stats_facts(unit: OrgUnit, scope: Scope) -> dict:
    """Figures of the periodic statistics for the report's (last) period, with last year's, the
    rates and their change, targets and completeness — all from ``stats.selectors``."""
    from stats.models import DataSet
    from stats.selectors import aggregate_table, completeness

    period = scope.period
    data_set = DataSet.objects.filter(code=DATA_SET_FOR[period.type]).first()
    if data_set is None:
        return {}
    table = aggregate_table(data_set, unit, period, through_lineage=True)
    values, previous, options, targets = {}, {}, {}, {}
    for row in table["rows"]:
        code = row.element.code
        if row.option:
            if row.value is not None:
                options[f"{code}:{row.option}"] = num(row.value)
            continue
        if row.value is not None:
            values[code] = num(row.value)
        if row.previous is not None:
            previous[code] = num(row.previous)
        if row.target is not None:
            targets[code] = {"target": num(row.target), "percent": num(row.target_percent)}
    rates = {}
    for r in table["rates"]:
        if r.current.percent is None:
            continue
        rates[r.indicator.code] = {
            "numerator": num(r.current.numerator),
            "denominator": num(r.current.denominator),
            "percent": num(r.current.percent),
            "previous": num(r.previous.percent),
            "points": num(r.points_change),
        }
    comp = completeness(data_set, period, unit)
    completeness_facts = None
    if comp.expected:
        completeness_facts = {
            "data_set": data_set.name,
            "expected": comp.expected,
            "submitted": comp.submitted,
            "on_time": comp.on_time,
            "late": comp.late,
            "missing": comp.missing,
            "approved": comp.approved,
            "percent": num(comp.percent),
            "missing_units": [u.name for u in comp.missing_units[:10]],
        }
    return {
        "period": period.code,
        "values": values,
        "previous": previous,
        "options": options,
        "targets": targets,
        "rates": rates,
        "completeness": completeness_facts,
    }


def catalogue_facts(unit: OrgUnit, scope: Scope) -> dict:
    """Every element, option and rate of the statistics catalogue with data (see reports.figures)."""
    return figures.catalogue_facts(unit, scope)


def gather_facts(unit: OrgUnit, scope: Scope) -> dict:
    """Everything the narrative and the appendix need, from the three sources."""
    return {
        "unit": unit_facts(unit),
        "scope": {
            "kind": scope.kind,
            "year": scope.year,
            "year_from": scope.year_from,
            "words": scope.words(),
            "period": scope.period.code,
        },
        "registry": registry_facts(unit, scope),
        "awards": award_facts(unit, scope),
        "stats": stats_facts(unit, scope),
        "catalogue": catalogue_facts(unit, scope),
    }
