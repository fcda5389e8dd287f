"""Award decisions with recipients, summary counts for history, units and users: each template is
downloaded, filled in, imported, read back from the database, imported again (nothing new) and
imported corrected (what changed is updated) — through the same services as the pages."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from imports import kinds, services, workbooks
from imports.models import ImportStatus

pytestmark = pytest.mark.django_db


def _label(unit):
    return f"{unit.pk} · {unit.name}"


def _vi(label) -> str:
    with translation.override("vi"):
        return str(label)


def _fill(template: bytes, kind: str, rows: list[dict]) -> SimpleUploadedFile:
    """The downloaded template with ``rows`` typed in from row 2 (by column key)."""
    book = load_workbook(io.BytesIO(template))
    sheet = book[services.DATA_SHEET]
    col = {c.key: i + 1 for i, c in enumerate(kinds.SPECS[kind].columns())}
    for number, row in enumerate(rows, start=2):
        for index in range(1, len(col) + 1):
            sheet.cell(row=number, column=index, value=None)  # a prefilled cell is replaced, not kept
        for key, value in row.items():
            sheet.cell(row=number, column=col[key], value=value)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(f"{kind}.xlsx", out.getvalue())


def _import(upload, user, kind):
    job = services.job_create(upload=upload, kind=kind, by=user)
    services.job_preview(job=job)
    services.job_run(job=job, by=user, commit=True)
    job.refresh_from_db()
    return job


def _counts(job):
    return job.created_count, job.updated_count, job.unchanged_count


def _headers(template: bytes) -> list:
    return [c.value for c in load_workbook(io.BytesIO(template))[services.DATA_SHEET][1]]


# ---------------------------------------------------------------- award decisions


@pytest.fixture
def reward_form(db):
    from awards.models import AppliesTo, RewardForm

    return RewardForm.objects.filter(active=True, once_per_person=False, applies_to=AppliesTo.ANY).first()


def _award_rows(tree, reward_form, position="Tổ trưởng"):
    decision = {
        "issuer": _label(tree["btl"]),
        "issuer_title": "Ban Thường vụ Quận ủy",
        "number": "125-QĐ/QU",
        "date": "15/03/2024",
        "year": 2023,
        "reward_form": reward_form.name,
    }
    return [
        {**decision, "kind": "Tập thể", "unit": _label(tree["conhue1"])},
        {**decision, "kind": "Cá nhân", "name": "Nguyễn Văn An", "unit": _label(tree["conhue1"]), "position": position},
    ]


def test_award_decisions_template_imports_reimports_and_updates(tree, personas, reward_form):
    from awards.models import AwardDecision, AwardRecipient

    reviewer = personas["district_reviewer"]
    template = workbooks.kind_template(reviewer, "awards")
    assert _headers(template) == [c.header() for c in kinds.award_columns()]
    assert _label(tree["btl"]) in [c.value for c in load_workbook(io.BytesIO(template))["Danh mục"]["A"]]

    first = _import(_fill(template, "awards", _award_rows(tree, reward_form)), reviewer, "awards")
    assert first.status == ImportStatus.DONE, first.errors
    assert _counts(first) == (2, 0, 0)
    decision = AwardDecision.objects.get()
    assert (decision.number, decision.issuer, decision.year, decision.reward_form) == (
        "125-QĐ/QU",
        tree["btl"],
        2023,
        reward_form,
    )
    assert decision.history.first().history_user == reviewer
    person = AwardRecipient.objects.get(kind="individual")
    assert (person.name, person.position, person.unit) == ("Nguyễn Văn An", "Tổ trưởng", tree["conhue1"])

    again = _import(_fill(template, "awards", _award_rows(tree, reward_form)), reviewer, "awards")
    assert _counts(again) == (0, 0, 2)
    assert (AwardDecision.objects.count(), AwardRecipient.objects.count()) == (1, 2)

    rows = _award_rows(tree, reward_form, position="Tổ phó")
    for row in rows:
        row["signer"] = "Nguyễn Văn Bình"
    corrected = _import(_fill(template, "awards", rows), reviewer, "awards")
    assert corrected.status == ImportStatus.DONE, corrected.errors
    assert _counts(corrected) == (0, 2, 0)  # the decision changed (its first row), the person too
    assert (AwardDecision.objects.count(), AwardRecipient.objects.count()) == (1, 2)
    assert AwardDecision.objects.get().signer == "Nguyễn Văn Bình"
    assert AwardRecipient.objects.get(kind="individual").position == "Tổ phó"


def test_an_award_row_with_an_unknown_reward_form_imports_nothing(tree, personas, reward_form):
    from awards.models import AwardDecision

    reviewer = personas["district_reviewer"]
    rows = _award_rows(tree, reward_form)
    rows[1]["reward_form"] = "Huân chương không có"
    job = _import(_fill(workbooks.kind_template(reviewer, "awards"), "awards", rows), reviewer, "awards")
    assert job.status == ImportStatus.INVALID
    assert AwardDecision.objects.count() == 0
    # the first row was valid and made the decision: it is rolled back with the rest
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, _vi(kinds.award_columns()[5].label))]


def test_award_rows_issued_by_a_unit_outside_the_reviewers_scope_are_refused(tree, personas, reward_form):
    from awards.models import AwardDecision

    reviewer = personas["district_reviewer"]
    rows = _award_rows(tree, reward_form)
    for row in rows:
        row["issuer"] = _label(tree["tayho"])
    job = _import(_fill(workbooks.kind_template(reviewer, "awards"), "awards", rows), reviewer, "awards")
    assert job.status == ImportStatus.INVALID
    assert {e["column"] for e in job.errors} == {"Đơn vị ban hành"}
    assert AwardDecision.objects.count() == 0


def test_clerks_may_not_import_award_decisions(personas, reward_form, tree):
    template = workbooks.kind_template(personas["district_reviewer"], "awards")
    with pytest.raises(PermissionDenied):
        services.job_create(
            upload=_fill(template, "awards", _award_rows(tree, reward_form)), kind="awards", by=personas["ward_clerk"]
        )


# ---------------------------------------------------------------- summary counts for history


def _summary_rows(tree, count=251):
    return [
        {"unit": _label(tree["conhue1"]), "year_from": 2009, "year_to": 2024, "kind": "Mô hình", "count": count},
        {"unit": _label(tree["conhue1"]), "year_from": 2023, "subject": "Cá nhân", "count": "12", "source": "BC 2023"},
    ]


def test_summary_counts_template_imports_reimports_and_updates(tree, personas):
    from initiatives.models import SummaryRegistration

    clerk = personas["ward_clerk"]
    template = workbooks.kind_template(clerk, "summaries")
    assert _headers(template) == [c.header() for c in kinds.summary_columns()]
    # history is about units merged away in 2025: the clerk's ended ward is in the list
    assert _label(tree["conhue1"]) in [c.value for c in load_workbook(io.BytesIO(template))["Danh mục"]["A"]]

    first = _import(_fill(template, "summaries", _summary_rows(tree)), clerk, "summaries")
    assert first.status == ImportStatus.DONE, first.errors
    assert _counts(first) == (2, 0, 0)
    made = {(s.year_from, s.year_to, s.kind, s.subject): s.count for s in SummaryRegistration.objects.all()}
    assert made == {(2009, 2024, "model", "collective"): 251, (2023, 2023, "model", "individual"): 12}

    again = _import(_fill(template, "summaries", _summary_rows(tree)), clerk, "summaries")
    assert _counts(again) == (0, 0, 2)
    corrected = _import(_fill(template, "summaries", _summary_rows(tree, count="260")), clerk, "summaries")
    assert _counts(corrected) == (0, 1, 1)
    assert SummaryRegistration.objects.count() == 2
    assert SummaryRegistration.objects.get(year_from=2009).count == 260


def test_a_summary_for_years_after_the_unit_ended_imports_nothing(tree, personas):
    from initiatives.models import SummaryRegistration

    clerk = personas["ward_clerk"]
    rows = _summary_rows(tree)
    rows[0]["year_to"] = 2026  # Cổ Nhuế 1 ended on 30/06/2025
    job = _import(_fill(workbooks.kind_template(clerk, "summaries"), "summaries", rows), clerk, "summaries")
    assert job.status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "Đến năm")]
    assert SummaryRegistration.objects.count() == 0


# ---------------------------------------------------------------- units (administrators)


def _unit_rows(tree, note=""):
    from orgunits.models import Level, UnitType

    row = {
        "parent": _label(tree["hanoi"]),
        "name": "Phường Thử Nghiệm",
        "unit_type": _vi(UnitType.COMMUNE.label),
        "level": Level.objects.get(code="commune").name,
        "valid_from": "01/07/2025",
    }
    if note:
        row["note"] = note
    return [row]


def test_units_template_imports_reimports_and_updates(tree, personas):
    from orgunits.models import OrgUnit

    admin = personas["admin"]
    template = workbooks.kind_template(admin, "units")
    assert _headers(template) == [c.header() for c in kinds.unit_columns()]
    parents = [c.value for c in load_workbook(io.BytesIO(template))["Danh mục"]["A"]]
    assert _label(tree["hanoi"]) in parents and _label(tree["hanoi_old"]) not in parents  # units of today

    first = _import(_fill(template, "units", _unit_rows(tree)), admin, "units")
    assert first.status == ImportStatus.DONE, first.errors
    made = OrgUnit.objects.get(name="Phường Thử Nghiệm")
    assert made.parent == tree["hanoi"] and made.path.startswith(tree["hanoi"].path)
    assert made.valid_from.isoformat() == "2025-07-01"

    again = _import(_fill(template, "units", _unit_rows(tree)), admin, "units")
    assert _counts(again) == (0, 0, 1)
    corrected = _import(_fill(template, "units", _unit_rows(tree, note="Thành lập thử")), admin, "units")
    assert _counts(corrected) == (0, 1, 0)
    assert OrgUnit.objects.filter(name="Phường Thử Nghiệm").count() == 1
    assert OrgUnit.objects.get(name="Phường Thử Nghiệm").note == "Thành lập thử"


def test_a_unit_outside_its_parents_validity_imports_nothing(tree, personas):
    from orgunits.models import OrgUnit

    admin = personas["admin"]
    rows = _unit_rows(tree)
    rows[0]["valid_from"] = "01/01/2020"  # before the new Hà Nội existed
    job = _import(_fill(workbooks.kind_template(admin, "units"), "units", rows), admin, "units")
    assert job.status == ImportStatus.INVALID and job.errors
    assert not OrgUnit.objects.filter(name="Phường Thử Nghiệm").exists()


def test_only_unit_administrators_import_units(tree, personas):
    template = workbooks.kind_template(personas["admin"], "units")
    with pytest.raises(PermissionDenied):
        services.job_create(upload=_fill(template, "units", _unit_rows(tree)), kind="units", by=personas["ward_head"])


# ---------------------------------------------------------------- users (administrators)


def _user_rows(tree, full_name="Nguyễn Thị Bích"):
    from accounts.models import Role

    return [
        {
            "username": "canbo.dongngac",
            "full_name": full_name,
            "email": "bich@example.vn",
            "unit": _label(tree["dongngac"]),
            "role": _vi(Role.CLERK.label),
        },
        {"username": "canbo.dongngac", "unit": _label(tree["hanoi"]), "role": _vi(Role.REVIEWER.label)},
    ]


def test_users_template_imports_reimports_and_updates(tree, personas):
    from accounts.models import RoleAssignment, User

    admin = personas["admin"]
    template = workbooks.kind_template(admin, "users")
    assert _headers(template) == [c.header() for c in kinds.user_columns()]

    first = _import(_fill(template, "users", _user_rows(tree)), admin, "users")
    assert first.status == ImportStatus.DONE, first.errors
    assert _counts(first) == (1, 1, 0)  # the account, then its second role
    user = User.objects.get(username="canbo.dongngac")
    assert (user.full_name, user.email) == ("Nguyễn Thị Bích", "bich@example.vn")
    roles = set(RoleAssignment.objects.filter(user=user).values_list("unit_id", "role"))
    assert roles == {(tree["dongngac"].pk, "clerk"), (tree["hanoi"].pk, "reviewer")}
    assert not user.check_password("")  # no password travels in the file

    again = _import(_fill(template, "users", _user_rows(tree)), admin, "users")
    assert _counts(again) == (0, 0, 2)
    corrected = _import(_fill(template, "users", _user_rows(tree, full_name="Nguyễn Thị Bích Ngọc")), admin, "users")
    assert _counts(corrected) == (0, 1, 1)
    assert User.objects.filter(username="canbo.dongngac").count() == 1
    assert User.objects.get(username="canbo.dongngac").full_name == "Nguyễn Thị Bích Ngọc"
    assert RoleAssignment.objects.filter(user=user).count() == 2


def test_a_role_on_a_unit_outside_the_administrators_scope_imports_nothing(tree, personas):
    from accounts.models import Role, User
    from accounts.services import user_create
    from accounts.system import system_actor

    ward_admin = user_create(
        username="qtv", password="Persona-pass-2024", unit=tree["dongngac"], role=Role.ADMIN, by=system_actor()
    )
    rows = _user_rows(tree)  # its second row gives a role on the whole city
    job = _import(_fill(workbooks.kind_template(ward_admin, "users"), "users", rows), ward_admin, "users")
    assert job.status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "Đơn vị")]
    assert not User.objects.filter(username="canbo.dongngac").exists()


def test_an_approximate_figure_is_refused_on_its_cell_as_the_pages_refuse_it():
    from django.core.exceptions import ValidationError as FormError

    from webkit.fields import VNIntegerField

    with pytest.raises(FormError):
        VNIntegerField().clean("trên 1.500")  # the pages' own number field
    with pytest.raises(services.CellError) as info:
        services.clean_number("trên 1.500", integer=True)
    assert "trên 1.500" in info.value.message
