"""Summary registrations: models and exemplars an office knows only as counts ("từ 2009 đến nay
251 mô hình"). The counting rule is in ``SummaryRegistration``'s docstring: a summary adds
``max(0, count − named)`` where ``named`` counts the named registrations of the same unit, years,
kind, subject (and field / level when the summary gives them), so adding the names later never
counts anything twice."""

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from accounts.access import require
from accounts.audit import delete_by, save_by
from accounts.roles import Cap
from initiatives.models import Initiative, Status, SummaryRegistration


@transaction.atomic
def record_summary(
    *,
    unit,
    year_from: int,
    year_to: int | None = None,
    kind: str,
    subject: str,
    count: int,
    field=None,
    level: str = "",
    source: str = "",
    by,
) -> SummaryRegistration:
    """Record a summary registration for ``unit`` (a clerk or head of the unit enters it)."""
    require(by, Cap.ENTER, unit, _("You may not enter figures for this unit."))
    summary = SummaryRegistration(
        unit=unit,
        year_from=year_from,
        year_to=year_to if year_to is not None else year_from,
        kind=kind,
        subject=subject,
        count=count,
        field=field,
        level=level or "",
        source=source,
        created_by=by,
    )
    return save_by(summary, by=by)


@transaction.atomic
def summary_update(*, summary: SummaryRegistration, by, count: int | None = None, source: str | None = None):
    """Correct a summary's figure or its source (a re-imported, corrected sheet)."""
    require(by, Cap.ENTER, summary.unit, _("You may not enter figures for this unit."))
    summary = SummaryRegistration.objects.select_for_update().get(pk=summary.pk)
    if count is not None:
        summary.count = count
    if source is not None:
        summary.source = source
    return save_by(summary, by=by)


@transaction.atomic
def delete_summary(*, summary: SummaryRegistration, by) -> None:
    require(by, Cap.ENTER, summary.unit, _("You may not enter figures for this unit."))
    delete_by(summary, by=by)


def _covered(qs, year=None, year_range=None, active_in=None):
    """Summaries whose whole period lies in the asked years."""
    if year is not None:
        return qs.filter(year_from=year, year_to=year)
    if year_range is not None:
        first, last = year_range
        if first is not None:
            qs = qs.filter(year_from__gte=first)
        if last is not None:
            qs = qs.filter(year_to__lte=last)
    if active_in is not None:
        qs = qs.filter(year_to__lte=active_in)
    return qs


def summaries_in(paths, *, year=None, year_range=None, active_in=None):
    """Summary registrations of units in the subtrees ``paths`` (None = everywhere) covered by the years."""
    qs = SummaryRegistration.objects.all()
    if paths is not None:
        condition = Q()
        for path in paths:
            condition |= Q(unit__path__startswith=path)
        qs = qs.filter(condition) if paths else qs.none()
    return _covered(qs, year=year, year_range=year_range, active_in=active_in)


def with_unnamed(summaries) -> list[tuple[SummaryRegistration, int]]:
    """Each summary with what it still adds beyond the named registrations it covers:
    ``max(0, count − named)``. Two queries in all (the summaries, the grouped named counts)."""
    summaries = list(summaries.select_related("field"))
    if not summaries:
        return []
    named = (
        Initiative.objects.exclude(status=Status.DRAFT)
        .filter(
            unit_id__in={s.unit_id for s in summaries},
            year__gte=min(s.year_from for s in summaries),
            year__lte=max(s.year_to for s in summaries),
        )
        .values("unit_id", "year", "field_id", "registered_level", "kind", "subject")
        .annotate(n=Count("id"))
        .order_by()
    )
    named = list(named)
    result = []
    for summary in summaries:
        matched = sum(
            row["n"]
            for row in named
            if row["unit_id"] == summary.unit_id
            and summary.year_from <= row["year"] <= summary.year_to
            and row["kind"] == summary.kind
            and row["subject"] == summary.subject
            and (summary.field_id is None or row["field_id"] == summary.field_id)
            and (not summary.level or row["registered_level"] == summary.level)
        )
        result.append((summary, max(0, summary.count - matched)))
    return result


def summary_count_rows(paths, *, year=None, year_range=None, active_in=None) -> list[dict]:
    """Rows in the shape of ``RegistryCounts.rows`` for what summaries add beyond named records.
    Status, recognition and origin are unknown ("") and money/work measures are 0."""
    rows: dict[tuple, dict] = {}
    for summary, extra in with_unnamed(summaries_in(paths, year=year, year_range=year_range, active_in=active_in)):
        if not extra:
            continue
        key = (summary.kind, summary.subject, summary.field.code if summary.field else "", summary.level)
        row = rows.setdefault(
            key,
            {
                "kind": key[0],
                "subject": key[1],
                "field": key[2],
                "registered_level": key[3],
                "status": "",
                "recognized_level": "",
                "origin": "",
                "summary": True,
                "n": 0,
                "funding_social": 0,
                "funding_state": 0,
                "workdays": 0,
                "land_m2": 0,
                "beneficiaries": 0,
                "works_built": 0,
            },
        )
        row["n"] += extra
    return list(rows.values())


def summary_by_year(paths, *, year_range=None) -> dict[int, dict[str, int]]:
    """What one-year summaries add to each year (summaries over several years have no single year)."""
    out: dict[int, dict[str, int]] = {}
    qs = summaries_in(paths, year_range=year_range).filter(year_from=F("year_to"))
    for summary, extra in with_unnamed(qs):
        if not extra:
            continue
        row = out.setdefault(summary.year_from, {"registered": 0, "collectives": 0, "individuals": 0})
        row["registered"] += extra
        row["collectives" if summary.subject == "collective" else "individuals"] += extra
    return out
