"""The Front's and social work in the standard catalogue: Quỹ “Vì người nghèo”, nhà “Đại đoàn kết”,
social-welfare and relief money, households versus households registered as cultural families, and
"định kỳ / đột xuất" as a disaggregation of dialogues. Listed with their meaning in stats/README.md."""

from django.db import migrations

COMBOS = {
    "DIALOGUE_KIND": (
        "Hình thức đối thoại",
        [("PERIODIC", "Định kỳ"), ("AD_HOC", "Đột xuất")],
    ),
}

# code, name, short name, value type, unit of measure, aggregation, combo
ELEMENTS = [
    ("DIALOGUES_BY_KIND", "Số cuộc đối thoại với Nhân dân chia theo định kỳ, đột xuất", "Đối thoại định kỳ / đột xuất", "count", "cuộc", "sum", "DIALOGUE_KIND"),
    ("POOR_FUND_RAISED", "Số tiền vận động Quỹ “Vì người nghèo”", "Quỹ “Vì người nghèo”", "amount", "đồng", "sum", None),
    ("POOR_FUND_HOUSEHOLDS", "Số hộ nghèo, hộ khó khăn được hỗ trợ từ Quỹ “Vì người nghèo”", "Hộ được hỗ trợ từ Quỹ", "count", "hộ", "sum", None),
    ("SOLIDARITY_HOUSES_BUILT", "Số nhà “Đại đoàn kết” xây mới", "Nhà Đại đoàn kết xây mới", "count", "căn", "sum", None),
    ("SOLIDARITY_HOUSES_REPAIRED", "Số nhà “Đại đoàn kết” sửa chữa", "Nhà Đại đoàn kết sửa chữa", "count", "căn", "sum", None),
    ("WELFARE_RELIEF_MONEY", "Số tiền an sinh xã hội, cứu trợ", "Tiền an sinh xã hội, cứu trợ", "amount", "đồng", "sum", None),
    ("HOUSEHOLDS_TOTAL", "Tổng số hộ gia đình trên địa bàn", "Tổng số hộ", "count", "hộ", "latest", None),
]

# code, name, numerator, denominator
RATES = [
    ("CULT_FAMILIES_REG_RATE", "Tỷ lệ hộ gia đình đăng ký danh hiệu “Gia đình văn hóa”", "CULT_FAMILIES_REGISTERED", "HOUSEHOLDS_TOTAL"),
]

# Placed after the sections of 0002 (orders 0–5) in both standard forms.
NEW_SECTION = ("Công tác Mặt trận và an sinh xã hội", 6, [
    "POOR_FUND_RAISED",
    "POOR_FUND_HOUSEHOLDS",
    "SOLIDARITY_HOUSES_BUILT",
    "SOLIDARITY_HOUSES_REPAIRED",
    "WELFARE_RELIEF_MONEY",
    "HOUSEHOLDS_TOTAL",
])
DIALOGUE_SECTION = "Đối thoại với Nhân dân"
DATA_SETS = ["BC_DV_6T", "BC_DV_NAM"]
RULES = [
    ("Đối thoại định kỳ, đột xuất không vượt tổng số cuộc đối thoại", "DIALOGUES_BY_KIND", "<=", "DIALOGUES",
     "Số cuộc đối thoại định kỳ và đột xuất không được lớn hơn tổng số cuộc đối thoại."),
]


def load(apps, schema_editor):
    Combo = apps.get_model("stats", "CategoryCombo")
    Option = apps.get_model("stats", "CategoryOption")
    Element = apps.get_model("stats", "DataElement")
    Indicator = apps.get_model("stats", "Indicator")
    DataSet = apps.get_model("stats", "DataSet")
    Section = apps.get_model("stats", "Section")
    SectionElement = apps.get_model("stats", "SectionElement")
    Rule = apps.get_model("stats", "ValidationRule")

    combos = {}
    for code, (name, options) in COMBOS.items():
        combos[code], _ = Combo.objects.update_or_create(code=code, defaults={"name": name})
        for order, (ocode, oname) in enumerate(options):
            Option.objects.update_or_create(combo=combos[code], code=ocode, defaults={"name": oname, "sort_order": order})
    elements = {}
    for code, name, short, vtype, uom, aggregation, combo in ELEMENTS:
        elements[code], _ = Element.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "value_type": vtype,
                "unit_of_measure": uom,
                "aggregation": aggregation,
                "combo": combos.get(combo),
            },
        )
    order_base = Indicator.objects.count()
    for order, (code, name, num, den) in enumerate(RATES):
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "numerator": Element.objects.get(code=num),
                "denominator": elements[den],
                "bounded": True,
                "sort_order": order_base + order,
            },
        )
    for ds in DataSet.objects.filter(code__in=DATA_SETS):
        sname, sorder, codes = NEW_SECTION
        section, _ = Section.objects.update_or_create(data_set=ds, name=sname, defaults={"sort_order": sorder})
        for eorder, ecode in enumerate(codes):
            SectionElement.objects.update_or_create(section=section, element=elements[ecode], defaults={"sort_order": eorder})
        dialogues = Section.objects.filter(data_set=ds, name=DIALOGUE_SECTION).first()
        if dialogues is not None:
            after = SectionElement.objects.filter(section=dialogues).count()
            SectionElement.objects.get_or_create(
                section=dialogues, element=elements["DIALOGUES_BY_KIND"], defaults={"sort_order": after}
            )
    for name, left, op, right, message in RULES:
        Rule.objects.update_or_create(
            name=name, defaults={"left": left, "operator": op, "right": right, "message": message, "active": True}
        )


def unload(apps, schema_editor):
    codes = [e[0] for e in ELEMENTS]
    apps.get_model("stats", "ValidationRule").objects.filter(name__in=[r[0] for r in RULES]).delete()
    apps.get_model("stats", "Indicator").objects.filter(code__in=[r[0] for r in RATES]).delete()
    apps.get_model("stats", "Section").objects.filter(name=NEW_SECTION[0], data_set__code__in=DATA_SETS).delete()
    apps.get_model("stats", "SectionElement").objects.filter(element__code__in=codes).delete()
    apps.get_model("stats", "DataElement").objects.filter(code__in=codes, values__isnull=True).delete()
    apps.get_model("stats", "CategoryCombo").objects.filter(code__in=list(COMBOS), elements__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("stats", "0003_year_rollups")]
    operations = [migrations.RunPython(load, unload)]
