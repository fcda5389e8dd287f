"""Nothing lost and nothing doubled when people act at the same moment: real parallel database
sessions (one per thread) on PostgreSQL, where row locks decide who goes first. SQLite serialises
every writer, so these tests only mean something on PostgreSQL and are skipped elsewhere."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

try:  # the state errors become lib.errors.InvalidTransition
    from lib.errors import InvalidTransition
except ImportError:  # pragma: no cover - before that change
    InvalidTransition = ValidationError

REFUSALS = (ValidationError, InvalidTransition, PermissionDenied)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite runs one writer at a time, so there is no race to test")


def race(*actions):
    """Run each action in its own thread (its own database connection), all released at once.
    Returns what each returned or raised, in order."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(i, action):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=30)
            results[i] = action()
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test looks at
            results[i] = exc
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a racing action never finished (deadlock?)"
    return results


def _split(results):
    wins = [r for r in results if not isinstance(r, Exception)]
    losses = [r for r in results if isinstance(r, Exception)]
    unexpected = [r for r in losses if not isinstance(r, REFUSALS)]
    assert not unexpected, f"a racer failed with something other than a clear refusal: {unexpected!r}"
    return wins, losses


# ------------------------------------------------------------------------------ statistics
def test_two_reviewers_approving_the_same_form_at_once_approve_it_once(tree, personas):
    from stats import services
    from stats.models import DataSet, Submission, WorkflowAction

    data_set = DataSet.objects.get(code="BC_DV_6T")
    sub = services.submission_open(data_set=data_set, period="2024H1", unit=tree["conhue1"], by=personas["ward_clerk"])
    services.submission_submit(submission=sub, by=personas["ward_clerk"])

    def approve(name):
        return lambda: services.submission_approve(submission=Submission.objects.get(pk=sub.pk), by=personas[name])

    wins, losses = _split(race(approve("district_reviewer"), approve("city_leader")))
    assert len(wins) == 1 and len(losses) == 1

    sub.refresh_from_db()
    assert sub.status == "approved"
    assert sub.events.filter(action=WorkflowAction.APPROVE).count() == 1
    assert sub.decided_by_id == wins[0].decided_by_id


# ------------------------------------------------------------------------------ reports
@pytest.fixture
def body(tree):
    from accounts.system import system_actor
    from reports import services
    from reports.models import BodyKind

    return services.body_create(
        by=system_actor(),
        unit=tree["conhue1"],
        kind=BodyKind.STATE,
        name="ỦY BAN NHÂN DÂN\nPHƯỜNG CỔ NHUẾ 1",
        abbreviation="UBND",
        place="Cổ Nhuế 1",
        signer_title="CHỦ TỊCH",
        signer_name="Trần Thị B",
    )


def _draft(body, personas, year=2024):
    from reports import services

    return services.report_draft(by=personas["ward_clerk"], kind="year", unit=body.unit, body=body, year=year)


def test_two_clerks_saving_the_title_from_the_same_version_keep_one_and_refuse_the_other(body, personas):
    from reports import services
    from reports.models import Report

    report = _draft(body, personas)
    seen = report.edit_version

    def save(name, title):
        return lambda: services.report_update_title(
            report=Report.objects.get(pk=report.pk), title=title, by=personas[name], edit_version=seen
        )

    titles = {"ward_clerk": "Báo cáo của cán bộ thứ nhất", "ward_head": "Báo cáo của cán bộ thứ hai"}
    results = race(*(save(name, title) for name, title in titles.items()))
    wins, losses = _split(results)
    assert len(wins) == 1 and len(losses) == 1, results
    report.refresh_from_db()
    winner = next(t for (name, t), r in zip(titles.items(), results, strict=True) if not isinstance(r, Exception))
    assert report.title == winner
    assert report.edit_version == seen + 1
    # The loser is told someone else changed it first (the stale-version refusal), not a crash.
    assert isinstance(losses[0], ValidationError | InvalidTransition)


def test_reports_of_one_body_issued_at_once_get_consecutive_numbers_without_gap_or_duplicate(body, personas):
    from reports import services
    from reports.models import Report, ReportVersion

    reports = [_draft(body, personas) for _ in range(4)]
    day = dt.date(2025, 1, 15)

    def issue(report):
        return lambda: services.report_issue(
            report=Report.objects.get(pk=report.pk), by=personas["ward_head"], issued_on=day
        )

    wins, _losses = _split(race(*(issue(r) for r in reports)))
    assert len(wins) == len(reports)
    numbers = sorted(Report.objects.filter(body=body).values_list("number", flat=True))
    assert numbers == list(range(1, len(reports) + 1))
    texts = list(ReportVersion.objects.filter(report__body=body).values_list("number_text", flat=True))
    assert len(set(texts)) == len(texts) == len(reports)
