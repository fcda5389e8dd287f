"""Stated percentages and believable ranges in the standard catalogue (listed in stats/README.md).

Two percent elements for what reports state only as a share ("95% ý kiến được giải đáp", "100%
quận, huyện xây dựng kế hoạch"), never summed; and a default range per element for a commune's
report, so that a typing slip such as 999.999 dialogues in one ward is refused. Districts and
provinces add up their communes' figures and get no default range."""

from django.db import migrations

# code, name, short name, unit of measure, weight element, section
PERCENTS = [
    ("OPINIONS_ANSWERED_PCT", "Tỷ lệ ý kiến, kiến nghị của Nhân dân được giải đáp", "Tỷ lệ ý kiến được giải đáp", "%",
     "RECOMMENDATIONS_RAISED", "Đối thoại với Nhân dân"),
    ("PLANS_ISSUED_PCT", "Tỷ lệ đơn vị xây dựng kế hoạch thực hiện công tác dân vận", "Tỷ lệ đơn vị có kế hoạch", "%",
     None, "Dân vận chính quyền"),
]
DATA_SETS = ["BC_DV_6T", "BC_DV_NAM"]

# The largest believable figure of one commune in one report (a half-year or a year).
COMMUNE_MAX = {
    "DIALOGUES": 500,
    "DIALOGUES_BY_KIND": 500,
    "DIALOGUE_PARTICIPANTS": 200_000,
    "RECOMMENDATIONS_RAISED": 20_000,
    "RECOMMENDATIONS_RESOLVED": 20_000,
    "CBCC_CONF_HELD": 1_000,
    "CBCC_CONF_REQUIRED": 1_000,
    "NLD_CONF_HELD": 1_000,
    "NLD_CONF_REQUIRED": 1_000,
    "CONVENTIONS_APPROVED": 1_000,
    "CONVENTIONS_TOTAL": 1_000,
    "CULT_FAMILIES_REGISTERED": 200_000,
    "CULT_FAMILIES_ACHIEVED": 200_000,
    "CULT_AREAS_ACHIEVED": 1_000,
    "CULT_AREAS_TOTAL": 1_000,
    "CULT_AGENCIES_ACHIEVED": 2_000,
    "CULT_AGENCIES_TOTAL": 2_000,
    "SECURITY_CAMERAS": 20_000,
    "RELIGIOUS_PROGRAMMES": 1_000,
    "CITIZEN_RECEPTIONS": 2_000,
    "COMPLAINTS_RECEIVED": 20_000,
    "COMPLAINTS_RESOLVED": 20_000,
    "COORDINATION_PLANS": 1_000,
    "POOR_FUND_HOUSEHOLDS": 50_000,
    "SOLIDARITY_HOUSES_BUILT": 2_000,
    "SOLIDARITY_HOUSES_REPAIRED": 2_000,
    "HOUSEHOLDS_TOTAL": 200_000,
}


def load(apps, schema_editor):
    Element = apps.get_model("stats", "DataElement")
    Section = apps.get_model("stats", "Section")
    SectionElement = apps.get_model("stats", "SectionElement")
    Bound = apps.get_model("stats", "ElementBound")
    Level = apps.get_model("orgunits", "Level")

    for code, name, short, uom, weight, section_name in PERCENTS:
        element, _ = Element.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "value_type": "percent",
                "unit_of_measure": uom,
                "aggregation": "latest",
                "weight": Element.objects.filter(code=weight).first() if weight else None,
            },
        )
        for section in Section.objects.filter(data_set__code__in=DATA_SETS, name=section_name):
            after = SectionElement.objects.filter(section=section).count()
            SectionElement.objects.get_or_create(section=section, element=element, defaults={"sort_order": after})
    commune = Level.objects.filter(code="commune").first()
    if commune is None:
        return
    for code, top in COMMUNE_MAX.items():
        element = Element.objects.filter(code=code).first()
        if element is not None:
            Bound.objects.update_or_create(element=element, level=commune, defaults={"min_value": 0, "max_value": top})


def unload(apps, schema_editor):
    codes = [p[0] for p in PERCENTS]
    apps.get_model("stats", "ElementBound").objects.filter(element__code__in=list(COMMUNE_MAX), level__code="commune").delete()
    apps.get_model("stats", "SectionElement").objects.filter(element__code__in=codes).delete()
    apps.get_model("stats", "DataElement").objects.filter(code__in=codes, values__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("stats", "0008_validation_follow_up"), ("orgunits", "0002_levels")]
    operations = [migrations.RunPython(load, unload)]
