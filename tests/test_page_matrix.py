"""Who may open which page: a permission matrix generated from the URL configuration.

Every page, partial and download the project serves (Django's admin, the language switch and the
JSON API — which has its own matrix in api/tests/test_permissions.py — aside) is requested by every
persona, for an object INSIDE Phường Cổ Nhuế 1 (the Bắc Từ Liêm personas' subtree) and one OUTSIDE it
in Phường Quảng An (Tây Hồ). The expectations follow from the roles, never from the views:

- anonymous → sent to the sign-in page (public pages answer 200);
- a state-changing address (POST only) read with GET → 405;
- an object one may not see → 404;
- a change one may see but not make → 403, or the page again with a refusal and nothing changed;
- otherwise the page answers (no 403/404/405, no server error).

A URL pattern missing from ``REGISTRY`` below makes ``test_every_url_pattern_is_in_the_matrix`` fail,
so a new page cannot be added without saying who may open it.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.http import urlencode

pytestmark = pytest.mark.django_db

INSIDE, OUTSIDE = "conhue1", "quangan"
PERSONAS = ["anonymous", "ward_clerk", "ward_head", "district_reviewer", "city_leader", "outsider", "admin"]

# Who holds which capability where (conftest.PERSONA_ROLES, with the roles of accounts/roles.py): a
# role on a unit covers its subtree and, through lineage, the old units that became it.
VIEW = {
    INSIDE: {"ward_clerk", "ward_head", "district_reviewer", "city_leader", "admin"},
    OUTSIDE: {"outsider", "city_leader", "admin"},
}
CAPS = {
    "view": VIEW,
    "enter": {INSIDE: {"ward_clerk", "ward_head"}, OUTSIDE: {"outsider"}},
    "review": {INSIDE: {"district_reviewer", "city_leader"}, OUTSIDE: {"city_leader"}},
    "issue": {INSIDE: {"ward_head", "city_leader"}, OUTSIDE: {"city_leader"}},
    "manage": {INSIDE: {"admin"}, OUTSIDE: {"admin"}},
    # Issuing a report takes the body's numbers: issue rights held on the body's own unit only, not
    # above it (reports.access.can_issue_in_name) — the ward's head, not the city leader.
    "issue_in_name": {INSIDE: {"ward_head"}, OUTSIDE: set()},
}
# Reports are drafted, and awards proposed, by those who enter data and by reviewers (reports/access.py,
# awards.services.may_propose).
CAPS["draft"] = {place: CAPS["enter"][place] | CAPS["review"][place] for place in VIEW}
# A figure's follow-up and discussion: the unit's data enterers and its reviewers (stats.access.can_discuss).
CAPS["discuss"] = {place: CAPS["enter"][place] | CAPS["review"][place] for place in VIEW}
# Excel imports: each kind of sheet asks its own capability (imports.services.kind_cap); the upload
# page is for whoever may import any of them.
CAPS["import"] = {place: CAPS["enter"][place] | CAPS["review"][place] | CAPS["manage"][place] for place in VIEW}
# Pages without an object: who holds the capability anywhere.
ANYWHERE = {cap: set().union(*places.values()) for cap, places in CAPS.items()}


@dataclasses.dataclass(frozen=True)
class Entry:
    """One URL pattern of the matrix.

    kwargs: world, place → the URL kwargs (place is None for pages without an object);
    post: the address only changes state (GET → 405);
    cap: the capability needed to use it (None: seeing is enough);
    see: the capability needed to see the object at all (default "view"; "manage" for users…);
    public: anyone, signed in or not, may open it;
    own: only the object's owner sees it (API keys, Excel imports);
    gate: a whole-page capability checked before the object (the user pages: 403 without it);
    data: world, place → the POST body (default: empty);
    query: world, place → the query string (place is None for pages without an object);
    placed: a page without URL kwargs that is still asked about each place through ``query``
        (the exports' ``?unit=``): one outside one's view is a 404.
    post_cap: a page anyone who sees it may read, whose form needs this capability to post
        (evaluations, historical summary figures).
    """

    kwargs: Callable | None = None
    post: bool = False
    cap: str | None = None
    see: str = "view"
    public: bool = False
    own: bool = False
    gate: str | None = None
    data: Callable | None = None
    query: Callable | None = None
    placed: bool = False
    post_cap: str | None = None


def _k(**names):
    """kwargs from the world: _k(pk="initiative") → {"pk": world[place]["initiative"].pk}."""

    def build(world, place):
        return {
            key: (world[place][obj].pk if isinstance(obj, str) else obj(world[place])) for key, obj in names.items()
        }

    return build


def _entry_kwargs(world, place):
    sub = world[place]["submission"]
    return {"data_set": sub.data_set_id, "period": sub.period, "unit": sub.unit_id}


def _value_data(world, place):
    """One plain (not disaggregated) field of the form and a figure for it."""
    sub = world[place]["submission"]
    from stats.services import data_set_elements

    element = next(e for e in data_set_elements(sub.data_set) if e.combo_id is None)
    return {"element": element.pk, "value": "5"}


def _unit_query(world, place):
    """The export of a list or aggregate page for the place's unit (its ``?unit=`` filter)."""
    return {"unit": world[place]["unit"].pk}


def _values_template_query(world, place):
    """The statistics template needs a form and a period it is reported for."""
    sub = world[INSIDE]["submission"]
    return {"data_set": sub.data_set_id, "period": sub.period}


def _thread_kwargs(world, place):
    """One plain figure of the form, for its discussion page."""
    sub = world[place]["submission"]
    from stats.services import data_set_elements

    element = next(e for e in data_set_elements(sub.data_set) if e.combo_id is None)
    return {"pk": sub.pk, "element": element.pk}


def _section_kwargs(world, place):
    report = world[place]["report"]
    return {"pk": report.pk, "key": report.sections.order_by("pk").first().key}


# Every URL pattern of the site, by its name. Add yours here when you add a page.
REGISTRY: dict[str, Entry] = {
    # site
    "home": Entry(),
    "healthz": Entry(public=True),
    # accounts
    "accounts:login": Entry(public=True),
    "accounts:logout": Entry(post=True, public=True),
    "accounts:password_change": Entry(),
    "accounts:password_change_done": Entry(),
    "accounts:user_list": Entry(cap="manage"),
    "accounts:user_create": Entry(cap="manage"),
    "accounts:user_detail": Entry(kwargs=_k(pk="user"), gate="manage", cap="manage"),
    "accounts:signin_log": Entry(cap="manage"),
    # Deleted records (lib.softdelete): administrators, for the units they administer.
    "accounts:deleted": Entry(cap="manage"),
    "accounts:deleted_restore": Entry(
        kwargs=_k(kind=lambda w: "initiative", pk="deleted_initiative"), post=True, see="manage", cap="manage"
    ),
    "accounts:assignment_remove": Entry(kwargs=_k(pk="assignment"), post=True, gate="manage", cap="manage"),
    # org units
    "orgunits:tree": Entry(),
    "orgunits:detail": Entry(kwargs=_k(pk="unit")),
    "orgunits:edit": Entry(kwargs=_k(pk="unit"), cap="manage"),
    "orgunits:create": Entry(kwargs=_k(parent_pk="unit"), cap="manage"),
    "orgunits:lineage_add": Entry(kwargs=_k(pk="unit"), cap="manage"),
    # Earlier reorganizations (before the package's 01/07/2025 snapshot): administrators.
    "orgunits:reorganization": Entry(cap="manage"),
    "orgunits:search": Entry(),  # JSON for the unit picker; its scope is checked in orgunits/tests
    # a unit's whole record: only its administrators even learn it exists (404, not 403)
    "reports:unit_record": Entry(kwargs=_k(pk="unit"), see="manage", cap="manage"),
    # initiatives
    "initiatives:list": Entry(),
    "initiatives:create": Entry(cap="enter"),
    "initiatives:bulk": Entry(post=True),
    "initiatives:detail": Entry(kwargs=_k(pk="initiative")),
    "initiatives:edit": Entry(kwargs=_k(pk="initiative"), cap="enter"),
    "initiatives:replicate": Entry(kwargs=_k(pk="initiative"), cap="enter"),
    "initiatives:delete": Entry(kwargs=_k(pk="initiative"), post=True, cap="enter"),
    "initiatives:action": Entry(kwargs=_k(pk="initiative", action=lambda w: "register"), post=True, cap="enter"),
    "initiatives:evidence_add": Entry(kwargs=_k(pk="initiative"), post=True, cap="enter"),
    "initiatives:plaque_add": Entry(kwargs=_k(pk="initiative"), post=True, cap="enter"),
    "initiatives:evidence_file": Entry(kwargs=_k(pk="evidence")),
    "initiatives:evidence_delete": Entry(kwargs=_k(pk="evidence"), post=True, cap="enter"),
    "initiatives:decision_list": Entry(),
    "initiatives:decision_detail": Entry(kwargs=_k(pk="recognition")),
    "initiatives:decision_scan": Entry(kwargs=_k(pk="recognition")),
    "initiatives:export": Entry(query=_unit_query, placed=True),
    "initiatives:decision_export": Entry(),
    # Evaluations: seen with the initiative, recorded by a reviewer of its unit.
    "initiatives:evaluations": Entry(kwargs=_k(pk="initiative"), post_cap="review"),
    # Historical summary figures: listed within one's view, entered and deleted by a unit's clerk or head.
    "initiatives:summaries": Entry(post_cap="enter"),
    "initiatives:summary_delete": Entry(kwargs=_k(pk="summary"), post=True, cap="enter"),
    # awards
    "awards:list": Entry(),
    "awards:create": Entry(cap="draft"),  # clerks propose, reviewers decide (awards.services.may_propose)
    "awards:detail": Entry(kwargs=_k(pk="award")),
    "awards:edit": Entry(kwargs=_k(pk="award"), cap="review"),
    "awards:delete": Entry(kwargs=_k(pk="award"), post=True, cap="review"),
    "awards:scan": Entry(kwargs=_k(pk="award")),
    "awards:recipients_add": Entry(kwargs=_k(pk="award"), cap="review"),
    "awards:recipient_remove": Entry(kwargs=_k(pk="award", recipient_pk="recipient"), post=True, cap="review"),
    "awards:certificates": Entry(kwargs=_k(pk="award")),
    "awards:certificate": Entry(kwargs=_k(pk="award", recipient_pk="recipient")),
    "awards:recognition_certificates": Entry(kwargs=_k(pk="recognition")),
    # reward dossiers: the proposing unit prepares ("draft"), the issuer's reviewers decide
    "awards:dossier_list": Entry(),
    "awards:dossier_create": Entry(cap="draft"),
    "awards:dossier_detail": Entry(kwargs=_k(pk="dossier")),
    "awards:dossier_edit": Entry(kwargs=_k(pk="dossier"), cap="draft"),
    "awards:dossier_letter": Entry(kwargs=_k(pk="dossier")),
    "awards:dossier_submit": Entry(kwargs=_k(pk="dossier"), post=True, cap="draft"),
    "awards:dossier_return": Entry(kwargs=_k(pk="dossier"), post=True, cap="review"),
    "awards:dossier_council": Entry(kwargs=_k(pk="dossier"), cap="review"),
    "awards:dossier_decide": Entry(kwargs=_k(pk="dossier"), cap="review"),
    "awards:dossier_candidate_add": Entry(kwargs=_k(pk="dossier"), cap="draft"),
    "awards:dossier_report": Entry(kwargs=_k(pk="dossier", candidate_pk="candidate"), cap="draft"),
    "awards:dossier_report_draft": Entry(kwargs=_k(pk="dossier", candidate_pk="candidate"), post=True, cap="draft"),
    "awards:dossier_report_file": Entry(kwargs=_k(pk="dossier", candidate_pk="candidate")),
    "awards:dossier_candidate_remove": Entry(kwargs=_k(pk="dossier", candidate_pk="candidate"), post=True, cap="draft"),
    "awards:export": Entry(),
    "awards:summaries": Entry(post_cap="enter"),
    "awards:recipients_export": Entry(),
    # statistics
    "stats:entry_list": Entry(),
    "stats:entry": Entry(kwargs=_entry_kwargs),
    "stats:entry_value": Entry(kwargs=_entry_kwargs, post=True, cap="enter", data=_value_data),
    "stats:entry_submit": Entry(kwargs=_entry_kwargs, post=True, cap="enter"),
    "stats:submission": Entry(kwargs=_k(pk="submission")),
    "stats:approve": Entry(kwargs=_k(pk="submission"), post=True, cap="review"),
    "stats:return": Entry(kwargs=_k(pk="submission"), post=True, cap="review"),
    "stats:reopen": Entry(kwargs=_k(pk="submission"), post=True, cap="review"),
    "stats:value_thread": Entry(kwargs=_thread_kwargs, post_cap="discuss"),
    "stats:follow_ups": Entry(),
    "stats:follow_ups_export": Entry(),
    "stats:approvals": Entry(cap="review"),
    "stats:approvals_bulk": Entry(post=True, cap="review"),
    "stats:completeness": Entry(),
    "stats:aggregates": Entry(),
    "stats:catalogue": Entry(),
    "stats:submissions_export": Entry(),
    "stats:approvals_export": Entry(cap="review"),
    "stats:completeness_export": Entry(query=_unit_query, placed=True),
    "stats:aggregates_export": Entry(query=_unit_query, placed=True),
    # reports
    "reports:list": Entry(),
    "reports:create": Entry(cap="draft"),
    "reports:detail": Entry(kwargs=_k(pk="report")),
    "reports:section_save": Entry(kwargs=_section_kwargs, post=True, cap="enter"),
    "reports:title_save": Entry(kwargs=_k(pk="report"), post=True, cap="enter"),
    "reports:refresh": Entry(kwargs=_k(pk="report"), post=True, cap="enter"),
    "reports:delete": Entry(kwargs=_k(pk="report"), post=True, cap="draft"),
    "reports:issue": Entry(kwargs=_k(pk="report"), post=True, cap="issue_in_name"),
    "reports:new_version": Entry(kwargs=_k(pk="report"), post=True, cap="issue"),
    "reports:pdf_retry": Entry(kwargs=_k(pk="report"), post=True, cap="issue"),
    "reports:print": Entry(kwargs=_k(pk="report")),
    "reports:export": Entry(kwargs=_k(pk="report", fmt=lambda w: "docx")),
    "reports:bodies": Entry(cap="draft"),
    "reports:body_create": Entry(cap="issue"),
    "reports:body_edit": Entry(kwargs=_k(pk="body"), cap="issue"),
    "reports:body_template": Entry(kwargs=_k(pk="body"), cap="draft"),  # a download for those who draft
    # dashboard
    "dashboard:index": Entry(),
    "dashboard:tasks": Entry(),
    "dashboard:export": Entry(query=_unit_query, placed=True),
    # Excel imports: each template for those who may import its kind; a job is seen only by whoever uploaded it
    "imports:upload": Entry(cap="import"),
    "imports:template_initiatives": Entry(cap="enter"),
    "imports:template_awards": Entry(cap="review"),
    "imports:template_summaries": Entry(cap="enter"),
    "imports:template_units": Entry(cap="manage"),
    "imports:template_users": Entry(cap="manage"),
    "imports:template_values": Entry(cap="enter", query=_values_template_query),
    "imports:job": Entry(kwargs=_k(pk="import_job"), own=True),
    "imports:progress": Entry(kwargs=_k(pk="import_job"), own=True),
    "imports:start": Entry(kwargs=_k(pk="import_job"), post=True, own=True),
    "imports:cancel": Entry(kwargs=_k(pk="import_job"), post=True, own=True),
    "imports:report": Entry(kwargs=_k(pk="import_job"), own=True),
    # public showcase
    "showcase:list": Entry(public=True),
    "showcase:detail": Entry(kwargs=_k(pk="public_initiative"), public=True),
    "showcase:photo": Entry(kwargs=_k(pk="public_photo"), public=True),
    # notifications: everyone signed in has an inbox; a notice is its recipient's only
    "notifications:inbox": Entry(),
    "notifications:bell": Entry(),
    "notifications:open": Entry(kwargs=_k(pk="notice"), post=True, own=True),
    "notifications:read": Entry(kwargs=_k(pk="notice"), post=True, own=True),
    "notifications:read_all": Entry(post=True),
    "notifications:preferences": Entry(),
    # the HTML pages of the API keys (the JSON API itself has its own matrix)
    "api:tokens": Entry(),
    "api:token_revoke": Entry(kwargs=_k(pk="token"), post=True, own=True),
}

# Not in this matrix: Django's admin (its own sign-in and permissions), the language switch, the
# JSON API (api/tests/test_permissions.py) and static files.
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"set_language", "api:not_found"}
SKIPPED_ROUTE_PREFIXES = ("api/v1/", "static/", "media/", "__debug__/")


# ------------------------------------------------------------------------------ the URL patterns
def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), full_ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            yield namespace, name, prefix + str(p.pattern)


def site_patterns() -> list[tuple[str, str]]:
    """(name, route) of every page the matrix covers, from the live URL configuration."""
    found = []
    for namespace, name, route in _walk(get_resolver().url_patterns):
        if namespace.split(":")[0] in SKIPPED_NAMESPACES or name in SKIPPED_NAMES:
            continue
        if route.startswith(SKIPPED_ROUTE_PREFIXES) or name.startswith("api-"):
            continue
        found.append((name, route))
    return found


def test_every_url_pattern_is_in_the_matrix():
    """A new page must say who may open it: add it to REGISTRY (tests/test_page_matrix.py)."""
    missing = [f"  {name or '(unnamed)'}  →  /{route}" for name, route in site_patterns() if name not in REGISTRY]
    assert not missing, (
        "These URL patterns have no entry in the permission matrix. Add each to REGISTRY in "
        "tests/test_page_matrix.py with a factory for its URL kwargs (an object in Phường Cổ Nhuế 1 and one in "
        "Phường Quảng An, see build_world) and the capability it needs, so every persona is checked on it:\n"
        + "\n".join(missing)
    )


def test_the_matrix_names_no_pattern_that_is_gone():
    names = {name for name, _ in site_patterns()}
    assert set(REGISTRY) - names == set(), "REGISTRY names URL patterns that no longer exist; remove them"


def test_the_walk_finds_the_pages_of_every_installed_app():
    """The matrix is only as good as the walk: every mounted app shows up in it."""
    namespaces = {name.split(":")[0] for name, _ in site_patterns() if ":" in name}
    for app in ("accounts", "orgunits", "initiatives", "awards", "stats", "reports", "dashboard", "showcase"):
        if apps.is_installed(app):
            assert app in namespaces


# ------------------------------------------------------------------------------ the objects
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PNG += b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"


def _upload(name, content, content_type):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def _place_objects(tree, root, place: str, n: int) -> dict:
    """One of each object in ``place`` (a ward), made through the services by a superuser."""
    from accounts import services as accounts_services
    from awards import catalogue as award_cat
    from awards.models import AchievementArea, RewardForm
    from awards.services import decision_create as award_create
    from awards.services import recipient_add
    from initiatives import services as ini
    from initiatives.models import Field, RecognitionLevel
    from orgunits.models import Level, UnitType
    from orgunits.services import unit_create
    from reports import services as rep
    from reports.models import BodyKind
    from stats import services as st
    from stats.models import DataSet

    unit = tree[place]
    field = Field.objects.order_by("pk").first()
    o = {"unit": unit}
    o["initiative"] = ini.initiative_create(
        by=root, unit=unit, name=f"Mô hình dân vận khéo {n}", field=field, year=2024
    )
    from initiatives.summaries import record_summary

    o["summary"] = record_summary(
        by=root, unit=unit, year_from=2012, year_to=2014, kind="model", subject="collective", count=7
    )
    o["evidence"] = ini.evidence_add(initiative=o["initiative"], by=root, file=_upload("a.png", PNG, "image/png"))
    level = RecognitionLevel.COMMUNE
    o["recognition"] = ini.decision_create(
        by=root,
        number=f"{n}-QĐ/UBND",
        date=dt.date(2024, 12, 1),
        issuer=unit,
        level=level,
        scan=_upload("qd.pdf", PDF, "application/pdf"),
    )
    o["deleted_initiative"] = ini.initiative_create(
        by=root, unit=unit, name=f"Mô hình đã xoá {n}", field=field, year=2024
    )
    ini.initiative_delete(initiative=o["deleted_initiative"], by=root)
    public = ini.initiative_create(by=root, unit=unit, name=f"Mô hình tiêu biểu {n}", field=field, year=2024)
    ini.initiative_register(initiative=public, by=root)
    ini.initiative_start(initiative=public, by=root)
    ini.initiative_propose(initiative=public, level=level, by=root)
    ini.decision_recognize(decision=o["recognition"], initiatives=[public], by=root)
    o["public_initiative"] = public
    o["public_photo"] = ini.evidence_add(
        initiative=public, by=root, file=_upload("b.png", PNG, "image/png"), is_public=True
    )
    o["award"] = award_create(
        by=root,
        issuer=unit,
        issuer_title="Ủy ban nhân dân",
        year=2024,
        number=f"{n}-QĐ/KT",
        date=dt.date(2024, 12, 2),
        reward_form=RewardForm.objects.get(code=award_cat.GIAY_KHEN),
        area=AchievementArea.objects.get(code=award_cat.CONG_TAC_DAN_VAN),
        scan=_upload("kt.pdf", PDF, "application/pdf"),
    )
    o["recipient"] = recipient_add(
        decision=o["award"], by=root, kind="collective", unit=tree["tdp1"] if place == INSIDE else unit
    )
    from awards.services import candidate_add, dossier_create

    # A reward dossier of the ward to its district, with its letter and one candidate's report.
    o["dossier"] = dossier_create(
        by=root,
        proposer=unit,
        issuer=unit.parent,
        issuer_title="Ban Thường vụ Quận ủy",
        year=2024,
        reward_form=RewardForm.objects.get(code=award_cat.GIAY_KHEN),
        letter_number=f"{n}/TTr-UBND",
        letter_date=dt.date(2024, 11, 20),
        letter_file=_upload("tt.pdf", PDF, "application/pdf"),
    )
    o["candidate"] = candidate_add(
        dossier=o["dossier"],
        by=root,
        kind="collective",
        unit=unit,
        report_file=_upload("bc.pdf", PDF, "application/pdf"),
    )
    data_set = DataSet.objects.get(code="BC_DV_6T")
    sub = st.submission_open(data_set=data_set, period="2024H1", unit=unit, by=root)
    o["submission"] = st.submission_submit(submission=sub, by=root)
    body = rep.body_create(
        by=root,
        unit=unit,
        kind=BodyKind.STATE,
        name=f"ỦY BAN NHÂN DÂN\n{unit.name.upper()}",
        abbreviation="UBND",
        place=unit.name,
        signer_title="CHỦ TỊCH",
        signer_name="Trần Thị B",
    )
    o["body"] = body
    o["report"] = rep.report_draft(by=root, kind="year", unit=unit, body=body, year=2024)
    user = accounts_services.user_create(
        username=f"nguoi-dung-{place}", password="Persona-pass-2024", unit=unit, role="clerk", by=root
    )
    o["user"] = user
    o["assignment"] = user.assignments.first()
    # The ward's own clerk owns the place's API key and Excel import (``own`` entries).
    o["owner"] = {INSIDE: "ward_clerk", OUTSIDE: "outsider"}[place]
    del unit_create, Level, UnitType  # (imported for readers; units come from the tree fixture)
    return o


@pytest.fixture
def world(tree, personas, settings, tmp_path):
    from accounts.services import user_create
    from accounts.system import system_actor
    from api.services import token_create

    settings.MEDIA_ROOT = tmp_path / "media"
    root = user_create(
        username="root-builder", password="Persona-pass-2024", unit=tree["vn"], role="admin", by=system_actor()
    )
    root.is_superuser = True
    root.save(update_fields=["is_superuser"])
    built = {place: _place_objects(tree, root, place, n) for n, place in enumerate((INSIDE, OUTSIDE), start=1)}
    for place in built:
        owner = personas[built[place]["owner"]]
        built[place]["token"] = token_create(user=owner, name="Khóa thử", days=30, by=owner)[0]
        built[place]["import_job"] = _import_job(owner, built[place]["unit"])
        built[place]["notice"] = _notice(owner, built[place]["submission"])
    return built


def _notice(owner, submission):
    """A notice to ``owner`` about the place's form (only its recipient may open or mark it)."""
    from notifications.models import Notification

    return Notification.objects.create(
        recipient=owner,
        kind="form_approved",
        title="Báo cáo đã được duyệt",
        link=f"/thong-ke/bao-cao/{submission.pk}/",
        unit=submission.unit,
        key=f"matrix:{submission.pk}",
    )


def _import_job(owner, unit):
    """An initiatives import uploaded by ``owner`` and checked: its one row names an unknown field,
    so the job holds an error and its error report can be downloaded."""
    import io

    from openpyxl import Workbook

    from imports import services as imp
    from imports.models import ImportKind, ImportStatus

    book = Workbook()
    sheet = book.active
    sheet.title = imp.DATA_SHEET
    sheet.append(["Tên mô hình", "Đơn vị", "Năm", "Lĩnh vực"])
    sheet.append(["Mô hình nhập từ Excel", f"{unit.pk} · {unit.name}", 2024, "Không có lĩnh vực này"])
    out = io.BytesIO()
    book.save(out)
    job = imp.job_create(upload=_upload("nhap.xlsx", out.getvalue(), XLSX), kind=ImportKind.INITIATIVES, by=owner)
    imp.job_run(job=job, by=owner, commit=False)
    assert job.status == ImportStatus.INVALID and job.errors, "the import job needs an error for its report"
    return job


# ------------------------------------------------------------------------------ the expectations
def expected(entry: Entry, persona: str, place: str | None, method: str, owner: str | None) -> str:
    """login | public | 405 | 404 | refused | ok — from the roles alone."""
    if persona == "anonymous" and not entry.public:
        return "login"  # before anything else, even the method check
    if entry.post and method == "GET":
        return "405"
    if persona == "anonymous":
        return "public"
    if entry.gate is not None and persona not in ANYWHERE[entry.gate]:
        return "refused"
    if entry.public:
        return "ok"
    if entry.own:
        return "ok" if persona == owner else "404"
    if place is not None and persona not in CAPS[entry.see][place]:
        return "404"
    cap = entry.post_cap if method == "POST" and entry.post_cap else entry.cap
    if cap is not None:
        holders = CAPS[cap][place] if place is not None else ANYWHERE[cap]
        if persona not in holders:
            return "refused"
    return "ok"


def _fingerprint() -> dict[str, int]:
    """Row counts of every model of the project, history tables included: a refused request
    leaves all of them as they were (a change of a tracked row adds a history row)."""
    counts = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "axes", "admin", "contenttypes"}:
            continue
        counts[model._meta.label] = model._default_manager.count()
    return counts


def _changed(before, after) -> list[str]:
    return [f"{label} {before[label]}→{after[label]}" for label in before if before[label] != after[label]]


def _judge(outcome: str, response, changes: list[str], method: str) -> str | None:
    """None when the response is what ``outcome`` asks for, else what went wrong."""
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if outcome == "login":
        login = settings.LOGIN_URL if settings.LOGIN_URL.startswith("/") else reverse(settings.LOGIN_URL)
        if status != 302 or not response["Location"].startswith(login):
            return f"expected a redirect to the sign-in page, got {status} {response.get('Location', '')}"
    elif outcome == "public" and status != 200:
        return f"expected 200 (public page), got {status}"
    elif outcome in ("405", "404") and status != int(outcome):
        return f"expected {outcome}, got {status}"
    elif outcome == "refused" and method == "GET" and status not in (403, 404):
        return f"a page for what one may not do must be refused (403/404), got {status}"
    elif outcome == "refused" and status not in (403, 404) and status >= 400:
        # 404 counts as a refusal here: the access helpers' write lookups hide what one may not change.
        return f"expected 403, 404 or a refusal message, got {status}"
    elif outcome == "ok" and status in (403, 404, 405):
        return f"expected the page, got {status}"
    if outcome in ("login", "405", "404", "refused") and changes:
        return f"refused ({status}) but the database changed: {', '.join(changes)}"
    return None


def _cases(world):
    for name, entry in REGISTRY.items():
        places = (INSIDE, OUTSIDE) if entry.kwargs is not None or entry.placed else (None,)
        for place in places:
            kwargs = entry.kwargs(world, place) if entry.kwargs is not None else {}
            url = reverse(name, kwargs=kwargs)
            if entry.query is not None:
                url += "?" + urlencode(entry.query(world, place))
            owner = world[place].get("owner") if place else None
            methods = ["GET"]
            # Forms and actions are also posted (empty): a refusal must hold for POST too. Signing out is
            # left out: it would end the session the rest of the matrix runs in.
            if (entry.post or entry.cap or entry.post_cap or entry.see != "view") and name != "accounts:logout":
                methods.append("POST")
            for method in methods:
                yield name, entry, place, url, method, owner


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_answers_each_persona_as_their_roles_say(persona, world, client_as):
    """One database per persona; every (page × inside/outside object × GET/POST) is checked and all
    wrong answers are listed together. POSTs run in a savepoint rolled back afterwards, so a change
    one persona may make does not alter what the next case sees. A page that answers must not show
    the non-public objects of a place the persona may not see (``_leak``)."""
    from django.db import transaction

    client = client_as(persona)
    wrong = []
    for name, entry, place, url, method, owner in _cases(world):
        entry = REGISTRY[name]
        outcome = expected(entry, persona, place, method, owner)
        with transaction.atomic():
            before = _fingerprint() if method == "POST" else None
            data = entry.data(world, place) if entry.data is not None else {}
            response = client.post(url, data) if method == "POST" else client.get(url)
            changes = _changed(before, _fingerprint()) if before is not None else []
            transaction.set_rollback(True)
        problem = _judge(outcome, response, changes, method)
        if problem is None and method == "GET" and response.status_code == 200:
            problem = _leak(world, persona, response)
        if problem:
            wrong.append(f"{method} {url} [{name}, object in {place or '-'}]: {problem}")
    assert not wrong, f"{persona}: {len(wrong)} answers differ from the roles:\n" + "\n".join(wrong)


def _hidden_markers(world, place) -> list[str]:
    """Text that names a place's objects that are not public: its draft initiative and its award's
    number. Nobody who may not see the place should meet them on any page or in any download."""
    return [world[place]["initiative"].name, world[place]["award"].number]


def _response_text(response) -> str:
    """The body as text; the XML of an XLSX/DOCX (a zip) read member by member."""
    import io
    import zipfile

    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    return body.decode("utf-8", errors="replace")


def _leak(world, persona, response) -> str | None:
    hidden = [m for place in (INSIDE, OUTSIDE) if persona not in VIEW[place] for m in _hidden_markers(world, place)]
    if not hidden:
        return None
    text = _response_text(response)
    shown = [m for m in hidden if m in text]
    return f"shows what the persona may not see: {', '.join(shown)}" if shown else None
