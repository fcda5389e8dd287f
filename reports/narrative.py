"""The report's narrative, written from the facts in the voice of the officials' own reports.

Each sentence is a small function of the facts dict (see ``reports.facts``) returning a sentence,
or None when there is nothing to say — a report never says "0 mô hình". Sections are lists of
paragraphs; a paragraph joins the sentences of one group."""

from __future__ import annotations

from decimal import Decimal

from lib.vn_format import approx_count_words, change_words, format_int, format_percent, fraction_words
from lib.vn_words import capitalize_first, join_words, more_than_money_words, more_than_words
from reports import figures, structure
from stats import catalogue as cat

DVK = "“Dân vận khéo”"


# ------------------------------------------------------------------------------------ helpers
def _n(value) -> int:
    return int(Decimal(str(value))) if value not in (None, "") else 0


def _pct(value) -> str:
    return format_percent(Decimal(str(value)), 2, strip_zeros=True) if value is not None else ""


def _opening(f) -> str:
    """ "Trong năm 2022" / "Trong 6 tháng đầu năm 2022" / "Từ năm 2014 đến năm 2024"."""
    words = f["scope"]["words"]
    return capitalize_first(words) if words.startswith("từ") else f"Trong {words}"


def _area(f) -> str:
    return f["unit"]["area"]


def _level(f, code) -> str:
    return f["unit"]["levels"].get(code, "")


def _people(collectives: int, individuals: int, last: str = ", ") -> str:
    parts = []
    if collectives:
        parts.append(f"{format_int(collectives)} tập thể")
    if individuals:
        parts.append(f"{format_int(individuals)} cá nhân")
    return join_words(parts, last=last)


def _kinds(models: int, exemplars: int) -> str:
    parts = []
    if models:
        parts.append(f"{format_int(models)} mô hình")
    if exemplars:
        parts.append(f"{format_int(exemplars)} điển hình")
    return ", ".join(parts)


def _noun(block) -> str:
    """What was registered: "mô hình", "điển hình" or both."""
    if block["models"] and block["exemplars"]:
        return "mô hình, điển hình"
    return "điển hình" if block["exemplars"] else "mô hình"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


# ------------------------------------------------------------------------------------ registry
def s_registered(f) -> str | None:
    """ "Trong năm 2022, toàn quận có 78 tập thể, 27 cá nhân đăng ký và được công nhận là mô hình,
    điển hình “Dân vận khéo”." or "… có 314 tập thể và 299 cá nhân đăng ký thực hiện với tổng số
    613 mô hình, điển hình “Dân vận khéo” (314 mô hình, 299 điển hình)." """
    r = f["registry"]
    if f["scope"]["kind"] == "multi_year" and "last_year" in r:
        return None
    if not r["total"]:
        return None
    start = f"{_opening(f)}, {_area(f)}"
    if not r["individuals"] and not r["exemplars"]:
        return f"{start} có {format_int(r['total'])} mô hình {DVK} được đăng ký triển khai thực hiện."
    people = _people(r["collectives"], r["individuals"], last=" và ")
    if r["recognized"] == r["total"]:
        return f"{start} có {people} đăng ký và được công nhận là {_noun(r)} {DVK}."
    detail = f" ({_kinds(r['models'], r['exemplars'])})" if r["models"] and r["exemplars"] else ""
    return f"{start} có {people} đăng ký thực hiện với tổng số {format_int(r['total'])} {_noun(r)} {DVK}{detail}."


def s_origin(f) -> str | None:
    """ "Trong đó có 6 mô hình mới, 9 mô hình nhân rộng." (only when some were replicated)"""
    r = f["registry"]
    if f["scope"]["kind"] == "multi_year" or not r["replicated"]:
        return None
    parts = []
    if r["new"]:
        parts.append(f"{format_int(r['new'])} mô hình mới")
    parts.append(f"{format_int(r['replicated'])} mô hình nhân rộng")
    return f"Trong đó có {', '.join(parts)}."


def s_fields(f) -> str | None:
    """ "Các mô hình được triển khai trên 3 lĩnh vực: xây dựng hệ thống chính trị 2 mô hình, …" """
    r = f["registry"]
    rows = r.get("by_field") or []
    if f["scope"]["kind"] == "multi_year" or not rows:
        return None
    noun = _noun(r)
    items = [f"{_lower_first(row['name'])} {format_int(row['n'])} {noun}" for row in rows]
    return f"Các {noun} được triển khai trên {len(rows)} lĩnh vực: {'; '.join(items)}."


def s_recognized_levels(f) -> str | None:
    """ "Đã công nhận 23 mô hình, điển hình “Dân vận khéo” cấp quận." (from the decisions)"""
    r = f["registry"]
    if f["scope"]["kind"] == "multi_year":
        return None
    if r["total"] and r["recognized"] == r["total"]:
        return None  # already said: "đăng ký và được công nhận"
    order = ("province", "district", "commune")
    parts = [
        f"{format_int(r['decisions'][code]['n'])} {_noun(r)} {DVK} {_level(f, code)}"
        for code in order
        if r["decisions"].get(code, {}).get("n")
    ]
    if not parts:
        return None
    return f"Đã công nhận {join_words(parts, last='; ')}."


def s_results(f) -> str | None:
    """ "Các mô hình đã huy động nguồn kinh phí xã hội hóa hơn 7 tỷ đồng, hơn 3.000 ngày công." """
    r = f["registry"]
    if f["scope"]["kind"] == "multi_year":
        return None
    parts = []
    if r["funding_social"]:
        parts.append(f"nguồn kinh phí xã hội hóa {more_than_money_words(r['funding_social'])}")
    if r["workdays"]:
        parts.append(f"{more_than_words(r['workdays'])} ngày công")
    if r["land_m2"]:
        parts.append(f"{more_than_words(r['land_m2'])} m² đất được hiến")
    if not parts:
        return None
    return f"Các {_noun(r)} đã huy động {', '.join(parts)}."


def s_active_total(f) -> str | None:
    """ "Tổng số mô hình hiện có trên địa bàn phường đến cuối năm 2022 là 42 mô hình." """
    r = f["registry"]
    if f["scope"]["kind"] != "year" or not r.get("active_models"):
        return None
    return (
        f"Tổng số mô hình hiện có trên địa bàn {f['unit']['place']} đến cuối năm {f['scope']['year']} "
        f"là {format_int(r['active_models'])} mô hình."
    )


def s_plaques(f) -> str | None:
    r = f["registry"]
    words = {"province": _level(f, "province"), "district": _level(f, "district")}
    parts = [f"{format_int(n)} công trình gắn biển {words.get(level, level)}" for level, n in r["plaques"].items() if n]
    if not parts:
        return None
    return f"Có {join_words(parts)} {DVK}."


def s_multi_registered(f) -> str | None:
    """ "Từ năm 2014 đến năm 2024, toàn quận đã có 6.977 mô hình, điển hình đăng ký “Dân vận khéo”." """
    r = f["registry"]
    if f["scope"]["kind"] != "multi_year" or not r["total"]:
        return None
    return f"{_opening(f)}, {_area(f)} đã có {format_int(r['total'])} {_noun(r)} đăng ký {DVK}."


def s_multi_recognized(f) -> str | None:
    """ "Đã công nhận 885 tập thể, 748 cá nhân là mô hình, điển hình “Dân vận khéo”." """
    r = f["registry"]
    if f["scope"]["kind"] != "multi_year" or not r["recognized"]:
        return None
    people = _people(r["recognized_collectives"], r["recognized_individuals"])
    return f"Đã công nhận {people} là mô hình, điển hình {DVK}."


def s_last_year(f) -> str | None:
    """ "Trong năm 2024, toàn quận có 549 mô hình được đăng ký xây dựng mô hình “Dân vận khéo” …
    với nguồn kinh phí xã hội hóa hơn 7 tỷ đồng, hơn 3.000 ngày công." """
    r = f["registry"].get("last_year")
    if f["scope"]["kind"] != "multi_year" or not r or not r["total"]:
        return None
    what = _kinds(r["models"], r["exemplars"])
    extras = []
    if r["funding_social"]:
        extras.append(f"nguồn kinh phí xã hội hóa {more_than_money_words(r['funding_social'])}")
    if r["workdays"]:
        extras.append(f"{more_than_words(r['workdays'])} ngày công")
    tail = f" với {', '.join(extras)}" if extras else ""
    return (
        f"Trong năm {f['scope']['year']}, {_area(f)} có {what} được đăng ký xây dựng {DVK} "
        f"trên các lĩnh vực của đời sống xã hội{tail}."
    )


# ------------------------------------------------------------------------------------ awards
def _medal(group) -> bool:
    return (group["form"] or "").startswith("ky-niem-chuong")


def s_awards_by_issuer(f) -> list[str]:
    """ "Ban Thường vụ Quận ủy khen thưởng 11 tập thể có thành tích trong công tác dân vận, 15 tập
    thể có thành tích trong thực hiện Quy chế dân chủ ở cơ sở, …" — one sentence per issuer."""
    by_issuer: dict[str, list[str]] = {}
    for g in _award_year_groups(f):
        if _medal(g):
            continue
        who = _people(g["collective"], g["individual"])
        if not who:
            continue
        area = f" có thành tích trong {_lower_first(g['area_name'])}" if g["area_name"] else ""
        by_issuer.setdefault(g["issuer"], []).append(f"{who}{area}")
    year = f" năm {f['scope']['year']}" if f["scope"]["kind"] == "multi_year" else f" {f['scope']['words']}"
    return [f"{issuer} khen thưởng {join_words(parts)}{year}." for issuer, parts in by_issuer.items()]


def _award_year_groups(f) -> list[dict]:
    """The groups of the report's year (for a multi-year review: its last year)."""
    a = f["awards"]
    return a.get("last_year_groups", a["groups"]) if f["scope"]["kind"] == "multi_year" else a["groups"]


def s_awards_multi(f) -> str | None:
    """ "Từ năm 2014 đến năm 2024, đã khen thưởng 84 tập thể, 19 cá nhân. Trong năm 2024:" """
    a = f["awards"]
    if f["scope"]["kind"] != "multi_year" or not (a["collectives"] or a["individuals"]):
        return None
    return (
        f"{_opening(f)}, đã khen thưởng {_people(a['collectives'], a['individuals'])}. Trong năm {f['scope']['year']}:"
    )


def s_medals(f) -> list[str]:
    """ "2 cá nhân được Ban Dân vận Trung ương tặng Kỷ niệm chương “Vì sự nghiệp dân vận”." """
    out = []
    for g in _award_year_groups(f):
        if _medal(g) and (g["individual"] or g["collective"]):
            who = _people(g["collective"], g["individual"])
            out.append(f"Có {who} được {g['issuer']} tặng {g['form_name']}.")
    return out


def s_awards_total(f) -> str | None:
    """ "Tổng số có 48 tập thể, 2 cá nhân được khen thưởng (Giấy khen: 48 tập thể; …)." """
    a = f["awards"]
    if len(a["groups"]) < 2 or f["scope"]["kind"] == "multi_year":
        return None
    forms = [f"{name}: {_people(v['collective'], v['individual'])}" for name, v in a["by_form"].items() if name]
    detail = f" ({'; '.join(forms)})" if len(forms) > 1 else ""
    return f"Tổng số có {_people(a['collectives'], a['individuals'])} được khen thưởng{detail}."


def s_award_proposals(f) -> list[str]:
    """ "Đề nghị Ban Thường vụ Thành ủy tặng Bằng khen cho 9 tập thể." """
    out = []
    for g in f["awards"]["proposals"]:
        who = _people(g["collective"], g["individual"])
        if who:
            what = f" {g['form_name']}" if g["form_name"] else ""
            out.append(f"Đề nghị {g['issuer']} tặng{what} cho {who}.")
    return out


# ------------------------------------------------------------------------------------ statistics
def _v(f, code):
    return f["stats"].get("values", {}).get(code) if f.get("stats") else None


def _rate(f, code):
    return f["stats"].get("rates", {}).get(code) if f.get("stats") else None


def _stats_start(f) -> str:
    """ "Toàn quận" — or, in a multi-year review whose figures are its last year's,
    "Trong năm 2024, toàn quận"."""
    if f["scope"]["kind"] == "multi_year":
        return f"Trong năm {f['scope']['year']}, {_area(f)}"
    return capitalize_first(_area(f))


def _stats_opening(f) -> str:
    return f"Trong năm {f['scope']['year']}" if f["scope"]["kind"] == "multi_year" else _opening(f)


def _change(f, rate) -> str | None:
    """The change of a rate, in percentage points ("tăng 5 điểm phần trăm so với năm 2021"): "tăng
    5%" would read as a relative change."""
    if rate.get("previous") is None:
        return None
    return change_words(
        Decimal(str(rate["percent"])),
        Decimal(str(rate["previous"])),
        unit="points",
        year=f["scope"]["year"] - 1,
        explicit_points=True,
    )


def s_dialogues(f) -> str | None:
    """ "Toàn quận đã tổ chức được 11 cuộc đối thoại với khoảng 1.500 lượt người tham gia; kết quả
    giải quyết các nội dung sau đối thoại đạt 87% (tăng 5% so với năm 2021)." """
    dialogues = _n(_v(f, cat.DIALOGUES))
    if not dialogues:
        return None
    text = f"{_stats_start(f)} đã tổ chức được {format_int(dialogues)} cuộc đối thoại"
    participants = _n(_v(f, cat.DIALOGUE_PARTICIPANTS))
    if participants:
        text += f" với {approx_count_words(participants, 'about')} lượt người tham gia"
    rate = _rate(f, cat.RESOLVED_RATE)
    if rate:
        text += f"; kết quả giải quyết các nội dung sau đối thoại đạt {_pct(rate['percent'])}"
        change = _change(f, rate)
        if change:
            text += f" ({change})"
    return text + "."


def s_conferences(f) -> str | None:
    """ "Đã có 42/42 đơn vị tổ chức Hội nghị CBCC, 58/119 đơn vị tổ chức Hội nghị NLĐ." """
    parts, own = [], []
    for held, required, label in (
        (cat.CBCC_CONF_HELD, cat.CBCC_CONF_REQUIRED, "Hội nghị CBCC"),
        (cat.NLD_CONF_HELD, cat.NLD_CONF_REQUIRED, "Hội nghị NLĐ"),
    ):
        whole = _n(_v(f, required))
        if whole == 1:  # one unit: "1/1 đơn vị" says nothing a reader wants
            own.append(f"{'đã' if _n(_v(f, held)) >= 1 else 'chưa'} tổ chức {label}")
        elif whole:
            parts.append(f"{fraction_words(_n(_v(f, held)), whole)} đơn vị tổ chức {label}")
    sentences = []
    if parts:
        sentences.append(f"Đã có {', '.join(parts)}.")
    if own:
        sentences.append(f"Đơn vị {', '.join(own)}.")
    return " ".join(sentences) or None


def _share(done: int, whole: int) -> str:
    """ "79/108 " — or nothing when the whole is one unit ("1/1" reads as machine output)."""
    return "" if whole == 1 else f"{fraction_words(done, whole)} "


def s_conventions(f) -> str | None:
    """ "Đã thẩm định và công nhận 79/108 quy ước." """
    total = _n(_v(f, cat.CONVENTIONS_TOTAL))
    if not total:
        return None
    approved = _n(_v(f, cat.CONVENTIONS_APPROVED))
    if total == 1:
        done = "đã thẩm định và công nhận" if approved else "chưa thẩm định, công nhận"
        return f"Rà soát, chỉnh sửa hương ước, quy ước: {done} quy ước."
    return (
        f"Rà soát, chỉnh sửa hương ước, quy ước: đã thẩm định và công nhận {fraction_words(approved, total)} quy ước."
    )


def s_cultural_families(f) -> str | None:
    """ "Năm 2022 toàn phường có 3.374 gia đình đăng ký; qua bình xét cuối năm có 3.270 gia đình
    đạt “Gia đình văn hóa”, chiếm tỷ lệ 96,92%." """
    registered = _n(_v(f, cat.CULT_FAMILIES_REGISTERED))
    if not registered:
        return None
    achieved = _n(_v(f, cat.CULT_FAMILIES_ACHIEVED))
    text = f"{_stats_opening(f)}, {_area(f)} có {format_int(registered)} gia đình đăng ký"
    if achieved:
        text += f"; qua bình xét cuối năm có {format_int(achieved)} gia đình đạt “Gia đình văn hóa”"
        rate = _rate(f, cat.CULT_FAMILIES_RATE)
        if rate:
            text += f", chiếm tỷ lệ {_pct(rate['percent'])}"
    return text + "."


def s_cultural_areas(f) -> str | None:
    """ "7/7 khu dân cư đạt danh hiệu văn hóa; 5/5 cơ quan, trường học đạt chuẩn văn hóa." """
    parts = []
    areas = _n(_v(f, cat.CULT_AREAS_TOTAL))
    if areas:
        done = _n(_v(f, cat.CULT_AREAS_ACHIEVED))
        verb = "đạt" if done or areas > 1 else "chưa đạt"
        parts.append(f"{_share(done, areas)}khu dân cư {verb} danh hiệu văn hóa")
    agencies = _n(_v(f, cat.CULT_AGENCIES_TOTAL))
    if agencies:
        done = _n(_v(f, cat.CULT_AGENCIES_ACHIEVED))
        verb = "đạt" if done or agencies > 1 else "chưa đạt"
        parts.append(f"{_share(done, agencies)}cơ quan, trường học {verb} chuẩn văn hóa")
    if not parts:
        return None
    return "Có " + "; ".join(parts) + "."  # never a sentence starting with a digit


def s_cameras(f) -> str | None:
    """ "Toàn quận đã có trên 1.000 camera an ninh, đạt 100% chỉ tiêu đề ra." """
    cameras = _n(_v(f, cat.SECURITY_CAMERAS))
    if not cameras:
        return None
    text = f"{_stats_start(f)} đã có {more_than_words(cameras, 'trên')} camera an ninh"
    target = f["stats"].get("targets", {}).get(cat.SECURITY_CAMERAS)
    if target and target.get("percent") is not None:
        text += f", đạt {_pct(target['percent'])} chỉ tiêu đề ra"
    return text + "."


def s_receptions(f) -> str | None:
    """ "Tổ chức 120 buổi tiếp công dân; tiếp nhận 80 đơn thư khiếu nại, tố cáo, đã giải quyết 70 đơn (đạt 87,5%)." """
    parts = []
    receptions = _n(_v(f, cat.CITIZEN_RECEPTIONS))
    if receptions:
        parts.append(f"tổ chức {format_int(receptions)} buổi tiếp công dân")
    received = _n(_v(f, cat.COMPLAINTS_RECEIVED))
    if received:
        text = f"tiếp nhận {format_int(received)} đơn thư khiếu nại, tố cáo"
        resolved = _n(_v(f, cat.COMPLAINTS_RESOLVED))
        if resolved:
            text += f", đã giải quyết {format_int(resolved)} đơn"
            rate = _rate(f, cat.COMPLAINTS_RATE)
            if rate:
                text += f" (đạt {_pct(rate['percent'])})"
        parts.append(text)
    if not parts:
        return None
    return capitalize_first("; ".join(parts)) + "."


def s_religion(f) -> str | None:
    n = _n(_v(f, cat.RELIGIOUS_PROGRAMMES))
    if not n:
        return None
    return f"Có {format_int(n)} tổ chức tôn giáo đăng ký chương trình, nội dung hoạt động tôn giáo năm {f['scope']['year']}."


def s_coordination(f) -> str | None:
    n = _n(_v(f, cat.COORDINATION_PLANS))
    if not n:
        return None
    return f"Đã ký kết {format_int(n)} chương trình, kế hoạch phối hợp công tác dân vận."


def s_completeness(f) -> str | None:
    """ "Có 12/13 đơn vị gửi báo cáo định kỳ (11 đúng hạn, 1 chậm); chưa gửi: Phường Cổ Nhuế 1." """
    c = f["stats"].get("completeness") if f.get("stats") else None
    if not c:
        return None
    if c["expected"] == 1:
        # One unit to report: "1/1 đơn vị" reads as machine output; say whether it has sent.
        sent = "đã được gửi" if c["submitted"] else "chưa được gửi"
        text = f"{capitalize_first(c['data_set'])} của đơn vị phải báo cáo {sent}"
        if c["submitted"]:
            text += " đúng hạn" if c["on_time"] else " chậm"
        return text + "."
    text = f"Có {fraction_words(c['submitted'], c['expected'])} đơn vị gửi {_lower_first(c['data_set'])}"
    details = []
    if c["on_time"]:
        details.append(f"{format_int(c['on_time'])} đúng hạn")
    if c["late"]:
        details.append(f"{format_int(c['late'])} chậm")
    if details:
        text += f" ({', '.join(details)})"
    if c["missing_units"]:
        more = "…" if c["missing"] > len(c["missing_units"]) else ""
        text += f"; chưa gửi: {', '.join(c['missing_units'])}{more}"
    return text + "."


# ------------------------------------------------------------------------------------ sections
def s_intro(f, body_name: str = "") -> str:
    who = body_name or "cơ quan"
    return (
        f"Thực hiện chương trình công tác, {who} báo cáo kết quả công tác dân vận và phong trào thi đua "
        f"{DVK} {f['scope']['words']} như sau:"
    )


def _paragraph(*sentences) -> str:
    flat = []
    for s in sentences:
        if isinstance(s, list):
            flat.extend(x for x in s if x)
        elif s:
            flat.append(s)
    return " ".join(flat)


def section_paragraphs(
    key: str, f: dict, body_name: str = "", *, catalogue: dict | None = None, proposals_apart: bool = True
) -> list[str]:
    """The paragraphs of one section (empty when there is nothing to say). ``catalogue``: the
    catalogue paragraphs by section key (see reports.figures.section_sentences)."""
    if key == "intro":
        paras = [s_intro(f, body_name)]
    elif key == "registry":
        paras = [
            _paragraph(s_multi_registered(f), s_multi_recognized(f)),
            _paragraph(s_last_year(f)),
            _paragraph(s_registered(f), s_origin(f), s_fields(f)),
            _paragraph(s_recognized_levels(f), s_results(f), s_active_total(f), s_plaques(f)),
        ]
    elif key == "awards":
        paras = [_paragraph(s_awards_multi(f), s_medals(f), s_awards_by_issuer(f), s_awards_total(f))]
        if not proposals_apart:
            paras.append(_paragraph(s_award_proposals(f)))
    elif key == "democracy":
        paras = [_paragraph(s_dialogues(f)), _paragraph(s_conferences(f), s_conventions(f))]
    elif key == "culture":
        paras = [_paragraph(s_cultural_families(f), s_cultural_areas(f))]
    elif key == "government":
        paras = [_paragraph(s_cameras(f), s_receptions(f)), _paragraph(s_religion(f), s_coordination(f))]
    elif key == "reporting":
        paras = [_paragraph(s_completeness(f))]
    elif key in structure.EVALUATIONS:
        paras = structure.EVALUATIONS[key](f).split("\n\n")
    else:
        paras = []  # "figures" and sections an administrator added: the catalogue's or the official's
    # Every other recorded figure (elements and rates an administrator configured) in the section
    # its form section belongs to — see reports.figures.
    if catalogue is None:
        catalogue = figures.section_sentences(f)
    paras = paras + catalogue.get(key, [])
    return [p for p in paras if p]


def draft_sections(
    f: dict, *, theme: str = "", body_name: str = "", layout: list[dict] | None = None
) -> list[tuple[str, str, str]]:
    """(key, heading, text) of every section of the layout (the standard one by default); a
    section with nothing to say has empty text (the editor shows the layout's guidance)."""
    layout = structure.resolve(layout)
    keys = [entry["key"] for entry in layout]
    mapping = {name: entry["key"] for entry in layout for name in entry["form_sections"]}
    catalogue = figures.section_sentences(f, mapping=mapping, keys=keys)
    out = []
    for entry in layout:
        key = entry["key"]
        if theme and key not in structure.THEME_KEYS and key != theme:
            continue
        heading = entry["heading"].replace("{next_period}", structure.next_period(f["scope"]))
        paras = section_paragraphs(key, f, body_name, catalogue=catalogue, proposals_apart="proposals" in keys)
        out.append((key, heading, "\n\n".join(paras)))
    return out


def title_for(kind: str, f: dict, theme_label: str = "") -> str:
    words = f["scope"]["words"]
    if kind == "half_year":
        return f"Sơ kết công tác dân vận {words}"
    if kind == "year":
        return f"Tổng kết công tác dân vận và phong trào thi đua {DVK} {words}"
    if kind == "multi_year":
        return f"Tổng kết phong trào thi đua {DVK} giai đoạn {f['scope']['year_from']} - {f['scope']['year']}"
    return f"Chuyên đề: {theme_label} ({words})" if theme_label else f"Báo cáo chuyên đề {words}"
