import datetime as dt

from django.db import migrations

LEVELS = [
    ("national", "Trung ương", 0, None, None),
    ("province", "Cấp tỉnh, thành phố", 1, None, None),
    ("district", "Cấp quận, huyện, thị xã", 2, None, dt.date(2025, 6, 30)),
    ("commune", "Cấp xã, phường, thị trấn", 3, None, None),
    ("grassroots", "Tổ dân phố, khu phố, thôn", 4, None, None),
]


def add_levels(apps, schema_editor):
    Level = apps.get_model("orgunits", "Level")
    for code, name, rank, start, end in LEVELS:
        Level.objects.update_or_create(code=code, defaults={"name": name, "rank": rank, "valid_from": start, "valid_to": end})


class Migration(migrations.Migration):
    dependencies = [("orgunits", "0001_initial")]
    operations = [migrations.RunPython(add_levels, migrations.RunPython.noop)]
