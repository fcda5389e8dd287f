"""10,000 initiative registration rows: validated row by row through the registry's services and
committed as one all-or-nothing import (ours), against merely reading the same file with calamine
and bulk-inserting without any validation (baseline). Both undone afterwards; the ratio < 1 is
the price of validation, measured in the same run."""

import io
import time

from bench.core import bench

ROWS = 10_000


def _setup():
    from accounts.services import user_create
    from accounts.system import system_actor
    from initiatives.models import Field
    from orgunits.models import Level, OrgUnit, UnitType
    from orgunits.services import unit_create

    unit = OrgUnit.objects.filter(name="Phường Bench").first() or unit_create(
        name="Phường Bench", unit_type=UnitType.COMMUNE, level=Level.objects.get(code="commune"), by=system_actor()
    )
    from accounts.models import User

    user = User.objects.filter(username="bench-clerk").first() or user_create(
        username="bench-clerk",
        password="Bench-pass-2024",
        unit=unit,
        role="clerk",
        full_name="bench",
        by=system_actor(),
    )
    return unit, user, Field.objects.filter(active=True).first()


def _file(unit, field) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Dữ liệu")
    ws.append(["Tên mô hình", "Đơn vị", "Năm", "Lĩnh vực", "Kinh phí xã hội hóa (đồng)"])
    for i in range(ROWS):
        ws.append([f"Mô hình thử {i}", f"{unit.pk} · {unit.name}", 2026, field.name, "1.500.000"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _baseline(data: bytes, unit, field) -> float:
    from django.db import transaction
    from python_calamine import CalamineWorkbook

    from initiatives.models import Initiative

    start = time.perf_counter()
    with transaction.atomic():
        rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("Dữ liệu").to_python()[1:]
        Initiative.objects.bulk_create(
            [Initiative(name=r[0], unit=unit, year=2026, field=field) for r in rows], batch_size=1000
        )
        elapsed = time.perf_counter() - start
        transaction.set_rollback(True)
    return elapsed * 1000


def _ours(data: bytes, user) -> float:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from imports import services
    from imports.models import ImportStatus

    with transaction.atomic():
        start = time.perf_counter()
        job = services.job_create(upload=SimpleUploadedFile("b.xlsx", data), kind="initiatives", by=user)
        services.job_run(job=job, by=user, commit=True)
        elapsed = time.perf_counter() - start
        assert job.status == ImportStatus.DONE, job.errors[:3]
        transaction.set_rollback(True)
    return elapsed * 1000


@bench
def import_10000_registrations():
    unit, user, field = _setup()
    data = _file(unit, field)
    return (
        f"import {ROWS:,} registrations validated (baseline: calamine + bulk insert)",
        _baseline(data, unit, field),
        _ours(data, user),
    )
