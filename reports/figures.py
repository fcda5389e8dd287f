"""Every recorded figure, from the statistics catalogue: each data element of the active forms
(and the standard ones) with data for the unit and period, each of its category options with
data, and each rate (``stats.Indicator``) — with names and units of measure as the administrator
configured them, so an element or rate added in the admin reaches the report without code.

Three parts, each used by one stage of the pipeline:
- :func:`catalogue_facts` (facts): plain JSON data grouped by the forms' sections;
- :func:`section_sentences` (narrative): a generic sentence per figure not already stated by a
  hand-written sentence of ``reports.narrative`` (see :data:`STATED_BY`);
- :func:`catalogue_table` (appendix): one table grouped by section, names never codes."""

from __future__ import annotations

from decimal import Decimal

from lib import periods
from lib.vn_format import change_words, format_decimal, format_int, format_percent
from lib.vn_text import fold
from stats import catalogue as cat

# The standard form each period type is reported on (half-year review / annual review).
DATA_SET_FOR = {periods.HALF_YEAR: cat.HALF_YEAR_FORM, periods.YEAR: cat.YEAR_FORM}


def num(value):
    """JSON-safe number: int when whole, else the Decimal as a string; None stays None."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else str(value.normalize())


OTHER_SECTION = "Các chỉ tiêu khác"


# ------------------------------------------------------------------------------------ facts
def _ordered_section_items(period_type: str):
    """(data set, section, element) of the active forms and the standard ones, the report's own
    kind of form first; each element once (where it is first found). One query."""
    from django.db.models import Q

    from stats.models import SectionElement

    rows = (
        SectionElement.objects.filter(
            Q(section__data_set__active=True) | Q(section__data_set__code__in=DATA_SET_FOR.values())
        )
        .select_related("element", "section__data_set")
        .order_by("section__data_set__code", "section__sort_order", "section_id", "sort_order", "id")
    )
    rows = sorted(rows, key=lambda r: r.section.data_set.period_type != period_type)  # stable: keeps the order
    seen, out = set(), []
    for row in rows:
        if row.element_id in seen or not row.element.is_numeric:
            continue
        seen.add(row.element_id)
        out.append(row)
    return out


def catalogue_facts(unit, scope) -> dict:
    """Figures of every element, option and rate with data in the report's (last) period and the
    same period a year earlier. A fixed number of queries, whatever the size of the catalogue."""
    from lib.vn_format import percent_of
    from stats.models import CategoryOption, Indicator
    from stats.selectors import aggregate_many, lineage_units

    period = scope.period
    last = period.same_period_last_year()
    items = _ordered_section_items(period.type)
    indicators = list(Indicator.objects.select_related("numerator", "denominator").order_by("sort_order", "code"))
    codes = {r.element.code for r in items}
    codes |= {i.numerator.code for i in indicators} | {i.denominator.code for i in indicators}
    units = lineage_units(unit)
    now = aggregate_many(codes, unit, period, units=units)
    before = aggregate_many(codes, unit, last, units=units)
    combos = {r.element.combo_id for r in items if r.element.combo_id}
    options: dict[int, list] = {}
    for option in CategoryOption.objects.filter(combo_id__in=combos).order_by("sort_order", "id"):
        options.setdefault(option.combo_id, []).append(option)

    sections: dict[tuple, dict] = {}
    section_of_code: dict[str, tuple] = {}
    for row in items:
        element = row.element
        value = now.get((element.code, None))
        if value is None:
            continue
        key = (row.section.data_set_id, row.section_id)
        section = sections.setdefault(
            key, {"data_set": row.section.data_set.name, "name": row.section.name, "items": [], "rates": []}
        )
        section_of_code[element.code] = key
        parts = []
        for option in options.get(element.combo_id, []):
            part = now.get((element.code, option.code))
            if part is not None:
                parts.append(
                    {
                        "name": option.name,
                        "value": num(part),
                        "qualifier": now.qualifier((element.code, option.code)),
                        "previous": num(before.get((element.code, option.code))),
                    }
                )
        section["items"].append(
            {
                "code": element.code,
                "name": element.name,
                "unit": element.unit_of_measure,
                "type": element.value_type,
                "value": num(value),
                "qualifier": now.qualifier((element.code, None)),
                "previous": num(before.get((element.code, None))),
                "options": parts,
            }
        )
    for ind in indicators:
        num_code, den_code = ind.numerator.code, ind.denominator.code
        percent = percent_of(now.get((num_code, None)), now.get((den_code, None)))
        if percent is None:
            continue
        previous = percent_of(before.get((num_code, None)), before.get((den_code, None)))
        key = section_of_code.get(num_code) or section_of_code.get(den_code) or ("other", "other")
        section = sections.setdefault(key, {"data_set": "", "name": OTHER_SECTION, "items": [], "rates": []})
        section["rates"].append(
            {
                "code": ind.code,
                "name": ind.name,
                "numerator": num(now.get((num_code, None))),
                "denominator": num(now.get((den_code, None))),
                "percent": num(percent),
                "previous": num(previous),
                "points": num(percent - previous) if previous is not None else None,
            }
        )
    return {"period": period.code, "previous_period": last.code, "sections": list(sections.values())}


# ------------------------------------------------------------------------------------ narrative
# What the hand-written sentences of reports.narrative already state, by the element whose value
# makes them speak: (trigger element, elements stated, rates stated). A generic sentence is written
# for every other figure, so no figure is said twice.
STATED_BY = [
    (cat.DIALOGUES, {cat.DIALOGUES, cat.DIALOGUE_PARTICIPANTS}, {cat.RESOLVED_RATE}),
    (cat.CBCC_CONF_REQUIRED, {cat.CBCC_CONF_HELD, cat.CBCC_CONF_REQUIRED}, {cat.CBCC_CONF_RATE}),
    (cat.NLD_CONF_REQUIRED, {cat.NLD_CONF_HELD, cat.NLD_CONF_REQUIRED}, {cat.NLD_CONF_RATE}),
    (cat.CONVENTIONS_TOTAL, {cat.CONVENTIONS_APPROVED, cat.CONVENTIONS_TOTAL}, {cat.CONVENTIONS_RATE}),
    (
        cat.CULT_FAMILIES_REGISTERED,
        {cat.CULT_FAMILIES_REGISTERED, cat.CULT_FAMILIES_ACHIEVED},
        {cat.CULT_FAMILIES_RATE},
    ),
    (cat.CULT_AREAS_TOTAL, {cat.CULT_AREAS_ACHIEVED, cat.CULT_AREAS_TOTAL}, {cat.CULT_AREAS_RATE}),
    (cat.CULT_AGENCIES_TOTAL, {cat.CULT_AGENCIES_ACHIEVED, cat.CULT_AGENCIES_TOTAL}, {cat.CULT_AGENCIES_RATE}),
    (cat.SECURITY_CAMERAS, {cat.SECURITY_CAMERAS}, set()),
    (cat.CITIZEN_RECEPTIONS, {cat.CITIZEN_RECEPTIONS}, set()),
    (cat.COMPLAINTS_RECEIVED, {cat.COMPLAINTS_RECEIVED, cat.COMPLAINTS_RESOLVED}, {cat.COMPLAINTS_RATE}),
    (cat.RELIGIOUS_PROGRAMMES, {cat.RELIGIOUS_PROGRAMMES}, set()),
    (cat.COORDINATION_PLANS, {cat.COORDINATION_PLANS}, set()),
]

# Which narrative section speaks of a form's section (by its folded name); others go to "figures".
NARRATIVE_SECTION = {
    fold("Đối thoại với Nhân dân"): "democracy",
    fold("Thực hiện quy chế dân chủ ở cơ sở"): "democracy",
    fold("Xây dựng đời sống văn hóa"): "culture",
    fold("An ninh trật tự"): "government",
    fold("Công tác tôn giáo"): "government",
    fold("Dân vận chính quyền"): "government",
}


def _nonzero(value) -> bool:
    return value not in (None, "") and Decimal(str(value)) != 0


def stated(f) -> tuple[set, set]:
    """(element codes, rate codes) the hand-written sentences state for these facts."""
    values = (f.get("stats") or {}).get("values", {})
    elements, rates = set(), set()
    for trigger, codes, rate_codes in STATED_BY:
        if _nonzero(values.get(trigger)):
            elements |= codes
            rates |= rate_codes
    return elements, rates


def figure_words(value, value_type: str = "count", unit: str = "", qualifier: str = "exact") -> str:
    """ "1.500 lượt hộ", "2,5 km", "7.000.000 đồng", "trên 14.600 lượt" (an inexact figure says how)."""
    from lib.vn_numbers import QUALIFIER_WORDS

    number = Decimal(str(value))
    text = format_int(number) if number == number.to_integral_value() else format_decimal(number, 2, strip_zeros=True)
    if value_type == "amount" and not unit:
        unit = "đồng"
    if value_type == "percent":
        text, unit = f"{text}%", ""
    word = QUALIFIER_WORDS.get(qualifier or "exact")
    return f"{word + ' ' if word else ''}{text} {unit}".strip()


def _reference(f) -> str:
    year = f["scope"]["year"] - 1
    return f"cùng kỳ năm {year}" if f["scope"]["kind"] == "half_year" else f"năm {year}"


def _count_change(f, item) -> str:
    # "trên 11.000 … tăng 200" would claim a precision the figure does not have.
    if item["previous"] is None or item.get("qualifier", "exact") != "exact":
        return ""
    delta = Decimal(str(item["value"])) - Decimal(str(item["previous"]))
    if delta == 0:
        return f", bằng {_reference(f)}"
    word = "tăng" if delta > 0 else "giảm"
    return f", {word} {figure_words(abs(delta), item['type'], item['unit'])} so với {_reference(f)}"


def _subject(name: str) -> str:
    # No sentence may begin with a digit: a name like "5 tiêu chí …" is introduced.
    return f"Chỉ tiêu “{name}”" if name[:1].isdigit() else name


def _options_words(item) -> str:
    parts = [
        f"{o['name']} {figure_words(o['value'], item['type'], item['unit'], o.get('qualifier', 'exact'))}"
        for o in item["options"]
        if _nonzero(o["value"])
    ]
    return "; ".join(parts)


def item_sentence(f, item, *, stated_already: bool = False) -> str | None:
    """ "Số lượt hộ được tuyên truyền: 1.500 lượt hộ, tăng 200 lượt hộ so với cùng kỳ năm 2021
    (trong đó: …)." — or, when a hand-written sentence gave the total, only its breakdown."""
    options = _options_words(item)
    if stated_already:
        return f"{_subject(item['name'])}, trong đó: {options}." if options else None
    if not _nonzero(item["value"]):
        return None  # a report never says "0 …"
    words = figure_words(item["value"], item["type"], item["unit"], item.get("qualifier", "exact"))
    text = f"{_subject(item['name'])}: {words}"
    text += _count_change(f, item)
    if options:
        text += f" (trong đó: {options})"
    return text + "."


def rate_sentence(f, rate) -> str | None:
    """ "Tỷ lệ tin báo được xử lý đạt 96,5%, tăng 5 điểm phần trăm so với năm 2021." """
    percent = format_percent(Decimal(str(rate["percent"])), 2, strip_zeros=True)
    text = f"{_subject(rate['name'])} đạt {percent}"
    if rate.get("previous") is not None:
        change = change_words(
            Decimal(str(rate["percent"])),
            Decimal(str(rate["previous"])),
            unit="points",
            year=f["scope"]["year"] - 1,
            explicit_points=True,
        )
        if change:
            text += f", {change}"
    return text + "."


def section_sentences(f, *, mapping: dict | None = None, keys=None) -> dict[str, list[str]]:
    """{narrative section key: [paragraph, …]}: one paragraph per form section holding the
    sentences of its figures the hand-written sentences did not state. ``mapping``: {form
    section name: report section key} a configured layout sets; a key outside ``keys`` (the
    layout's sections) falls back to "figures"."""
    chosen = {fold(name): key for name, key in (mapping or {}).items()}
    catalogue = f.get("catalogue") or {}
    if not catalogue.get("sections"):
        return {}
    elements, rates = stated(f)
    prefix = f"Trong năm {f['scope']['year']}, " if f["scope"]["kind"] == "multi_year" else ""
    out: dict[str, list[str]] = {}
    for section in catalogue["sections"]:
        sentences = [item_sentence(f, item, stated_already=item["code"] in elements) for item in section["items"]]
        sentences += [rate_sentence(f, r) for r in section["rates"] if r["code"] not in rates]
        sentences = [s for s in sentences if s]
        if not sentences:
            continue
        if prefix:
            sentences[0] = prefix + sentences[0][:1].lower() + sentences[0][1:]
        name = fold(section["name"])
        key = chosen.get(name) or NARRATIVE_SECTION.get(name, "figures")
        if keys is not None and key not in keys:
            key = "figures"
        out.setdefault(key, []).append(" ".join(sentences))
    return out


# ------------------------------------------------------------------------------------ appendix
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]


def _cell(value, item_type: str = "count"):
    """Whole numbers stay numbers (XLSX sums them); others are written the Vietnamese way."""
    if value is None:
        return None
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return int(number)
    return format_decimal(number, 2, strip_zeros=True)


def _pct_cell(value) -> str:
    return format_percent(Decimal(str(value)), 2, strip_zeros=True) if value is not None else ""


def catalogue_table(f, title: str) -> dict | None:
    """The appendix table of every figure: a heading row per form section, then its elements (with
    their options, indented) and its rates; name, unit of measure, this period, a year earlier."""
    catalogue = f.get("catalogue") or {}
    rows = []
    for index, section in enumerate(catalogue.get("sections") or []):
        number = ROMAN[index] if index < len(ROMAN) else str(index + 1)
        rows.append([f"{number}. {section['name']}", "", None, None])
        for item in section["items"]:
            unit = item["unit"] or ("đồng" if item["type"] == "amount" else "")
            rows.append([item["name"], unit, _cell(item["value"]), _cell(item["previous"])])
            for option in item["options"]:
                rows.append([f"– {option['name']}", unit, _cell(option["value"]), _cell(option["previous"])])
        for rate in section["rates"]:
            rows.append([rate["name"], "%", _pct_cell(rate["percent"]), _pct_cell(rate.get("previous"))])
    if not rows:
        return None
    columns = ["Chỉ tiêu", "Đơn vị tính", "Kỳ báo cáo", "Cùng kỳ năm trước"]
    return {"title": title, "columns": columns, "rows": rows, "total": None}
