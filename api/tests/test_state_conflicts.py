"""Statistics and reports endpoints: a step the object's state forbids answers 409 with the
service's machine code; a caller without the right answers 403 even when the state is wrong too
(the services refuse the actor first); the error format is the same as everywhere."""

import datetime as dt

import pytest
from django.apps import apps

from accounts.system import system_actor
from api.tests.conftest import API

ISSUED_ON = dt.date(2025, 1, 5)  # within the sample report's period end and its body's life


def _submitted(sample):
    from stats import services

    services.submission_submit(submission=sample["submission"], by=system_actor())


def _approved(sample):
    from stats import services

    _submitted(sample)
    services.submission_approve(submission=sample["submission"], by=system_actor())


def _issued(sample):
    from reports import services

    services.report_issue(report=sample["report"], by=system_actor(), issued_on=ISSUED_ON)


def _edited(sample):
    """Someone else saved the title after the caller read edit_version 0."""
    from reports import services

    services.report_update_title(report=sample["report"], title="Tiêu đề của người khác", by=system_actor())


VALUE = {"values": [{"element": "RECOMMENDATIONS_RAISED", "value": "20"}]}

# (name, app, state set up first, persona, method, path, body, status, code)
CASES = [
    ("approve a draft form", "stats", None, "district_reviewer", "post", "/stats/submissions/{submission}/actions/approve", {}, 409, "not_submitted"),
    ("return a draft form", "stats", None, "district_reviewer", "post", "/stats/submissions/{submission}/actions/return", {"reason": "Thiếu"}, 409, "not_submitted"),
    ("reopen a form never approved", "stats", _submitted, "district_reviewer", "post", "/stats/submissions/{submission}/actions/reopen", {"reason": "Sai"}, 409, "not_approved"),
    ("submit a submitted form", "stats", _submitted, "ward_clerk", "post", "/stats/submissions/{submission}/actions/submit", {}, 409, "not_editable"),
    ("edit a submitted form", "stats", _submitted, "ward_clerk", "put", "/stats/submissions/{submission}/values", VALUE, 409, "locked"),
    ("edit an approved form", "stats", _approved, "ward_head", "put", "/stats/submissions/{submission}/values", VALUE, 409, "locked"),
    ("approve an approved form", "stats", _approved, "city_leader", "post", "/stats/submissions/{submission}/actions/approve", {}, 409, "not_submitted"),
    # The actor is refused before the state is looked at.
    ("a clerk approving a draft", "stats", None, "ward_clerk", "post", "/stats/submissions/{submission}/actions/approve", {}, 403, "permission_denied"),
    ("a reviewer editing a locked form", "stats", _submitted, "district_reviewer", "put", "/stats/submissions/{submission}/values", VALUE, 403, "permission_denied"),
    ("issue an issued report", "reports", _issued, "ward_head", "post", "/reports/{report}/actions/issue", {"issued_on": "2025-01-06"}, 409, "already_issued"),
    ("change the title of an issued report", "reports", _issued, "ward_clerk", "patch", "/reports/{report}", {"title": "Mới", "edit_version": 1}, 409, "already_issued"),
    ("edit a section of an issued report", "reports", _issued, "ward_clerk", "put", "/reports/{report}/sections/intro", {"text": "Mới", "edit_version": 1}, 409, "already_issued"),
    ("refresh an issued report", "reports", _issued, "ward_head", "post", "/reports/{report}/actions/refresh", {}, 409, "already_issued"),
    ("a new version of a draft", "reports", None, "ward_head", "post", "/reports/{report}/actions/new-version", {}, 409, "not_issued"),
    ("the PDF of a draft again", "reports", None, "ward_head", "post", "/reports/{report}/actions/retry-pdf", {}, 409, "not_issued"),
    ("save over someone else's change", "reports", _edited, "ward_clerk", "patch", "/reports/{report}", {"title": "Của tôi", "edit_version": 0}, 409, "stale_version"),
    ("issue over someone else's change", "reports", _edited, "ward_head", "post", "/reports/{report}/actions/issue", {"issued_on": "2025-01-05", "edit_version": 0}, 409, "stale_version"),
    # A clerk may not issue at all: 403, whether or not the report is issued already.
    ("a clerk issuing an issued report", "reports", _issued, "ward_clerk", "post", "/reports/{report}/actions/issue", {"issued_on": "2025-01-06"}, 403, "permission_denied"),
    ("an admin editing a draft", "reports", None, "admin", "patch", "/reports/{report}", {"title": "Mới", "edit_version": 0}, 403, "permission_denied"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "app", "setup", "persona", "method", "path", "body", "status", "code"), CASES, ids=[c[0] for c in CASES]
)
def test_a_wrong_state_answers_409_with_its_code_and_a_missing_right_403(
    api_as, sample, name, app, setup, persona, method, path, body, status, code
):
    if not apps.is_installed(app):
        pytest.skip(f"{app} is not installed")
    if setup:
        setup(sample)
    url = API + path.format(**{key: obj.pk for key, obj in sample.items()})
    response = getattr(api_as(persona), method)(url, body, content_type="application/json")
    assert response.status_code == status, (name, response.content[:300])
    error = response.json()
    assert set(error) == {"code", "message", "fields"}
    assert error["code"] == code and error["message"]
