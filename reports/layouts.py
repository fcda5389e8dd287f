"""Which configured layout a report follows (``ReportLayout`` rows; see ``reports.structure``)."""

from __future__ import annotations

from django.db.models import Q

from reports import structure
from reports.models import ReportLayout


def layout_for(kind: str, body) -> list[dict]:
    """The most specific active layout: this body and kind, this body, this kind, any; else the
    standard one."""
    rows = (
        ReportLayout.objects.filter(active=True).filter(Q(kind=kind) | Q(kind="")).filter(Q(body=body) | Q(body=None))
    )
    best = sorted(rows, key=lambda r: (r.body_id is None, r.kind == "", -r.pk))
    return structure.resolve(best[0].sections if best else None)
