"""Load and soak run against a throw-away installation on 127.0.0.1 (``make soak``).

1. A fresh SQLite database in a temporary folder (or the database in DATABASE_URL), migrated and
   loaded with the demo.
2. gunicorn (gthread) on a free port of 127.0.0.1; demo users sign in through the real form.
3. Load: LOAD_SECONDS (60) with CONNECTIONS (32) parallel sessions on the initiative list, the
   dashboard, the statistics entry form and /healthz → requests/s, p50/p95/p99, errors.
4. Soak: SOAK_SECONDS (300) of registrations through the real create form and autosaved statistics
   values (each thread its own field, increasing values) → afterwards the database holds exactly what
   the server acknowledged.

Traffic goes only to 127.0.0.1, every phase is bounded in time and the server is stopped at the end.
Prints a Markdown table and appends it, dated, to the "Load and soak" section of SECURITY.md.
"""

from __future__ import annotations

import datetime as dt
import html.parser
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
LOAD_SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
SOAK_SECONDS = int(os.environ.get("SOAK_SECONDS", "300"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "32"))
SOAK_THREADS = int(os.environ.get("SOAK_THREADS", "8"))
PASSWORD = "DanVan@2024"  # the demo accounts' password (danvan/demo.py)
CLERK = "vanthu.dongngac"  # a clerk of a ward that exists today, so registrations for this year are valid
READERS = [CLERK, "truong.dongngac"]  # both may open the statistics entry form of their ward
MARK = "Soak"


# ------------------------------------------------------------------------------ set-up
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, capture=False):
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True, capture_output=capture)
    return result.stdout if capture else None


SETUP_CODE = """
import json
from django.utils import timezone
from accounts.models import User
from lib import periods
from stats.models import DataSet
from stats.services import check_can_report, data_set_elements
user = User.objects.get(username="%s")
unit = user.assignments.first().unit
today = timezone.localdate()
def reportable():
    # The first form and period the ward may report now (the half-year form reports only some halves).
    for code in ("BC_DV_NAM", "BC_DV_6T"):
        for period in (periods.Period(today.year), periods.Period(today.year, 2), periods.Period(today.year, 1)):
            ds = DataSet.objects.get(code=code)
            try:
                check_can_report(data_set=ds, period=period, unit=unit)
            except Exception:
                continue
            return ds, period
    raise SystemExit("no form the ward may report now")
ds, period = reportable()
elements = [e.pk for e in data_set_elements(ds) if e.combo_id is None]
print(json.dumps({"data_set": ds.pk, "period": period.code, "unit": unit.pk, "elements": elements}))
"""

CHECK_CODE = """
import json, sys
from initiatives.models import Initiative
from stats.models import DataValue
args = json.loads(sys.stdin.read())
names = set(Initiative.objects.filter(name__startswith=args["mark"]).values_list("name", flat=True))
values = {str(e): str(v) for e, v in DataValue.objects.filter(
    submission__data_set_id=args["data_set"], submission__period=args["period"], submission__unit_id=args["unit"],
    element_id__in=args["elements"], option__isnull=True).values_list("element_id", "value")}
print(json.dumps({"names": sorted(names), "values": values}))
"""


def prepare(workdir: Path) -> dict:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'soak.sqlite3'}")
    env.update(DANVAN_VAR_DIR=str(workdir / "var"), DANVAN_DEV="1", DJANGO_DEBUG="0", DANVAN_DB_CONN_MAX_AGE="0")
    print(f"database: {env['DATABASE_URL'].split('@')[-1]}", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--if-empty")
    return env


class Server:
    def __init__(self, env, port):
        self.port = port
        self.proc = subprocess.Popen(
            [PY, "-m", "gunicorn", "danvan.wsgi", "-k", "gthread", "--threads", "16", "-w", "2",
             "-b", f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning"],
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
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Form(html.parser.HTMLParser):
    """Every named input/select/textarea of the first POST form with a CSRF token: its value
    (a select's selected option, else the first non-empty one) and each select's options."""

    def __init__(self):
        super().__init__()
        self.fields, self.options, self._select, self._in_form = {}, {}, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file", "checkbox", "radio"):
            self.fields[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
            self.options[name] = []
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            self.options[self._select].append(value)
            if "selected" in a or (not self.fields[self._select] and value):
                self.fields[self._select] = value

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form" and "csrfmiddlewaretoken" in self.fields:
            self._in_form = False


def parse_form(text: str) -> Form:
    form = Form()
    form.feed(text)
    return form


def sign_in(server, username) -> requests.Session:
    s = requests.Session()
    login = server.url("/tai-khoan/dang-nhap/")
    page = s.get(login, timeout=30)
    token = parse_form(page.text).fields["csrfmiddlewaretoken"]
    r = s.post(login, data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
               headers={"Referer": login}, timeout=30, allow_redirects=False)  # fmt: skip
    if r.status_code != 302:
        raise SystemExit(f"could not sign in as {username}: {r.status_code}")
    return s


# ------------------------------------------------------------------------------ phases
def load_phase(server, entry_url) -> dict:
    paths = ["/mo-hinh/", "/tong-quan/", entry_url, "/healthz"]
    sessions = [sign_in(server, READERS[i % len(READERS)]) for i in range(CONNECTIONS)]
    latencies, errors, lock = [], [], threading.Lock()
    deadline = time.monotonic() + LOAD_SECONDS

    def worker(i):
        s, n = sessions[i], i
        while time.monotonic() < deadline:
            path = paths[n % len(paths)]
            n += 1
            start = time.perf_counter()
            try:
                status = s.get(server.url(path), timeout=30, allow_redirects=False).status_code
            except requests.RequestException as exc:
                status = repr(exc)
            took = time.perf_counter() - start
            with lock:
                latencies.append(took)
                if status != 200:
                    errors.append(f"{path}: {status}")

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": q[49] * 1000,
        "p95": q[94] * 1000,
        "p99": q[98] * 1000,
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
    }


def soak_phase(server, target) -> dict:
    deadline = time.monotonic() + SOAK_SECONDS
    acked_names, acked_values, failures, refused, lock = [], {}, [], [], threading.Lock()
    entry_value = server.url(f"/thong-ke/nhap/{target['data_set']}/{target['period']}/{target['unit']}/gia-tri/")
    create = server.url("/mo-hinh/them/")
    year = str(dt.date.today().year)

    def registrar(i):
        s, n = sign_in(server, CLERK), 0
        while time.monotonic() < deadline:
            n += 1
            name = f"{MARK} {i}-{n} mô hình dân vận khéo"
            try:
                form = parse_form(s.get(create, timeout=30).text)
                data = dict(form.fields)
                data.update(name=name, year=year)
                for select in ("field", "unit"):
                    if not data.get(select) and form.options.get(select):
                        data[select] = next((v for v in form.options[select] if v), "")
                r = s.post(create, data=data, headers={"Referer": create}, timeout=30, allow_redirects=False)
            except requests.RequestException as exc:
                with lock:
                    failures.append(f"create: {exc!r}")
                continue
            with lock:
                if r.status_code == 302 and re.search(r"/mo-hinh/\d+/$", r.headers.get("Location", "")):
                    acked_names.append(name)
                else:
                    failures.append(f"create: {r.status_code}")

    def enterer(i, element):
        s, value = sign_in(server, CLERK), 0
        s.get(server.url("/thong-ke/"), timeout=30)
        headers = {"X-CSRFToken": s.cookies.get("csrftoken", ""), "HX-Request": "true", "Referer": entry_value}
        while time.monotonic() < deadline:
            value += 1
            try:
                r = s.post(entry_value, data={"element": element, "value": str(value)}, headers=headers, timeout=30)
            except requests.RequestException as exc:
                with lock:
                    failures.append(f"value: {exc!r}")
                continue
            with lock:
                if r.status_code == 200 and "data-saved" in r.text:
                    acked_values[str(element)] = str(value)
                elif r.status_code == 200 and "data-field-error" in r.text:
                    refused.append(re.sub(r"<[^>]+>", "", r.text).strip()[:60])  # a validation rule said no
                else:
                    failures.append(f"value: {r.status_code} {re.sub(r'<[^>]+>', '', r.text).strip()[:80]}")

    registrars = max(1, SOAK_THREADS // 2)
    elements = target["elements"][: SOAK_THREADS - registrars]
    threads = [threading.Thread(target=registrar, args=(i,)) for i in range(registrars)]
    threads += [threading.Thread(target=enterer, args=(i, e)) for i, e in enumerate(elements)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"names": acked_names, "values": acked_values, "failures": failures, "refused": refused}


# ------------------------------------------------------------------------------ report
def table(load, soak, stored) -> str:
    lost = sorted(set(soak["names"]) - set(stored["names"]))
    extra = sorted(set(stored["names"]) - set(soak["names"]))
    wrong = {
        e: (v, stored["values"].get(e))
        for e, v in soak["values"].items()
        if stored["values"].get(e) is None or Decimal(stored["values"][e]) != Decimal(v)
    }
    rows = [
        "| Measure | Value |",
        "|---|---|",
        f"| Load: duration, connections | {LOAD_SECONDS} s, {CONNECTIONS} |",
        f"| Load: requests, req/s | {load['requests']}, {load['rps']:.1f} |",
        f"| Load: p50 / p95 / p99 (ms) | {load['p50']:.0f} / {load['p95']:.0f} / {load['p99']:.0f} |",
        f"| Load: errors | {load['errors']} {'; '.join(load['error_samples'])} |",
        f"| Soak: duration, threads | {SOAK_SECONDS} s, {SOAK_THREADS} |",
        f"| Soak: registrations acknowledged / stored | {len(soak['names'])} / {len(stored['names'])} |",
        f"| Soak: registrations lost / unacknowledged extra | {len(lost)} / {len(extra)} |",
        f"| Soak: autosaved fields, last value acknowledged = stored | {len(soak['values']) - len(wrong)}/{len(soak['values'])} |",
        f"| Soak: values refused by the form's rules (answered, not stored) | {len(soak['refused'])} |",
        f"| Soak: failed requests | {len(soak['failures'])} {'; '.join(sorted(set(soak['failures']))[:3])} |",
    ]
    # One line per row: error pages carry newlines and "|" would end a cell.
    rows = rows[:2] + [re.sub(r"\s+", " ", r[2:-2]).replace("|", "/").join(["| ", " |"]) for r in rows[2:]]
    return "\n".join(rows), not lost and not wrong


def append_to_security(text: str, note: str) -> None:
    path = ROOT / "SECURITY.md"
    content = path.read_text(encoding="utf-8")
    if "\n## Load and soak\n" not in content:
        content = content.rstrip("\n") + (
            "\n\n## Load and soak\n\n`make soak` (scripts/soak.py) runs a throw-away installation on 127.0.0.1 "
            "(gunicorn, gthread), loads the demo, measures the busiest pages under parallel load, then keeps "
            "registering initiatives and autosaving statistics values and checks that the database holds exactly "
            "what was acknowledged. Full run: `make soak` (60 s load at 32 connections, 5 min soak); shorter: "
            "`LOAD_SECONDS=15 SOAK_SECONDS=30 make soak`.\n"
        )
    content = content.rstrip("\n") + f"\n\n### {dt.date.today():%d/%m/%Y} — {note}\n\n{text}\n"
    path.write_text(content, encoding="utf-8")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="danvan-soak-") as tmp:
        env = prepare(Path(tmp))
        target = json.loads(manage(env, "shell", "-c", SETUP_CODE % CLERK, capture=True).strip().splitlines()[-1])
        server = Server(env, free_port())
        try:
            entry_url = f"/thong-ke/nhap/{target['data_set']}/{target['period']}/{target['unit']}/"
            print(f"load: {LOAD_SECONDS} s at {CONNECTIONS} connections", flush=True)
            load = load_phase(server, entry_url)
            print(f"soak: {SOAK_SECONDS} s with {SOAK_THREADS} threads", flush=True)
            soak = soak_phase(server, target)
        finally:
            server.stop()
        check = subprocess.run(
            [PY, "manage.py", "shell", "-c", CHECK_CODE], cwd=ROOT, env=env, check=True, text=True,
            capture_output=True, input=json.dumps({**target, "mark": MARK}),
        )  # fmt: skip
        stored = json.loads(check.stdout.strip().splitlines()[-1])
    text, ok = table(load, soak, stored)
    print(text)
    short = LOAD_SECONDS < 60 or SOAK_SECONDS < 300
    db = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    note = f"{db}, {'short run' if short else 'full run'} (LOAD_SECONDS={LOAD_SECONDS}, SOAK_SECONDS={SOAK_SECONDS})"
    append_to_security(text, note)
    if not ok:
        print("FAILED: the database does not hold what was acknowledged", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
