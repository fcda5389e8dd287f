"""make backup / make restore: an archive of the database and the uploaded files restores into an
empty installation with identical records (every table compared row by row) and identical files."""

import hashlib
import tarfile

import pytest
from django.core.management import call_command
from django.db import connection

from danvan.backup import BackupError, backup_create, backup_restore


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order, as the database returns them."""
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(include_views=False)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def file_hashes(root) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


def empty_installation(media_root):
    """What a new machine has after `migrate`: no records entered by anyone, no uploaded files."""
    call_command("flush", "--noinput", verbosity=0)
    for path in sorted(media_root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "2026" / "a1b2.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40)
    (settings.MEDIA_ROOT / "scans").mkdir()
    (settings.MEDIA_ROOT / "scans" / "qd-12.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 300)
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_into_an_empty_installation_with_identical_records_and_files(tree, personas, media, tmp_path):
    rows_before, files_before = every_row(), file_hashes(media)
    assert rows_before["orgunits_orgunit"] and rows_before["accounts_user"]
    archive = tmp_path / "out" / "danvan.tar.gz"

    call_command("backup", "--output", str(archive), verbosity=0)
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"manifest.json", "media/evidence/2026/a1b2.pdf", "media/scans/qd-12.png"} <= names

    empty_installation(media)
    assert not every_row()["orgunits_orgunit"] and not file_hashes(media)

    call_command("restore", str(archive), verbosity=0)
    assert every_row() == rows_before
    assert file_hashes(media) == files_before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_refuses_an_installation_that_already_holds_records(tree, media, tmp_path):
    archive = tmp_path / "danvan.tar.gz"
    backup_create(output=archive)
    with pytest.raises(BackupError, match="cài đặt trống"):
        backup_restore(archive=archive)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_damaged_archive_is_refused_before_anything_is_restored(tree, media, tmp_path):
    archive = tmp_path / "danvan.tar.gz"
    backup_create(output=archive)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "media/scans/qd-12.png":
                data = data[:-1] + b"\x01"
            import io

            dst.addfile(member, io.BytesIO(data))
    empty_installation(media)
    with pytest.raises(BackupError, match="qd-12.png"):
        backup_restore(archive=damaged)
    assert not every_row()["orgunits_orgunit"]
