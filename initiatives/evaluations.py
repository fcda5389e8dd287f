"""Evaluations of models and exemplars ("hoạt động hiệu quả", "đạt kết quả tốt", "tiêu biểu") and
the registry's rates over them: share recognized of registered, share effective, share outstanding,
by field and by registered level.

Services take a required keyword-only ``by``; a reviewer (REVIEW) of the initiative's unit may
evaluate. The rates read named registrations only: summary registrations carry no recognition or
evaluation, so they would only dilute a rate."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require
from accounts.audit import save_by
from accounts.roles import Cap
from initiatives.models import EFFECTIVE_RATINGS, DecisionItem, Evaluation, Initiative, Rating


@transaction.atomic
def evaluate(*, initiative: Initiative, rating: str, evaluated_on: dt.date | None = None, note: str = "", by):
    """Record a reviewer's evaluation of ``initiative``; the latest evaluation is the one counted."""
    require(by, Cap.REVIEW, initiative.unit, _("Only a reviewer of the initiative's unit may evaluate it."))
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Choose an evaluation from the list.")})
    evaluated_on = evaluated_on or timezone.localdate()
    if evaluated_on > timezone.localdate():
        raise ValidationError({"evaluated_on": _("The evaluation date may not be in the future.")})
    evaluation = Evaluation(initiative=initiative, rating=rating, evaluated_on=evaluated_on, note=note, by=by)
    return save_by(evaluation, by=by)


def latest_rating(initiative: Initiative) -> Evaluation | None:
    return initiative.evaluations.select_related("by").order_by("-evaluated_on", "-pk").first()


def _latest_rating_subquery():
    return Subquery(
        Evaluation.objects.filter(initiative=OuterRef("pk")).order_by("-evaluated_on", "-pk").values("rating")[:1]
    )


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def registry_rates(
    units_or_paths=None, year: int | None = None, year_range=None, *, through_lineage: bool = False
) -> dict:
    """Registered, recognized, effective and outstanding named registrations, by field × registered
    level, in one grouped query; with the shares (percent, 2 decimals) overall, by field and by level.

    "Effective" = the latest evaluation is outstanding, good results or effective; "outstanding" =
    the latest evaluation is outstanding or a recognition decision marked it tiêu biểu."""
    from initiatives.selectors import _scoped

    qs = _scoped(units_or_paths, through_lineage=through_lineage, year=year, year_range=year_range)
    qs = qs.annotate(
        latest_rating=_latest_rating_subquery(),
        marked_outstanding=Exists(DecisionItem.objects.filter(initiative=OuterRef("pk"), outstanding=True)),
    )
    rows = list(
        qs.values("field__code", "field__name", "registered_level")
        .annotate(
            registered=Count("id"),
            recognized=Count("id", filter=~Q(recognized_level="")),
            evaluated=Count("id", filter=Q(latest_rating__isnull=False)),
            effective=Count("id", filter=Q(latest_rating__in=list(EFFECTIVE_RATINGS))),
            outstanding=Count("id", filter=Q(latest_rating=Rating.OUTSTANDING) | Q(marked_outstanding=True)),
        )
        .order_by("field__code", "registered_level")
    )
    measures = ("registered", "recognized", "evaluated", "effective", "outstanding")

    def block(selected):
        out = {m: sum(r[m] for r in selected) for m in measures}
        out["recognized_percent"] = _percent(out["recognized"], out["registered"])
        out["effective_percent"] = _percent(out["effective"], out["registered"])
        out["outstanding_percent"] = _percent(out["outstanding"], out["registered"])
        return out

    by_field, names = {}, {}
    for row in rows:
        by_field.setdefault(row["field__code"], []).append(row)
        names[row["field__code"]] = row["field__name"]
    by_level = {}
    for row in rows:
        by_level.setdefault(row["registered_level"], []).append(row)
    return {
        "total": block(rows),
        "by_field": [{"code": code, "name": names[code], **block(sel)} for code, sel in by_field.items()],
        "by_level": [{"level": level, **block(sel)} for level, sel in sorted(by_level.items())],
    }
