"""The standard catalogues: areas of achievement, forms of reward, emulation titles."""

from django.db import migrations

AREAS = [
    ("dan-van-kheo", "Phong trào thi đua “Dân vận khéo”", 10),
    ("cong-tac-dan-van", "Công tác dân vận", 20),
    ("qcdc", "Thực hiện Quy chế dân chủ ở cơ sở", 30),
    ("dan-van-chinh-quyen", "Công tác dân vận chính quyền", 40),
    ("ton-giao", "Công tác tôn giáo, tín ngưỡng", 50),
]
# code, name, order, given to, once per person
FORMS = [
    ("giay-khen", "Giấy khen", 10, "any", False),
    ("bang-khen", "Bằng khen", 20, "any", False),
    ("co-thi-dua", "Cờ thi đua", 30, "collective", False),
    ("ky-niem-chuong-dan-van", "Kỷ niệm chương “Vì sự nghiệp dân vận”", 40, "individual", True),
]
TITLES = [
    ("tap-the-lao-dong-xuat-sac", "Tập thể lao động xuất sắc", 10, "collective"),
    ("tap-the-lao-dong-tien-tien", "Tập thể lao động tiên tiến", 20, "collective"),
    ("chien-si-thi-dua-co-so", "Chiến sĩ thi đua cơ sở", 30, "individual"),
    ("lao-dong-tien-tien", "Lao động tiên tiến", 40, "individual"),
]


def add_catalogues(apps, schema_editor):
    Area = apps.get_model("awards", "AchievementArea")
    Form = apps.get_model("awards", "RewardForm")
    Title = apps.get_model("awards", "EmulationTitle")
    for code, name, order in AREAS:
        Area.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for code, name, order, applies_to, once in FORMS:
        Form.objects.update_or_create(
            code=code, defaults={"name": name, "order": order, "applies_to": applies_to, "once_per_person": once}
        )
    for code, name, order, applies_to in TITLES:
        Title.objects.update_or_create(code=code, defaults={"name": name, "order": order, "applies_to": applies_to})


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]
    operations = [migrations.RunPython(add_catalogues, migrations.RunPython.noop)]
