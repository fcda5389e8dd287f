"""Benchmarks. Each reports a ratio against a baseline measured in the same run, because these
machines are noisy; results are appended to bench/RESULTS.md.

Run: make bench [SCALE=S|M|L]   (a kept SQLite database var/bench-<scale>.sqlite3, or DATABASE_URL;
the scale's volume data is generated on the first run). A benchmark module that cannot be
imported fails the run: a silently skipped benchmark is a figure nobody notices is missing."""

import datetime as dt
import importlib
import os
import platform
import sys
from pathlib import Path

from bench.core import BENCHES

MODULES = ("bench.orgtree", "bench.imports", "bench.scale")
# The whole-country tree and the 10,000-row import are minutes of work: only from scale M up.
NATIONAL_MODULES = ("bench.orgtree", "bench.imports")


def setup_django(scale: str):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    if "DATABASE_URL" not in os.environ:
        db = Path(__file__).resolve().parent.parent / "var" / f"bench-{scale.lower()}.sqlite3"
        db.parent.mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> int:
    scale = os.environ.setdefault("SCALE", "S")
    setup_django(scale)
    for module in MODULES:
        if scale == "S" and module in NATIONAL_MODULES:
            continue
        importlib.import_module(module)  # registers its benchmarks; an ImportError stops the run
    machine = os.environ.get("BENCH_MACHINE", f"{os.cpu_count()} cores, {platform.machine()}")
    lines = [
        f"\n## {dt.datetime.now():%Y-%m-%d %H:%M} — {os.environ['DATABASE_URL'].split(':')[0]}, "
        f"scale {scale}, {machine}\n",
        "| benchmark | baseline (ms) | ours (ms) | speed-up | notes |",
        "|---|---|---|---|---|",
    ]
    for func in BENCHES:
        name, baseline_ms, ours_ms, *notes = func()
        lines.append(
            f"| {name} | {baseline_ms:.2f} | {ours_ms:.2f} | {baseline_ms / ours_ms:.2f}× | {' '.join(notes)} |"
        )
        print(lines[-1], flush=True)
    results = Path(__file__).resolve().parent / "RESULTS.md"
    if not results.exists():
        results.write_text("# Benchmark results\n\nRatios are measured within one run (see bench/run.py).\n")
    with results.open("a") as fh:
        fh.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
