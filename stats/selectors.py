"""Reads of periodic statistics: aggregates, rates, comparisons, targets and completeness.

Public API (used by reports, the dashboard and the API):

``aggregate(element_code, unit, period, *, option_code=None, include_unapproved=False, through_lineage=False)``
    → ``Decimal | None``: the sum of the element (or one category option of it) over the subtree of
    ``unit`` in ``period`` (a code such as "2022H1"/"2022" or a ``lib.periods.Period``). Approved
    forms only unless ``include_unapproved``. None when no value was reported. A year asked of an
    element reported by half-year is made from its halves (sum, or the latest half for stocks,
    "latest value" elements). A quarter ("2024Q1") or a month ("2024M03") is read on its own code;
    a multi-year period ("2021-2024") or a date range ("2021-03-01_2023-08-31") from the stored
    periods wholly inside it, flows added and the latest stock taken (:func:`_tiles`).
``aggregate_detail(...)`` → ``AggregateResult(value, units, includes_unapproved)``: the same, and
    which units were counted (with ``through_lineage`` a unit formed in a reorganization counts the
    units merged into it — e.g. a 2022 figure for a ward formed in 2025).
``aggregate_many(codes, unit, period, ...)`` → ``{(code, option_code | None): Decimal}`` in one query.
``aggregate_years(element_code, unit, first_year, last_year, ...)`` → ``Decimal | None``: a multi-year
    total for anniversary reviews (each year from its annual form, else from its halves).
``rate(numerator_code, denominator_code, unit, period, ...)`` → ``RateResult(numerator, denominator,
    percent)``: Σ numerator / Σ denominator × 100 — a ratio of sums, never an average of percentages.
``indicator_rate(indicator_code, unit, period, ...)`` → ``RateResult`` for a defined rate.
``compare_with_last_year(element_code, unit, period, ...)`` → ``Comparison(current, previous,
    percent_change, points_change=None)``.
``compare_rate_with_last_year(numerator_code, denominator_code, unit, period, ...)`` → ``Comparison``
    of the two percentages, with both the relative change in percent and the difference in
    percentage points.
``progress(element_code, unit, period, ...)`` → ``Progress(value, target, percent)`` against the
    target (chỉ tiêu) of the unit, or the sum of the targets in its subtree.
``completeness(data_set, period, parent)`` → ``Completeness`` (expected / submitted / on time / late /
    missing units, with counts) — loads every unit: for a district or smaller.
``completeness_summary(data_set, period, parent)`` → ``CompletenessSummary``: the same counts made in
    SQL and grouped by the next level down, for any size; ``completeness_rows(...)`` pages the units.

Every aggregate is read from the ``Rollup`` table maintained by ``stats.services``: one indexed
lookup per call, whatever the number of values."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from lib import periods
from lib.vn_format import percent_of
from lib.vn_numbers import combine_qualifiers
from orgunits.models import OrgUnit
from orgunits.scope import minimal_paths, subtree_q
from orgunits.selectors import predecessors
from stats.models import (
    APPROVED_STATES,
    YEAR_LATEST_SUFFIX,
    YEAR_SUM_SUFFIX,
    Aggregation,
    DataElement,
    DataSet,
    Indicator,
    Qualifier,
    Rollup,
    Submission,
    Target,
    year_codes,
)


@dataclass
class AggregateResult:
    value: Decimal | None
    units: list[OrgUnit] = field(default_factory=list)
    includes_unapproved: bool = False
    qualifier: str = Qualifier.EXACT


@dataclass
class RateResult:
    numerator: Decimal | None
    denominator: Decimal | None
    percent: Decimal | None


@dataclass
class Comparison:
    current: Decimal | None
    previous: Decimal | None
    percent_change: Decimal | None
    points_change: Decimal | None = None


@dataclass
class Progress:
    value: Decimal | None
    target: Decimal | None
    percent: Decimal | None


def _period(period) -> periods.Period:
    return periods.parse(period)


def lineage_units(unit: OrgUnit) -> list[OrgUnit]:
    """The unit and every unit that became (part of) it, without units nested in another one."""
    ids = predecessors({unit.pk}) | {unit.pk}
    units = OrgUnit.objects.filter(pk__in=ids).select_related("level")
    roots = set(minimal_paths(u.path for u in units))
    return sorted((u for u in units if u.path in roots), key=lambda u: u.path)


def _units(unit: OrgUnit, through_lineage: bool) -> list[OrgUnit]:
    return lineage_units(unit) if through_lineage else [unit]


def _codes(period: periods.Period) -> list[str]:
    """The rollup codes a period's figure is read from: a half-year's, quarter's or month's own,
    a year's combined ones, or for a multi-year period or a date range those of every stored
    period inside it (:func:`_tiles`)."""
    if period.is_year:
        return list(year_codes(period.year))
    if period.is_long:
        return [code for tile in _tiles(period) for code in _tile_codes(tile)]
    return [period.code]


def _tiles(period: periods.Period) -> list[periods.Period]:
    """The stored periods that tile a multi-year period or a date range without overlapping,
    coarsest first: each whole year inside it, else each whole half-year, else each whole
    quarter, else each whole month. Days outside whole months are not counted (nothing is
    stored for them)."""
    tiles = []

    def place(candidate: periods.Period) -> None:
        if period.covers(candidate):
            tiles.append(candidate)
        elif candidate.end >= period.start and candidate.start <= period.end:
            for part in _parts(candidate):
                place(part)

    for year in period.years:
        place(periods.Period(year))
    return tiles


def _parts(period: periods.Period) -> list[periods.Period]:
    """The next finer stored periods a period splits into: a year into halves, a half into quarters,
    a quarter into months."""
    if period.is_year:
        return period.halves()
    if period.is_half_year:
        return [periods.quarter(period.year, 2 * period.half - 1), periods.quarter(period.year, 2 * period.half)]
    if period.type == periods.QUARTER:
        return [periods.month(period.year, 3 * period.quarter - 2 + i) for i in range(3)]
    return []


def _finer(tile: periods.Period) -> list[periods.Period]:
    """Where a tile's figure is read when the tile itself has none: a year from its halves, a
    half from its quarters, a quarter from its months."""
    return _parts(tile)


def _tile_codes(tile: periods.Period) -> list[str]:
    own = [*year_codes(tile.year), tile.code] if tile.is_year else [tile.code]
    return own + [code for finer in _finer(tile) for code in _tile_codes(finer)]


def _has_finer(rows, element_id, option_id, year: int, approved_only: bool) -> bool:
    finer = [q.code for half in periods.Period(year).halves() for q in _parts(half)]
    finer += [m.code for code in finer for m in _parts(periods.parse(code))]
    return any((element_id, option_id, code, approved_only) in rows for code in finer)


def _resolve_long(rows, element: DataElement, option_id, period: periods.Period, approved_only: bool):
    """A multi-year period's or a date range's figure: each tile's own figure (a year: its annual
    forms, else its halves — unit by unit, as :func:`aggregate` gives a year), else its finer
    periods' (a year with no annual figure but quarterly or monthly ones is read half by half);
    a flow adds them. A stock is each unit's own latest figure, read by :func:`_long_stocks`."""
    pieces: list[tuple] = []

    def visit(tile: periods.Period) -> None:
        if tile.is_year:
            annual = (element.pk, option_id, tile.code, approved_only) in rows
            if not annual and _has_finer(rows, element.pk, option_id, tile.year, approved_only):
                for half in tile.halves():  # no annual form, quarters or months: half by half
                    visit(half)
                return
            sum_code, latest_code = year_codes(tile.year)
            code = latest_code if element.is_stock else sum_code
        else:
            code = tile.code
        value = rows.get((element.pk, option_id, code, approved_only))
        if value is not None:
            pieces.append((tile.end, value))
            return
        for finer in _finer(tile):
            visit(finer)

    if element.is_stock:  # each unit's latest figure, summed (see _long_stocks)
        return rows.get((element.pk, option_id, period.code, approved_only))
    for tile in _tiles(period):
        visit(tile)
    if not pieces:
        return None
    if element.is_stock:
        return max(pieces, key=lambda piece: piece[0])[1]
    return sum((value for _end, value in pieces), Decimal(0))


def _rows(element_ids, units, period: periods.Period, include_unapproved: bool):
    """{(element_id, option_id, period_code, approved_only): value} summed over ``units``."""
    codes = _codes(period)
    flags = [True, False] if include_unapproved else [True]
    rows = (
        Rollup.objects.filter(
            element_id__in=element_ids, unit__in=units, period__in=codes, approved_only__in=flags, count__gt=0
        )
        .values_list("element_id", "option_id", "period", "approved_only")
        .annotate(total=Sum("value"))
    )
    return {(e, o, p, f): v for e, o, p, f, v in rows}


def _resolve(rows, element: DataElement, option_id, period: periods.Period, approved_only: bool):
    """A period's figure from the rows of :func:`_rows`. A year is each unit's annual figure where it
    filed one and its half-years elsewhere (see ``stats.services.year_codes``); a longer period is
    made of the stored periods inside it (:func:`_resolve_long`)."""
    if period.is_long:
        return _resolve_long(rows, element, option_id, period, approved_only)
    if not period.is_year:
        return rows.get((element.pk, option_id, period.code, approved_only))
    sum_code, latest_code = year_codes(period.year)
    code = latest_code if element.aggregation == Aggregation.LATEST else sum_code
    return rows.get((element.pk, option_id, code, approved_only))


def aggregate_many(
    codes, unit: OrgUnit, period, *, include_unapproved=False, through_lineage=False, units=None
) -> dict[tuple[str, str | None], Decimal]:
    """Totals and option values of many elements at once: {(code, option_code or None): value}.
    With ``include_unapproved`` the values of forms not yet approved are included; the keys of
    figures that include them are listed in the result's ``unapproved`` attribute."""
    period = _period(period)
    elements = list(DataElement.objects.filter(code__in=list(codes)).select_related("combo"))
    options = _options_of(elements)
    units = units if units is not None else _units(unit, through_lineage)
    codes_by_id = {e.pk: e.code for e in elements}
    result_qualifiers = _qualifiers(elements, units, period, include_unapproved)
    percents = [e for e in elements if e.is_percent]
    elements = [e for e in elements if not e.is_percent]
    rows = _rows([e.pk for e in elements], units, period, include_unapproved) if elements else {}
    if period.is_long:
        rows.update(_long_stocks([e for e in elements if e.is_stock], units, period, include_unapproved))
    result = AggregateDict()
    if percents:
        _add_percents(result, percents, units, period, include_unapproved)
    for element in elements:
        for option_id, option_code in [(None, None)] + options.get(element.pk, []):
            approved = _resolve(rows, element, option_id, period, True)
            value = approved
            if include_unapproved:
                value = _resolve(rows, element, option_id, period, False)
                if value is not None and value != approved:
                    result.unapproved.add((element.code, option_code))
            if value is not None:
                result[(element.code, option_code)] = value
    option_codes = {oid: ocode for pairs in options.values() for oid, ocode in pairs}
    for (element_id, option_id), qualifier in result_qualifiers.items():
        key = (codes_by_id[element_id], option_codes.get(option_id))
        if key in result:
            result.qualifiers[key] = qualifier
    return result


def _long_stocks(elements, units, period: periods.Period, include_unapproved: bool) -> dict:
    """{(element_id, option_id or None, period code, approved_only): value} of stock elements over a
    multi-year period or a date range: each reporting unit's own latest figure among the stored
    periods wholly inside it (at the same end date the longer period — an annual figure before its
    second half), added over the units. One query; its rows are bounded by the units reporting in
    the subtree times the stored periods inside the range."""
    from stats.models import DataValue

    if not elements:
        return {}
    inside = {code: periods.parse(code) for code in _value_codes(period)}
    values = DataValue.objects.filter(
        subtree_q([u.path for u in units], field="submission__unit__path"),
        element_id__in=[e.pk for e in elements],
        value__isnull=False,
        submission__period__in=list(inside),
    )
    if not include_unapproved:
        values = values.filter(submission__status__in=APPROVED_STATES)
    own: dict[bool, dict[tuple, dict[str, Decimal]]] = {True: defaultdict(dict), False: defaultdict(dict)}
    for element_id, option_id, unit_id, code, status, value in values.values_list(
        "element_id", "option_id", "submission__unit_id", "submission__period", "submission__status", "value"
    ):
        for flag in (True, False) if status in APPROVED_STATES else (False,):
            for key in [(element_id, None, unit_id)] + ([(element_id, option_id, unit_id)] if option_id else []):
                own[flag][key][code] = own[flag][key].get(code, Decimal(0)) + value
    result: dict[tuple, Decimal] = {}
    for flag, figures in own.items():
        for (element_id, option_id, _unit_id), by_code in figures.items():
            latest = max(by_code, key=lambda c: (inside[c].end, inside[c].end - inside[c].start))
            key = (element_id, option_id, period.code, flag)
            result[key] = result.get(key, Decimal(0)) + by_code[latest]
    return result


def _add_percents(result, elements, units, period: periods.Period, include_unapproved: bool) -> None:
    """Percent elements are never summed: the asked unit's own stated percent, else — when the
    element declares a weight — the mean of its reporting units' percents weighted by their own
    weight values (Σ p × w / Σ w), else nothing (shown per unit only)."""
    approved = _percent_values(elements, units, period, approved_only=True)
    everything = _percent_values(elements, units, period, approved_only=False) if include_unapproved else approved
    for element in elements:
        value = everything.get(element.pk)
        if value is None:
            continue
        result[(element.code, None)] = value
        if include_unapproved and value != approved.get(element.pk):
            result.unapproved.add((element.code, None))


def _percent_values(elements, units, period: periods.Period, *, approved_only: bool) -> dict[int, Decimal]:
    from stats.models import DataValue

    if period.is_long:
        return {}  # a percent has no figure over several periods: ask each period
    weights = {e.weight_id: e.weight for e in elements if e.weight_id}
    if weights:
        for weight in DataElement.objects.filter(pk__in=list(weights)):
            weights[weight.pk] = weight
    codes = [str(period.year), f"{period.year}H1", f"{period.year}H2"] if period.is_year else [period.code]
    values = DataValue.objects.filter(
        subtree_q([u.path for u in units], field="submission__unit__path"),
        element_id__in=[e.pk for e in elements] + list(weights),
        value__isnull=False,
        submission__period__in=codes,
    )
    if approved_only:
        values = values.filter(submission__status__in=APPROVED_STATES)
    own: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
    paths: dict[int, str] = {}
    for element_id, unit_id, path, code, value in values.values_list(
        "element_id", "submission__unit_id", "submission__unit__path", "submission__period", "value"
    ):
        own[(element_id, unit_id)][code] = own[(element_id, unit_id)].get(code, Decimal(0)) + value
        paths[unit_id] = path

    def figure(element, unit_id) -> Decimal | None:
        figures = own.get((element.pk, unit_id), {})
        if not period.is_year:
            return figures.get(period.code)
        if str(period.year) in figures:
            return figures[str(period.year)]
        halves = [figures[c] for c in (f"{period.year}H1", f"{period.year}H2") if c in figures]
        if not halves:
            return None
        # A percent and a stock stand as of the later half; a flow adds its halves.
        if element.is_percent or element.aggregation == Aggregation.LATEST:
            return halves[-1]
        return sum(halves, Decimal(0))

    result = {}
    for element in elements:
        if len(units) == 1:
            stated = figure(element, units[0].pk)
            if stated is not None:
                result[element.pk] = stated
                continue
        if element.weight_id is None:
            continue
        reporting = sorted(
            {uid for (eid, uid) in own if eid == element.pk and figure(element, uid) is not None},
            key=lambda uid: paths[uid],
        )
        # Only the highest reporting units: a district's own percent already speaks for its wards.
        tops = [uid for uid in reporting if not any(paths[uid].startswith(paths[o]) and o != uid for o in reporting)]
        num = den = Decimal(0)
        for uid in tops:
            weight = figure(weights[element.weight_id], uid)
            if weight:
                num += figure(element, uid) * weight
                den += weight
        if den:
            result[element.pk] = num / den
    return result


class AggregateDict(dict):
    """Figures by (code, option code); ``unapproved`` lists the keys that include values not yet
    approved, ``qualifiers`` the inexact ones ("over", "nearly", "about"; exact keys are absent)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.unapproved: set = set()
        self.qualifiers: dict = {}

    def qualifier(self, key) -> str:
        return self.qualifiers.get(key, Qualifier.EXACT)


def _qualifiers(elements, units, period: periods.Period, include_unapproved: bool) -> dict[tuple, str]:
    """{(element_id, option_id or None): combined qualifier} of the inexact figures among what an
    aggregate adds up: a sum with a part "trên 11.000" is itself "over", mixed kinds make "about".
    Read from the few inexact values (indexed), so an exact catalogue costs one empty query. A year
    counts a unit's halves only where that unit filed no annual figure, and for a stock or a percent
    only the later half."""
    from stats.models import DataValue

    elements = [e for e in elements if e.has_inexact]
    if not elements:
        return {}  # no query: none of these elements ever had an inexact value
    by_id = {e.pk: e for e in elements}
    codes = _value_codes(period)
    base = DataValue.objects.filter(
        subtree_q([u.path for u in units], field="submission__unit__path"),
        element_id__in=list(by_id),
        value__isnull=False,
        submission__period__in=codes,
    )
    if not include_unapproved:
        base = base.filter(submission__status__in=APPROVED_STATES)
    inexact = list(
        base.exclude(qualifier=Qualifier.EXACT).values_list(
            "element_id", "option_id", "submission__unit_id", "submission__period", "qualifier"
        )
    )
    if not inexact:
        return {}
    filed: set[tuple] = set()
    if period.is_year:
        halves_of = {u for _, _, u, p, _ in inexact if p != str(period.year)}
        filed = set(
            base.filter(submission__unit_id__in=halves_of).values_list(
                "element_id", "submission__unit_id", "submission__period"
            )
        )
    found: dict[tuple, list] = defaultdict(list)
    for element_id, option_id, unit_id, code, qualifier in inexact:
        if period.is_year and code != str(period.year):
            if (element_id, unit_id, str(period.year)) in filed:
                continue
            element = by_id[element_id]
            later = (element_id, unit_id, f"{period.year}H2")
            if (
                (element.is_percent or element.aggregation == Aggregation.LATEST)
                and code.endswith("H1")
                and later in filed
            ):
                continue
        found[(element_id, option_id)].append(qualifier)
        if option_id is not None:
            found[(element_id, None)].append(qualifier)
    return {key: combine_qualifiers(kinds) for key, kinds in found.items()}


def _value_codes(period: periods.Period) -> list[str]:
    """The submission periods whose values a period's figure is made of. For a longer period every
    stored period inside it: its qualifier may count an inexact part its figure replaced."""
    if period.is_year:
        return [str(period.year), f"{period.year}H1", f"{period.year}H2"]
    if period.is_long:
        return [
            c
            for code in _codes(period)
            for c in (
                [code[: -len(YEAR_SUM_SUFFIX)], f"{code[:4]}H1", f"{code[:4]}H2"]
                if code.endswith(YEAR_SUM_SUFFIX)
                else ([] if code.endswith(YEAR_LATEST_SUFFIX) else [code])
            )
        ]
    return [period.code]


def _options_of(elements) -> dict[int, list[tuple[int, str]]]:
    from stats.models import CategoryOption

    combo_ids = {e.combo_id for e in elements if e.combo_id}
    by_combo = defaultdict(list)
    for option in CategoryOption.objects.filter(combo_id__in=combo_ids):
        by_combo[option.combo_id].append((option.pk, option.code))
    return {e.pk: by_combo[e.combo_id] for e in elements if e.combo_id}


def aggregate_detail(
    element_code: str, unit: OrgUnit, period, *, option_code=None, include_unapproved=False, through_lineage=False
) -> AggregateResult:
    units = _units(unit, through_lineage)
    values = aggregate_many(
        [element_code],
        unit,
        period,
        include_unapproved=include_unapproved,
        through_lineage=through_lineage,
        units=units,
    )
    key = (element_code, option_code)
    return AggregateResult(values.get(key), units, key in values.unapproved, values.qualifier(key))


def aggregate(
    element_code: str, unit: OrgUnit, period, *, option_code=None, include_unapproved=False, through_lineage=False
) -> Decimal | None:
    return aggregate_detail(
        element_code,
        unit,
        period,
        option_code=option_code,
        include_unapproved=include_unapproved,
        through_lineage=through_lineage,
    ).value


@dataclass
class ItemTotal:
    code: str
    name: str
    value: Decimal | None


@dataclass
class CategoryTotals:
    code: str
    name: str
    items: list[ItemTotal]


def aggregate_by_item(
    element_code: str, unit: OrgUnit, period, *, include_unapproved=False, through_lineage=False
) -> list[CategoryTotals]:
    """For an element disaggregated by a cross-product of categories: per category (in the
    combination's order) the total of each item across the other categories — all "Định kỳ"
    dialogues whoever chaired them. Summed in SQL over the rollups of the options crossing each
    item (one query); the "chưa phân loại" remainder crosses no item and is in no item's total.
    [] for an element without categories."""
    from stats.models import CategoryItem, ComboCategory

    period = _period(period)
    element = DataElement.objects.filter(code=element_code).first()
    if element is None or element.combo_id is None or element.is_percent:
        return []
    links = list(ComboCategory.objects.filter(combo_id=element.combo_id).select_related("category"))
    if not links:
        return []
    units = _units(unit, through_lineage)
    codes = _codes(period)
    if period.half is None:
        sum_code, latest_code = year_codes(period.year)
        codes = [latest_code if element.aggregation == Aggregation.LATEST else sum_code]
    sums = dict(
        Rollup.objects.filter(
            element=element,
            unit__in=units,
            period__in=codes,
            approved_only=not include_unapproved,
            count__gt=0,
            option__items__isnull=False,
        )
        .values_list("option__items")
        .annotate(total=Sum("value"))
        .values_list("option__items", "total")
    )
    items = defaultdict(list)
    for item in CategoryItem.objects.filter(category_id__in=[link.category_id for link in links]):
        items[item.category_id].append(ItemTotal(item.code, item.name, sums.get(item.pk)))
    return [CategoryTotals(link.category.code, link.category.name, items[link.category_id]) for link in links]


def aggregate_years(
    element_code: str,
    unit: OrgUnit,
    first_year: int,
    last_year: int,
    *,
    include_unapproved=False,
    through_lineage=False,
) -> Decimal | None:
    """A multi-year total (anniversary reviews, e.g. 2014–2024): each year's figure as
    :func:`aggregate` gives it (the annual form, else its halves), summed — or, for a "latest
    value" element, the last year that has one. Two queries whatever the span."""
    element = DataElement.objects.filter(code=element_code).first()
    if element is None:
        return None
    if element.is_percent:  # never added over years either: the last year that states one
        for year in range(last_year, first_year - 1, -1):
            value = aggregate(
                element_code, unit, year, include_unapproved=include_unapproved, through_lineage=through_lineage
            )
            if value is not None:
                return value
        return None
    years = [periods.Period(y) for y in range(first_year, last_year + 1)]
    flags = [False] if include_unapproved else [True]
    codes = [c for y in years for c in _codes(y)]
    rows = (
        Rollup.objects.filter(
            element=element,
            option__isnull=True,
            unit__in=_units(unit, through_lineage),
            period__in=codes,
            approved_only__in=flags,
            count__gt=0,
        )
        .values_list("element_id", "option_id", "period", "approved_only")
        .annotate(total=Sum("value"))
    )
    found = {(e, o, p, f): v for e, o, p, f, v in rows}
    values = [_resolve(found, element, None, y, flags[0]) for y in years]
    present = [v for v in values if v is not None]
    if not present:
        return None
    return present[-1] if element.aggregation == Aggregation.LATEST else sum(present, Decimal(0))


def rate(numerator_code: str, denominator_code: str, unit: OrgUnit, period, **options) -> RateResult:
    values = aggregate_many([numerator_code, denominator_code], unit, period, **options)
    num, den = values.get((numerator_code, None)), values.get((denominator_code, None))
    return RateResult(num, den, percent_of(num, den))


def indicator_rate(indicator_code: str, unit: OrgUnit, period, **options) -> RateResult:
    ind = Indicator.objects.select_related("numerator", "denominator").get(code=indicator_code)
    return rate(ind.numerator.code, ind.denominator.code, unit, period, **options)


def _change(current, previous) -> Decimal | None:
    if current is None or previous is None or previous == 0:
        return None
    return percent_of(current - previous, abs(previous))


def compare_with_last_year(element_code: str, unit: OrgUnit, period, **options) -> Comparison:
    period = _period(period)
    current = aggregate(element_code, unit, period, **options)
    if not period.has_same_period_last_year:  # a multi-year period, a range over a year
        return Comparison(current, None, None)
    previous = aggregate(element_code, unit, period.same_period_last_year(), **options)
    return Comparison(current, previous, _change(current, previous))


def compare_rate_with_last_year(
    numerator_code: str, denominator_code: str, unit: OrgUnit, period, **options
) -> Comparison:
    """Both ways of saying how a rate moved: ``points_change`` (87% vs 82% → 5 points, what the
    seeds write as "tăng 5%") and ``percent_change`` (relative: 6,10%)."""
    period = _period(period)
    now = rate(numerator_code, denominator_code, unit, period, **options).percent
    if not period.has_same_period_last_year:
        return Comparison(now, None, None, None)
    before = rate(numerator_code, denominator_code, unit, period.same_period_last_year(), **options).percent
    points = None if now is None or before is None else now - before
    return Comparison(now, before, _change(now, before), points)


def target_for(element_code: str, unit: OrgUnit, period) -> Decimal | None:
    """The unit's own target, or else the sum of the targets set in its subtree."""
    period = _period(period)
    targets = Target.objects.filter(element__code=element_code, period=period.code)
    own = targets.filter(unit=unit).values_list("value", flat=True).first()
    if own is not None:
        return own
    return targets.filter(unit__path__startswith=unit.path).aggregate(s=Sum("value"))["s"]


def progress(element_code: str, unit: OrgUnit, period, **options) -> Progress:
    value = aggregate(element_code, unit, period, **options)
    target = target_for(element_code, unit, period)
    return Progress(value, target, percent_of(value, target))


# --------------------------------------------------------------------------------------------
# completeness and timeliness
# --------------------------------------------------------------------------------------------
def expected_units(data_set: DataSet, period, parent: OrgUnit):
    """Units of the form's reporting types in ``parent``'s subtree that existed in the period; only
    those in the form's assigned subtrees when it has assignments."""
    period = _period(period)
    assigned = data_set.assigned_paths()
    units = OrgUnit.objects.filter(path__startswith=parent.path, unit_type__in=data_set.unit_types or [])
    if assigned is not None:
        units = units.filter(subtree_q(assigned, field="path"))
    return (
        units.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .select_related("parent")
        .order_by("path")
    )


@dataclass
class CompletenessRow:
    unit: OrgUnit
    submission: Submission | None
    state: str  # "on_time", "late", "missing"


@dataclass
class Completeness:
    rows: list[CompletenessRow]
    due: object

    def _count(self, state):
        return sum(1 for r in self.rows if r.state == state)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def on_time(self) -> int:
        return self._count("on_time")

    @property
    def late(self) -> int:
        return self._count("late")

    @property
    def missing(self) -> int:
        return self._count("missing")

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def approved(self) -> int:
        return sum(1 for r in self.rows if r.submission and r.submission.status in APPROVED_STATES)

    @property
    def percent(self):
        return percent_of(self.submitted, self.expected)

    @property
    def missing_units(self) -> list[OrgUnit]:
        return [r.unit for r in self.rows if r.state == "missing"]


def completeness(data_set: DataSet, period, parent: OrgUnit) -> Completeness:
    """Which expected units submitted (a form counts once it is submitted, approved or returned
    after submission), on time (by the deadline) or late, and which are missing. Two queries."""
    from django.utils import timezone

    period = _period(period)
    due = data_set.due_date(period)
    units = list(expected_units(data_set, period, parent))
    subs = {
        s.unit_id: s
        for s in Submission.objects.filter(data_set=data_set, period=period.code, unit__in=[u.pk for u in units])
    }
    rows = []
    for unit in units:
        sub = subs.get(unit.pk)
        if sub is None or sub.submitted_at is None:
            state = "missing"
        else:
            state = "on_time" if timezone.localtime(sub.submitted_at).date() <= due else "late"
        rows.append(CompletenessRow(unit, sub, state))
    return Completeness(rows, due)


@dataclass
class CompletenessCounts:
    """Counts of one subtree (or of the whole page): expected, on time, late, approved units."""

    unit: OrgUnit | None = None
    expected: int = 0
    on_time: int = 0
    late: int = 0
    approved: int = 0

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    @property
    def percent(self):
        return percent_of(self.submitted, self.expected)


@dataclass
class CompletenessSummary(CompletenessCounts):
    due: object = None
    groups: list[CompletenessCounts] = field(default_factory=list)


def _on_time_before(data_set: DataSet, period: periods.Period):
    """A form submitted before this instant (midnight after the deadline, local time) is on time."""
    from django.utils import timezone

    day_after = data_set.due_date(period) + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day_after, dt.time.min))


def _with_submission(data_set: DataSet, period: periods.Period, parent: OrgUnit):
    """Expected units joined (left) to their submission of the form for the period."""
    from django.db.models import FilteredRelation

    return expected_units(data_set, period, parent).annotate(
        sub=FilteredRelation(
            "stat_submissions",
            condition=Q(stat_submissions__data_set=data_set, stat_submissions__period=period.code),
        )
    )


def completeness_summary(data_set: DataSet, period, parent: OrgUnit) -> CompletenessSummary:
    """Completeness of ``parent``'s subtree counted in SQL, grouped by the next level down (one
    row per child subtree, plus ``parent`` itself when it reports). Two queries, whatever the
    number of units: a country's 10,000 communes are never loaded."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    from orgunits.models import SEGMENT_WIDTH

    period = _period(period)
    cutoff = _on_time_before(data_set, period)
    sent = Q(sub__submitted_at__isnull=False)
    rows = (
        _with_submission(data_set, period, parent)
        .select_related(None)
        .order_by()
        .annotate(branch=Substr("path", 1, len(parent.path) + SEGMENT_WIDTH))
        .values("branch")
        .annotate(
            expected=Count("pk"),
            on_time=Count("pk", filter=sent & Q(sub__submitted_at__lt=cutoff)),
            late=Count("pk", filter=sent & Q(sub__submitted_at__gte=cutoff)),
            approved=Count("pk", filter=Q(sub__status__in=APPROVED_STATES)),
        )
    )
    counts = {r.pop("branch"): r for r in rows}
    heads = {u.path: u for u in OrgUnit.objects.filter(path__in=list(counts)).order_by("name", "path")}
    summary = CompletenessSummary(unit=parent, due=data_set.due_date(period))
    for path, unit in heads.items():
        group = CompletenessCounts(unit=unit, **counts[path])
        summary.groups.append(group)
        for name in ("expected", "on_time", "late", "approved"):
            setattr(summary, name, getattr(summary, name) + getattr(group, name))
    return summary


def completeness_rows(data_set: DataSet, period, parent: OrgUnit, state: str | None = None):
    """The expected units of ``parent``'s subtree as a lazy query (to page), each annotated with
    its submission's ``sub_id``, ``sub_status``, ``sub_submitted_at`` and ``state`` ("on_time",
    "late", "missing"); ``state`` keeps only the units in that state."""
    from django.db.models import Case, CharField, F, Value, When

    period = _period(period)
    cutoff = _on_time_before(data_set, period)
    qs = _with_submission(data_set, period, parent).annotate(
        sub_id=F("sub__id"),
        sub_status=F("sub__status"),
        sub_submitted_at=F("sub__submitted_at"),
        state=Case(
            When(sub__submitted_at__isnull=True, then=Value("missing")),
            When(sub__submitted_at__lt=cutoff, then=Value("on_time")),
            default=Value("late"),
            output_field=CharField(),
        ),
    )
    return qs.filter(state=state) if state else qs


def reminder_list(data_set: DataSet, period, parent: OrgUnit) -> list[dict]:
    """Missing units with the people who enter their data (clerks and heads), to remind them."""
    return reminders_for(completeness(data_set, period, parent).missing_units)


def reminders_for(missing) -> list[dict]:
    """The people (clerks and heads) who enter the data of the given units: one query."""
    from accounts.models import Role, RoleAssignment

    people = defaultdict(list)
    for a in RoleAssignment.objects.filter(unit__in=missing, role__in=[Role.CLERK, Role.HEAD]).select_related("user"):
        people[a.unit_id].append(a.user)
    return [{"unit": u, "people": people.get(u.pk, [])} for u in missing]


def last_values(data_set: DataSet, unit: OrgUnit, period) -> dict[tuple[int, int | None], Decimal]:
    """Values the unit reported on the form for the period before: {(element_id, option_id): value}.
    A form reported for one half a year only has its previous report a year earlier."""
    from stats.models import DataValue

    period = _period(period)
    previous = period.previous()
    if data_set.half_years in ("1", "2") and period.half is not None:
        previous = period.same_period_last_year()
    rows = DataValue.objects.filter(
        submission__data_set=data_set, submission__unit=unit, submission__period=previous.code
    ).values_list("element_id", "option_id", "value", "text")
    return {(e, o): (v if v is not None else t) for e, o, v, t in rows}


# --------------------------------------------------------------------------------------------
# page building blocks (a bounded number of queries each)
# --------------------------------------------------------------------------------------------
@dataclass
class FormLine:
    element: DataElement
    option: object = None  # CategoryOption or None
    value: object = None
    comment: str = ""
    last: object = None
    is_header: bool = False  # the derived-total line of a disaggregated element
    qualifier: str = Qualifier.EXACT
    follow_up: bool = False
    # On the derived-total line of an element split by two crossed categories: its parts as a
    # FormGrid; each part's own line (still listed after it) is then marked ``in_grid``.
    grid: object = None
    in_grid: bool = False

    @property
    def typed(self) -> str:
        """The value as the clerk typed it: "trên 11.000" for an inexact figure."""
        from lib.vn_numbers import QUALIFIER_WORDS, format_vn_number

        if self.value is None or not self.element.is_numeric:
            return "" if self.value is None else str(self.value)
        word = QUALIFIER_WORDS.get(self.qualifier)
        number = format_vn_number(self.value)
        return f"{word} {number}" if word else number


@dataclass
class FormSection:
    name: str
    lines: list[FormLine]


@dataclass
class FormGridRow:
    item: object  # CategoryItem of the first category
    cells: list  # FormLine per column (None where no option crosses the two items)


@dataclass
class FormGrid:
    """An element split by two crossed categories, entered as a grid: rows are the first
    category's items, columns the second's; each cell is the option crossing both."""

    columns: list  # CategoryItem of the second category
    rows: list[FormGridRow]


def _grid_shapes(combo_ids, options) -> dict[int, tuple[list, list, dict]]:
    """{combo_id: (row items, column items, {(row item pk, column item pk): option})} for the
    combinations crossing exactly two categories whose every part crosses one item of each."""
    from stats.models import CategoryItem, ComboCategory

    links = defaultdict(list)
    for link in ComboCategory.objects.filter(combo_id__in=combo_ids).order_by("sort_order", "id"):
        links[link.combo_id].append(link.category_id)
    links = {combo_id: ids for combo_id, ids in links.items() if len(ids) == 2}
    if not links:
        return {}
    items = defaultdict(list)
    for item in CategoryItem.objects.filter(category_id__in={c for ids in links.values() for c in ids}):
        items[item.category_id].append(item)
    shapes = {}
    for combo_id, (first, second) in links.items():
        cells = {}
        for option in options[combo_id]:
            if option.unclassified:
                continue
            crossed = {i.category_id: i.pk for i in option.items.all()}
            if set(crossed) != {first, second}:
                break
            cells[(crossed[first], crossed[second])] = option
        else:
            shapes[combo_id] = (items[first], items[second], cells)
    return shapes


def form_layout(data_set: DataSet, submission: Submission | None, *, unit=None, period=None) -> list[FormSection]:
    """The form's sections and lines with the current and last period's values (``unit`` and
    ``period`` are needed when no submission exists yet). Five queries, two more when a
    disaggregation crosses categories; one split by two categories comes as a grid line."""
    from stats.models import CategoryOption, DataValue, Section, SectionElement

    sections = list(Section.objects.filter(data_set=data_set).order_by("sort_order", "id"))
    items = list(
        SectionElement.objects.filter(section__data_set=data_set).select_related("element").order_by("sort_order", "id")
    )
    combo_ids = {i.element.combo_id for i in items if i.element.combo_id}
    options = defaultdict(list)
    for option in (
        CategoryOption.objects.filter(combo_id__in=combo_ids).order_by("sort_order", "id").prefetch_related("items")
    ):
        options[option.combo_id].append(option)
    grids = _grid_shapes(combo_ids, options) if combo_ids else {}
    current = {}
    if submission is not None and submission.pk:
        for v in DataValue.objects.filter(submission=submission):
            current[(v.element_id, v.option_id)] = v
        unit, period = submission.unit, submission.period
    last = last_values(data_set, unit, period) if unit is not None and period is not None else {}
    by_section = defaultdict(list)
    for item in items:
        by_section[item.section_id].append(item.element)
    result = []
    for section in sections:
        lines = []
        for element in by_section[section.pk]:
            if element.combo_id:
                parts_values = [current.get((element.pk, o.pk)) for o in options[element.combo_id]]
                numbers = [p.value for p in parts_values if p is not None and p.value is not None]
                total = sum(numbers, Decimal(0)) if numbers else None
                lasts = [last.get((element.pk, o.pk)) for o in options[element.combo_id]]
                last_total = sum((x for x in lasts if x is not None), Decimal(0)) if any(lasts) else None
                header = FormLine(element, None, total, "", last_total, True)
                lines.append(header)
                parts = {}
                for option, part in zip(options[element.combo_id], parts_values, strict=True):
                    parts[option.pk] = _line(element, option, part, last.get((element.pk, option.pk)))
                    lines.append(parts[option.pk])
                if element.combo_id in grids:
                    header.grid = _grid(grids[element.combo_id], parts)
            else:
                lines.append(_line(element, None, current.get((element.pk, None)), last.get((element.pk, None))))
        result.append(FormSection(section.name, lines))
    return result


def _grid(shape, parts: dict) -> FormGrid:
    rows, columns, cells = shape
    grid = FormGrid(columns, [])
    for row in rows:
        line_cells = []
        for column in columns:
            option = cells.get((row.pk, column.pk))
            cell = parts[option.pk] if option is not None else None
            if cell is not None:
                cell.in_grid = True
            line_cells.append(cell)
        grid.rows.append(FormGridRow(row, line_cells))
    return grid


def _line(element, option, dv, last) -> FormLine:
    if dv is None:
        return FormLine(element, option, None, "", last)
    value = dv.value if element.is_numeric else dv.text
    return FormLine(element, option, value, dv.comment, last, qualifier=dv.qualifier, follow_up=dv.follow_up)


@dataclass
class AggregateRow:
    element: DataElement
    option: object
    value: Decimal | None
    previous: Decimal | None
    percent_change: Decimal | None
    unapproved: bool
    target: Decimal | None = None
    target_percent: Decimal | None = None
    option_name: str = ""
    qualifier: str = Qualifier.EXACT

    @property
    def qualifier_word(self) -> str:
        from lib.vn_numbers import QUALIFIER_WORDS

        return QUALIFIER_WORDS.get(self.qualifier, "")


@dataclass
class RateRow:
    indicator: Indicator
    current: RateResult
    previous: RateResult
    points_change: Decimal | None
    percent_change: Decimal | None


def aggregate_table(
    data_set: DataSet, unit: OrgUnit, period, *, include_unapproved=False, through_lineage=False
) -> dict:
    """Everything the aggregates page shows for a form, a unit subtree and a period: each element
    (and option) with last year's figure and the change, each rate with both kinds of change, and
    progress against targets. A fixed number of queries."""
    from stats.models import CategoryOption, SectionElement

    period = _period(period)
    last_year = period.same_period_last_year()
    elements = [
        i.element
        for i in SectionElement.objects.filter(section__data_set=data_set)
        .select_related("element", "section")
        .order_by("section__sort_order", "sort_order")
    ]
    codes = [e.code for e in elements]
    units = _units(unit, through_lineage)
    opts = {"include_unapproved": include_unapproved, "units": units}
    now = aggregate_many(codes, unit, period, **opts)
    before = aggregate_many(codes, unit, last_year, **opts)
    options = _options_of(elements)
    targets = _targets(elements, unit, period)
    rows = []
    option_names = dict(
        CategoryOption.objects.filter(combo_id__in={e.combo_id for e in elements if e.combo_id}).values_list(
            "pk", "name"
        )
    )
    for element in elements:
        keys = [(None, None)] + [(oid, ocode) for oid, ocode in options.get(element.pk, [])]
        for oid, ocode in keys:
            key = (element.code, ocode)
            value, prev = now.get(key), before.get(key)
            target = targets.get(element.pk) if ocode is None else None
            rows.append(
                AggregateRow(
                    element,
                    ocode,
                    value,
                    prev,
                    _change(value, prev),
                    key in now.unapproved,
                    target,
                    percent_of(value, target),
                    option_names.get(oid, ""),
                    now.qualifier(key),
                )
            )
    rates = []
    for ind in Indicator.objects.filter(numerator__code__in=codes, denominator__code__in=codes).select_related(
        "numerator", "denominator"
    ):
        cur = _rate_from(now, ind)
        prev = _rate_from(before, ind)
        points = None if cur.percent is None or prev.percent is None else cur.percent - prev.percent
        rates.append(RateRow(ind, cur, prev, points, _change(cur.percent, prev.percent)))
    return {"rows": rows, "rates": rates, "units": units, "period": period, "last_year": last_year}


def _rate_from(values, ind) -> RateResult:
    num, den = values.get((ind.numerator.code, None)), values.get((ind.denominator.code, None))
    return RateResult(num, den, percent_of(num, den))


def _targets(elements, unit, period) -> dict[int, Decimal]:
    rows = Target.objects.filter(
        element__in=elements, period=period.code, unit__path__startswith=unit.path
    ).values_list("element_id", "unit_id", "value")
    own, below = {}, defaultdict(Decimal)
    for element_id, unit_id, value in rows:
        if unit_id == unit.pk:
            own[element_id] = value
        else:
            below[element_id] += value
    return {**below, **own}


def awaiting_approval(user):
    """Submitted forms the user may approve: strictly below the units where they review (never
    their own unit's form). Used by the approvals page, the dashboard and the API."""
    from accounts.access import scope_paths
    from accounts.roles import Cap
    from stats.models import Status

    paths = scope_paths(user, Cap.REVIEW)
    qs = Submission.objects.filter(status=Status.SUBMITTED).select_related("data_set", "unit__parent")
    if paths is None:
        return qs
    if not paths:
        return qs.none()
    # Scope paths are minimal (no root inside another), so "below a root" is "in the scope, not a root".
    condition = subtree_q(paths) & ~Q(unit__path__in=paths)
    return qs.filter(condition).exclude(unit_id__in=user.assignments.values("unit_id"))


def current_form(today: dt.date | None = None):
    """The form and period a page starts with on ``today``: the active form whose current period
    still has its deadline ahead (the year 2026 form, due 15/01/2027, on 01/12/2026), else the first
    active form; with that form's current period. ``(None, None)`` when no form is active."""
    from django.utils import timezone

    today = today or timezone.localdate()
    data_sets = list(DataSet.objects.filter(active=True).order_by("period_type", "name"))
    if not data_sets:
        return None, None
    chosen = next((ds for ds in data_sets if ds.is_open_on(today)), data_sets[0])
    return chosen, chosen.current_period(today)


def follow_ups(user):
    """Values marked for follow-up in the user's scope, newest change first, with their unit,
    form and element (one query; the comment threads through ``value_thread``)."""
    from accounts.access import scope_q
    from accounts.roles import Cap
    from stats.models import DataValue

    return (
        DataValue.objects.filter(follow_up=True)
        .filter(scope_q(user, Cap.VIEW, "submission__unit__path"))
        .select_related("submission__unit", "submission__data_set", "element", "option")
        .order_by("-updated_at", "-pk")
    )


def value_thread(submission, element, option=None) -> list:
    """The comments on one figure of a submission, oldest first."""
    from stats.models import ValueComment

    return list(
        ValueComment.objects.filter(value__submission=submission, value__element=element, value__option=option)
        .select_related("author")
        .order_by("at", "pk")
    )
