"""Reads of the registry: the counters reports, dashboards and the API use, and the page queries.

All counters aggregate in SQL (``values().annotate()``) and take the same scope arguments:

``units_or_paths``
    None (everywhere), one OrgUnit, a path string, or a list/set of OrgUnits and/or paths — each
    stands for its whole subtree.
``through_lineage``
    also count the units that became these units through the 2025 reorganization (so today's
    ward or province totals its predecessors' history).
``year`` / ``year_range``
    one registration year, or an inclusive (first, last) range; either end may be None.

Draft initiatives are not counted as registered unless ``include_drafts=True``."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from initiatives.models import DecisionItem, Initiative, PlaqueWork, Status
from orgunits.scope import subtree_q
from orgunits.selectors import subtree_roots

DIMENSIONS = ("kind", "subject", "field", "status", "recognized_level", "origin", "registered_level")
MEASURES = ("n", "funding_social", "funding_state", "workdays", "land_m2", "beneficiaries", "works_built")


def _scoped(units_or_paths, *, through_lineage=False, year=None, year_range=None, include_drafts=False):
    qs = Initiative.objects.within(subtree_roots(units_or_paths, through_lineage=through_lineage))
    qs = qs.in_years(year=year, year_range=year_range)
    if not include_drafts:
        qs = qs.exclude(status=Status.DRAFT)
    return qs


@dataclass
class RegistryCounts:
    """Grouped counts: one row per combination of kind × subject × field (code) × status ×
    recognized_level ("" = none) × origin, with ``n`` and the summed results.

    ``count(**where)`` / ``total(measure, **where)`` / ``by(dimension, **where)`` slice it in
    Python without further queries. ``where`` takes a value or a collection of values per
    dimension, plus ``recognized=True/False``."""

    rows: list[dict] = field(default_factory=list)

    def _match(self, row, where) -> bool:
        for key, wanted in where.items():
            if key == "recognized":
                if bool(row["recognized_level"]) != bool(wanted):
                    return False
                continue
            value = row[key]
            if isinstance(wanted, (list, tuple, set, frozenset)):
                if value not in wanted:
                    return False
            elif value != wanted:
                return False
        return True

    def total(self, measure: str = "n", **where) -> int:
        return sum(row[measure] or 0 for row in self.rows if self._match(row, where))

    def count(self, **where) -> int:
        return self.total("n", **where)

    def summary(self, **where) -> dict[str, int]:
        """The figures reports quote, as one flat dict (all computed from ``rows``)."""
        levels = self.by("recognized_level", **where)
        return {
            "total": self.count(**where),
            "models": self.count(kind="model", **where),
            "exemplars": self.count(kind="exemplar", **where),
            "collectives": self.count(subject="collective", **where),
            "individuals": self.count(subject="individual", **where),
            "new": self.count(origin="new", **where),
            "replicated": self.count(origin="replicated", **where),
            "recognized": self.count(recognized=True, **where),
            "recognized_commune": levels.get("commune", 0),
            "recognized_district": levels.get("district", 0),
            "recognized_province": levels.get("province", 0),
            "funding_social": self.total("funding_social", **where),
            "funding_state": self.total("funding_state", **where),
            "workdays": self.total("workdays", **where),
            "land_m2": self.total("land_m2", **where),
            "beneficiaries": self.total("beneficiaries", **where),
            "works_built": self.total("works_built", **where),
        }

    def by(self, dimension: str, measure: str = "n", **where) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self.rows:
            if self._match(row, where):
                out[row[dimension]] = out.get(row[dimension], 0) + (row[measure] or 0)
        return out


def registry_counts(
    units_or_paths=None,
    year: int | None = None,
    year_range: tuple[int | None, int | None] | None = None,
    *,
    through_lineage: bool = False,
    include_drafts: bool = False,
    active_in: int | None = None,
    include_summaries: bool = True,
) -> RegistryCounts:
    """Counts and sums of the registry for a unit subtree and a year or range of years.

    With ``active_in=Y`` (instead of a year) it counts what was in force at the end of year Y:
    registered in Y or earlier and not stopped before the end of Y.

    Summary registrations (counts without names) are included as rows with ``status`` ""
    and ``summary=True``, adding only what the named rows do not already cover; pass
    ``include_summaries=False`` for named records only.

    Example: ``registry_counts(district, 2022).count(subject="collective", recognized=True)``."""
    qs = _scoped(
        units_or_paths,
        through_lineage=through_lineage,
        year=year,
        year_range=year_range,
        include_drafts=include_drafts,
    )
    if active_in is not None:
        qs = qs.filter(year__lte=active_in).filter(
            ~Q(status=Status.STOPPED) | Q(stopped_on__isnull=False, stopped_on__year__gt=active_in)
        )
    rows = (
        qs.values("kind", "subject", "field__code", "status", "recognized_level", "origin", "registered_level")
        .annotate(
            n=Count("id"),
            funding_social=Sum("funding_social"),
            funding_state=Sum("funding_state"),
            workdays=Sum("workdays"),
            land_m2=Sum("land_m2"),
            beneficiaries=Sum("beneficiaries"),
            works_built=Sum("works_built"),
        )
        .order_by()
    )
    result = []
    for row in rows:
        row["field"] = row.pop("field__code")
        result.append(row)
    if include_summaries:
        # Counts known only as figures, beyond the named rows they cover (initiatives.summaries).
        from initiatives.summaries import summary_count_rows

        paths = subtree_roots(units_or_paths, through_lineage=through_lineage)
        result += summary_count_rows(paths, year=year, year_range=year_range, active_in=active_in)
    return RegistryCounts(result)


def counts_by_year(units_or_paths=None, year_range=None, *, through_lineage=False) -> dict[int, dict[str, int]]:
    """Per registration year: registered, recognized, collectives, individuals, funding, workdays."""
    qs = _scoped(units_or_paths, through_lineage=through_lineage, year_range=year_range)
    rows = (
        qs.values("year")
        .annotate(
            registered=Count("id"),
            recognized=Count("id", filter=~Q(recognized_level="")),
            collectives=Count("id", filter=Q(subject="collective")),
            individuals=Count("id", filter=Q(subject="individual")),
            funding_social=Sum("funding_social"),
            workdays=Sum("workdays"),
        )
        .order_by("year")
    )
    result = {row.pop("year"): row for row in rows}
    # One-year summary registrations add what their named rows do not cover.
    from initiatives.summaries import summary_by_year

    paths = subtree_roots(units_or_paths, through_lineage=through_lineage)
    for year, extra in summary_by_year(paths, year_range=year_range).items():
        row = result.setdefault(
            year,
            {
                "registered": 0,
                "recognized": 0,
                "collectives": 0,
                "individuals": 0,
                "funding_social": 0,
                "workdays": 0,
            },
        )
        for key, value in extra.items():
            row[key] += value
    return dict(sorted(result.items()))


def decision_counts(
    units_or_paths=None, year: int | None = None, year_range=None, *, through_lineage: bool = False, date_range=None
) -> list[dict]:
    """Initiatives recognized by decisions, per decision level and decision year:
    ``[{"level": "district", "year": 2023, "n": 23, "outstanding": 5, "decisions": 1}, ...]``.
    The scope is the initiatives' units; the years are the decisions' years. ``date_range``
    (inclusive first and last day) keeps the decisions dated inside it (a half-year review)."""
    paths = subtree_roots(units_or_paths, through_lineage=through_lineage)
    qs = DecisionItem.objects.filter(subtree_q(paths, "initiative__unit__path"))
    qs = qs.annotate(year=ExtractYear("decision__date"))
    if date_range is not None:
        qs = qs.filter(decision__date__gte=date_range[0], decision__date__lte=date_range[1])
    if year is not None:
        qs = qs.filter(year=year)
    elif year_range is not None:
        if year_range[0] is not None:
            qs = qs.filter(year__gte=year_range[0])
        if year_range[1] is not None:
            qs = qs.filter(year__lte=year_range[1])
    rows = (
        qs.values("decision__level", "year")
        .annotate(
            n=Count("id"),
            outstanding=Count("id", filter=Q(outstanding=True)),
            decisions=Count("decision", distinct=True),
        )
        .order_by("year", "decision__level")
    )
    return [
        {
            "level": r["decision__level"],
            "year": r["year"],
            "n": r["n"],
            "outstanding": r["outstanding"],
            "decisions": r["decisions"],
        }
        for r in rows
    ]


def plaque_counts(
    units_or_paths=None, year: int | None = None, year_range=None, *, through_lineage=False, date_range=None
):
    """Plaque-mounted works per plaque level and year: ``{("district", 2025): 9, ...}``; with
    ``date_range`` (inclusive first and last day) only the works dated inside it."""
    paths = subtree_roots(units_or_paths, through_lineage=through_lineage)
    qs = PlaqueWork.objects.filter(subtree_q(paths, "initiative__unit__path"))
    qs = qs.annotate(year=ExtractYear("date"))
    if date_range is not None:
        qs = qs.filter(date__gte=date_range[0], date__lte=date_range[1])
    if year is not None:
        qs = qs.filter(year=year)
    elif year_range is not None:
        if year_range[0] is not None:
            qs = qs.filter(year__gte=year_range[0])
        if year_range[1] is not None:
            qs = qs.filter(year__lte=year_range[1])
    rows = qs.values("level", "year").annotate(n=Count("id")).order_by("year", "level")
    return {(r["level"], r["year"]): r["n"] for r in rows}


# ---------------------------------------------------------------- page queries

SORTS = {
    "name": ("search_text", "pk"),
    "-name": ("-search_text", "-pk"),
    "year": ("year", "pk"),
    "-year": ("-year", "-pk"),
    "unit": ("unit__path", "pk"),
    "status": ("status", "pk"),
    "funding": ("-funding_social", "pk"),
}


def initiative_list(user, *, data: dict | None = None):
    """The list page's queryset for ``user`` with the filter form's cleaned data."""
    data = data or {}
    qs = Initiative.objects.visible_to(user).select_related("unit", "field")
    if data.get("q"):
        qs = qs.search(data["q"])
    year_from, year_to = data.get("year_from"), data.get("year_to")
    if data.get("year"):
        qs = qs.filter(year=data["year"])
    if year_from or year_to:
        qs = qs.in_years(year_range=(year_from, year_to))
    for key in ("kind", "subject", "status", "origin"):
        if data.get(key):
            qs = qs.filter(**{key: data[key]})
    if data.get("field"):
        qs = qs.filter(field=data["field"])
    level = data.get("level")
    if level == "any":
        qs = qs.recognized()
    elif level == "none":
        qs = qs.filter(recognized_level="")
    elif level:
        qs = qs.filter(recognized_level=level)
    if data.get("unit"):
        qs = qs.filter(unit__path__startswith=data["unit"].path)
    order = SORTS.get(data.get("sort") or "-year", SORTS["-year"])
    if data.get("q") and not data.get("sort"):
        order = ("search_rank", *order)
    return qs.order_by(*order)


def replication_tree(initiative: Initiative) -> dict:
    """The source chain above the initiative and its replications below it, in two queries:
    ``{"ancestors": [...], "nodes": [(depth, initiative), ...], "count": n, "units": n}``."""
    segments = [s for s in initiative.lineage_path.split(".") if s]
    ancestor_ids = [int(s) for s in segments[:-1]]
    ancestors = Initiative.objects.filter(pk__in=ancestor_ids).select_related("unit")
    ancestors = sorted(ancestors, key=lambda a: ancestor_ids.index(a.pk))
    below = list(
        Initiative.objects.filter(lineage_path__startswith=initiative.lineage_path)
        .exclude(pk=initiative.pk)
        .select_related("unit")
        .order_by("lineage_path")
    )
    base = len(segments)
    nodes = [(len([s for s in row.lineage_path.split(".") if s]) - base, row) for row in below]
    return {
        "ancestors": ancestors,
        "nodes": nodes,
        "count": len(below),
        "units": len({row.unit_id for row in below}),
        "years": sorted({row.year for row in below}),
    }


def timeline(initiative: Initiative):
    return initiative.events.select_related("by", "decision").order_by("at", "pk")


def evidence_of(initiative: Initiative):
    return initiative.evidence.select_related("uploaded_by").order_by("uploaded_at", "pk")


def decisions_of(initiative: Initiative):
    return (
        DecisionItem.objects.filter(initiative=initiative).select_related("decision__issuer").order_by("decision__date")
    )


def open_decisions(user, level_codes: Iterable[str]):
    """Existing decisions a reviewer may add initiatives to: issued in their review scope at
    one of their levels, newest first."""
    from accounts.access import scope_q
    from accounts.roles import Cap
    from initiatives.models import RecognitionDecision

    return (
        RecognitionDecision.objects.filter(scope_q(user, Cap.REVIEW, field="issuer__path"))
        .filter(level__in=list(level_codes))
        .select_related("issuer")
        .order_by("-date", "-pk")[:100]
    )
