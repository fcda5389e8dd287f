"""What the overview page shows, read through the other apps' public selectors. Every function
runs a fixed number of queries whatever the number of initiatives, awards or values."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db.models import Q

from accounts.access import has_cap_anywhere, scope_paths, scope_q
from accounts.roles import Cap
from lib import periods
from lib.vn_format import change_words, percent_of
from orgunits.models import OrgUnit, UnitType
from orgunits.scope import subtree_q
from stats import catalogue as cat

AREA_TYPES = [UnitType.COUNTRY, UnitType.PROVINCE, UnitType.DISTRICT, UnitType.COMMUNE, UnitType.RESIDENTIAL]
MAX_SUB_UNITS = 30
WAITING_LIMIT = 8


# ------------------------------------------------------------------------------------ units
def unit_choices(user, chosen: OrgUnit | None = None) -> list[OrgUnit]:
    """The roots of the user's view scope and the areas right below them; with ``chosen`` (a
    unit the user may see, deeper down), that unit, its parent and its own sub-areas too, so the
    user can drill down level by level."""
    paths = scope_paths(user, Cap.VIEW)
    if paths is None:
        roots = list(OrgUnit.objects.filter(depth=0).order_by("path"))
        paths = [r.path for r in roots]
    if not paths:
        return []
    roots = list(OrgUnit.objects.filter(path__in=paths).select_related("level").order_by("path"))
    children = OrgUnit.objects.filter(parent__in=roots, unit_type__in=AREA_TYPES).order_by("path")
    by_parent: dict[int, list[OrgUnit]] = {}
    for child in children[:400]:
        by_parent.setdefault(child.parent_id, []).append(child)
    out = []
    for root in roots:
        out.append(root)
        out.extend(by_parent.get(root.pk, []))
    if chosen is not None and chosen not in out:
        extra = [chosen.parent] if chosen.parent_id and chosen.parent not in out else []
        out += [u for u in extra if u is not None] + [chosen]
    if chosen is not None and chosen not in roots:
        known = {u.pk for u in out}
        below = OrgUnit.objects.filter(parent=chosen, unit_type__in=AREA_TYPES).order_by("path")[:200]
        out += [u for u in below if u.pk not in known]
    return out


# ------------------------------------------------------------------------------------ registry
@dataclass
class Figure:
    label: str
    value: int
    previous: int | None = None
    kind: str = "count"  # "count" | "money"
    change: str | None = None


def registry_figures(unit, year: int) -> tuple[list[Figure], object]:
    """Headline registry figures of the year with the change versus the year before."""
    from django.utils.translation import gettext as _

    from initiatives.selectors import registry_counts

    now = registry_counts(unit, year=year, through_lineage=True)
    before = registry_counts(unit, year=year - 1, through_lineage=True)
    specs = [
        (_("Registered"), {}),
        (_("Models"), {"kind": "model"}),
        (_("Exemplars"), {"kind": "exemplar"}),
        (_("Collectives"), {"subject": "collective"}),
        (_("Individuals"), {"subject": "individual"}),
        (_("Recognized"), {"recognized": True}),
        (_("Replicated"), {"origin": "replicated"}),
    ]
    figures = []
    for label, where in specs:
        value, previous = now.count(**where), before.count(**where)
        figures.append(Figure(label, value, previous, change=change_words(value, previous, year=year - 1)))
    for label, measure, kind in (
        (_("Socialized funding"), "funding_social", "money"),
        (_("Workdays"), "workdays", "count"),
    ):
        value, previous = now.total(measure), before.total(measure)
        figures.append(Figure(label, value, previous, kind, change_words(value, previous, year=year - 1)))
    return figures, now


def by_field(counts) -> dict:
    from initiatives.models import Field

    totals = counts.by("field")
    recognized = counts.by("field", recognized=True)
    names = list(Field.objects.order_by("order", "name").values_list("code", "name"))
    return {
        "labels": [name for _code, name in names],
        "registered": [totals.get(code, 0) for code, _name in names],
        "recognized": [recognized.get(code, 0) for code, _name in names],
    }


def funnel(counts) -> dict:
    """Registered → being implemented (or further) → recognized at each level."""
    from django.utils.translation import gettext as _

    status = counts.by("status")
    levels = counts.by("recognized_level")
    started = sum(status.get(s, 0) for s in ("implementing", "proposed", "recognized", "not_recognized"))
    steps = [
        (_("Registered"), counts.count()),
        (_("Being implemented"), started),
        (_("Recognized (any level)"), counts.count(recognized=True)),
        (_("Commune / ward level"), levels.get("commune", 0)),
        (_("District level"), levels.get("district", 0)),
        (_("Province / city level"), levels.get("province", 0)),
    ]
    return {"labels": [s[0] for s in steps], "values": [s[1] for s in steps]}


SUB_UNIT_MODES = ("then", "today")


def by_sub_unit(unit, year: int, mode: str = "then") -> dict:
    """Registered and recognized per sub-unit in ONE aggregate query, whatever the number of
    sub-units. ``mode="then"``: the sub-units that existed in ``year`` (for today's Hà Nội in 2024,
    the districts of the old city, reached through lineage); ``mode="today"``: today's sub-units,
    each counting what its predecessors registered (a split ward counts for one successor only, so
    the bars never count a registration twice)."""
    if mode == "today":
        prefixes = _today_prefixes(unit)
        parent_names = {}
    else:
        prefixes, parent_names = _then_prefixes(unit, year)
    rows = _counts_by_prefix(prefixes, year)
    children = {c.pk: c for c in prefixes.values()}
    ranked = sorted(rows.items(), key=lambda item: (-item[1][0], children[item[0]].name))[:MAX_SUB_UNITS]
    labels, registered, recognized = [], [], []
    for child_id, (n, n_recognized) in ranked:
        child = children[child_id]
        labels.append(short_name(child.name, parent_names.get(child.parent_id, unit.name)))
        registered.append(n)
        recognized.append(n_recognized)
    return {"labels": labels, "registered": registered, "recognized": recognized, "mode": mode}


def _sub_units(parents, year: int | None = None):
    qs = OrgUnit.objects.filter(parent__in=parents)
    if any(p.unit_type not in (UnitType.COMMUNE, UnitType.AGENCY) for p in parents):
        qs = qs.exclude(unit_type=UnitType.RESIDENTIAL)
    units = list(qs.order_by("path"))
    return [u for u in units if year is None or u.existed_in_year(year)]


def _then_prefixes(unit, year: int) -> tuple[dict[str, OrgUnit], dict[int, str]]:
    """{path prefix: sub-unit} for the units of ``year``: the unit's own sub-units, or, when the
    unit did not exist yet, those of the units it came from."""
    from stats.selectors import lineage_units

    parents = [u for u in lineage_units(unit) if u.existed_in_year(year)] or [unit]
    return {c.path: c for c in _sub_units(parents, year)}, {p.pk: p.name for p in parents}


def _today_prefixes(unit) -> dict[str, OrgUnit]:
    """{path prefix: today's sub-unit}: each of today's sub-units with the units that became it."""
    import datetime as dt

    from orgunits.models import LineageEvent
    from orgunits.selectors import MAX_LINEAGE_DEPTH, current_successors

    today = dt.date.today()
    parents = [unit] if unit.is_valid_on(today) else current_successors(unit, on=today)
    children = [c for c in _sub_units(parents) if c.is_valid_on(today)]
    owner = {c.pk: c for c in children}  # unit id → today's sub-unit it counts for
    frontier = set(owner)
    for _ in range(MAX_LINEAGE_DEPTH):
        pairs = LineageEvent.objects.filter(target_id__in=frontier).order_by("source_id", "target_id")
        fresh = set()
        for source_id, target_id in pairs.values_list("source_id", "target_id"):
            if source_id not in owner:
                owner[source_id] = owner[target_id]
                fresh.add(source_id)
        if not fresh:
            break
        frontier = fresh
    paths = OrgUnit.objects.filter(pk__in=owner).values_list("pk", "path")
    return {path: owner[pk] for pk, path in paths}


def _counts_by_prefix(prefixes: dict[str, OrgUnit], year: int) -> dict[int, tuple[int, int]]:
    """{sub-unit id: (registered, recognized)} in one grouped query: each row is labelled with the
    sub-unit whose path prefix its unit's path starts with."""
    from django.db.models import Case, Count, IntegerField, Value, When

    from initiatives.models import Initiative, Status

    if not prefixes:
        return {}
    # Longest prefix first: a unit nested in another listed one counts for the nearer one.
    ordered = sorted(prefixes, key=len, reverse=True)
    owner = Case(
        *[When(unit__path__startswith=p, then=Value(prefixes[p].pk)) for p in ordered],
        output_field=IntegerField(),
    )
    rows = (
        Initiative.objects.within(ordered)
        .filter(year=year)
        .exclude(status=Status.DRAFT)
        .annotate(owner=owner)
        .values("owner")
        .order_by()
        .annotate(n=Count("pk"), recognized=Count("pk", filter=~Q(recognized_level="")))
    )
    return {r["owner"]: (r["n"], r["recognized"]) for r in rows if r["owner"] is not None and r["n"]}


def short_name(name: str, parent_name: str) -> str:
    """ "Công an quận Bắc Từ Liêm" under "Quận Bắc Từ Liêm" → "Công an" (chart labels)."""
    place = parent_name.split(" ", 1)[-1]
    for suffix in (" " + parent_name[:1].lower() + parent_name[1:], " " + parent_name, " " + place):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def latest_registry_year(unit, upto: int, lookback: int = 15) -> int | None:
    """The most recent year (up to ``upto``) in which the unit's subtree registered anything, so
    the overview opens on a year with figures rather than on an empty one."""
    from initiatives.selectors import counts_by_year

    rows = counts_by_year(unit, year_range=(upto - lookback, upto), through_lineage=True)
    years = [y for y, row in rows.items() if row.get("registered")]
    return max(years) if years else None


def by_year(unit, year: int, years: int) -> dict:
    from initiatives.selectors import counts_by_year

    rows = counts_by_year(unit, year_range=(year - years + 1, year), through_lineage=True)
    span = list(range(year - years + 1, year + 1))
    return {
        "labels": [str(y) for y in span],
        "registered": [rows.get(y, {}).get("registered", 0) for y in span],
        "recognized": [rows.get(y, {}).get("recognized", 0) for y in span],
    }


# ------------------------------------------------------------------------------------ statistics
@dataclass
class RateLine:
    name: str
    numerator: object
    denominator: object
    percent: object
    change: str | None


@dataclass
class StatsSummary:
    period: periods.Period
    rates: list[RateLine] = field(default_factory=list)
    completeness: object = None
    data_set: object = None


STATS_CACHE_SECONDS = 600  # a bound for what moves no generation (the catalogue, the unit tree)


def _stats_cache_key(unit, period: periods.Period) -> str:
    """The key of a unit's statistics for a period: the scope (the unit and the units merged
    into it) and the generation of each scope root, which every change to the statistics below
    it moves in its own transaction. Two or three queries against the figures' dozen."""
    from django.utils.translation import get_language

    from orgunits.selectors import subtree_roots
    from stats.models import ScopeGeneration

    paths = subtree_roots(unit, through_lineage=True)
    generations = sorted(ScopeGeneration.objects.filter(unit__path__in=paths).values_list("unit_id", "generation"))
    stamp = ".".join(f"{u}:{g}" for u, g in generations)
    digest = hashlib.sha256(f"{'|'.join(paths)}/{stamp}".encode()).hexdigest()[:32]
    return f"dashboard:stats:{unit.pk}:{period.code}:{get_language()}:{digest}"


def stats_summary(unit, period: periods.Period) -> StatsSummary:
    """The statistics panel, cached per (scope, period) under the scope's generations."""
    from django.core.cache import cache

    key = _stats_cache_key(unit, period)
    summary = cache.get(key)
    if summary is None:
        summary = _stats_summary(unit, period)
        cache.set(key, summary, STATS_CACHE_SECONDS)
    return summary


def _stats_summary(unit, period: periods.Period) -> StatsSummary:
    from stats.models import DataSet
    from stats.selectors import aggregate_table, completeness

    code = cat.HALF_YEAR_FORM if period.half else cat.YEAR_FORM
    data_set = DataSet.objects.filter(code=code).first()
    summary = StatsSummary(period, data_set=data_set)
    if data_set is None:
        return summary
    table = aggregate_table(data_set, unit, period, through_lineage=True)
    for r in table["rates"]:
        if r.current.percent is None:
            continue
        change = change_words(r.current.percent, r.previous.percent, unit="points", year=period.year - 1)
        summary.rates.append(
            RateLine(r.indicator.name, r.current.numerator, r.current.denominator, r.current.percent, change)
        )
    summary.completeness = completeness(data_set, period, unit)
    return summary


# ------------------------------------------------------------------------------------ my work
@dataclass
class Waiting:
    label: str
    count: int
    url: str
    items: list = field(default_factory=list)


def _proposals_q(user) -> Q | None:
    from initiatives.access import review_roots

    roots = review_roots(user)
    if roots is None:
        return Q()
    if not roots:
        return None
    paths_by_level: dict[str, list[str]] = {}
    for path, level in roots:
        paths_by_level.setdefault(level, []).append(path)
    condition = Q(pk__in=[])
    for level, paths in paths_by_level.items():
        condition |= subtree_q(paths) & Q(proposed_level=level)
    return condition


def waiting_for(user) -> list[Waiting]:
    """Items the user can act on now: proposals to recognize, forms to approve, award proposals
    to decide, report drafts to issue."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    out = []
    condition = _proposals_q(user)
    if condition is not None:
        from initiatives.models import Initiative, Status

        qs = Initiative.objects.filter(status=Status.PROPOSED).filter(condition).select_related("unit")
        items = list(qs.order_by("-year", "pk")[:WAITING_LIMIT])
        if items:
            out.append(
                Waiting(
                    _("Proposals to recognize"), qs.count(), reverse("initiatives:list") + "?status=proposed", items
                )
            )
    submissions = _submissions_awaiting(user)
    if submissions is not None:
        items = list(submissions.order_by("period", "unit__path")[:WAITING_LIMIT])
        if items:
            out.append(Waiting(_("Forms to approve"), submissions.count(), reverse("stats:approvals"), items))
    awards = _award_proposals(user)
    if awards is not None:
        items = list(awards.order_by("-year", "pk")[:WAITING_LIMIT])
        if items:
            out.append(Waiting(_("Award proposals to decide"), awards.count(), reverse("awards:list"), items))
    drafts = _reports_to_issue(user)
    if drafts is not None:
        items = list(drafts.order_by("-created_at")[:WAITING_LIMIT])
        if items:
            out.append(Waiting(_("Report drafts to issue"), drafts.count(), reverse("reports:list"), items))
    return out


def _submissions_awaiting(user):
    from stats.selectors import awaiting_approval

    return awaiting_approval(user) if has_cap_anywhere(user, Cap.REVIEW) else None


def _award_proposals(user):
    from awards.models import AwardDecision, DecisionStatus

    if scope_paths(user, Cap.REVIEW) == [] and scope_paths(user, Cap.ISSUE) == []:
        return None
    condition = scope_q(user, Cap.REVIEW, "issuer__path") | scope_q(user, Cap.ISSUE, "issuer__path")
    return AwardDecision.objects.filter(status=DecisionStatus.PROPOSED).filter(condition).select_related("issuer")


def _reports_to_issue(user):
    from django.apps import apps

    if not apps.is_installed("reports") or scope_paths(user, Cap.ISSUE) == []:
        return None
    from reports.models import Report, ReportStatus

    return Report.objects.filter(status=ReportStatus.DRAFT).filter(scope_q(user, Cap.ISSUE, "body__unit__path"))


def completeness_percent(comp) -> object:
    return percent_of(comp.submitted, comp.expected) if comp and comp.expected else None


# ------------------------------------------------------------------------------------ my tasks
PROPOSAL_DAYS = 30  # a proposal waiting longer than this is flagged late
TASK_UNITS = 60  # reporting units looked at for due forms (a clerk or head has one or a few)


@dataclass
class Task:
    title: str
    unit: object
    url: str
    detail: str = ""
    due: object = None
    late: bool = False


@dataclass
class TaskGroup:
    key: str
    label: str
    tasks: list[Task] = field(default_factory=list)


def tasks(user, today=None) -> list[TaskGroup]:
    """What waits for the user, per role: forms to enter (due / overdue), forms returned and
    proposals refused (with the reason), drafts the unit may check and submit, what the unit sent
    up that awaits a higher level, and for reviewers / leaders forms and proposals to decide, late
    ones flagged. A fixed number of queries whatever the number of items."""
    from django.utils import timezone

    today = today or timezone.localdate()
    groups: list[TaskGroup] = []
    if has_cap_anywhere(user, Cap.ENTER):
        groups += _unit_tasks(user, today)
    if has_cap_anywhere(user, Cap.REVIEW):
        groups += _review_tasks(user, today)
    return [g for g in groups if g.tasks]


def _form_url(sub) -> str:
    from django.urls import reverse

    return reverse("stats:entry", args=[sub.data_set_id, sub.period, sub.unit_id])


def _load_assignments(data_sets) -> None:
    """Which subtrees each form is assigned to, for all forms in one query (``DataSet.assigns``)."""
    from collections import defaultdict

    from orgunits.scope import minimal_paths
    from stats.models import DataSetAssignment

    paths = defaultdict(list)
    rows = DataSetAssignment.objects.filter(data_set__in=data_sets).values_list("data_set_id", "unit__path")
    for data_set_id, path in rows:
        paths[data_set_id].append(path)
    for ds in data_sets:
        ds._assigned_paths = minimal_paths(paths[ds.pk]) if paths[ds.pk] else None


def _due_forms(user, today) -> list[Task]:
    """Forms of the user's reporting units for periods already started (this year and last), not
    yet submitted: due when the deadline is ahead, overdue when it has passed."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from lib.vn_format import date_short
    from stats.models import DataSet, Status, Submission

    data_sets = list(DataSet.objects.filter(active=True))
    _load_assignments(data_sets)
    types = {t for ds in data_sets for t in ds.unit_types or []}
    units = list(
        OrgUnit.objects.filter(scope_q(user, Cap.ENTER, "path"), unit_type__in=types).order_by("path")[:TASK_UNITS]
    )
    candidates = []
    for ds in data_sets:
        for period in periods.periods_of_type(ds.period_type, today.year - 1, today.year):
            if ds.accepts_period(period) and period.start <= today:
                candidates += [(ds, period, u) for u in units if ds.assigns(u) and _existed(u, period)]
    done = set(
        Submission.objects.filter(unit__in=units, data_set__in=data_sets)
        .exclude(status=Status.DRAFT)
        .values_list("data_set_id", "period", "unit_id")
    )
    out = []
    for ds, period, unit in candidates:
        if (ds.pk, period.code, unit.pk) in done:
            continue
        due = ds.due_date(period)
        late = due < today
        detail = (_("Overdue since %(date)s") if late else _("Due %(date)s")) % {"date": date_short(due)}
        url = reverse("stats:entry", args=[ds.pk, period.code, unit.pk])
        out.append(Task(f"{ds.name} – {period.words()}", unit, url, detail, due, late))
    return sorted(out, key=lambda t: (not t.late, t.due))


def _existed(unit, period) -> bool:
    return period.overlaps(unit.valid_from, unit.valid_to)


def _unit_tasks(user, today) -> list[TaskGroup]:
    from django.db.models import OuterRef, Subquery
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from initiatives.models import EventAction, Initiative, InitiativeEvent
    from initiatives.models import Status as IStatus
    from stats.models import Status, Submission

    mine = Submission.objects.filter(scope_q(user, Cap.ENTER)).select_related("data_set", "unit")
    returned = [
        Task(f"{s.data_set.name} – {s.period_obj.words()}", s.unit, _form_url(s), s.reason)
        for s in mine.filter(status=Status.RETURNED).order_by("-period")[:WAITING_LIMIT]
    ]
    drafts = [
        Task(f"{s.data_set.name} – {s.period_obj.words()}", s.unit, _form_url(s), _("Draft: check and submit"))
        for s in mine.filter(status=Status.DRAFT).order_by("-period")[:WAITING_LIMIT]
    ]
    reason = InitiativeEvent.objects.filter(initiative=OuterRef("pk"), action=EventAction.REFUSE).order_by("-at")
    initiatives = Initiative.objects.filter(scope_q(user, Cap.ENTER)).select_related("unit")
    refused = [
        Task(i.name, i.unit, reverse("initiatives:detail", args=[i.pk]), i.refuse_reason or "")
        for i in initiatives.filter(status=IStatus.NOT_RECOGNIZED)
        .annotate(refuse_reason=Subquery(reason.values("reason")[:1]))
        .order_by("-year", "pk")[:WAITING_LIMIT]
    ]
    sent_forms = [
        Task(f"{s.data_set.name} – {s.period_obj.words()}", s.unit, _form_url(s), _("Awaiting approval above"))
        for s in mine.filter(status=Status.SUBMITTED).order_by("-period")[:WAITING_LIMIT]
    ]
    sent_proposals = [
        Task(i.name, i.unit, reverse("initiatives:detail", args=[i.pk]), _("Proposal awaiting a decision above"))
        for i in initiatives.filter(status=IStatus.PROPOSED).order_by("-year", "pk")[:WAITING_LIMIT]
    ]
    return [
        TaskGroup("due", _("Forms to enter"), _due_forms(user, today)[: WAITING_LIMIT * 2]),
        TaskGroup("returned", _("Forms returned to the unit"), returned),
        TaskGroup("refused", _("Proposals sent back"), refused),
        TaskGroup("drafts", _("Drafts to check and submit"), drafts),
        TaskGroup("sent", _("Sent up, awaiting a higher level"), sent_forms + sent_proposals),
    ]


def _review_tasks(user, today) -> list[TaskGroup]:
    import datetime as dt

    from django.db.models import Max, Q
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from initiatives.models import EventAction, Initiative
    from initiatives.models import Status as IStatus

    forms = []
    submissions = _submissions_awaiting(user)
    for s in submissions.order_by("period", "unit__path")[: WAITING_LIMIT * 2] if submissions is not None else []:
        late = s.submitted_at is not None and s.submitted_at.date() > s.data_set.due_date(s.period_obj)
        detail = _("Submitted late") if late else _("Submitted on time")
        url = reverse("stats:submission", args=[s.pk])
        forms.append(Task(f"{s.data_set.name} – {s.period_obj.words()}", s.unit, url, detail, late=late))
    proposals = []
    condition = _proposals_q(user)
    if condition is not None:
        qs = (
            Initiative.objects.filter(status=IStatus.PROPOSED)
            .filter(condition)
            .select_related("unit")
            .annotate(proposed_at=Max("events__at", filter=Q(events__action=EventAction.PROPOSE)))
        )
        limit = today - dt.timedelta(days=PROPOSAL_DAYS)
        for i in qs.order_by("-year", "pk")[: WAITING_LIMIT * 2]:
            late = i.proposed_at is not None and i.proposed_at.date() < limit
            detail = _("Waiting more than %(n)s days") % {"n": PROPOSAL_DAYS} if late else _("Proposed for recognition")
            proposals.append(Task(i.name, i.unit, reverse("initiatives:detail", args=[i.pk]), detail, late=late))
    return [
        TaskGroup("approve", _("Forms to approve"), forms),
        TaskGroup("recognize", _("Proposals to recognize"), proposals),
    ]


def registry_rates_panel(unit, year: int) -> dict:
    """The registry as offices count it, for the overview's small table: shares recognized,
    effective and outstanding by level registered at and by field (named registrations), and all
    collectives and individuals honoured (rewards and commendations, named and declared). Three
    queries."""
    from awards.selectors import honoured_totals
    from initiatives.evaluations import registry_rates
    from initiatives.models import RecognitionLevel

    rates = registry_rates(unit, year, through_lineage=True)
    labels = dict(RecognitionLevel.choices)
    for row in rates["by_level"]:
        row["label"] = labels.get(row["level"], row["level"])
    return {"rates": rates, "honoured": honoured_totals(unit, year, lineage=True)}
