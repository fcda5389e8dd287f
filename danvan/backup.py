"""One consistent archive of the database and the uploaded files, and its restore.

An archive is a gzip'd tar holding
- ``manifest.json``: when and from what it was made, the database engine, the applied migrations,
  the row count of every table and the SHA-256 of every file in it;
- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the server runs) or
  ``database.dump`` (``pg_dump -Fc``, one snapshot transaction);
- ``media/…``: the uploaded files (evidence, scanned decisions, templates).

A restore goes into an empty installation only (an empty database and an empty media folder), so
it can never mix two histories; it checks every hash against the manifest before it touches
anything, and the row counts after."""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

FORMAT_VERSION = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Vietnamese."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> dict[str, str]:
    """{relative path: sha256} of every file under the media folder (none when it is missing)."""
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)).replace(os.sep, "/"): sha256_of(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def table_counts() -> dict[str, int]:
    """Row count of every table of the installed models (and their m2m tables)."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(include_views=False)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _applied_migrations() -> list[str]:
    from django.db.migrations.recorder import MigrationRecorder

    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


# ----------------------------------------------------------------------------------------------
# the database, per engine
# ----------------------------------------------------------------------------------------------
def _pg_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _dump_database(target_dir: Path) -> str:
    if connection.vendor == "sqlite":
        target = target_dir / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as dest:
            connection.connection.backup(dest)
        dest.close()
        return target.name
    if connection.vendor == "postgresql":
        target = target_dir / "database.dump"
        args, env = _pg_env()
        name = connection.settings_dict["NAME"]
        _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", *args, "-f", str(target), name], env)
        return target.name
    raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu {connection.vendor}.")


def _load_database(source: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as src:
            src.backup(connection.connection)
        src.close()
        return
    args, env = _pg_env()
    name = connection.settings_dict["NAME"]
    connection.close()  # pg_restore drops and creates tables: no session of ours may hold them
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            *args,
            "-d",
            name,
            str(source),
        ],
        env,
    )


def _run(command: list[str], env: dict) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError:
        raise BackupError(f"Không tìm thấy chương trình {command[0]} (cài gói postgresql-client).")
    if done.returncode != 0:
        raise BackupError(f"{command[0]} báo lỗi: {done.stderr.strip()[:500]}")


# ----------------------------------------------------------------------------------------------
# backup
# ----------------------------------------------------------------------------------------------
def backup_create(*, output: Path, media_root: Path | None = None) -> dict:
    """Write the archive to ``output`` and return its manifest."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        database = _dump_database(tmp_dir)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": connection.vendor,
            "database": {"file": database, "sha256": sha256_of(tmp_dir / database)},
            "migrations": _applied_migrations(),
            "tables": table_counts(),
            "media": media_files(media_root),
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(tmp_dir / database, arcname=database)
            for rel in manifest["media"]:
                tar.add(media_root / rel, arcname=f"media/{rel}")
        partial.replace(output)  # a half-written archive never carries the final name
    return manifest


# ----------------------------------------------------------------------------------------------
# restore
# ----------------------------------------------------------------------------------------------
def _is_empty_installation(media_root: Path) -> bool:
    from django.db import DatabaseError

    from accounts.models import User
    from orgunits.models import OrgUnit

    try:
        has_data = User.objects.exists() or OrgUnit.objects.exists()
    except DatabaseError:  # never migrated: no tables, nothing to lose
        has_data = False
    has_files = media_root.exists() and any(path.is_file() for path in media_root.rglob("*"))
    return not has_data and not has_files


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = tar.getmembers()
    for member in members:
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"Tệp sao lưu chứa đường dẫn không hợp lệ: {member.name}")
    return members


def backup_restore(*, archive: Path, media_root: Path | None = None) -> dict:
    """Restore ``archive`` into this (empty) installation; returns the manifest."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if not archive.exists():
        raise BackupError(f"Không tìm thấy tệp sao lưu {archive}.")
    if not _is_empty_installation(media_root):
        raise BackupError("Chỉ khôi phục vào một cài đặt trống (cơ sở dữ liệu và thư mục tệp tải lên chưa có dữ liệu).")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive, "r:gz") as tar:
        tar.extractall(tmp, members=_safe_members(tar), filter="data")
        tmp_dir = Path(tmp)
        manifest = json.loads((tmp_dir / MANIFEST).read_text())
        _check_archive(manifest, tmp_dir)
        _load_database(tmp_dir / manifest["database"]["file"])
        for rel in manifest["media"]:
            target = media_root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(tmp_dir / "media" / rel, target)
    counts = table_counts()
    wrong = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if wrong:
        raise BackupError(f"Số bản ghi sau khi khôi phục không khớp: {wrong}")
    return manifest


def _check_archive(manifest: dict, tmp_dir: Path) -> None:
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError("Tệp sao lưu có định dạng không được hỗ trợ.")
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"Tệp sao lưu của cơ sở dữ liệu {manifest['engine']} không khôi phục được vào {connection.vendor}."
        )
    expected = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    expected.update({f"media/{rel}": digest for rel, digest in manifest["media"].items()})
    for rel, digest in expected.items():
        path = tmp_dir / rel
        if not path.is_file() or sha256_of(path) != digest:
            raise BackupError(f"Tệp sao lưu bị hỏng hoặc thiếu: {rel}")
