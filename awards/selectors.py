"""Reads and counts over awards, aggregated in SQL.

``award_counts`` answers the reports' sentences: "Quận ủy khen thưởng 11 tập thể … công tác dân
vận, 15 tập thể … QCDC, 9 tập thể … tôn giáo", "UBND quận khen thưởng 13 tập thể … dân vận chính
quyền", "2 cá nhân được tặng Kỷ niệm chương".

    rows = award_counts(district, year=2022)
    total(rows, area=catalogue.QCDC, kind="collective")                     # 15
    total(rows, area=catalogue.DAN_VAN_CHINH_QUYEN, issuer_title="Chủ tịch UBND quận")  # 13
    total(rows, reward_form=catalogue.KY_NIEM_CHUONG)                      # 2
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from awards.models import AwardRecipient, DecisionStatus
from lib.vn_text import fold
from orgunits.models import OrgUnit
from orgunits.scope import subtree_q
from orgunits.selectors import subtree_roots

RECIPIENT = "recipient"  # count awards received by units of the subtree (default)
ISSUER = "issuer"  # count awards given by units of the subtree


@dataclass(frozen=True)
class AwardCount:
    """One cell of the count: how many recipients got this reward, in this area, of this kind,
    from this issuer title. Codes are ``None`` where the decision has no such entry."""

    reward_form: str | None
    reward_form_name: str | None
    emulation_title: str | None
    emulation_title_name: str | None
    area: str | None
    area_name: str | None
    kind: str  # "collective" | "individual"
    issuer_title: str
    count: int
    reward_form_kind: str | None = None  # "reward" | "commendation" (RewardForm.kind)
    declared: bool = False  # recipients a decision declares by count only, beyond its named ones


def _scope_q(paths: list[str] | None, basis: str) -> Q:
    if basis == ISSUER or paths is None or not paths:
        return subtree_q(paths, "decision__issuer__path")
    # A named group or an individual without a unit counts where the decision was issued.
    return subtree_q(paths, "unit__path") | (Q(unit__isnull=True) & subtree_q(paths, "decision__issuer__path"))


def award_counts(
    paths_or_unit=None,
    year: int | None = None,
    year_range: tuple[int, int] | None = None,
    *,
    status: str | Iterable[str] = DecisionStatus.ISSUED,
    basis: str = RECIPIENT,
    lineage: bool = False,
    date_range: tuple[dt.date, dt.date] | None = None,
) -> list[AwardCount]:
    """Recipients counted by form of reward × emulation title × area × collective/individual ×
    issuer title, in one grouped query.

    - ``paths_or_unit``: OrgUnit, path, list of paths, or None for everywhere.
    - ``year`` or ``year_range`` (inclusive ``(first, last)``): the year of achievement.
    - ``status``: one status or several; by default issued decisions only ("proposed" gives the
      proposals sent upward, e.g. "đề nghị … Bằng khen cho 9 tập thể").
    - ``basis``: RECIPIENT (awards received in the subtree; recipients without a unit count where
      the decision was issued) or ISSUER (awards the subtree's units gave).
    - ``lineage``: with an OrgUnit, include the units that became it (multi-year reports across 2025).
    - ``date_range`` (inclusive ``(first day, last day)``): decisions DATED inside it (a half-year
      review counts the decisions of 01/01–30/06). A decision without a date is placed by its year
      of achievement, so only a range covering that whole year holds it.
    """
    statuses = [status] if isinstance(status, str) else list(status)
    rows = AwardRecipient.objects.filter(_scope_q(subtree_roots(paths_or_unit, through_lineage=lineage), basis))
    rows = rows.filter(decision__status__in=statuses)
    if year is not None:
        rows = rows.filter(decision__year=year)
    if year_range is not None:
        rows = rows.filter(decision__year__gte=year_range[0], decision__year__lte=year_range[1])
    if date_range is not None:
        rows = rows.filter(_dated_within(*date_range))
    keys = {
        "reward_form": "decision__reward_form__code",
        "reward_form_name": "decision__reward_form__name",
        "emulation_title": "decision__emulation_title__code",
        "emulation_title_name": "decision__emulation_title__name",
        "area": "decision__area__code",
        "area_name": "decision__area__name",
        "kind": "kind",
        "issuer_title": "decision__issuer_title",
        "reward_form_kind": "decision__reward_form__kind",
    }
    grouped = rows.values(*keys.values()).annotate(n=Count("id")).order_by(*keys.values())
    result = [AwardCount(**{name: row[field] for name, field in keys.items()}, count=row["n"]) for row in grouped]
    return result + _declared_counts(
        subtree_roots(paths_or_unit, through_lineage=lineage),
        basis,
        statuses,
        year=year,
        year_range=year_range,
        date_range=date_range,
    )


def _declared_counts(paths, basis, statuses, *, year=None, year_range=None, date_range=None) -> list[AwardCount]:
    """What decisions with declared recipient counts add beyond their named recipients, in one
    query: per decision and kind, max(0, declared − named). Unnamed recipients have no unit, so
    they count where the decision was issued (both bases)."""
    from awards.models import AwardDecision

    decisions = AwardDecision.objects.filter(status__in=statuses).filter(
        Q(declared_collectives__isnull=False) | Q(declared_individuals__isnull=False)
    )
    decisions = decisions.filter(subtree_q(paths, "issuer__path"))
    if date_range is not None:
        # The same rule as named recipients (_dated_within), one level up: on the decision itself.
        first, last = date_range
        whole = [
            y for y in range(first.year, last.year + 1) if first <= dt.date(y, 1, 1) and dt.date(y, 12, 31) <= last
        ]
        decisions = decisions.filter(Q(date__gte=first, date__lte=last) | Q(date__isnull=True, year__in=whole))
    if year is not None:
        decisions = decisions.filter(year=year)
    if year_range is not None:
        decisions = decisions.filter(year__gte=year_range[0], year__lte=year_range[1])
    decisions = decisions.annotate(
        # A join ignores the default manager: removed (soft-deleted) recipients are left out here.
        named_collectives=Count(
            "recipients", filter=Q(recipients__kind="collective", recipients__deleted_at__isnull=True)
        ),
        named_individuals=Count(
            "recipients", filter=Q(recipients__kind="individual", recipients__deleted_at__isnull=True)
        ),
    ).values(
        "declared_collectives",
        "declared_individuals",
        "named_collectives",
        "named_individuals",
        "reward_form__code",
        "reward_form__name",
        "reward_form__kind",
        "emulation_title__code",
        "emulation_title__name",
        "area__code",
        "area__name",
        "issuer_title",
    )
    rows = []
    for d in decisions:
        for kind in ("collective", "individual"):
            extra = (d[f"declared_{kind}s"] or 0) - d[f"named_{kind}s"]
            if extra > 0:
                rows.append(
                    AwardCount(
                        reward_form=d["reward_form__code"],
                        reward_form_name=d["reward_form__name"],
                        emulation_title=d["emulation_title__code"],
                        emulation_title_name=d["emulation_title__name"],
                        area=d["area__code"],
                        area_name=d["area__name"],
                        kind=kind,
                        issuer_title=d["issuer_title"],
                        count=extra,
                        reward_form_kind=d["reward_form__kind"],
                        declared=True,
                    )
                )
    return rows


def honoured_totals(
    paths_or_unit=None, year: int | None = None, year_range=None, *, lineage: bool = False, date_range=None
) -> dict:
    """All collectives and individuals honoured (issued decisions, named and declared), split into
    rewards (khen thưởng) and commendations (biểu dương, tuyên dương), and by form:
    ``{"reward": {"collective": c, "individual": i}, "commendation": {...}, "total": {...},
    "by_form": [{"code", "name", "kind", "collective", "individual"}, ...]}``. A decision with
    only an emulation title counts as a reward."""
    rows = award_counts(paths_or_unit, year=year, year_range=year_range, lineage=lineage, date_range=date_range)
    out = {
        "reward": {"collective": 0, "individual": 0},
        "commendation": {"collective": 0, "individual": 0},
        "total": {"collective": 0, "individual": 0},
    }
    forms: dict = {}
    for row in rows:
        kind = row.reward_form_kind or "reward"
        out[kind][row.kind] += row.count
        out["total"][row.kind] += row.count
        item = forms.setdefault(
            row.reward_form or "",
            {
                "code": row.reward_form or "",
                "name": row.reward_form_name or row.emulation_title_name or "",
                "kind": kind,
                "collective": 0,
                "individual": 0,
            },
        )
        item[row.kind] += row.count
    out["by_form"] = sorted(forms.values(), key=lambda f: (f["kind"] != "reward", f["name"]))
    return out


def _dated_within(first: dt.date, last: dt.date) -> Q:
    whole_years = [
        y for y in range(first.year, last.year + 1) if first <= dt.date(y, 1, 1) and dt.date(y, 12, 31) <= last
    ]
    undated = Q(decision__date__isnull=True, decision__year__in=whole_years)
    return Q(decision__date__gte=first, decision__date__lte=last) | undated


def total(rows: Iterable[AwardCount], **match) -> int:
    """Sum of ``count`` over rows whose attributes equal every given value, e.g.
    ``total(rows, area="qcdc", kind="collective")``. ``issuer_title`` matches case-insensitively."""
    wanted_title = match.pop("issuer_title", None)
    result = 0
    for row in rows:
        if wanted_title is not None and row.issuer_title.casefold() != wanted_title.casefold():
            continue
        if all(getattr(row, name) == value for name, value in match.items()):
            result += row.count
    return result


def recipient_totals(decision_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """{decision id: {"collective": n, "individual": m}} in one query."""
    result: dict[int, dict[str, int]] = {}
    rows = (
        AwardRecipient.objects.filter(decision_id__in=list(decision_ids))
        .values_list("decision_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for decision_id, kind, n in rows:
        result.setdefault(decision_id, {})[kind] = n
    return result


def filter_decisions(decisions, data: dict):
    """The decision-list filters (year, area, form, status, issuer subtree, kind, text), shared by
    the page and the API."""
    if data.get("year"):
        decisions = decisions.filter(year=data["year"])
    for name in ("area", "reward_form", "status"):
        if data.get(name):
            decisions = decisions.filter(**{name: data[name]})
    if data.get("issuer"):
        root = OrgUnit.objects.filter(pk=data["issuer"]).values_list("path", flat=True).first() or "-"
        decisions = decisions.filter(issuer__path__startswith=root)
    if data.get("kind"):
        decisions = decisions.filter(Exists(AwardRecipient.objects.filter(decision=OuterRef("pk"), kind=data["kind"])))
    if data.get("q"):
        folded = fold(data["q"])
        decisions = decisions.filter(
            Q(number__icontains=data["q"].strip())
            | Exists(AwardRecipient.objects.filter(decision=OuterRef("pk"), search_text__contains=folded))
        )
    return decisions


def _recipient_scope(user, prefix: str = "") -> Q:
    """Recipients whose unit lies in the user's view scope; one without a unit (a named group,
    an individual) counts where the decision was issued, as in the counts above."""
    from accounts.access import scope_paths, scope_q
    from accounts.roles import Cap

    if scope_paths(user, Cap.VIEW) is None:
        return Q()
    return scope_q(user, Cap.VIEW, f"{prefix}unit__path") | (
        Q(**{f"{prefix}unit__isnull": True}) & scope_q(user, Cap.VIEW, f"{prefix}decision__issuer__path")
    )


PERSONAL_FIELDS = ("date_of_birth", "unit")


def recipients_for(user, decision) -> list[AwardRecipient]:
    """The decision's recipients the user may see (the same trimming as recognition decisions).
    An individual's personal data (date of birth, ward or unit) stays only for reviewers of that
    unit (or of the issuing unit when none is recorded); for others it is blanked in these
    in-memory copies and ``personal_hidden`` is set. Never save what this returns."""
    from accounts.access import can
    from accounts.roles import Cap

    recipients = list(
        decision.recipients.filter(_recipient_scope(user)).select_related("unit", "initiative").order_by("kind", "pk")
    )
    for recipient in recipients:
        recipient.personal_hidden = False
        if recipient.kind != "individual":
            continue
        if not can(user, Cap.REVIEW, recipient.unit or decision.issuer):
            recipient.date_of_birth = None
            recipient.unit = None
            recipient.personal_hidden = True
    return recipients


def recipient_changes_for(user, decision, limit: int = 50):
    """The recipients' change history, for the recipients the user may see."""
    return list(
        AwardRecipient.history.filter(decision_id=decision.pk)
        .filter(_recipient_scope(user))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
