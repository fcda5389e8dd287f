"""Shared fixtures: a small org tree (before and after the 2025 reorganization) and the
personas every page is tested with."""

import datetime as dt
import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

LEGACY_END = dt.date(2025, 6, 30)
REORG = dt.date(2025, 7, 1)


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(django_db_setup, django_db_blocker):
    """Live-server request threads can leave PostgreSQL sessions open, which stops the test
    database from being dropped at the end of the run; end them first."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture(scope="session")
def demo_snapshots(django_db_setup, tmp_path_factory):
    """The demo, built at most once per session for each set of apps (tests/demo_snapshots.py)."""
    from tests.demo_snapshots import DemoSnapshots

    return DemoSnapshots(tmp_path_factory.mktemp("demo-snapshots"))


@pytest.fixture(scope="module")
def demo(demo_snapshots, django_db_blocker, tmp_path_factory):
    """The whole demo (foundation, initiatives, awards, stats, reports) → its DemoContext, for
    the whole module, inside a transaction rolled back at the end. Tests that use it need the
    ``db`` fixture or ``demo_db``."""
    from tests.demo_snapshots import demo_in_transaction

    with demo_in_transaction(demo_snapshots, django_db_blocker, tmp_path_factory.mktemp("media")) as context:
        yield context


@pytest.fixture
def demo_db(demo, django_db_blocker):
    with django_db_blocker.unblock():
        yield demo


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """A request made with the English switch leaves English active in this thread (Django's
    locale middleware never switches back), which would turn later tests' messages English."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def tree(db):
    """Việt Nam → Hà Nội (old) → Bắc Từ Liêm → Cổ Nhuế 1 (+ Tổ dân phố 1), Đông Ngạc;
    Tây Hồ → Quảng An; Hà Nội (new) → Phường Đông Ngạc (new) formed from both old wards."""
    from accounts.system import system_actor
    from orgunits.models import Level, LineageKind, UnitType
    from orgunits.services import lineage_add, unit_create

    lv = {level.code: level for level in Level.objects.all()}
    system = system_actor()

    def make(name, kind, level, parent=None, **extra):
        return unit_create(name=name, unit_type=kind, level=lv[level], parent=parent, by=system, **extra)

    t = {}
    t["vn"] = make("Việt Nam", UnitType.COUNTRY, "national")
    t["hanoi_old"] = make(
        "Thành phố Hà Nội", UnitType.PROVINCE, "province", t["vn"], valid_to=LEGACY_END, code="1", code_scheme="legacy"
    )
    t["btl"] = make(
        "Quận Bắc Từ Liêm",
        UnitType.DISTRICT,
        "district",
        t["hanoi_old"],
        valid_to=LEGACY_END,
        code="21",
        code_scheme="legacy",
    )
    t["conhue1"] = make("Phường Cổ Nhuế 1", UnitType.COMMUNE, "commune", t["btl"], valid_to=LEGACY_END)
    t["tdp1"] = make("Tổ dân phố 1", UnitType.RESIDENTIAL, "grassroots", t["conhue1"], valid_to=LEGACY_END)
    t["dongngac_old"] = make("Phường Đông Ngạc", UnitType.COMMUNE, "commune", t["btl"], valid_to=LEGACY_END)
    t["tayho"] = make("Quận Tây Hồ", UnitType.DISTRICT, "district", t["hanoi_old"], valid_to=LEGACY_END)
    t["quangan"] = make("Phường Quảng An", UnitType.COMMUNE, "commune", t["tayho"], valid_to=LEGACY_END)
    t["hanoi"] = make(
        "Thành phố Hà Nội", UnitType.PROVINCE, "province", t["vn"], valid_from=REORG, code="1", code_scheme="2025"
    )
    t["dongngac"] = make("Phường Đông Ngạc", UnitType.COMMUNE, "commune", t["hanoi"], valid_from=REORG)
    lineage_add(source=t["hanoi_old"], target=t["hanoi"], kind=LineageKind.SUCCEEDED_BY, date=REORG, by=system)
    lineage_add(source=t["conhue1"], target=t["dongngac"], kind=LineageKind.SPLIT_INTO, date=REORG, by=system)
    lineage_add(source=t["dongngac_old"], target=t["dongngac"], kind=LineageKind.MERGED_INTO, date=REORG, by=system)
    return t


PERSONA_ROLES = {
    "ward_clerk": ("conhue1", "clerk"),
    "ward_head": ("conhue1", "head"),
    "district_reviewer": ("btl", "reviewer"),
    "city_leader": ("hanoi", "leader"),
    "outsider": ("quangan", "clerk"),
    "admin": ("vn", "admin"),
}


@pytest.fixture
def personas(tree):
    from accounts.services import user_create
    from accounts.system import system_actor

    system = system_actor()
    return {
        name: user_create(
            username=name, password="Persona-pass-2024", unit=tree[unit], role=role, full_name=name, by=system
        )
        for name, (unit, role) in PERSONA_ROLES.items()
    }


@pytest.fixture
def client_as(client, personas):
    """client_as("ward_clerk") → a test client signed in as that persona; "anonymous" → none."""

    def _client(name):
        from django.test import Client

        c = Client()
        if name != "anonymous":
            c.force_login(personas[name])
        return c

    return _client


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _playwright_loop_marked(browser, running: bool) -> None:
    """Playwright's sync API marks its event loop as running in this thread after every call.
    Django then hands out other database connections (per-context instead of per-thread ones), so
    with one browser for the whole session the loop must look stopped outside browser tests,
    exactly as it was when each test started and stopped its own Playwright."""
    import asyncio

    asyncio._set_running_loop(browser._loop if running else None)


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium, launched once per session (never a downloaded browser). Skips,
    saying why, when Chromium is not installed on this machine."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed at /usr/bin/chromium (make test installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        _playwright_loop_marked(browser, False)
        yield browser
        _playwright_loop_marked(browser, True)
        browser.close()


@pytest.fixture
def browser_page(chromium, live_server):
    """A Playwright page in its own browser context (fresh cookies and storage) of the session's
    Chromium, aimed at the live server."""
    _playwright_loop_marked(chromium, True)
    context = chromium.new_context(base_url=live_server.url, locale="vi-VN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
    _playwright_loop_marked(chromium, False)


@pytest.fixture
def login(browser_page, personas):
    """login("ward_clerk") signs the browser in through the real login form."""

    def _login(name, password="Persona-pass-2024"):
        browser_page.goto("/tai-khoan/dang-nhap/")
        browser_page.fill("#id_username", personas[name].username)
        browser_page.fill("#id_password", password)
        browser_page.click("[data-testid=login-submit]")
        browser_page.wait_for_url(lambda url: "/dang-nhap/" not in url)
        return browser_page

    return _login


def pytest_configure(config):
    _reset_sequences_after_reload()


def _reset_sequences_after_reload():
    """Django reloads the data migrations' rows with their ids but leaves PostgreSQL's sequences
    where they were; after any test that moved a sequence back (a restore, a flush), the next
    insert would reuse an id already taken. Every reload therefore ends by moving each sequence
    past the largest id."""
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.deserialize_db_from_string
    if getattr(original, "resets_sequences", False):
        return

    def deserialize_db_from_string(self, data):
        original(self, data)
        if self.connection.vendor != "postgresql":
            return
        from django.apps import apps
        from django.core.management.color import no_style

        statements = self.connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    deserialize_db_from_string.resets_sequences = True
    BaseDatabaseCreation.deserialize_db_from_string = deserialize_db_from_string


def pytest_collection_modifyitems(items):
    """Transactional tests flush the database afterwards, which would also remove the rows that
    data migrations ship (levels, fields, catalogues). Every such test reloads them."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            # Prepended, so that it is the closest marker pytest-django reads.
            item.add_marker(pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}), append=False)


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends by flushing every table, data migrations' rows included. Run in
    one process, pytest-django puts those tests last; spread over workers (`make test` runs
    pytest-xdist, a file per worker), a later file's ordinary test would find no levels or
    catalogues. So the rows the test database was created with are put back at once."""
    yield
    if not _is_transactional(item):
        return
    if nextitem is None:
        return  # the session ends: the test databases are being dropped (xdist holds a worker's last item back until it knows the next)
    upcoming = nextitem.get_closest_marker("django_db")
    if upcoming and upcoming.kwargs.get("serialized_rollback"):
        return  # the next test loads them itself as it starts
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)
