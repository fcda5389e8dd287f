"""Benchmarks on the volume data of ``manage.py generate_data --scale …`` (SCALE, default S).

Each figure is a median of repeated runs and a ratio to a baseline measured in the same run:
- an aggregate read from the rollups vs the same sum in raw SQL over the values;
- a unit search (``LIKE '%word%'``, trigram index on PostgreSQL) vs the same search forced to a
  sequential scan (on SQLite both are scans: the ratio stays near 1);
- the completeness of the province: counts made in SQL by sub-unit (ours) vs every unit and every
  submission loaded (the old reckoning); the page's query count is in the notes;
- saving one value on a form through ``stats.services.value_set`` vs one UPDATE of the value:
  the queries per value are in the notes (a known hot spot, see the notes in RESULTS.md)."""

import os

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.core import bench, timed
from stats import catalogue as cat

SCALE = os.environ.get("SCALE", "S")


def ensure_data() -> None:
    """Generate the scale's data once per database (the bench database is kept between runs)."""
    from stats.models import Submission

    if not Submission.objects.exists():
        from django.core.management import call_command

        call_command("generate_data", "--scale", SCALE)


def _district_and_province():
    from orgunits.models import OrgUnit, UnitType
    from stats.models import Submission

    ward = Submission.objects.filter(period__endswith="H1").select_related("unit__parent").order_by("pk").first().unit
    district = ward.parent if ward.parent.unit_type == UnitType.DISTRICT else ward
    province = district.parent if district.parent else district
    return OrgUnit.objects.get(pk=district.pk), OrgUnit.objects.get(pk=province.pk)


def _approved_period():
    from stats.models import Status, Submission

    return Submission.objects.filter(status=Status.APPROVED, period__endswith="H1").order_by("period").first().period


@bench
def aggregate_vs_raw_sql():
    from stats.models import DataElement, DataValue, Status
    from stats.selectors import aggregate

    ensure_data()
    _district, province = _district_and_province()
    period = _approved_period()
    element = DataElement.objects.get(code=cat.DIALOGUE_PARTICIPANTS)
    sql = (
        f"SELECT SUM(v.value) FROM {DataValue._meta.db_table} v "
        "JOIN stats_submission s ON s.id = v.submission_id JOIN orgunits_orgunit u ON u.id = s.unit_id "
        "WHERE v.element_id = %s AND s.period = %s AND s.status = %s AND u.path LIKE %s"
    )
    params = [element.pk, period, Status.APPROVED, province.path + "%"]

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def rollup_row():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT value FROM stats_rollup WHERE unit_id = %s AND period = %s AND approved_only = %s "
                "AND element_id = %s AND option_id IS NULL",
                [province.pk, period, True, element.pk],
            )
            return cursor.fetchone()[0]

    assert raw() == aggregate(cat.DIALOGUE_PARTICIPANTS, province, period) == rollup_row(), "the sums must agree"
    values = DataValue.objects.filter(submission__period=period).count()
    baseline = timed(raw, repeat=15)
    ours_sql = timed(rollup_row, repeat=15)
    ours = timed(lambda: aggregate(cat.DIALOGUE_PARTICIPANTS, province, period), repeat=15)
    note = f"{values} values in the period; through the selector (ORM, 3 queries): {ours:.2f} ms"
    return f"[{SCALE}] province aggregate: rollup row vs SUM over the values (raw SQL)", baseline, ours_sql, note


@bench
def search_vs_sequential_scan():
    from orgunits.models import OrgUnit

    ensure_data()
    query = OrgUnit.objects.search("phuong").order_by()
    expected = query.count()

    def forced_scan():
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL enable_indexscan = off")
                    cursor.execute("SET LOCAL enable_bitmapscan = off")
            return query.count()

    assert forced_scan() == expected
    baseline = timed(forced_scan, repeat=15)
    ours = timed(lambda: query.count(), repeat=15)
    note = f"{OrgUnit.objects.count()} units, {expected} found"
    return f"[{SCALE}] unit search LIKE '%word%' vs forced sequential scan", baseline, ours, note


@bench
def completeness_summary_vs_every_unit():
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from stats import selectors
    from stats.models import DataSet

    ensure_data()
    _district, province = _district_and_province()
    form = DataSet.objects.get(code=cat.HALF_YEAR_FORM)
    period = _approved_period()
    old = selectors.completeness(form, period, province)
    new = selectors.completeness_summary(form, period, province)
    assert (old.expected, old.on_time, old.late) == (new.expected, new.on_time, new.late)
    baseline = timed(lambda: selectors.completeness(form, period, province).missing, repeat=9)
    ours = timed(lambda: selectors.completeness_summary(form, period, province).missing, repeat=9)
    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-admin", password="Bench-admin-2024"
    )
    client = Client()
    client.force_login(admin)
    url = reverse("stats:completeness") + f"?data_set={form.pk}&period={period}&unit={province.pk}"
    assert client.get(url).status_code == 200
    sqls = []  # counted by a wrapper: a request resets the query log and may reconnect

    def count(execute, sql, params, many, context):
        sqls.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    page_ms = timed(lambda: client.get(url), repeat=5)
    note = f"{new.expected} units; page: {len(sqls)} queries, {page_ms:.0f} ms"
    return f"[{SCALE}] completeness of a province: SQL summary vs every unit loaded", baseline, ours, note


@bench
def value_save_queries():
    from accounts.system import system_actor
    from stats import access, services
    from stats.models import DataElement, DataValue, Status, Submission

    ensure_data()
    sub = Submission.objects.filter(status=Status.DRAFT).select_related("unit").order_by("pk").first()
    if sub is None:
        raise RuntimeError("the generated data has no draft form to write to")
    element = DataElement.objects.get(code=cat.SECURITY_CAMERAS)
    # The system actor once the stats services follow the house contract; None before (a loader).
    by = system_actor() if access.can_enter(system_actor(), sub.unit) else None
    counter = iter(range(10**6))

    def ours():
        services.value_set(submission=sub, element=element, value=str(next(counter) % 90), by=by)

    def baseline():
        DataValue.objects.filter(submission=sub, element=element).update(value=next(counter) % 90)

    with transaction.atomic():
        ours()
        with CaptureQueriesContext(connection) as ctx:
            ours()
        ours_ms = timed(ours, repeat=15)
        base_ms = timed(baseline, repeat=15)
        transaction.set_rollback(True)
    note = f"{len(ctx.captured_queries)} queries per value (baseline 1)"
    return f"[{SCALE}] save one value of a form (value_set vs one UPDATE)", base_ms, ours_ms, note
