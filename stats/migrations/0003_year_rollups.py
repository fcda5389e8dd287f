"""Fill the combined year rollups (each unit's annual figure where it filed one, its half-years
elsewhere) for figures stored before they existed. Running it again changes nothing."""

from django.db import migrations


def fill(apps, schema_editor):
    # The computation lives in the service module so that it stays the one definition; it reads
    # only columns that exist since 0001.
    from stats import services

    if not apps.get_model("stats", "Submission").objects.exists():
        return
    services.rollup_rebuild()


class Migration(migrations.Migration):
    dependencies = [("stats", "0002_standard_catalogue")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
