"""Appendix tables (per sub-unit, per field, per year, rewards, statistics) built from the facts,
each with a totals row. Plain data: the HTML, DOCX and XLSX renderers all draw these."""

from __future__ import annotations

from lib.vn_format import format_int
from reports import figures
from reports.narrative import _pct
from stats import catalogue as cat


def _table(title, columns, rows, total=None) -> dict:
    return {"title": title, "columns": columns, "rows": rows, "total": total}


def _sum(rows, key) -> int:
    return sum(int(r.get(key) or 0) for r in rows)


def by_unit_table(f) -> dict | None:
    rows = f["registry"].get("by_unit") or []
    if not rows:
        return None
    keys = ("total", "models", "exemplars", "collectives", "individuals", "recognized", "funding_social", "workdays")
    body = [[r["unit"], *[r[k] for k in keys]] for r in rows]
    total = ["Tổng cộng", *[_sum(rows, k) for k in keys]]
    cols = ["Đơn vị", "Tổng số", "Mô hình", "Điển hình", "Tập thể", "Cá nhân", "Được công nhận",
            "Kinh phí XHH (đồng)", "Ngày công"]  # fmt: skip
    return _table("Phụ lục 1. Mô hình, điển hình “Dân vận khéo” theo đơn vị", cols, body, total)


def by_field_table(f) -> dict | None:
    rows = f["registry"].get("by_field") or []
    if not rows:
        return None
    keys = ("n", "models", "exemplars", "recognized", "replicated")
    body = [[r["name"], *[r[k] for k in keys]] for r in rows]
    total = ["Tổng cộng", *[_sum(rows, k) for k in keys]]
    cols = ["Lĩnh vực", "Tổng số", "Mô hình", "Điển hình", "Được công nhận", "Nhân rộng"]
    return _table("Phụ lục 2. Mô hình, điển hình “Dân vận khéo” theo lĩnh vực", cols, body, total)


def by_year_table(f) -> dict | None:
    rows = f["registry"].get("by_year") or []
    if not rows:
        return None
    keys = ("registered", "collectives", "individuals", "recognized", "funding_social", "workdays")
    body = [[str(r["year"]), *[r.get(k) or 0 for k in keys]] for r in rows]
    total = ["Tổng cộng", *[_sum(rows, k) for k in keys]]
    cols = ["Năm", "Đăng ký", "Tập thể", "Cá nhân", "Được công nhận", "Kinh phí XHH (đồng)", "Ngày công"]
    return _table("Phụ lục 3. Kết quả qua các năm", cols, body, total)


def awards_table(f) -> dict | None:
    groups = f["awards"]["groups"]
    if not groups:
        return None
    body = [
        [g["issuer"], g["form_name"] or g["title_name"] or "", g["area_name"] or "", g["collective"], g["individual"]]
        for g in groups
    ]
    total = ["Tổng cộng", "", "", _sum(groups, "collective"), _sum(groups, "individual")]
    cols = ["Cấp khen thưởng", "Hình thức", "Lĩnh vực thành tích", "Tập thể", "Cá nhân"]
    return _table("Phụ lục 4. Khen thưởng theo hình thức và lĩnh vực", cols, body, total)


STAT_LABELS = [
    (cat.DIALOGUES, "Số cuộc đối thoại với Nhân dân"),
    (cat.DIALOGUE_PARTICIPANTS, "Số lượt người tham gia đối thoại"),
    (cat.RECOMMENDATIONS_RAISED, "Số kiến nghị qua đối thoại"),
    (cat.RECOMMENDATIONS_RESOLVED, "Số kiến nghị đã giải quyết"),
    (cat.CBCC_CONF_HELD, "Đơn vị tổ chức Hội nghị CBCC"),
    (cat.NLD_CONF_HELD, "Đơn vị tổ chức Hội nghị NLĐ"),
    (cat.CONVENTIONS_APPROVED, "Quy ước được công nhận"),
    (cat.CULT_FAMILIES_ACHIEVED, "Gia đình văn hóa"),
    (cat.SECURITY_CAMERAS, "Camera an ninh"),
    (cat.CITIZEN_RECEPTIONS, "Buổi tiếp công dân"),
    (cat.COMPLAINTS_RECEIVED, "Đơn thư khiếu nại, tố cáo tiếp nhận"),
    (cat.COMPLAINTS_RESOLVED, "Đơn thư đã giải quyết"),
    (cat.COORDINATION_PLANS, "Kế hoạch phối hợp được ký kết"),
]


def stats_table(f) -> dict | None:
    """Every recorded figure grouped by the forms' sections (reports.figures); facts gathered
    before the catalogue was read fall back to the fixed list below."""
    if "catalogue" in f:
        return figures.catalogue_table(f, "Phụ lục 5. Số liệu báo cáo định kỳ")
    s = f.get("stats") or {}
    values, previous = s.get("values", {}), s.get("previous", {})
    body = [
        [label, values.get(code), previous.get(code)]
        for code, label in STAT_LABELS
        if values.get(code) is not None or previous.get(code) is not None
    ]
    for code, rate in s.get("rates", {}).items():
        body.append([_RATE_LABELS.get(code, code), _pct(rate["percent"]), _pct(rate.get("previous"))])
    if not body:
        return None
    cols = ["Chỉ tiêu", "Kỳ báo cáo", "Cùng kỳ năm trước"]
    return _table("Phụ lục 5. Số liệu báo cáo định kỳ", cols, body)


_RATE_LABELS = {
    cat.RESOLVED_RATE: "Tỷ lệ kiến nghị được giải quyết sau đối thoại",
    cat.CBCC_CONF_RATE: "Tỷ lệ đơn vị tổ chức Hội nghị CBCC",
    cat.NLD_CONF_RATE: "Tỷ lệ đơn vị tổ chức Hội nghị NLĐ",
    cat.CONVENTIONS_RATE: "Tỷ lệ quy ước được công nhận",
    cat.CULT_FAMILIES_RATE: "Tỷ lệ gia đình văn hóa",
    cat.CULT_AREAS_RATE: "Tỷ lệ khu dân cư văn hóa",
    cat.CULT_AGENCIES_RATE: "Tỷ lệ cơ quan, trường học văn hóa",
    cat.COMPLAINTS_RATE: "Tỷ lệ đơn thư được giải quyết",
}


def tables(f: dict) -> list[dict]:
    built = [by_unit_table(f), by_field_table(f), by_year_table(f), awards_table(f), stats_table(f)]
    return [t for t in built if t]


def cell_text(value) -> str:
    """How a cell is printed: figures with Vietnamese separators, text as is."""
    if value is None:
        return ""
    if isinstance(value, int):
        return format_int(value)
    return str(value)
