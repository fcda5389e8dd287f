"""Schema-driven fuzzing: schemathesis generates requests from the OpenAPI document (valid and
invalid ones) for every operation, as several personas. No answer may be a server error, and
every answer must match the document (status code, content type, body schema), and requests
that break the schema must be refused. (A schema-valid request may still be refused with 422 by
a business rule — an end date before a start date — so that one check is left out.)

Each run sends well over 1,000 requests; the count is checked by the last test of this module."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.tests.conftest import API


def _on_sqlite() -> bool:
    from django.conf import settings as django_settings

    return django_settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


# CI runs the suite on SQLite and on PostgreSQL; the fuzzing takes minutes, so it runs once, on
# PostgreSQL, the production database. Set DATABASE_URL to run it locally.
pytestmark = pytest.mark.skipif(_on_sqlite(), reason="API fuzzing runs on PostgreSQL only (set DATABASE_URL)")

# One persona gets schemathesis' coverage phase too (boundary and wrong-type values for every
# parameter, ~80 requests per operation); the others get random generation only, to keep the
# run within a few minutes on two cores.
COVERAGE_PERSONA = "ward_clerk"
FUZZ_PERSONAS = ["district_reviewer", "city_leader", "admin"]
MAX_EXAMPLES = 5
SENT: dict[str, int] = {}


def _load_schema():
    from django.core.wsgi import get_wsgi_application

    loaded = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", get_wsgi_application())
    loaded.config.generation.update(modes=["positive", "negative"], deterministic=True)
    return loaded


schema = _load_schema()


@pytest.fixture
def fuzz_token(request, token_for, sample, settings):
    """The persona's API key, with one object of each kind in the database (ids 1, 2, 3 exist,
    which generated ids often are). Requests run on the test database connection, so Django must
    not close it at the end of each request as it does in production."""
    settings.API_RATE_LIMIT_PER_MINUTE = 1_000_000
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield token_for(request.param)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _check(case, token) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=[positive_data_acceptance])
    SENT[case.operation.label] = SENT.get(case.operation.label, 0) + 1


@pytest.mark.parametrize("fuzz_token", [COVERAGE_PERSONA], indirect=True)
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_boundary_and_random_requests_as_documented(case, fuzz_token):
    _check(case, fuzz_token)


@pytest.mark.parametrize("fuzz_token", FUZZ_PERSONAS, indirect=True)
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_random_requests_as_documented(case, fuzz_token):
    _check(case, fuzz_token)


def test_fuzzing_sent_at_least_a_thousand_requests(request):
    """Runs after the fuzzing tests (api/tests/conftest.py orders it last); when only part of
    the fuzzing was selected, the total says nothing and the check is skipped."""
    methods = {"get", "put", "post", "delete", "patch", "head", "options"}
    operations = sum(len(methods & set(item)) for item in schema.raw_schema["paths"].values())
    expected = operations * (1 + len(FUZZ_PERSONAS))
    selected = sum(1 for item in request.session.items if item.name.startswith("test_api_answers_"))
    if selected < expected:
        pytest.skip(f"only {selected} of the {expected} fuzzing tests were selected in this run")
    print(f"schemathesis requests: {sum(SENT.values())} over {len(SENT)} operations")
    assert sum(SENT.values()) >= 1000
