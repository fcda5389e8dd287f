"""The standard catalogue: every data element named in the domain brief (§5), the rates of each
part/whole pair, and the two standard report forms. Admins extend it in the admin site."""

from django.db import migrations

COMBOS = {
    "DIALOGUE_HOST": (
        "Chủ trì đối thoại",
        [("PARTY", "Cấp ủy chủ trì"), ("GOVERNMENT", "Chính quyền chủ trì")],
    ),
}

# code, name, short name, value type, unit of measure, combo
ELEMENTS = [
    ("DIALOGUES", "Số cuộc đối thoại với Nhân dân", "Cuộc đối thoại", "count", "cuộc", "DIALOGUE_HOST"),
    ("DIALOGUE_PARTICIPANTS", "Số lượt người tham gia đối thoại", "Lượt người tham gia", "count", "lượt người", None),
    ("RECOMMENDATIONS_RAISED", "Số kiến nghị của Nhân dân qua đối thoại", "Kiến nghị phát sinh", "count", "kiến nghị", None),
    ("RECOMMENDATIONS_RESOLVED", "Số kiến nghị đã giải quyết sau đối thoại", "Kiến nghị đã giải quyết", "count", "kiến nghị", None),
    ("CBCC_CONF_HELD", "Số đơn vị đã tổ chức Hội nghị cán bộ, công chức", "Đã tổ chức Hội nghị CBCC", "count", "đơn vị", None),
    ("CBCC_CONF_REQUIRED", "Số đơn vị phải tổ chức Hội nghị cán bộ, công chức", "Phải tổ chức Hội nghị CBCC", "count", "đơn vị", None),
    ("NLD_CONF_HELD", "Số đơn vị đã tổ chức Hội nghị người lao động", "Đã tổ chức Hội nghị NLĐ", "count", "đơn vị", None),
    ("NLD_CONF_REQUIRED", "Số đơn vị phải tổ chức Hội nghị người lao động", "Phải tổ chức Hội nghị NLĐ", "count", "đơn vị", None),
    ("CONVENTIONS_APPROVED", "Số hương ước, quy ước được thẩm định, công nhận", "Quy ước được công nhận", "count", "bản", None),
    ("CONVENTIONS_TOTAL", "Tổng số hương ước, quy ước", "Tổng số quy ước", "count", "bản", None),
    ("CULT_FAMILIES_REGISTERED", "Số gia đình đăng ký danh hiệu “Gia đình văn hóa”", "Gia đình đăng ký", "count", "gia đình", None),
    ("CULT_FAMILIES_ACHIEVED", "Số gia đình đạt danh hiệu “Gia đình văn hóa”", "Gia đình đạt", "count", "gia đình", None),
    ("CULT_AREAS_ACHIEVED", "Số khu dân cư (khu phố, tổ dân phố, thôn) đạt danh hiệu văn hóa", "Khu dân cư văn hóa", "count", "khu", None),
    ("CULT_AREAS_TOTAL", "Tổng số khu dân cư (khu phố, tổ dân phố, thôn)", "Tổng số khu dân cư", "count", "khu", None),
    ("CULT_AGENCIES_ACHIEVED", "Số cơ quan, trường học đạt chuẩn văn hóa", "Cơ quan, trường học văn hóa", "count", "đơn vị", None),
    ("CULT_AGENCIES_TOTAL", "Tổng số cơ quan, trường học", "Tổng số cơ quan, trường học", "count", "đơn vị", None),
    ("SECURITY_CAMERAS", "Số camera an ninh được lắp đặt", "Camera an ninh", "count", "camera", None),
    ("RELIGIOUS_PROGRAMMES", "Số tổ chức tôn giáo đăng ký chương trình hoạt động năm", "Tổ chức tôn giáo đăng ký", "count", "tổ chức", None),
    ("CITIZEN_RECEPTIONS", "Số buổi tiếp công dân", "Buổi tiếp công dân", "count", "buổi", None),
    ("COMPLAINTS_RECEIVED", "Số đơn thư khiếu nại, tố cáo tiếp nhận", "Đơn thư tiếp nhận", "count", "đơn", None),
    ("COMPLAINTS_RESOLVED", "Số đơn thư khiếu nại, tố cáo đã giải quyết", "Đơn thư đã giải quyết", "count", "đơn", None),
    ("COORDINATION_PLANS", "Số chương trình, kế hoạch phối hợp được ký kết", "Kế hoạch phối hợp", "count", "văn bản", None),
]

# code, name, numerator, denominator
RATES = [
    ("RESOLVED_RATE", "Tỷ lệ kiến nghị được giải quyết sau đối thoại", "RECOMMENDATIONS_RESOLVED", "RECOMMENDATIONS_RAISED"),
    ("CBCC_CONF_RATE", "Tỷ lệ đơn vị tổ chức Hội nghị CBCC", "CBCC_CONF_HELD", "CBCC_CONF_REQUIRED"),
    ("NLD_CONF_RATE", "Tỷ lệ đơn vị tổ chức Hội nghị NLĐ", "NLD_CONF_HELD", "NLD_CONF_REQUIRED"),
    ("CONVENTIONS_RATE", "Tỷ lệ hương ước, quy ước được công nhận", "CONVENTIONS_APPROVED", "CONVENTIONS_TOTAL"),
    ("CULT_FAMILIES_RATE", "Tỷ lệ gia đình đạt danh hiệu “Gia đình văn hóa”", "CULT_FAMILIES_ACHIEVED", "CULT_FAMILIES_REGISTERED"),
    ("CULT_AREAS_RATE", "Tỷ lệ khu dân cư đạt danh hiệu văn hóa", "CULT_AREAS_ACHIEVED", "CULT_AREAS_TOTAL"),
    ("CULT_AGENCIES_RATE", "Tỷ lệ cơ quan, trường học đạt chuẩn văn hóa", "CULT_AGENCIES_ACHIEVED", "CULT_AGENCIES_TOTAL"),
    ("COMPLAINTS_RATE", "Tỷ lệ đơn thư khiếu nại, tố cáo được giải quyết", "COMPLAINTS_RESOLVED", "COMPLAINTS_RECEIVED"),
]

SECTIONS = [
    ("Đối thoại với Nhân dân", ["DIALOGUES", "DIALOGUE_PARTICIPANTS", "RECOMMENDATIONS_RAISED", "RECOMMENDATIONS_RESOLVED"]),
    ("Thực hiện quy chế dân chủ ở cơ sở", ["CBCC_CONF_HELD", "CBCC_CONF_REQUIRED", "NLD_CONF_HELD", "NLD_CONF_REQUIRED", "CONVENTIONS_APPROVED", "CONVENTIONS_TOTAL"]),
    ("Xây dựng đời sống văn hóa", ["CULT_FAMILIES_REGISTERED", "CULT_FAMILIES_ACHIEVED", "CULT_AREAS_ACHIEVED", "CULT_AREAS_TOTAL", "CULT_AGENCIES_ACHIEVED", "CULT_AGENCIES_TOTAL"]),
    ("An ninh trật tự", ["SECURITY_CAMERAS"]),
    ("Công tác tôn giáo", ["RELIGIOUS_PROGRAMMES"]),
    ("Dân vận chính quyền", ["CITIZEN_RECEPTIONS", "COMPLAINTS_RECEIVED", "COMPLAINTS_RESOLVED", "COORDINATION_PLANS"]),
]
# The cultural titles are decided at the year-end review, so the half-year form leaves them out.
YEAR_END_ONLY = {"Xây dựng đời sống văn hóa"}

DATA_SETS = [
    ("BC_DV_6T", "Báo cáo công tác dân vận 6 tháng", "half_year", "1"),
    ("BC_DV_NAM", "Báo cáo công tác dân vận năm", "year", ""),
]


def load(apps, schema_editor):
    Combo = apps.get_model("stats", "CategoryCombo")
    Option = apps.get_model("stats", "CategoryOption")
    Element = apps.get_model("stats", "DataElement")
    Indicator = apps.get_model("stats", "Indicator")
    DataSet = apps.get_model("stats", "DataSet")
    Section = apps.get_model("stats", "Section")
    SectionElement = apps.get_model("stats", "SectionElement")

    combos = {}
    for code, (name, options) in COMBOS.items():
        combos[code], _ = Combo.objects.update_or_create(code=code, defaults={"name": name})
        for order, (ocode, oname) in enumerate(options):
            Option.objects.update_or_create(combo=combos[code], code=ocode, defaults={"name": oname, "sort_order": order})
    elements = {}
    for code, name, short, vtype, uom, combo in ELEMENTS:
        elements[code], _ = Element.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "value_type": vtype,
                "unit_of_measure": uom,
                "aggregation": "sum",
                "combo": combos.get(combo),
            },
        )
    for order, (code, name, num, den) in enumerate(RATES):
        Indicator.objects.update_or_create(
            code=code,
            defaults={"name": name, "numerator": elements[num], "denominator": elements[den], "bounded": True, "sort_order": order},
        )
    for code, name, ptype, halves in DATA_SETS:
        ds, _ = DataSet.objects.update_or_create(
            code=code,
            defaults={"name": name, "period_type": ptype, "half_years": halves, "unit_types": ["commune"], "deadline_days": 15},
        )
        for order, (sname, codes) in enumerate(SECTIONS):
            if ptype == "half_year" and sname in YEAR_END_ONLY:
                continue
            section, _ = Section.objects.update_or_create(data_set=ds, name=sname, defaults={"sort_order": order})
            for eorder, ecode in enumerate(codes):
                SectionElement.objects.update_or_create(section=section, element=elements[ecode], defaults={"sort_order": eorder})


def unload(apps, schema_editor):
    apps.get_model("stats", "DataSet").objects.filter(code__in=[d[0] for d in DATA_SETS]).delete()
    apps.get_model("stats", "Indicator").objects.filter(code__in=[r[0] for r in RATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
