"""State changes of org units and their lineage. Views, the API, loaders and commands all call
these functions; nothing else writes org units. Every change names its author ``by`` (a person,
or ``accounts.system.system_actor()`` for loaders) and is refused inside the service unless
``by`` manages the unit (``orgunits.permissions``, whose rule the accounts app registers)."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lib.audit import delete_by, save_by
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


# --------------------------------------------------------------------------- earlier reorganizations
# The unit package holds one snapshot (before 01/07/2025) and today's units, so reorganizations
# between 2019 and mid-2025 (a district merged into another on 01/01/2025, …) are recorded by an
# administrator: the old units end the day before, their sub-units still valid move under the
# receiving unit (a new row valid from the date, linked to the old one), and lineage events say
# what became of what. Every step goes through ``unit_create`` / ``unit_update`` / ``lineage_add``,
# so the checks are those of every unit change (validity inside the parent's, no overlapping
# validity for one code, no cycles) plus the level order below.

ONE_TARGET_KINDS = (LineageKind.MERGED_INTO, LineageKind.RENAMED_TO, LineageKind.SUCCEEDED_BY)


def validate_level_order(unit: OrgUnit, parent: OrgUnit | None) -> None:
    """A unit sits strictly below its parent's level (a commune under a district, never the reverse)."""
    if parent is not None and unit.level.rank <= parent.level.rank:
        raise ValidationError(
            {
                "parent": _("A unit of level %(level)s cannot be placed under %(parent)s (level %(parent_level)s).")
                % {"level": unit.level, "parent": parent, "parent_level": parent.level}
            }
        )


@dataclass
class Reorganization:
    """What a recorded reorganization changed (or, previewed, would change)."""

    kind: str
    date: dt.date
    ended: list[OrgUnit] = field(default_factory=list)
    created: list[OrgUnit] = field(default_factory=list)
    moved: list[tuple[OrgUnit, OrgUnit]] = field(default_factory=list)  # (old row, new row)
    events: list[LineageEvent] = field(default_factory=list)
    repointed: list[LineageEvent] = field(default_factory=list)
    preview: bool = False

    def lines(self) -> list[str]:
        day_before = self.date - dt.timedelta(days=1)
        out = [
            _("%(unit)s ends on %(date)s.") % {"unit": u.name, "date": _fmt(day_before)}
            for u in self.ended
            if u not in {old for old, _new in self.moved}
        ]
        out += [
            _("New unit %(unit)s under %(parent)s, valid from %(date)s.")
            % {"unit": u.name, "parent": u.parent.name if u.parent else "—", "date": _fmt(self.date)}
            for u in self.created
        ]
        out += [
            _("%(unit)s moves from %(old)s to %(new)s on %(date)s.")
            % {"unit": old.name, "old": old.parent.name, "new": new.parent.name, "date": _fmt(self.date)}
            for old, new in self.moved
        ]
        out += [
            _("Lineage: %(source)s %(kind)s %(target)s (%(date)s).")
            % {"source": e.source.name, "kind": e.get_kind_display(), "target": e.target.name, "date": _fmt(e.date)}
            for e in self.events
            if e.source not in {old for old, _new in self.moved}
        ]
        out += [
            _("The later event %(event)s now starts from the new row.") % {"event": e.target.name}
            for e in self.repointed
        ]
        return out


def _receiving_units(*, kind, date, sources, targets, new_names, parent, by, result) -> list[OrgUnit]:
    first = sources[0]
    parent = parent or first.parent
    if parent is not None:  # as it is now: it may be one of the units just ended
        parent = OrgUnit.objects.select_related("level").get(pk=parent.pk)
    if parent is not None and not parent.is_valid_on(date):
        raise ValidationError(
            {"parent": _("%(unit)s did not exist on %(date)s.") % {"unit": parent, "date": _fmt(date)}}
        )
    ends = [s.valid_to for s in sources]
    valid_to = None if None in ends else max(ends)
    keep_code = len(sources) == 1 and kind in (LineageKind.RENAMED_TO, LineageKind.SUCCEEDED_BY)
    receiving = list(targets)
    for name in new_names:
        candidate = OrgUnit(name=name, unit_type=first.unit_type, level=first.level)
        validate_level_order(candidate, parent)
        unit = unit_create(
            name=name,
            unit_type=first.unit_type,
            level=first.level,
            parent=parent,
            code=first.code if keep_code else "",
            code_scheme=first.code_scheme if keep_code else "",
            valid_from=date,
            valid_to=valid_to,
            by=by,
        )
        result.created.append(unit)
        receiving.append(unit)
    for unit in targets:
        require_manage(by, unit)
        if unit.level.rank != first.level.rank:
            raise ValidationError({"targets": _("%(unit)s is not at the level of the old units.") % {"unit": unit}})
    return receiving


def _subtree_to_move(source: OrgUnit, date: dt.date) -> list[OrgUnit]:
    """The sub-units of ``source`` that are still valid on ``date`` (they move), parents first."""
    found = list(
        OrgUnit.objects.filter(path__startswith=source.path)
        .exclude(pk=source.pk)
        .valid_on(date)
        .select_related("level", "parent")
        .order_by("depth", "name")
    )
    for unit in found:
        if unit.valid_from is not None and unit.valid_from >= date:
            raise ValidationError(
                {
                    "sources": _("%(unit)s starts on or after %(date)s: it cannot move with %(source)s.")
                    % {"unit": unit, "date": _fmt(date), "source": source}
                }
            )
    return found


@transaction.atomic
def reorganization_record(
    *,
    kind: str,
    date: dt.date,
    sources: list[OrgUnit],
    targets: list[OrgUnit] = (),
    new_names: list[str] = (),
    parent: OrgUnit | None = None,
    note: str = "",
    preview: bool = False,
    by,
) -> Reorganization:
    """Record an earlier reorganization on ``date``: ``sources`` (ended the day before) became
    ``targets`` (existing units) and/or new units named ``new_names`` (created under ``parent``,
    by default the first source's parent). ``kind`` is a lineage kind: merged into / renamed to /
    succeeded by take one receiving unit, split into two or more. The sub-units of the sources
    still valid on the date move under the one receiving unit (a split takes none: move them first).
    ``by`` must manage the sources, the receiving units and ``parent``. With ``preview`` nothing
    is kept: the result says what would change."""
    sources = list(dict.fromkeys(sources))
    targets = list(dict.fromkeys(targets))
    new_names = [n.strip() for n in new_names if n and n.strip()]
    if not sources:
        raise ValidationError({"sources": _("Choose the old unit(s).")})
    for source in sources:
        require_manage(by, source)
    if parent is not None:
        require_manage(by, parent)
    if kind not in LineageKind.values:
        raise ValidationError({"kind": _("Unknown kind of reorganization.")})
    receiving_count = len(targets) + len(new_names)
    if kind in ONE_TARGET_KINDS and receiving_count != 1:
        raise ValidationError({"targets": _("Choose exactly one receiving unit: an existing one or a new name.")})
    if kind != LineageKind.MERGED_INTO and len(sources) != 1:
        raise ValidationError({"sources": _("Only a merge has several old units.")})
    if kind == LineageKind.SPLIT_INTO and receiving_count < 2:
        raise ValidationError({"targets": _("A split needs at least two receiving units.")})
    if len({s.level.rank for s in sources}) > 1:
        raise ValidationError({"sources": _("The old units must be of one level.")})
    day_before = date - dt.timedelta(days=1)
    for source in sources:
        if not source.is_valid_on(day_before) or not source.is_valid_on(date):
            raise ValidationError(
                {
                    "date": _(
                        "%(unit)s is valid %(start)s – %(end)s: it must exist both on %(date)s and the day before."
                    )
                    % {
                        "unit": source,
                        "start": _fmt(source.valid_from),
                        "end": _fmt(source.valid_to),
                        "date": _fmt(date),
                    }
                }
            )
    result = Reorganization(kind=kind, date=date, preview=preview)
    moving = {source.pk: _subtree_to_move(source, date) for source in sources}
    if kind == LineageKind.SPLIT_INTO and any(moving.values()):
        raise ValidationError(
            {
                "sources": _("%(unit)s still has sub-units on that date: record where each of them goes first.")
                % {"unit": sources[0]}
            }
        )
    # End the old rows, deepest first (a unit's validity stays inside its parent's), remembering
    # until when each was valid: the moved row keeps that end.
    old_ends = {}
    for unit in sorted([u for units in moving.values() for u in units] + sources, key=lambda u: -u.depth):
        old_ends[unit.pk] = unit.valid_to
        result.ended.append(unit_update(unit=unit, valid_to=day_before, by=by))
    for source in sources:
        source.valid_to = old_ends[source.pk]  # the new unit's end follows the old units' ends
    receiving = _receiving_units(
        kind=kind, date=date, sources=sources, targets=targets, new_names=new_names, parent=parent, by=by, result=result
    )
    for source in sources:
        source.valid_to = day_before
        for target in receiving:
            validate_lineage(source=source, target=target, date=date)
            result.events.append(lineage_add(source=source, target=target, kind=kind, date=date, note=note, by=by))
    if len(receiving) == 1:
        copies = {source.pk: receiving[0] for source in sources}
        for source in sources:
            for old in moving[source.pk]:
                new_parent = copies[old.parent_id]
                validate_level_order(old, new_parent)
                new = unit_create(
                    name=old.name,
                    unit_type=old.unit_type,
                    level=old.level,
                    parent=new_parent,
                    code=old.code,
                    code_scheme=old.code_scheme,
                    note=old.note,
                    valid_from=date,
                    valid_to=old_ends[old.pk],
                    by=by,
                )
                copies[old.pk] = new
                result.moved.append((old, new))
                result.events.append(
                    lineage_add(source=old, target=new, kind=LineageKind.SUCCEEDED_BY, date=date, note=note, by=by)
                )
                result.repointed += _repoint_later_lineage(old, new, date, by)
        for source in sources:
            result.repointed += _repoint_later_lineage(source, receiving[0], date, by)
    elif LineageEvent.objects.filter(source__in=sources, date__gt=date).exists():
        raise ValidationError(
            {
                "sources": _("%(unit)s has later lineage events: a split cannot say which new unit carries them.")
                % {"unit": sources[0]}
            }
        )
    if preview:
        transaction.set_rollback(True)
    return result


def _repoint_later_lineage(old: OrgUnit, new: OrgUnit, date: dt.date, by) -> list[LineageEvent]:
    """Events of ``old`` dated after ``date`` (the 2025 conversion, loaded earlier) now start from
    the row that carries on; an event ``new`` already has is dropped rather than doubled."""
    moved = []
    for event in LineageEvent.objects.filter(source=old, date__gt=date).select_related("target"):
        if (
            event.target_id == new.pk
            or LineageEvent.objects.filter(
                source=new, target_id=event.target_id, kind=event.kind, date=event.date
            ).exists()
        ):
            delete_by(event, by=by)
            continue
        event.source = new
        save_by(event, by=by)
        moved.append(event)
    return moved
