"""Excel import at scale: memory at 10,000 vs 100,000 rows, and the price of validation.

Run: .venv/bin/python -m bench.import_memory   (SQLite var/bench-import.sqlite3 unless DATABASE_URL)

1. Peak memory (tracemalloc: the Python heap) of the whole validation path — ``job_run`` reading
   the sheet lazily, chunk by chunk, every row converted and checked — on files of 10,000 and
   100,000 registration rows whose every row is refused before any write (an unknown field of
   work, so no service runs and 100,000 rows take seconds), then of writing the error workbook
   (write-only) for it. The job keeps at most 5,000 errors; the count goes on.
2. Peak resident memory of a child process doing the same read (``resource.getrusage``): this one
   includes what calamine holds outside Python (the sheet's cells, compact but whole).
3. 10,000 valid rows validated and committed through the services (ours) against reading the same
   file with calamine and bulk-inserting the rows without validation (baseline), same run.

Figures are appended to bench/RESULTS.md with the date."""

import datetime as dt
import io
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

SIZES = (10_000, 100_000)


def _setup():
    from accounts.models import User
    from accounts.services import user_create
    from accounts.system import system_actor
    from initiatives.models import Field
    from orgunits.models import Level, OrgUnit, UnitType
    from orgunits.services import unit_create

    unit = OrgUnit.objects.filter(name="Phường Bench").first() or unit_create(
        name="Phường Bench", unit_type=UnitType.COMMUNE, level=Level.objects.get(code="commune"), by=system_actor()
    )
    user = User.objects.filter(username="bench-clerk").first() or user_create(
        username="bench-clerk",
        password="Bench-pass-2024",
        unit=unit,
        role="clerk",
        full_name="bench",
        by=system_actor(),
    )
    return unit, user, Field.objects.filter(active=True).first()


def _file(rows: int, unit, field_name: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Dữ liệu")
    ws.append(["Tên mô hình", "Đơn vị", "Năm", "Lĩnh vực", "Ngày bắt đầu", "Kinh phí xã hội hóa (đồng)"])
    label = f"{unit.pk} · {unit.name}"
    for i in range(rows):
        ws.append([f"Mô hình thử số {i}", label, 2024, field_name, "15/03/2024", "1.500.000"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _job(data: bytes, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from imports import services

    return services.job_create(upload=SimpleUploadedFile("bench.xlsx", data), kind="initiatives", by=user)


def _peak(func) -> tuple[int, float]:
    """(peak bytes of the Python heap during func, seconds)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    start = time.perf_counter()
    func()
    elapsed = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, elapsed


def memory_rows(unit, user) -> list[str]:
    from django.db import transaction

    from imports import services, workbooks
    from imports.models import ImportStatus

    lines = []
    found = {}
    for rows in SIZES:
        data = _file(rows, unit, "Lĩnh vực không có")  # every row refused on its field of work
        with transaction.atomic():
            job = _job(data, user)
            run_peak, run_s = _peak(lambda job=job: services.job_run(job=job, by=user, commit=True))
            job.refresh_from_db()
            assert job.status == ImportStatus.INVALID and job.error_count == rows, (job.status, job.error_count)
            report_peak, report_s = _peak(lambda job=job: workbooks.error_report(job))
            rss = _child_rss(data)
            transaction.set_rollback(True)
        found[rows] = (run_peak, report_peak, rss)
        _append(
            [
                f"| {rows:,} | {len(data) / 1e6:.1f} MB | {run_peak / 1e6:.1f} MB ({run_s:.1f} s) | "
                f"{report_peak / 1e6:.1f} MB ({report_s:.1f} s) | {rss / 1e3:.0f} MB |"
            ]
        )
    small, large = found[SIZES[0]], found[SIZES[1]]
    lines.append(
        f"| ratio 100k / 10k | 10× rows | {large[0] / small[0]:.2f}× | {large[1] / small[1]:.2f}× | "
        f"{large[2] / small[2]:.2f}× |"
    )
    return lines


_CHILD = """
import io, resource, sys
from python_calamine import CalamineWorkbook
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
data = sys.stdin.buffer.read()
book = CalamineWorkbook.from_filelike(io.BytesIO(data))
n = sum(1 for _ in book.get_sheet_by_name("Dữ liệu").iter_rows())
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)
"""


def _child_rss(data: bytes) -> int:
    """Peak resident memory (KB) a fresh process adds to read every row with calamine."""
    out = subprocess.run([sys.executable, "-c", _CHILD], input=data, capture_output=True, check=True)
    return int(out.stdout.decode().strip())


def throughput_row(unit, user, field) -> str:
    from django.db import transaction
    from python_calamine import CalamineWorkbook

    from imports import services
    from imports.models import ImportStatus
    from initiatives.models import Initiative

    rows = SIZES[0]
    data = _file(rows, unit, field.name)
    with transaction.atomic():
        start = time.perf_counter()
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        read = book.get_sheet_by_name("Dữ liệu").to_python()[1:]
        Initiative.objects.bulk_create(
            [Initiative(name=r[0], unit=unit, year=2024, field=field) for r in read], batch_size=1000
        )
        baseline = time.perf_counter() - start
        transaction.set_rollback(True)
    with transaction.atomic():
        start = time.perf_counter()
        job = _job(data, user)
        services.job_run(job=job, by=user, commit=True)
        ours = time.perf_counter() - start
        assert job.status == ImportStatus.DONE, job.errors[:3]
        assert Initiative.objects.filter(unit=unit).count() == rows
        transaction.set_rollback(True)
    return (
        f"| {rows:,} registrations: validated through the services and committed vs calamine + bulk insert | "
        f"{baseline:.1f} s | {ours:.1f} s | {ours / baseline:.1f}× | {rows / ours:.0f} rows/s |"
    )


def _append(lines: list[str]) -> None:
    """Each figure goes into RESULTS.md as soon as it is measured (a long run cut short keeps them)."""
    with (Path(__file__).resolve().parent / "RESULTS.md").open("a") as fh:
        fh.write("\n".join(lines) + "\n")
    print("\n".join(lines), flush=True)


def main() -> int:
    os.environ.setdefault("SCALE", "import")
    from bench.run import setup_django

    setup_django(os.environ["SCALE"])
    from django.test import override_settings

    engine = os.environ["DATABASE_URL"].split(":")[0]
    with override_settings(IMPORTS_MAX_ROWS=200_000, IMPORTS_MAX_BYTES=50 * 1024 * 1024):
        unit, user, field = _setup()
        _append(
            [
                f"\n## {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC — Excel import at scale ({engine}, "
                "bench/import_memory.py)\n",
            ]
        )
        if os.environ.get("BENCH_PART", "all") != "memory":
            _append(["| benchmark | baseline | ours | ours / baseline | throughput |", "|---|---|---|---|---|"])
        part = os.environ.get("BENCH_PART", "all")  # "memory" or "throughput": one half alone
        if part in ("all", "throughput"):
            _append([throughput_row(unit, user, field)])
        if part == "throughput":
            return 0
        _append(
            [
                "",
                "Peak memory of validating a file whose every row is refused (job_run: lazy read, chunks "
                "of 1,000 rows, at most 5,000 errors kept) and of writing its error workbook (write-only); "
                "tracemalloc = Python heap. The child RSS is a fresh process reading every row with "
                "calamine (includes calamine's own copy of the cells).\n",
                "| rows | file | validation peak (time) | error workbook peak (time) | calamine read, child RSS |",
                "|---|---|---|---|---|",
            ]
        )
        _append(memory_rows(unit, user))
    return 0


if __name__ == "__main__":
    sys.exit(main())
