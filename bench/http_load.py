"""HTTP load on a throw-away installation (``python -m bench.http_load``, or ``make bench-http``).

gunicorn with ``gunicorn.conf.py`` (threaded workers) on 127.0.0.1, the demo loaded; with 8 and
then 32 connections: first ``/healthz`` alone (the baseline), then a mix of the dashboard, the
initiative list, the statistics entry form and ``/healthz``. For each path: requests/s,
p50/p95/p99, errors, and its p95 as a ratio to the p95 of ``/healthz`` alone in the same run.
``/healthz`` under the mix shows whether a probe queues behind pages. LOAD_SECONDS (10) per
phase; results are appended, dated, to bench/RESULTS.md. Traffic goes only to 127.0.0.1."""

import datetime as dt
import importlib.util
import json
import os
import platform
import statistics
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
LOAD_SECONDS = float(os.environ.get("LOAD_SECONDS", "10"))
CONNECTIONS = (8, 32)


def _soak():
    """The installation helpers of the soak script (prepare, sign-in, demo target)."""
    spec = importlib.util.spec_from_file_location("danvan_soak", ROOT / "scripts" / "soak.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _quantiles(values):
    q = statistics.quantiles(values, n=100) if len(values) > 1 else [values[0] if values else 0] * 99
    return q[49] * 1000, q[94] * 1000, q[98] * 1000


def run(server, sessions, paths, seconds):
    """{path: {"n", "rps", "p50", "p95", "p99", "errors"}} for ``len(sessions)`` connections."""
    times = {p: [] for p in paths}
    errors = {p: 0 for p in paths}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(i):
        n = i
        while time.monotonic() < deadline:
            path = paths[n % len(paths)]
            n += 1
            start = time.perf_counter()
            try:
                ok = sessions[i].get(server.url(path), timeout=60, allow_redirects=False).status_code == 200
            except requests.RequestException:
                ok = False
            took = time.perf_counter() - start
            with lock:
                times[path].append(took)
                errors[path] += not ok

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(sessions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    out = {}
    for path in paths:
        p50, p95, p99 = _quantiles(times[path])
        out[path] = {"n": len(times[path]), "rps": len(times[path]) / elapsed, "p50": p50, "p95": p95, "p99": p99,
                     "errors": errors[path]}  # fmt: skip
    return out


def main() -> int:
    soak = _soak()
    rows = []
    with tempfile.TemporaryDirectory(prefix="danvan-http-") as tmp:
        env = soak.prepare(Path(tmp))
        target = json.loads(
            soak.manage(env, "shell", "-c", soak.SETUP_CODE % soak.CLERK, capture=True).splitlines()[-1]
        )
        entry = f"/thong-ke/nhap/{target['data_set']}/{target['period']}/{target['unit']}/"
        labels = {
            "/tong-quan/": "dashboard",
            "/mo-hinh/": "initiative list",
            entry: "data entry",
            "/healthz": "/healthz",
        }
        port = soak.free_port()
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2", "GUNICORN_ACCESSLOG": ""}
        server = _Server(soak, env, port)
        try:
            for conns in CONNECTIONS:
                sessions = [soak.sign_in(server, soak.READERS[i % len(soak.READERS)]) for i in range(conns)]
                alone = run(server, sessions, ["/healthz"], LOAD_SECONDS)["/healthz"]
                mixed = run(server, sessions, list(labels), LOAD_SECONDS)
                rows.append((conns, "/healthz alone", alone, 1.0))
                for path, label in labels.items():
                    rows.append((conns, label, mixed[path], mixed[path]["p95"] / alone["p95"] if alone["p95"] else 0))
        finally:
            server.stop()
    text = _table(rows)
    print(text)
    with (ROOT / "bench" / "RESULTS.md").open("a") as fh:
        fh.write(text)
    return 0


class _Server:
    """gunicorn as configured for production (``gunicorn.conf.py``) on a free local port."""

    def __init__(self, soak, env, port):
        import subprocess

        self.port = port
        self.proc = subprocess.Popen(
            [soak.PY, "-m", "gunicorn", "-c", "gunicorn.conf.py", "danvan.wsgi", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url("/healthz"), timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.5)
        self.stop()
        raise SystemExit("gunicorn did not answer /healthz within 60 s")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def _table(rows) -> str:
    db = "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
    lines = [
        f"\n## {when} — HTTP load, {db}, demo data, gunicorn gthread 2 workers, {os.cpu_count()} cores"
        f" ({platform.machine()}), {LOAD_SECONDS:g} s per phase\n",
        "| connections | path | requests | req/s | p50 (ms) | p95 (ms) | p99 (ms) | errors | p95 ÷ /healthz alone |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for conns, label, r, ratio in rows:
        lines.append(
            f"| {conns} | {label} | {r['n']} | {r['rps']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} |"
            f" {r['errors']} | {ratio:.1f}× |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
