"""Every page, for every demo account, is in Vietnamese whatever language the browser asks for:
the visible text holds none of the common English interface words."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# Common English interface words; any of them in a Vietnamese page means a string escaped translation.
ENGLISH_WORDS = {
    "save",
    "cancel",
    "choose",
    "file",
    "files",
    "submit",
    "search",
    "password",
    "required",
    "field",
    "next",
    "previous",
    "delete",
    "edit",
    "home",
    "page",
    "of",
    "not",
    "found",
    "the",
    "and",
    "or",
    "from",
    "this",
    "please",
    "enter",
    "select",
    "all",
    "none",
    "yes",
    "no",
    "back",
    "close",
    "name",
    "date",
    "add",
    "remove",
    "status",
    "unit",
    "units",
    "user",
    "users",
    "report",
    "reports",
    "login",
    "sign",
    "logout",
    "welcome",
    "filter",
    "total",
    "list",
    "view",
    "download",
    "upload",
    "approve",
    "approved",
    "return",
    "returned",
    "draft",
    "submitted",
    "history",
    "changed",
    "created",
    "by",
    "new",
    "open",
    "must",
    "is",
    "are",
    "you",
    "your",
    "with",
    "for",
    "on",
    "at",
    "menu",
    "skip",
    "content",
    "main",
    "results",
    "nothing",
    "ended",
    "until",
    "valid",
    "type",
    "level",
    "note",
    "title",
    "show",
    "hide",
    "first",
    "last",
    "more",
    "less",
    "loading",
    "error",
    "errors",
    "invalid",
    "value",
    "values",
    "number",
}
# Words that are legitimately shown: the language switch, abbreviations and file formats.
ALLOWED = {"en", "vi", "pdf", "docx", "xlsx", "csv", "json", "api", "id", "ok"}

# Pages outside the checked interface: the admin site, the JSON API, the language switch,
# sign-out (POST only) and files served as downloads.
SKIPPED_PREFIXES = ("quan-tri-he-thong/", "api/v1/", "i18n/", "healthz")
SKIPPED_NAMES = {
    "accounts:logout",
    "initiatives:evidence_file",
    "initiatives:decision_scan",
    "awards:scan",
    "showcase:photo",
    "reports:export",
}


class VisibleText(HTMLParser):
    """Text a user reads: element text outside script/style/template, plus the attributes
    browsers show (placeholder, title, aria-label, alt, button values)."""

    SHOWN_ATTRS = ("placeholder", "title", "aria-label", "alt")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.label_targets: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden += 1
            return
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.label_targets.append(attrs["for"])
        self.parts += [attrs[a] for a in self.SHOWN_ATTRS if attrs.get(a)]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def doubled_labels(html: str) -> set[str]:
    """Ids of fields that two <label> elements name (a field read out, or shown, twice)."""
    parser = VisibleText()
    parser.feed(html)
    seen: set[str] = set()
    return {t for t in parser.label_targets if t in seen or seen.add(t)}


def english_words(html: str) -> set[str]:
    # Codes such as CONVENTIONS_TOTAL are data identifiers, not interface words: skip words joined by "_".
    words = [w for w in re.findall(r"[A-Za-z0-9_]+", visible_text(html)) if "_" not in w]
    return {w for w in words if w.lower() in ENGLISH_WORDS and w.lower() not in ALLOWED}


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + str(p.pattern), namespace + p.name, list(p.pattern.converters)


def _first(queryset, user):
    queryset = queryset.visible_to(user) if hasattr(queryset, "visible_to") else queryset
    return queryset.order_by("pk").first()


def _first_value(submission):
    """The discussion page of the submission's first figure (None when it has none)."""
    value = submission.values.order_by("pk").first()
    return value and {"pk": submission.pk, "element": value.element_id}


def url_params(name: str, user):
    """Arguments for a page, taken from demo objects the user may see (None = nothing fits)."""
    from accounts.models import User
    from awards.models import AwardDecision
    from initiatives.models import Evidence, Initiative, RecognitionDecision
    from orgunits.models import OrgUnit
    from reports.models import IssuingBody, Report
    from stats.models import Submission

    def obj(qs):
        found = _first(qs, user)
        return found.pk if found else None

    initiative = obj(Initiative.objects.all())
    submission = _first(Submission.objects.all(), user)
    report = obj(Report.objects.all())
    table = {
        "accounts:user_detail": {"pk": obj(User.objects.all())},
        "accounts:assignment_remove": None,
        "orgunits:detail": {"pk": obj(OrgUnit.objects.all())},
        "orgunits:edit": {"pk": obj(OrgUnit.objects.all())},
        "orgunits:create": {"parent_pk": obj(OrgUnit.objects.all())},
        "orgunits:lineage_add": None,
        "initiatives:detail": {"pk": initiative},
        "initiatives:edit": {"pk": initiative},
        "initiatives:replicate": {"pk": initiative},
        "initiatives:action": None,
        "initiatives:evidence_add": {"pk": initiative},
        "initiatives:plaque_add": {"pk": initiative},
        "initiatives:evidence_delete": {"pk": obj(Evidence.objects.all())},
        "initiatives:decision_detail": {"pk": obj(RecognitionDecision.objects.all())},
        "awards:detail": {"pk": obj(AwardDecision.objects.all())},
        "awards:edit": {"pk": obj(AwardDecision.objects.all())},
        "awards:recipients_add": {"pk": obj(AwardDecision.objects.all())},
        "awards:recipient_remove": None,
        "stats:entry": submission
        and {"data_set": submission.data_set_id, "period": submission.period, "unit": submission.unit_id},
        "stats:entry_value": None,
        "stats:entry_submit": None,
        "stats:submission": submission and {"pk": submission.pk},
        "stats:value_thread": submission and _first_value(submission),
        "stats:approve": None,
        "stats:return": None,
        "stats:reopen": None,
        "reports:detail": {"pk": report},
        "reports:section_save": None,
        "reports:title_save": None,
        "reports:refresh": None,
        "reports:issue": None,
        "reports:new_version": None,
        "reports:print": {"pk": report},
        "reports:body_edit": {"pk": obj(IssuingBody.objects.all())},
        "reports:body_template": {"pk": obj(IssuingBody.objects.all())},
        "showcase:detail": {"pk": Initiative.objects.order_by("pk").values_list("pk", flat=True).first()},
        "api:token_revoke": None,
        "initiatives:evaluations": {"pk": initiative},
        # Actions (POST only) and downloads: no page to read.
        "initiatives:summary_delete": None,
        "initiatives:delete": None,
        "awards:delete": None,
        "reports:delete": None,
        "accounts:deleted_restore": None,
        "reports:unit_record": None,
        "reports:pdf_retry": None,
        "imports:progress": None,
        "imports:start": None,
        "imports:cancel": None,
        "imports:report": None,
        # The demo holds no Excel import job (a job is its uploader's only).
        "imports:job": None,
        # Opening or marking a notice read: actions (POST only), no page to read.
        "notifications:open": None,
        "notifications:read": None,
        # Certificates are PDF downloads, not pages (their text is checked in the awards tests).
        "awards:certificates": None,
        "awards:certificate": None,
        "awards:recognition_certificates": None,
        # The demo holds no reward dossier; the dossier pages' Vietnamese is checked by the awards
        # page tests and the browser journey.
        "awards:dossier_detail": None,
        "awards:dossier_edit": None,
        "awards:dossier_letter": None,
        "awards:dossier_submit": None,
        "awards:dossier_return": None,
        "awards:dossier_council": None,
        "awards:dossier_decide": None,
        "awards:dossier_candidate_add": None,
        "awards:dossier_report": None,
        "awards:dossier_report_draft": None,
        "awards:dossier_report_file": None,
        "awards:dossier_candidate_remove": None,
    }
    if name not in table:
        raise AssertionError(f"Page {name} takes arguments: add it to url_params so it gets checked")
    params = table[name]
    return params if params and all(v is not None for v in params.values()) else None


def page_urls(user) -> list[str]:
    urls = []
    for route, name, converters in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or name in SKIPPED_NAMES:
            continue
        if not converters:
            urls.append(reverse(name))
            continue
        params = url_params(name, user)
        if params:
            urls.append(reverse(name, kwargs=params))
    return urls


def _find_word(word, text):
    return list(re.finditer(rf"(?<![\w]){re.escape(word)}(?![\w])", text))[:1]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db import connection, transaction
    from django.test import override_settings

    from reports.tests.conftest import load_demo

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_demo()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()


@pytest.mark.parametrize("accept_language", ["vi-VN,vi;q=0.9", "en-US,en;q=0.9"])
def test_every_page_is_vietnamese_with_single_labels_for_every_account_whatever_the_browser_language(
    demo, django_db_blocker, accept_language
):
    problems = []
    checked = 0
    with django_db_blocker.unblock():
        accounts = [None, *demo.users.values()]
        for user in accounts:
            client = Client(HTTP_ACCEPT_LANGUAGE=accept_language)
            if user is not None:
                client.force_login(user)
            for url in page_urls(user) if user else [reverse("accounts:login"), reverse("showcase:list")]:
                response = client.get(url)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                checked += 1
                html = response.content.decode()
                found = english_words(html)
                if found:
                    text = " ".join(visible_text(html).split())
                    where = [text[max(0, m.start() - 40) : m.end() + 40] for w in found for m in _find_word(w, text)]
                    problems.append(f"{user or 'anonymous'} {url}: {sorted(found)} in {where[:3]}")
                doubled = doubled_labels(html)
                if doubled:
                    problems.append(f"{user or 'anonymous'} {url}: two labels for {sorted(doubled)}")
    assert checked > 100
    assert not problems, "\n".join(problems)


def test_the_language_switch_still_gives_english(client):
    client.cookies["django_language"] = "en"
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.headers["Content-Language"] == "en"
    assert "Password" in response.content.decode()


def test_an_english_browser_gets_vietnamese_without_a_choice(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "vi"
    assert "Mật khẩu" in response.content.decode()


def test_the_detector_flags_english_and_passes_vietnamese():
    assert english_words("<p>Chọn tệp</p><button>Lưu</button>") == set()
    assert english_words("<label>Choose File</label><input placeholder='Search'>") == {"Choose", "File", "Search"}
    assert english_words("<script>var save = 1;</script><p>Trang 1</p>") == set()
    assert english_words("<td>CONVENTIONS_TOTAL</td>") == set()
    assert doubled_labels('<label for="a">Tên</label><label for="a">Tên</label><label for="b">x</label>') == {"a"}
