"""Every state-changing endpoint of the API, walked from its OpenAPI schema so a new one cannot be
forgotten: a caller who sees the object but may not act answers 403 ("may not"), and a step the
object's state forbids answers 409 with the service's InvalidTransition code ("not now"). An
endpoint with no such refusal, or no state to be wrong, is listed with the reason why; the walk
fails when an endpoint is in neither list, or a list names an endpoint that no longer exists.

The objects are the API matrix's ``sample`` (api/tests/conftest.py), in Phường Cổ Nhuế 1 and
Quận Bắc Từ Liêm; the personas are the root conftest's."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.system import system_actor
from api.tests.conftest import API
from api.tests.test_permissions import _fill, _ids

pytestmark = pytest.mark.django_db

UNSAFE = {"post", "put", "patch", "delete"}


def _operations() -> set[str]:
    """ "METHOD /path" of every state-changing operation, one per value of an ``{action}`` path
    parameter (each action is its own step with its own refusals)."""
    from api.main import api

    found = set()
    for path, operations in api.get_openapi_schema()["paths"].items():
        short = path.removeprefix(API)
        for method, operation in operations.items():
            if method not in UNSAFE:
                continue
            actions = [
                p["schema"]["enum"]
                for p in operation.get("parameters", [])
                if p["in"] == "path" and p["name"] == "action"
            ]
            if actions:
                found |= {f"{method.upper()} {short.replace('{action}', a)}" for a in actions[0]}
            else:
                found.add(f"{method.upper()} {short}")
    return found


# ---------------------------------------------------------------- states set up before a call


def _submitted(sample):
    from stats import services

    services.submission_submit(submission=sample["submission"], by=system_actor())


def _approved(sample):
    from stats import services

    _submitted(sample)
    services.submission_approve(submission=sample["submission"], by=system_actor())


def _issued(sample):
    import datetime as dt

    from reports import services

    services.report_issue(report=sample["report"], by=system_actor(), issued_on=dt.date(2025, 1, 5))


def _stopped(sample):
    from initiatives import services

    services.initiative_stop(initiative=sample["initiative"], by=system_actor(), reason="Dừng")


def _reviewed(sample):
    """The submitted dossier after the council's meeting (its one candidate passed): only the
    decision is left."""
    import datetime as dt

    from awards import services

    services.council_review(
        dossier=sample["submitted"],
        by=system_actor(),
        members="Ông A\nBà B\nÔng C",
        meeting_date=dt.date(2024, 11, 28),
        votes={sample["submitted_candidate"].pk: (3, 0)},
    )


def _workbook(row=("Mô hình A", "không có đơn vị này", 2024, "không có lĩnh vực này")) -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet.append(["Tên mô hình", "Đơn vị", "Năm", "Lĩnh vực"])
    sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("nhap.xlsx", out.getvalue())


def _started_job(sample, personas):
    """An import the clerk uploaded and started (one good row, so it is done): starting it again
    is "not now"."""
    from imports import services
    from initiatives.models import Field

    unit = sample["initiative"].unit
    field = Field.objects.filter(active=True).order_by("order").first()
    row = ("Mô hình nhập từ Excel", f"{unit.pk} · {unit.name}", 2024, field.name)
    job = services.job_create(upload=_workbook(row), kind="initiatives", by=personas["ward_clerk"])
    services.job_preview(job=job)
    services.job_start(job=job, by=personas["ward_clerk"])
    job.refresh_from_db()
    assert job.status == "done", job.errors
    sample["job"] = job


REGISTER = {"name": "Tổ dân phố 2", "unit_type": "residential", "level": "grassroots", "parent": "{conhue1}"}
AWARD = {
    "issuer": "{btl}",
    "issuer_title": "Ban Thường vụ Quận ủy",
    "year": 2022,
    "number": "13-QĐ/QU",
    "date": "2022-12-21",
    "reward_form": "{reward_form}",
}
VALUE = {"values": [{"element": "RECOMMENDATIONS_RAISED", "value": "20"}]}
DOSSIER = {
    "proposer": "{conhue1}",
    "issuer": "{btl}",
    "issuer_title": "Ban Thường vụ Quận ủy",
    "year": 2024,
    "reward_form": "{reward_form}",
}
COUNCIL = {
    "members": ["Ông A", "Bà B", "Ông C"],
    "meeting_date": "2024-11-28",
    "votes": [{"candidate": "{submitted_candidate}", "votes_for": 3, "votes_against": 0}],
}
FIGURE = {"element": "CITIZEN_RECEPTIONS"}
BODY = {
    "unit": "{conhue1}",
    "kind": "state",
    "name": "ỦY BAN NHÂN DÂN",
    "abbreviation": "UBND",
    "place": "Cổ Nhuế",
    "signer_title": "CHỦ TỊCH",
}

# operation → (persona who sees the object but may not act, setup, path, body)
REFUSED = {
    "POST /units": ("ward_head", None, "/units", REGISTER),
    "PATCH /units/{pk}": ("ward_head", None, "/units/{tdp1}", {"note": "ghi chú"}),
    "POST /units/{pk}/lineage": (
        "ward_head",
        None,
        "/units/{tdp1}/lineage",
        {"target": "{conhue1}", "kind": "merged_into", "date": "2025-07-01"},
    ),
    "POST /initiatives": (
        "admin",
        None,
        "/initiatives",
        {"name": "Mô hình mới", "field": "{field}", "year": 2024, "unit": "{conhue1}"},
    ),
    "POST /initiatives/{pk}/evaluations": ("admin", None, "/initiatives/{initiative}/evaluations", {"rating": "good"}),
    "PATCH /initiatives/{pk}": ("admin", None, "/initiatives/{initiative}", {"workdays": 30, "version": 1}),
    "POST /initiatives/{pk}/actions/register": ("admin", None, "/initiatives/{initiative}/actions/register", {}),
    "POST /initiatives/{pk}/actions/start": ("admin", None, "/initiatives/{initiative}/actions/start", {}),
    "POST /initiatives/{pk}/actions/propose": (
        "admin",
        None,
        "/initiatives/{initiative}/actions/propose",
        {"level": "district"},
    ),
    "POST /initiatives/{pk}/actions/withdraw": (
        "admin",
        None,
        "/initiatives/{proposed}/actions/withdraw",
        {"reason": "Rút"},
    ),
    "POST /initiatives/{pk}/actions/refuse": (
        "ward_clerk",
        None,
        "/initiatives/{proposed}/actions/refuse",
        {"reason": "Chưa đạt"},
    ),
    "POST /initiatives/{pk}/actions/reopen": ("admin", None, "/initiatives/{initiative}/actions/reopen", {}),
    "POST /initiatives/{pk}/actions/stop": ("admin", None, "/initiatives/{initiative}/actions/stop", {"reason": "x"}),
    "POST /initiatives/{pk}/replicate": (
        "admin",
        None,
        "/initiatives/{initiative}/replicate",
        {"unit": "{tdp1}", "year": 2024},
    ),
    "POST /initiatives/{pk}/plaques": (
        "admin",
        None,
        "/initiatives/{initiative}/plaques",
        {"name": "Cổng chào", "level": "district", "date": "2024-09-02"},
    ),
    "POST /decisions": (
        "admin",
        None,
        "/decisions",
        {"number": "30-QĐ/QU", "date": "2024-12-15", "issuer": "{btl}", "level": "district"},
    ),
    "POST /decisions/{pk}/recognize": (
        "city_leader",
        None,
        "/decisions/{decision}/recognize",
        {"initiatives": ["{proposed}"]},
    ),
    "POST /awards": ("ward_clerk", None, "/awards", AWARD),
    "PATCH /awards/{pk}": ("ward_clerk", None, "/awards/{award}", {"summary": "x", "version": 1}),
    "DELETE /awards/{pk}": ("ward_clerk", None, "/awards/{award}", None),
    "POST /awards/{pk}/recipients": (
        "ward_clerk",
        None,
        "/awards/{award}/recipients",
        {"rows": [{"kind": "individual", "name": "Nguyễn Văn A"}]},
    ),
    "DELETE /awards/{pk}/recipients/{recipient_pk}": (
        "ward_clerk",
        None,
        "/awards/{award}/recipients/{recipient}",
        None,
    ),
    "POST /stats/submissions": (
        "district_reviewer",
        None,
        "/stats/submissions",
        {"data_set": "{data_set}", "period": "2023H1", "unit": "{conhue1}"},
    ),
    "PUT /stats/submissions/{pk}/values": ("district_reviewer", None, "/stats/submissions/{submission}/values", VALUE),
    "POST /stats/submissions/{pk}/actions/submit": (
        "district_reviewer",
        None,
        "/stats/submissions/{submission}/actions/submit",
        {},
    ),
    "POST /stats/submissions/{pk}/actions/approve": (
        "ward_head",
        _submitted,
        "/stats/submissions/{submission}/actions/approve",
        {},
    ),
    "POST /stats/submissions/{pk}/actions/return": (
        "ward_head",
        _submitted,
        "/stats/submissions/{submission}/actions/return",
        {"reason": "Thiếu"},
    ),
    "POST /stats/submissions/{pk}/actions/reopen": (
        "ward_head",
        _approved,
        "/stats/submissions/{submission}/actions/reopen",
        {"reason": "Sai"},
    ),
    "POST /stats/approvals": ("ward_head", _submitted, "/stats/approvals", {"submissions": ["{submission}"]}),
    "POST /reports/bodies": ("ward_clerk", None, "/reports/bodies", BODY),
    "PATCH /reports/bodies/{pk}": ("ward_clerk", None, "/reports/bodies/{body}", {"signer_name": "Lê Văn C"}),
    "PATCH /reports/{pk}": ("admin", None, "/reports/{report}", {"title": "Mới", "edit_version": 0}),
    "PUT /reports/{pk}/sections/{key}": (
        "admin",
        None,
        "/reports/{report}/sections/{section}",
        {"text": "Mới", "edit_version": 0},
    ),
    "POST /reports/{pk}/actions/refresh": ("admin", None, "/reports/{report}/actions/refresh", {}),
    "POST /reports/{pk}/actions/issue": (
        "ward_clerk",
        None,
        "/reports/{report}/actions/issue",
        {"issued_on": "2025-01-05"},
    ),
    "POST /reports/{pk}/actions/new-version": ("admin", _issued, "/reports/{report}/actions/new-version", {}),
    "POST /reports/{pk}/actions/retry-pdf": ("admin", _issued, "/reports/{report}/actions/retry-pdf", {}),
    "POST /imports": ("admin", None, "/imports", "upload"),
    # soft delete: the same rule as editing (the administrator sees but does not enter data)
    "DELETE /initiatives/{pk}": ("admin", None, "/initiatives/{initiative}", None),
    "DELETE /reports/{pk}": ("admin", None, "/reports/{report}", None),
    # a figure's follow-up and discussion: the unit's enterers and its reviewers, not the administrator
    "POST /stats/submissions/{pk}/follow-up": (
        "admin",
        None,
        "/stats/submissions/{submission}/follow-up",
        {**FIGURE, "comment": "?"},
    ),
    "POST /stats/submissions/{pk}/comments": (
        "admin",
        None,
        "/stats/submissions/{submission}/comments",
        {**FIGURE, "text": "Đã kiểm tra."},
    ),
    # reward dossiers: the proposing unit prepares (not the administrator), the issuer decides
    # (not the proposing unit's clerk)
    "POST /dossiers": ("admin", None, "/dossiers", DOSSIER),
    "POST /dossiers/{pk}/letter": ("admin", None, "/dossiers/{dossier}/letter", "letter"),
    "POST /dossiers/{pk}/candidates": (
        "admin",
        None,
        "/dossiers/{dossier}/candidates",
        {"kind": "individual", "name": "Lê Văn Nam"},
    ),
    "PUT /dossiers/{pk}/candidates/{candidate_pk}/report": (
        "admin",
        None,
        "/dossiers/{dossier}/candidates/{candidate}/report",
        {"report_text": "Báo cáo thành tích"},
    ),
    "POST /dossiers/{pk}/candidates/{candidate_pk}/report/draft": (
        "admin",
        None,
        "/dossiers/{dossier}/candidates/{candidate}/report/draft",
        {},
    ),
    "DELETE /dossiers/{pk}/candidates/{candidate_pk}": (
        "admin",
        None,
        "/dossiers/{dossier}/candidates/{candidate}",
        None,
    ),
    "POST /dossiers/{pk}/submit": ("admin", None, "/dossiers/{dossier}/submit", {}),
    "POST /dossiers/{pk}/return": ("ward_clerk", None, "/dossiers/{submitted}/return", {"reason": "Bổ sung"}),
    "POST /dossiers/{pk}/council": ("ward_clerk", None, "/dossiers/{submitted}/council", COUNCIL),
    "POST /dossiers/{pk}/decide": ("ward_clerk", _reviewed, "/dossiers/{submitted}/decide", {"date": "2024-12-02"}),
}

NOT_REFUSABLE = {
    "POST /tokens": "every signed-in person may make keys for themself; there is no one to refuse",
    "POST /tokens/{pk}/revoke": "a key is seen by its owner only: anyone else gets 404, the owner may always revoke",
    "POST /reports": "whoever sees an issuing body may draft in its name; the body is 404 to everyone else",
    "POST /imports/{job_id}/start": "a job is seen by its uploader only (404 to others), who may always start it",
    "POST /notifications/read": "marks the caller's own notices only; everyone signed in has their own",
    "POST /notifications/{pk}/read": "a notice is seen by its recipient only (404 to others), who may always mark it",
    "PUT /notifications/preferences": "sets the caller's own settings only; everyone signed in has their own",
}

# operation → (setup, persona allowed to act, path, body, InvalidTransition code)
WRONG_STATE = {
    "PUT /stats/submissions/{pk}/values": (
        _submitted,
        "ward_clerk",
        "/stats/submissions/{submission}/values",
        VALUE,
        "locked",
    ),
    "POST /stats/submissions/{pk}/actions/submit": (
        _submitted,
        "ward_clerk",
        "/stats/submissions/{submission}/actions/submit",
        {},
        "not_editable",
    ),
    "POST /stats/submissions/{pk}/actions/approve": (
        None,
        "district_reviewer",
        "/stats/submissions/{submission}/actions/approve",
        {},
        "not_submitted",
    ),
    "POST /stats/submissions/{pk}/actions/return": (
        None,
        "district_reviewer",
        "/stats/submissions/{submission}/actions/return",
        {"reason": "Thiếu"},
        "not_submitted",
    ),
    "POST /stats/submissions/{pk}/actions/reopen": (
        _submitted,
        "district_reviewer",
        "/stats/submissions/{submission}/actions/reopen",
        {"reason": "Sai"},
        "not_approved",
    ),
    "PATCH /initiatives/{pk}": (
        _stopped,
        "ward_clerk",
        "/initiatives/{initiative}",
        {"workdays": 30, "version": 2},
        "not_editable",
    ),
    "POST /initiatives/{pk}/actions/register": (
        None,
        "ward_head",
        "/initiatives/{initiative}/actions/register",
        {},
        "not_draft",
    ),
    "POST /initiatives/{pk}/actions/start": (
        None,
        "ward_head",
        "/initiatives/{proposed}/actions/start",
        {},
        "not_registered",
    ),
    "POST /initiatives/{pk}/actions/propose": (
        None,
        "ward_clerk",
        "/initiatives/{proposed}/actions/propose",
        {"level": "district"},
        "not_proposable",
    ),
    "POST /initiatives/{pk}/actions/withdraw": (
        None,
        "ward_clerk",
        "/initiatives/{initiative}/actions/withdraw",
        {"reason": "Rút"},
        "not_proposed",
    ),
    "POST /initiatives/{pk}/actions/refuse": (
        None,
        "district_reviewer",
        "/initiatives/{initiative}/actions/refuse",
        {"reason": "Chưa đạt"},
        "not_proposed",
    ),
    "POST /initiatives/{pk}/actions/reopen": (
        None,
        "ward_clerk",
        "/initiatives/{initiative}/actions/reopen",
        {},
        "not_refused",
    ),
    "POST /initiatives/{pk}/actions/stop": (
        _stopped,
        "ward_head",
        "/initiatives/{initiative}/actions/stop",
        {"reason": "x"},
        "already_stopped",
    ),
    "POST /decisions/{pk}/recognize": (
        None,
        "district_reviewer",
        "/decisions/{decision}/recognize",
        {"initiatives": ["{initiative}"]},
        "not_proposed",
    ),
    "PATCH /reports/{pk}": (
        _issued,
        "ward_clerk",
        "/reports/{report}",
        {"title": "Mới", "edit_version": 1},
        "already_issued",
    ),
    "PUT /reports/{pk}/sections/{key}": (
        _issued,
        "ward_clerk",
        "/reports/{report}/sections/{section}",
        {"text": "Mới", "edit_version": 1},
        "already_issued",
    ),
    "POST /reports/{pk}/actions/refresh": (
        _issued,
        "ward_head",
        "/reports/{report}/actions/refresh",
        {},
        "already_issued",
    ),
    "POST /reports/{pk}/actions/issue": (
        _issued,
        "ward_head",
        "/reports/{report}/actions/issue",
        {"issued_on": "2025-01-06"},
        "already_issued",
    ),
    "POST /reports/{pk}/actions/new-version": (
        None,
        "ward_head",
        "/reports/{report}/actions/new-version",
        {},
        "not_issued",
    ),
    "POST /reports/{pk}/actions/retry-pdf": (
        None,
        "ward_head",
        "/reports/{report}/actions/retry-pdf",
        {},
        "not_issued",
    ),
    "POST /imports/{job_id}/start": (_started_job, "ward_clerk", "/imports/{job}/start", {}, "already_started"),
    "DELETE /initiatives/{pk}": (None, "ward_clerk", "/initiatives/{proposed}", None, "recognized"),
    "DELETE /reports/{pk}": (_issued, "ward_clerk", "/reports/{report}", None, "already_issued"),
    # a dossier is prepared while draft or returned; once submitted its parts are fixed
    "POST /dossiers/{pk}/letter": (None, "ward_clerk", "/dossiers/{submitted}/letter", "letter", "not_editable"),
    "POST /dossiers/{pk}/candidates": (
        None,
        "ward_clerk",
        "/dossiers/{submitted}/candidates",
        {"kind": "individual", "name": "Lê Văn Nam"},
        "not_editable",
    ),
    "PUT /dossiers/{pk}/candidates/{candidate_pk}/report": (
        None,
        "ward_clerk",
        "/dossiers/{submitted}/candidates/{submitted_candidate}/report",
        {"report_text": "Báo cáo thành tích"},
        "not_editable",
    ),
    "POST /dossiers/{pk}/candidates/{candidate_pk}/report/draft": (
        None,
        "ward_clerk",
        "/dossiers/{submitted}/candidates/{submitted_candidate}/report/draft",
        {},
        "not_editable",
    ),
    "DELETE /dossiers/{pk}/candidates/{candidate_pk}": (
        None,
        "ward_clerk",
        "/dossiers/{submitted}/candidates/{submitted_candidate}",
        None,
        "not_editable",
    ),
    # the draft dossier has no letter file yet
    "POST /dossiers/{pk}/submit": (None, "ward_clerk", "/dossiers/{dossier}/submit", {}, "incomplete"),
    "POST /dossiers/{pk}/return": (
        None,
        "district_reviewer",
        "/dossiers/{dossier}/return",
        {"reason": "Bổ sung"},
        "not_submitted",
    ),
    "POST /dossiers/{pk}/council": (
        None,
        "district_reviewer",
        "/dossiers/{dossier}/council",
        {**COUNCIL, "votes": [{"candidate": "{candidate}", "votes_for": 3, "votes_against": 0}]},
        "not_submitted",
    ),
    "POST /dossiers/{pk}/decide": (
        None,
        "district_reviewer",
        "/dossiers/{submitted}/decide",
        {"date": "2024-12-02"},
        "not_reviewed",
    ),
}

# More wrong states of an endpoint already listed above: label → (operation, setup, persona, path,
# body, code).
MORE_WRONG_STATES = {
    "submit a submitted dossier": (
        "POST /dossiers/{pk}/submit",
        None,
        "ward_clerk",
        "/dossiers/{submitted}/submit",
        {},
        "not_editable",
    ),
    "decide a dossier still being prepared": (
        "POST /dossiers/{pk}/decide",
        None,
        "district_reviewer",
        "/dossiers/{dossier}/decide",
        {"date": "2024-12-02"},
        "not_reviewed",
    ),
    "council twice": (
        "POST /dossiers/{pk}/council",
        _reviewed,
        "district_reviewer",
        "/dossiers/{submitted}/council",
        COUNCIL,
        "not_submitted",
    ),
}

NO_STATE = {
    "POST /tokens": "creates a key; nothing exists yet to be in a wrong state",
    "POST /tokens/{pk}/revoke": "revoking a revoked key changes nothing and is allowed (idempotent)",
    "POST /units": "creates a unit",
    "PATCH /units/{pk}": "a unit has no workflow; an ended unit is edited like any other (dates are data, 422)",
    "POST /units/{pk}/lineage": "lineage has no workflow; a bad date or a loop is bad data (422)",
    "POST /initiatives": "creates an initiative",
    "POST /initiatives/{pk}/evaluations": "an evaluation may be added in any status",
    "POST /initiatives/{pk}/replicate": "creates a draft replication from any status",
    "POST /initiatives/{pk}/plaques": "a plaque-mounted work may be recorded in any status",
    "POST /decisions": "creates a decision",
    "POST /awards": "creates a decision",
    "PATCH /awards/{pk}": "an award's status is data (draft / proposed / issued); only a stale version is 409, "
    "covered in test_registry_conflicts",
    "DELETE /awards/{pk}": "who may delete depends on the status (a permission, 403), not a state refusal",
    "POST /awards/{pk}/recipients": "recipients may be added in any status by those who may edit the decision",
    "DELETE /awards/{pk}/recipients/{recipient_pk}": "as adding: in any status, by those who may edit",
    "POST /stats/submissions": "opening the form of a period and unit that already has one returns that form",
    "POST /stats/approvals": "each form's wrong state is reported by id in the answer (200), not for the whole call",
    "POST /reports/bodies": "creates an issuing body",
    "PATCH /reports/bodies/{pk}": "an issuing body has no workflow",
    "POST /reports": "creates a draft",
    "POST /imports": "creates a job",
    "POST /stats/submissions/{pk}/follow-up": "a doubted figure may be marked or cleared in any state of the form",
    "POST /stats/submissions/{pk}/comments": "a figure may be discussed in any state of the form",
    "POST /notifications/read": "marking read what is already read changes nothing (idempotent)",
    "POST /notifications/{pk}/read": "marking a read notice read again changes nothing (idempotent)",
    "PUT /notifications/preferences": "settings have no workflow; an unknown kind or mode is bad data (422)",
    "POST /dossiers": "creates a dossier",
}


def _call(client, operation, path, body, ids):
    method = operation.split()[0].lower()
    url = API + _fill(path, ids)
    if body == "upload":
        return client.post(url, {"kind": "initiatives", "file": _workbook()})
    if body == "letter":
        return client.post(url, {"file": SimpleUploadedFile("tt.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")})
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, _fill(body, ids), content_type="application/json")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_every_state_changing_endpoint_is_listed_for_refusals_and_for_wrong_states():
    operations = _operations()
    assert not set(REFUSED) & set(NOT_REFUSABLE)
    assert not set(WRONG_STATE) & set(NO_STATE)
    assert set(REFUSED) | set(NOT_REFUSABLE) == operations, "list each new endpoint in REFUSED or NOT_REFUSABLE"
    assert set(WRONG_STATE) | set(NO_STATE) == operations, "list each new endpoint in WRONG_STATE or NO_STATE"
    assert {spec[0] for spec in MORE_WRONG_STATES.values()} <= set(WRONG_STATE)


@pytest.mark.parametrize("operation", sorted(REFUSED))
def test_a_caller_who_sees_but_may_not_act_is_refused_with_403(api_as, tree, personas, sample, operation):
    persona, setup, path, body = REFUSED[operation]
    if setup:
        setup(sample)
    response = _call(api_as(persona), operation, path, body, _ids(tree, sample))
    assert response.status_code == 403, (operation, response.content[:300])
    error = response.json()
    assert error["code"] == "permission_denied" and error["message"]


CASES_409 = {op: (op, *spec) for op, spec in WRONG_STATE.items()} | MORE_WRONG_STATES


@pytest.mark.parametrize("case", sorted(CASES_409))
def test_a_step_the_state_forbids_answers_409_with_its_code(api_as, tree, personas, sample, case):
    operation, setup, persona, path, body, code = CASES_409[case]
    if setup is _started_job:
        setup(sample, personas)
    elif setup:
        setup(sample)
    response = _call(api_as(persona), operation, path, body, _ids(tree, sample))
    assert response.status_code == 409, (operation, response.content[:300])
    error = response.json()
    assert set(error) == {"code", "message", "fields"}
    assert error["code"] == code and error["message"]
