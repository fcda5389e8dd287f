from django.db import migrations

FIELDS = [
    ("political", "Xây dựng hệ thống chính trị", 1),
    ("economy", "Kinh tế – quản lý đô thị", 2),
    ("culture", "Văn hóa – xã hội", 3),
    ("security", "Quốc phòng – an ninh", 4),
]


def add_fields(apps, schema_editor):
    Field = apps.get_model("initiatives", "Field")
    for code, name, order in FIELDS:
        Field.objects.update_or_create(code=code, defaults={"name": name, "order": order, "active": True})


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]
    operations = [migrations.RunPython(add_fields, migrations.RunPython.noop)]
