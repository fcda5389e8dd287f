"""The demo data, built once per test session and restored cheaply wherever a test asks for it.

Loading the demo takes seconds (thousands of units, initiatives and history rows), and several
test modules need it. The first request for a given set of apps builds it inside a transaction,
copies every table's rows into memory and rolls back; every later request deletes and re-inserts
the rows of the tables the demo changed, inside the caller's transaction, so it is rolled back
with it. A test therefore sees exactly the rows a fresh load would have given it, and tests that
do not ask for the demo never see it.

Copying is done with the database's own bulk path: COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

DEMO_APPS = ("initiatives", "awards", "stats", "reports")
FOUNDATION: tuple[str, ...] = ()


def installed_demo_apps(wanted=DEMO_APPS) -> tuple[str, ...]:
    """The apps among ``wanted`` that are installed and ship a demo loader, in the documented order."""
    from django.apps import apps

    return tuple(
        app for app in DEMO_APPS if app in wanted and apps.is_installed(app) and importlib.util.find_spec(f"{app}.demo")
    )


def load_demo(wanted=DEMO_APPS):
    """Foundation, then each installed app's demo in the documented order (what `load_demo` does)."""
    from danvan.demo import load_foundation

    context = load_foundation()
    for app in installed_demo_apps(wanted):
        importlib.import_module(f"{app}.demo").load(context)
    return context


@dataclass
class Snapshot:
    tables: dict[str, object]  # table → its rows, in the vendor's own form
    units: dict[str, int]  # the DemoContext, as primary keys
    users: dict[str, int]
    media: Path  # the files the loaders wrote (report templates, attachments)
    sequences: dict[str, str] = field(default_factory=dict)  # table → serial column (PostgreSQL)


class DemoSnapshots:
    """One per session: snapshots keyed by the tuple of demo apps loaded on top of the foundation."""

    def __init__(self, media_root: Path):
        self.media_root = media_root
        self.clean: dict[str, object] | None = None
        self.snapshots: dict[tuple[str, ...], Snapshot] = {}

    def restore(self, wanted=DEMO_APPS):
        """Put the demo of ``wanted`` apps into the database (inside the caller's transaction)
        and return a fresh DemoContext. Its files are in ``self.media_of(wanted)``."""
        key = installed_demo_apps(wanted)
        if key not in self.snapshots:
            raise RuntimeError(f"build({key!r}) outside any transaction before restoring it")
        return _restore(self.snapshots[key])

    def media_of(self, wanted=DEMO_APPS) -> Path:
        return self.snapshots[installed_demo_apps(wanted)].media

    def build(self, wanted=DEMO_APPS) -> None:
        """Build the snapshot once. Must run outside any test's transaction (from a session- or
        module-scoped fixture), so that it holds the demo and nothing a test made."""
        from django.db import connection, transaction
        from django.test import override_settings

        key = installed_demo_apps(wanted)
        if key in self.snapshots:
            return
        if connection.in_atomic_block:
            raise RuntimeError("the demo snapshot must be built outside any transaction")
        if key:
            self.build(FOUNDATION)
        media = self.media_root / ("demo-" + "-".join(key or ("foundation",)))
        with transaction.atomic():
            if self.clean is None:
                self.clean = _capture_all()
            # Start from the longest snapshot already built whose apps come first in this one
            # (the registry's demo, the slowest, is then loaded only once).
            base = max((k for k in self.snapshots if k and key[: len(k)] == k), key=len, default=FOUNDATION)
            if key:
                shutil.copytree(self.snapshots[base].media, media, dirs_exist_ok=True)
                context = _restore(self.snapshots[base])
            else:
                media.mkdir(parents=True, exist_ok=True)
            with override_settings(MEDIA_ROOT=media):
                if key:
                    for app in key[len(base) :]:
                        importlib.import_module(f"{app}.demo").load(context)
                else:
                    context = load_demo(wanted=())
            tables = {name: rows for name, rows in _capture_all().items() if rows != self.clean.get(name)}
            self.snapshots[key] = Snapshot(
                tables=tables,
                units={name: unit.pk for name, unit in context.units.items()},
                users={name: user.pk for name, user in context.users.items()},
                media=media,
                sequences=_serial_columns(tables) if connection.vendor == "postgresql" else {},
            )
            transaction.set_rollback(True)


def _tables() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return [name for name in names if not name.startswith("sqlite_")]


@contextmanager
def _raw_sqlite_values():
    """Read SQLite values exactly as stored (text dates, 0/1 booleans) so they go back unchanged:
    Django's registered converters would turn them into objects first."""
    saved = dict(sqlite3.converters)
    sqlite3.converters.clear()
    try:
        yield
    finally:
        sqlite3.converters.update(saved)


def _capture_all() -> dict[str, object]:
    from django.db import connection

    tables = _tables()
    if connection.vendor == "postgresql":
        captured = {}
        with connection.cursor() as cursor:
            for table in tables:
                with cursor.cursor.copy(f'COPY "{table}" TO STDOUT (FORMAT BINARY)') as copy:
                    captured[table] = b"".join(bytes(chunk) for chunk in copy)
        return captured
    raw = connection.connection.cursor()
    captured = {}
    with _raw_sqlite_values():
        for table in tables:
            raw.execute(f'SELECT * FROM "{table}"')
            columns = tuple(d[0] for d in raw.description)
            captured[table] = (columns, raw.fetchall())
    return captured


def _serial_columns(tables) -> dict[str, str]:
    from django.db import connection

    columns = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name = %s AND (is_identity = 'YES' OR column_default LIKE 'nextval%%')",
                [table],
            )
            row = cursor.fetchone()
            if row:
                columns[table] = row[0]
    return columns


def _restore(snapshot: Snapshot) -> object:
    """Make every table the demo changed hold exactly the snapshot's rows. Foreign keys are
    deferred, so the order does not matter; the caller's transaction undoes it all."""
    from django.db import connection

    from accounts.models import User
    from danvan.demo import DemoContext
    from orgunits.models import OrgUnit

    connection.ensure_connection()
    assert connection.in_atomic_block, "restore the demo inside a transaction"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table, data in snapshot.tables.items():
                cursor.execute(f'DELETE FROM "{table}"')
                with cursor.cursor.copy(f'COPY "{table}" FROM STDIN (FORMAT BINARY)') as copy:
                    copy.write(data)
            for table, column in snapshot.sequences.items():
                # Later inserts must not collide with the restored primary keys.
                cursor.execute(
                    f'SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX("{column}"), 1), '
                    f'MAX("{column}") IS NOT NULL) FROM "{table}"',
                    [f'"{table}"', column],
                )
    else:
        raw = connection.connection.cursor()
        for table, (columns, rows) in snapshot.tables.items():
            raw.execute(f'DELETE FROM "{table}"')
            if rows:
                names = ", ".join(f'"{c}"' for c in columns)
                marks = ", ".join("?" for _ in columns)
                raw.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
    return DemoContext(
        units={name: OrgUnit.objects.get(pk=pk) for name, pk in snapshot.units.items()},
        users={name: User.objects.get(pk=pk) for name, pk in snapshot.users.items()},
    )


@contextmanager
def demo_in_transaction(snapshots: DemoSnapshots, blocker, media_root: Path, wanted=DEMO_APPS):
    """For a module-scoped fixture: the demo of ``wanted`` apps (with its files under
    ``media_root``, which MEDIA_ROOT points at meanwhile) inside a transaction rolled back at the end."""
    from django.db import connection, transaction
    from django.test import override_settings

    with blocker.unblock():
        snapshots.build(wanted)
        shutil.copytree(snapshots.media_of(wanted), media_root, dirs_exist_ok=True)
        with override_settings(MEDIA_ROOT=media_root):
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                yield snapshots.restore(wanted)
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                connection.close()
