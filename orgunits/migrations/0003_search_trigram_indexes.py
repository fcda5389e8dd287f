"""Trigram (pg_trgm) GIN indexes on the folded ``search_text`` columns, on PostgreSQL only.

Search filters with ``search_text LIKE '%word%'``; a b-tree cannot serve a leading wildcard, so
on a national tree every search read the whole table. A GIN trigram index can. SQLite keeps its
plain scan (its tables are small). Where the extension cannot be created (no right to), search
still works, only without the index."""

from django.db import migrations, transaction

INDEXES = [
    ("orgunits_search_trgm", "orgunits_orgunit"),
    ("initiatives_search_trgm", "initiatives_initiative"),
    ("awards_recipient_search_trgm", "awards_awardrecipient"),
]


def create(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        try:
            with transaction.atomic(using=conn.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception:  # noqa: BLE001 — no right to create extensions: keep the plain scan
            return
        for name, table in INDEXES:
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)")


def drop(apps, schema_editor):
    conn = schema_editor.connection
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        for name, _table in INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("orgunits", "0002_levels"),
        ("initiatives", "0004_merge_20261201_2231"),
        ("awards", "0004_merge_20261201_2231"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
