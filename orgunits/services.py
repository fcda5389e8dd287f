"""State changes of org units and their lineage. Views, the API, loaders and commands all call
these functions; nothing else writes org units. Every change names its author ``by`` (a person,
or ``accounts.system.system_actor()`` for loaders) and is refused inside the service unless
``by`` manages the unit (``orgunits.permissions``, whose rule the accounts app registers)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lib.audit import save_by
from lib.vn_text import fold
from orgunits.models import SEGMENT_WIDTH, LineageEvent, LineageKind, OrgUnit
from orgunits.permissions import require_manage, require_view

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def path_segment(pk: int) -> str:
    digits = ""
    while pk:
        pk, rem = divmod(pk, 36)
        digits = _DIGITS[rem] + digits
    return digits.rjust(SEGMENT_WIDTH - 1, "0") + "."


def computed_path(unit: OrgUnit, parent: OrgUnit | None) -> str:
    return (parent.path if parent else "") + path_segment(unit.pk)


def _fmt(date: dt.date | None) -> str:
    return date.strftime("%d/%m/%Y") if date else "…"


def validate_unit(unit: OrgUnit) -> None:
    """Rules that involve other rows: dates, the parent, duplicate codes."""
    errors: dict[str, list[str]] = {}
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        errors.setdefault("valid_to", []).append(_("The end date is before the start date."))
    parent = unit.parent
    if parent is not None:
        if unit.pk and (parent.pk == unit.pk or parent.path.startswith(unit.path)):
            errors.setdefault("parent", []).append(
                _("A unit cannot be placed under itself or one of its own sub-units.")
            )
        elif not _within(unit.valid_from, unit.valid_to, parent.valid_from, parent.valid_to):
            errors.setdefault("valid_from", []).append(
                _("The validity period must lie within that of the parent unit (%(start)s – %(end)s).")
                % {"start": _fmt(parent.valid_from), "end": _fmt(parent.valid_to)}
            )
    if unit.code and _overlapping_same_code(unit).exists():
        errors.setdefault("code", []).append(
            _("Another unit with the code %(code)s exists in an overlapping period.") % {"code": unit.code}
        )
    if errors:
        raise ValidationError(errors)


def _within(start, end, outer_start, outer_end) -> bool:
    starts_ok = outer_start is None or (start is not None and start >= outer_start)
    ends_ok = outer_end is None or (end is not None and end <= outer_end)
    return starts_ok and ends_ok


def _overlapping_same_code(unit: OrgUnit):
    others = OrgUnit.objects.filter(code=unit.code, code_scheme=unit.code_scheme, unit_type=unit.unit_type)
    if unit.pk:
        others = others.exclude(pk=unit.pk)
    if unit.valid_to:
        others = others.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=unit.valid_to))
    if unit.valid_from:
        others = others.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=unit.valid_from))
    return others


def _set_derived(unit: OrgUnit) -> None:
    unit.search_text = fold(f"{unit.name} {unit.code}")


@transaction.atomic
def unit_create(*, by, **fields) -> OrgUnit:
    """A new unit under ``parent`` (a keyword in ``fields``); ``by`` must manage the parent."""
    require_manage(by, fields.get("parent"))
    unit = OrgUnit(**fields)
    _set_derived(unit)
    unit.full_clean(exclude=["path"])
    validate_unit(unit)
    save_by(unit, by=by, clean=False)
    unit.path = computed_path(unit, unit.parent)
    unit.depth = unit.parent.depth + 1 if unit.parent else 0
    unit.save(update_fields=["path", "depth"])
    return unit


@transaction.atomic
def unit_update(*, unit: OrgUnit, by, **fields) -> OrgUnit:
    """Change a unit; ``by`` must manage it, and also the new parent when it is moved."""
    require_manage(by, unit)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    old_path, old_parent_id = unit.path, unit.parent_id
    for name, value in fields.items():
        setattr(unit, name, value)
    if unit.parent_id != old_parent_id:
        require_manage(by, unit.parent)
    _set_derived(unit)
    unit.full_clean(exclude=["path"])
    validate_unit(unit)
    unit.path = computed_path(unit, unit.parent)
    unit.depth = unit.parent.depth + 1 if unit.parent else 0
    save_by(unit, by=by, clean=False)
    if unit.path != old_path:
        _move_subtree(old_path, unit.path, unit.depth)
    return unit


def _move_subtree(old_path: str, new_path: str, new_depth: int) -> None:
    """Rewrite the paths of all descendants after a move (one UPDATE per level is enough here,
    moves are rare and done by administrators)."""
    moved = list(OrgUnit.objects.filter(path__startswith=old_path).exclude(path=old_path).only("pk", "path"))
    for child in moved:
        child.path = new_path + child.path[len(old_path) :]
        child.depth = len(child.path) // SEGMENT_WIDTH - 1
    OrgUnit.objects.bulk_update(moved, ["path", "depth"], batch_size=500)


def validate_lineage(*, source: OrgUnit, target: OrgUnit, date: dt.date) -> None:
    if source.pk == target.pk:
        raise ValidationError({"target": _("A unit cannot be its own predecessor or successor.")})
    day_before = date - dt.timedelta(days=1)
    if not source.is_valid_on(day_before):
        raise ValidationError(
            {"source": _("%(unit)s did not exist just before %(date)s.") % {"unit": source, "date": _fmt(date)}}
        )
    if not target.is_valid_on(date):
        raise ValidationError(
            {"target": _("%(unit)s did not exist on %(date)s.") % {"unit": target, "date": _fmt(date)}}
        )
    if target.path.startswith(source.path) or source.path.startswith(target.path):
        raise ValidationError({"target": _("A unit cannot be merged into its own parent or sub-unit.")})


@transaction.atomic
def lineage_add(*, source: OrgUnit, target: OrgUnit, kind: str, date: dt.date, note: str = "", by) -> LineageEvent:
    """Record what ``source`` became; ``by`` must manage the source and see the target."""
    require_manage(by, source)
    require_view(by, target)
    validate_lineage(source=source, target=target, date=date)
    event = LineageEvent(source=source, target=target, kind=kind, date=date, note=note)
    return save_by(event, by=by)


def lineage_kind_for(*, targets: int, target_sources: int, partly: bool, renamed: bool) -> str:
    """How an old unit relates to a new one, from the shape of the conversion table row."""
    if partly or targets > 1:
        return LineageKind.SPLIT_INTO
    if target_sources > 1:
        return LineageKind.MERGED_INTO
    return LineageKind.RENAMED_TO if renamed else LineageKind.SUCCEEDED_BY
