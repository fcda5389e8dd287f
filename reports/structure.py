"""The structure real reports use — situation and leadership; results by area; strengths;
limitations and their causes; lessons; tasks for the next period, named; proposals — and which
sections a report of a given kind and issuing body carries, in which order, with which of the
statistics form's sections (``ReportLayout`` in the admin, chosen by ``reports.layouts``;
:data:`STANDARD_LAYOUT` by default).

The evaluative sections are written from the figures where they support a judgement (a rate up
or down on the previous year, a share of units below the whole, units that did not report);
where they do not, the section stays empty with guidance for the official, so no two reports
carry the same paragraph of boilerplate."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from lib.vn_format import format_int, format_percent
from lib.vn_words import capitalize_first, join_words
from stats import catalogue as cat

DVK = "“Dân vận khéo”"

RESULTS = "Tình hình và kết quả thực hiện"
EVALUATION = "Đánh giá chung"

# key, part (sections of one part are numbered 1, 2, … under its Roman numeral; a section without
# a part stands alone under its own), heading, guidance shown in the editor when the data say nothing (never printed).
STANDARD_LAYOUT: list[dict] = [
    {
        "key": "intro",
        "part": RESULTS,
        "heading": "Tình hình và công tác lãnh đạo, chỉ đạo",
        "guidance": "Nêu các văn bản lãnh đạo, chỉ đạo đã ban hành, công tác tuyên truyền, quán triệt "
        "và đặc điểm tình hình của địa phương trong kỳ.",
    },
    {"key": "registry", "part": RESULTS, "heading": "Kết quả thực hiện phong trào thi đua “Dân vận khéo”"},
    {"key": "awards", "part": RESULTS, "heading": "Công tác thi đua, khen thưởng"},
    {"key": "democracy", "part": RESULTS, "heading": "Thực hiện Quy chế dân chủ ở cơ sở và đối thoại với Nhân dân"},
    {"key": "culture", "part": RESULTS, "heading": "Xây dựng đời sống văn hóa"},
    {"key": "government", "part": RESULTS, "heading": "Dân vận chính quyền, an ninh trật tự và công tác tôn giáo"},
    {"key": "figures", "part": RESULTS, "heading": "Các chỉ tiêu khác của báo cáo định kỳ"},
    {"key": "reporting", "part": RESULTS, "heading": "Tình hình báo cáo định kỳ"},
    {
        "key": "strengths",
        "part": EVALUATION,
        "heading": "Ưu điểm",
        "guidance": "Nêu những kết quả nổi bật, các mô hình, điển hình tiêu biểu của kỳ báo cáo.",
    },
    {
        "key": "limitations",
        "part": EVALUATION,
        "heading": "Hạn chế và nguyên nhân",
        "guidance": "Nêu những hạn chế, tồn tại và nguyên nhân khách quan, chủ quan của từng hạn chế.",
    },
    {
        "key": "lessons",
        "part": EVALUATION,
        "heading": "Bài học kinh nghiệm",
        "guidance": "Rút ra các bài học kinh nghiệm từ thực tiễn lãnh đạo, chỉ đạo và tổ chức thực hiện.",
    },
    {"key": "tasks", "heading": "Phương hướng, nhiệm vụ {next_period}"},
    {
        "key": "proposals",
        "heading": "Kiến nghị, đề xuất",
        "guidance": "Nêu kiến nghị, đề xuất với cấp trên (cơ chế, chính sách, kinh phí, khen thưởng).",
    },
]

# A thematic report keeps its own area and the evaluative sections.
THEME_KEYS = {"intro", "strengths", "limitations", "lessons", "tasks", "proposals"}
LAYOUT_KEYS = {entry["key"] for entry in STANDARD_LAYOUT}


def next_period(scope: dict) -> str:
    """ "6 tháng cuối năm 2026" after a first half-year, "năm 2027" after a year or a multi-year
    review ending in 2026."""
    if scope["kind"] == "half_year":
        return f"6 tháng cuối năm {scope['year']}"
    return f"năm {scope['year'] + 1}"


def validate_layout(sections) -> list[str]:
    """The problems of a configured layout (empty list: usable)."""
    problems = []
    if not isinstance(sections, list) or not sections:
        return [_("The layout must be a non-empty list of sections.")]
    seen = set()
    for index, entry in enumerate(sections, start=1):
        if not isinstance(entry, dict) or not str(entry.get("key", "")).strip():
            problems.append(_("Section %(index)s has no key.") % {"index": index})
            continue
        key = str(entry["key"]).strip()
        if key in seen:
            problems.append(_("Section key %(key)s appears twice.") % {"key": key})
        seen.add(key)
        if len(key) > 20:
            problems.append(_("Section key %(key)s is longer than 20 characters.") % {"key": key})
        if key not in LAYOUT_KEYS and not str(entry.get("heading", "")).strip():
            problems.append(_("Section %(key)s needs a heading.") % {"key": key})
        form_sections = entry.get("form_sections", [])
        if not isinstance(form_sections, list) or not all(isinstance(s, str) for s in form_sections):
            problems.append(_("Section %(key)s: form_sections must be a list of form section names.") % {"key": key})
    return problems


def resolve(sections: list[dict] | None) -> list[dict]:
    """A configured layout completed from the standard one (a known key may omit its heading
    and guidance)."""
    standard = {entry["key"]: entry for entry in STANDARD_LAYOUT}
    out = []
    for entry in sections or STANDARD_LAYOUT:
        base = standard.get(entry["key"], {})
        out.append(
            {
                "key": entry["key"],
                "heading": entry.get("heading") or base.get("heading", entry["key"]),
                "part": entry["part"] if "part" in entry else base.get("part", ""),
                "guidance": entry.get("guidance") or base.get("guidance", ""),
                "form_sections": list(entry.get("form_sections") or []),
            }
        )
    return out


def parts_for(layout: list[dict]) -> dict[str, str]:
    return {entry["key"]: entry["part"] for entry in layout}


def guidance_for(layout: list[dict]) -> dict[str, str]:
    return {entry["key"]: entry["guidance"] for entry in layout}


# ------------------------------------------------------------------------------------ evaluation
def _d(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _pct(value) -> str:
    return format_percent(Decimal(str(value)), 2, strip_zeros=True)


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _rates(f) -> list[dict]:
    """Every rate of the report with its name, value and previous value (hand-written rates and
    the catalogue's), each once."""
    out, seen = [], set()
    for section in (f.get("catalogue") or {}).get("sections", []):
        for rate in section.get("rates", []):
            if rate["code"] not in seen and rate.get("percent") is not None:
                seen.add(rate["code"])
                out.append(rate)
    return out


# done, whole, what was done, what was not (the statistics' counted shares)
FRACTIONS = [
    (cat.CBCC_CONF_HELD, cat.CBCC_CONF_REQUIRED, "đơn vị tổ chức Hội nghị cán bộ, công chức", "đơn vị chưa tổ chức Hội nghị cán bộ, công chức"),
    (cat.NLD_CONF_HELD, cat.NLD_CONF_REQUIRED, "đơn vị tổ chức Hội nghị người lao động", "đơn vị chưa tổ chức Hội nghị người lao động"),
    (cat.CONVENTIONS_APPROVED, cat.CONVENTIONS_TOTAL, "hương ước, quy ước được thẩm định, công nhận", "hương ước, quy ước chưa được thẩm định, công nhận"),
    (cat.CULT_AREAS_ACHIEVED, cat.CULT_AREAS_TOTAL, "khu dân cư đạt danh hiệu văn hóa", "khu dân cư chưa đạt danh hiệu văn hóa"),
    (cat.CULT_AGENCIES_ACHIEVED, cat.CULT_AGENCIES_TOTAL, "cơ quan, trường học đạt chuẩn văn hóa", "cơ quan, trường học chưa đạt chuẩn văn hóa"),
]  # fmt: skip


def _fractions(f) -> list[tuple[str, str, int, int]]:
    """(done words, not-done words, done, whole) of each counted share with a whole above one
    unit ("1/1 đơn vị" says nothing)."""
    values = (f.get("stats") or {}).get("values", {})
    out = []
    for done_code, whole_code, done_words, missing_words in FRACTIONS:
        whole = int(_d(values.get(whole_code)) or 0)
        if whole > 1:
            out.append((done_words, missing_words, int(_d(values.get(done_code)) or 0), whole))
    return out


def _change(rate) -> Decimal | None:
    if rate.get("previous") is None:
        return None
    return Decimal(str(rate["percent"])) - Decimal(str(rate["previous"]))


def _points(delta: Decimal) -> str:
    return format_percent(abs(delta), 2, strip_zeros=True).replace("%", " điểm phần trăm")


def strengths(f) -> str:
    parts = []
    r = f.get("registry") or {}
    if r.get("total"):
        parts.append(
            f"Phong trào thi đua {DVK} được duy trì, lan tỏa với {format_int(r['total'])} mô hình, điển hình đăng ký"
        )
    a = f.get("awards") or {}
    honoured = (a.get("collectives") or 0) + (a.get("individuals") or 0)
    if honoured:
        parts.append(f"kịp thời khen thưởng {format_int(honoured)} tập thể, cá nhân tiêu biểu")
    for rate in _rates(f):
        delta = _change(rate)
        if delta is not None and delta > 0:
            parts.append(f"{_lower(rate['name'])} đạt {_pct(rate['percent'])}, tăng {_points(delta)}")
        elif delta is None and Decimal(str(rate["percent"])) >= 100:
            parts.append(f"{_lower(rate['name'])} đạt {_pct(rate['percent'])}")
    for what, _missing, done, whole in _fractions(f):
        if done >= whole:
            parts.append(f"toàn bộ {format_int(whole)} {what}")
    if not parts:
        return ""
    return capitalize_first(join_words(parts, last="; ")) + "."


def limitations(f) -> str:
    parts = []
    for rate in _rates(f):
        delta = _change(rate)
        if delta is not None and delta < 0:
            parts.append(f"{_lower(rate['name'])} giảm {_points(delta)} so với năm {f['scope']['year'] - 1}")
    for _what, missing, done, whole in _fractions(f):
        if done < whole:
            parts.append(f"còn {format_int(whole - done)} trong số {format_int(whole)} {missing}")
    c = (f.get("stats") or {}).get("completeness")
    if c and c.get("expected", 0) > 1 and c.get("missing"):
        parts.append(f"còn {format_int(c['missing'])} đơn vị chưa gửi báo cáo định kỳ")
    if c and c.get("late"):
        parts.append(f"{format_int(c['late'])} đơn vị gửi báo cáo chậm")
    if not parts:
        return ""
    return "Bên cạnh kết quả đạt được, " + join_words(parts, last="; ") + "."


def tasks(f) -> str:
    period = next_period(f["scope"])
    r = f.get("registry") or {}
    fields = [row["name"] for row in r.get("by_field") or []]
    text = f"Trong {period}, tiếp tục đẩy mạnh phong trào thi đua {DVK}"
    if fields:
        text += " trên các lĩnh vực " + join_words([_lower(x) for x in fields], last=" và ")
    if r.get("total"):
        text += f"; duy trì, nhân rộng {format_int(r['total'])} mô hình, điển hình đã đăng ký"
    items = [text + "."]
    behind = [f"{format_int(whole - done)} {missing}" for _w, missing, done, whole in _fractions(f) if done < whole]
    if behind:
        items.append(f"Tập trung hướng dẫn, đôn đốc {join_words(behind, last='; ')}.")
    c = (f.get("stats") or {}).get("completeness")
    if c and c.get("expected", 0) > 1 and (c.get("missing") or c.get("late")):
        items.append("Đôn đốc các đơn vị gửi báo cáo định kỳ đầy đủ, đúng hạn.")
    falling = [_lower(rate["name"]) for rate in _rates(f) if (_change(rate) or 0) < 0]
    if falling:
        items.append(f"Có giải pháp nâng {join_words(falling, last=' và ')} trong {period}.")
    return "\n\n".join(items)


def proposals(f) -> str:
    out = []
    for g in (f.get("awards") or {}).get("proposals", []):
        parts = []
        if g.get("collective"):
            parts.append(f"{format_int(g['collective'])} tập thể")
        if g.get("individual"):
            parts.append(f"{format_int(g['individual'])} cá nhân")
        if parts:
            what = f" {g['form_name']}" if g.get("form_name") else ""
            out.append(f"Đề nghị {g['issuer']} xem xét tặng{what} cho {join_words(parts)} có thành tích xuất sắc.")
    return " ".join(out)


EVALUATIONS = {"strengths": strengths, "limitations": limitations, "tasks": tasks, "proposals": proposals}
