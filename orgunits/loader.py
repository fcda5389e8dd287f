"""Loads official administrative units from the ``vietnam-provinces`` package.

Today's provinces and communes always; with ``legacy=True`` also the pre-July-2025 provinces,
districts and communes, linked to today's units through the package's 2025 conversion tables.
Rows are matched by a stable ``ext_key``, so running the loader again changes nothing."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history
from vietnam_provinces import Province, Ward
from vietnam_provinces import _province_conversion_2025 as province_conv
from vietnam_provinces import _ward_conversion_2025 as ward_conv
from vietnam_provinces.legacy import District as LegacyDistrict
from vietnam_provinces.legacy import Province as LegacyProvince
from vietnam_provinces.legacy import Ward as LegacyWard

from lib.audit import save_by
from lib.vn_text import fold
from orgunits.models import REORGANIZATION_DATE, CodeScheme, Level, LineageEvent, OrgUnit, UnitType
from orgunits.permissions import require_manage
from orgunits.services import lineage_kind_for, path_segment

LEGACY_END = REORGANIZATION_DATE - dt.timedelta(days=1)
ROOT_KEY = "vn"


@dataclass
class Row:
    key: str
    name: str
    unit_type: str
    level: str
    parent_key: str | None
    code: str = ""
    scheme: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    renamed: int = 0
    lineage_created: int = 0

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or self.renamed or self.lineage_created


def current_province_codes() -> set[int]:
    return {p.code.value for p in Province.iter_all()}


def _current_rows(province_codes: set[int]) -> list[Row]:
    rows = []
    for p in Province.iter_all():
        if p.code.value in province_codes:
            rows.append(
                Row(
                    f"2025:p:{p.code.value}",
                    p.name,
                    UnitType.PROVINCE,
                    "province",
                    ROOT_KEY,
                    str(p.code.value),
                    CodeScheme.CURRENT,
                    REORGANIZATION_DATE,
                )
            )
    for w in Ward.iter_all():
        if w.province_code.value in province_codes:
            rows.append(
                Row(
                    f"2025:w:{w.code.value}",
                    w.name,
                    UnitType.COMMUNE,
                    "commune",
                    f"2025:p:{w.province_code.value}",
                    str(w.code.value),
                    CodeScheme.CURRENT,
                    REORGANIZATION_DATE,
                )
            )
    return rows


def legacy_province_codes(province_codes: set[int]) -> set[int]:
    codes = set()
    for new_code in province_codes:
        entry = province_conv.NEW_TO_OLD.get(new_code)
        codes |= {ref.code for ref in entry.old_provinces} if entry else set()
    return codes


def _legacy_rows(legacy_codes: set[int]) -> list[Row]:
    rows = []
    for p in LegacyProvince.iter_all():
        if p.code.value in legacy_codes:
            rows.append(
                Row(
                    f"legacy:p:{p.code.value}",
                    p.name,
                    UnitType.PROVINCE,
                    "province",
                    ROOT_KEY,
                    str(p.code.value),
                    CodeScheme.LEGACY,
                    None,
                    LEGACY_END,
                )
            )
    district_codes = set()
    for d in LegacyDistrict.iter_all():
        if d.province_code.value in legacy_codes:
            district_codes.add(d.code.value)
            rows.append(
                Row(
                    f"legacy:d:{d.code.value}",
                    d.name,
                    UnitType.DISTRICT,
                    "district",
                    f"legacy:p:{d.province_code.value}",
                    str(d.code.value),
                    CodeScheme.LEGACY,
                    None,
                    LEGACY_END,
                )
            )
    for w in LegacyWard.iter_all():
        if w.district_code.value in district_codes:
            rows.append(
                Row(
                    f"legacy:w:{w.code.value}",
                    w.name,
                    UnitType.COMMUNE,
                    "commune",
                    f"legacy:d:{w.district_code.value}",
                    str(w.code.value),
                    CodeScheme.LEGACY,
                    None,
                    LEGACY_END,
                )
            )
    return rows


def _lineage_pairs(legacy_codes: set[int], names: dict[str, str]) -> list[tuple[str, str, str]]:
    """(source key, target key, kind) for provinces and communes of the loaded legacy provinces."""
    pairs = []
    for old_code in legacy_codes:
        entry = province_conv.OLD_TO_NEW.get(old_code)
        for new in entry.new_provinces if entry else ():
            sources = len(province_conv.NEW_TO_OLD[new.code].old_provinces)
            pairs.append(_pair("p", old_code, new.code, len(entry.new_provinces), sources, False, names))
    for old_code, entry in ward_conv.OLD_TO_NEW.items():
        if entry.old_ward.province_code not in legacy_codes:
            continue
        for new in entry.new_wards:
            sources = len(ward_conv.NEW_TO_OLD[new.code].old_wards) if new.code in ward_conv.NEW_TO_OLD else 1
            partly = entry.old_ward.is_partly_merged
            pairs.append(_pair("w", old_code, new.code, len(entry.new_wards), sources, partly, names))
    return [p for p in pairs if p[0] in names and p[1] in names]


def _pair(kind, old_code, new_code, targets, sources, partly, names):
    source, target = f"legacy:{kind}:{old_code}", f"2025:{kind}:{new_code}"
    renamed = names.get(source, "").split(" ", 1)[-1] != names.get(target, "").split(" ", 1)[-1]
    return source, target, lineage_kind_for(targets=targets, target_sources=sources, partly=partly, renamed=renamed)


def _ensure_root(levels: dict[str, Level], by) -> OrgUnit:
    root = OrgUnit.objects.filter(ext_key=ROOT_KEY).first()
    if root is None:
        root = OrgUnit(ext_key=ROOT_KEY, name="Việt Nam", unit_type=UnitType.COUNTRY, level=levels["national"])
        root.search_text = fold(root.name)
        save_by(root, by=by, clean=False)
        root.path = path_segment(root.pk)
        root.save(update_fields=["path"])
    return root


def _create_missing(rows: list[Row], existing: dict[str, OrgUnit], levels, by, result: LoadResult) -> None:
    """Creates units parents-first: a row is created once its parent exists."""
    pending = [r for r in rows if r.key not in existing]
    while pending:
        ready = [r for r in pending if r.parent_key in existing]
        if not ready:
            raise ValidationError(_("Some units have no parent to attach to."))
        units = [_unit_from_row(r, existing[r.parent_key], levels) for r in ready]
        created = bulk_create_with_history(units, OrgUnit, batch_size=500, default_user=by)
        created = list(OrgUnit.objects.filter(ext_key__in=[r.key for r in ready]).select_related("parent"))
        for unit in created:
            unit.path = unit.parent.path + path_segment(unit.pk)
            unit.depth = unit.parent.depth + 1
            existing[unit.ext_key] = unit
        OrgUnit.objects.bulk_update(created, ["path", "depth"], batch_size=500)
        for r in ready:
            result.created[r.unit_type] = result.created.get(r.unit_type, 0) + 1
        done = {r.key for r in ready}
        pending = [r for r in pending if r.key not in done]


def _unit_from_row(row: Row, parent: OrgUnit, levels) -> OrgUnit:
    return OrgUnit(
        ext_key=row.key,
        name=row.name,
        unit_type=row.unit_type,
        level=levels[row.level],
        parent=parent,
        code=row.code,
        code_scheme=row.scheme,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        search_text=fold(f"{row.name} {row.code}"),
    )


def _rename_changed(rows: list[Row], existing: dict[str, OrgUnit], by, result: LoadResult) -> None:
    for row in rows:
        unit = existing.get(row.key)
        if unit is not None and unit.name != row.name:
            unit.name, unit.search_text = row.name, fold(f"{row.name} {row.code}")
            save_by(unit, by=by, update_fields=["name", "search_text"], clean=False)
            result.renamed += 1


def _create_lineage(pairs, existing: dict[str, OrgUnit], by, result: LoadResult) -> None:
    ids = {key: unit.pk for key, unit in existing.items()}
    # A unit ended in an earlier reorganization recorded by an administrator
    # (``services.reorganization_record``) hands its 2025 lineage to the row that carried on.
    ended_earlier = {key for key, unit in existing.items() if unit.valid_to and unit.valid_to < LEGACY_END}
    pairs = [p for p in pairs if p[0] not in ended_earlier]
    have = set(
        LineageEvent.objects.filter(
            date=REORGANIZATION_DATE, source_id__in=[ids[s] for s, _t, _k in pairs]
        ).values_list("source_id", "target_id", "kind")
    )
    new_events = [
        LineageEvent(source_id=ids[s], target_id=ids[t], kind=k, date=REORGANIZATION_DATE)
        for s, t, k in dict.fromkeys(pairs)
        if (ids[s], ids[t], k) not in have
    ]
    bulk_create_with_history(new_events, LineageEvent, batch_size=500, default_user=by)
    result.lineage_created = len(new_events)


@transaction.atomic
def load_units(*, legacy: bool = False, province_code: int | None = None, by) -> LoadResult:
    """``by`` is the system actor (command, demo) or a superuser: the loader writes the whole tree."""
    require_manage(by, None)
    all_codes = current_province_codes()
    if province_code is not None and province_code not in all_codes:
        raise ValidationError(
            _("Unknown province code %(code)s. Valid codes: %(codes)s.")
            % {"code": province_code, "codes": ", ".join(str(c) for c in sorted(all_codes))}
        )
    codes = {province_code} if province_code is not None else all_codes
    rows = _current_rows(codes)
    legacy_codes = legacy_province_codes(codes) if legacy else set()
    rows += _legacy_rows(legacy_codes)
    levels = {level.code: level for level in Level.objects.all()}
    result = LoadResult()
    root = _ensure_root(levels, by)
    existing = {u.ext_key: u for u in OrgUnit.objects.filter(ext_key__isnull=False)}
    existing[ROOT_KEY] = root
    _create_missing(rows, existing, levels, by, result)
    _rename_changed(rows, existing, by, result)
    if legacy:
        pairs = _lineage_pairs(legacy_codes, {r.key: r.name for r in rows})
        _create_lineage(pairs, existing, by, result)
    return result
