"""Benchmarks. Each reports a ratio against a baseline measured in the same run, because these
machines are noisy; results are appended to bench/RESULTS.md.

Run: make bench   (uses a throw-away SQLite database under var/, or DATABASE_URL)"""

import datetime as dt
import os
import sys
from pathlib import Path

from bench.core import BENCHES


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    if "DATABASE_URL" not in os.environ:
        db = Path(__file__).resolve().parent.parent / "var" / "bench.sqlite3"
        db.parent.mkdir(exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> int:
    setup_django()
    import bench.orgtree  # noqa: F401  (registers its benchmarks)

    for module in ("bench.stats_rollups", "bench.imports"):
        try:
            __import__(module)
        except ImportError:
            pass
    lines = [
        f"\n## {dt.datetime.now():%Y-%m-%d %H:%M} — {os.environ['DATABASE_URL'].split(':')[0]}\n",
        "| benchmark | baseline (ms) | ours (ms) | speed-up |",
        "|---|---|---|---|",
    ]
    for func in BENCHES:
        name, baseline_ms, ours_ms = func()
        lines.append(f"| {name} | {baseline_ms:.2f} | {ours_ms:.2f} | {baseline_ms / ours_ms:.1f}× |")
        print(lines[-1], flush=True)
    results = Path(__file__).resolve().parent / "RESULTS.md"
    if not results.exists():
        results.write_text("# Benchmark results\n\nRatios are measured within one run (see bench/run.py).\n")
    with results.open("a") as fh:
        fh.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
