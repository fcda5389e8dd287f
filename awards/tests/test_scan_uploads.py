"""Scanned award decisions go through the one upload module: judged by content, size-limited,
stored under random names and served so that nothing uploaded runs as a page of this site."""

import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts.system import system_actor
from awards import catalogue as c
from awards.models import AwardDecision
from awards.services import decision_update

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML = b"<!doctype html><html><body><script>fetch('/tai-khoan/')</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _form_data(tree, cat, scan):
    return {
        "status": "issued", "year": "2022", "issuer": str(tree["btl"].pk), "issuer_title": "Ban Thường vụ Quận ủy",
        "number": "1022-QĐ/QU", "date": "15/12/2022", "signer": "", "proposed_by": "",
        "reward_form": str(cat[c.GIAY_KHEN].pk), "emulation_title": "", "area": "", "summary": "", "scan": scan,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("qd.html", HTML, "text/html"), ("qd.svg", SVG, "image/svg+xml"), ("qd.pdf", HTML, "application/pdf")],
)
def test_a_page_or_script_uploaded_as_a_scan_is_refused_in_vietnamese(
    client_as, tree, cat, personas, name, content, content_type
):
    with translation.override("vi"):
        response = client_as("district_reviewer").post(
            reverse("awards:create"), _form_data(tree, cat, SimpleUploadedFile(name, content, content_type))
        )
    assert response.status_code == 200
    assert "Tệp phải là PDF, JPEG hoặc PNG." in response.content.decode()
    assert 'value="1022-QĐ/QU"' in response.content.decode()  # the form keeps what was typed
    assert not AwardDecision.objects.exists()


def test_a_scan_over_the_size_limit_is_refused_before_it_is_stored(make_decision, settings):
    decision = make_decision()
    limit = settings.DANVAN_UPLOAD_MAX_BYTES
    big = SimpleUploadedFile("qd.pdf", b"%PDF-1.4\n" + os.urandom(25 * 1024 * 1024))
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        decision_update(decision=decision, by=system_actor(), scan=big)
    mb = f"{limit / 1048576:.1f}".replace(".", ",")
    assert exc.value.message_dict["scan"] == [f"Tệp vượt quá giới hạn {mb} MB."]
    decision.refresh_from_db()
    assert not decision.scan
    stored = list(settings.MEDIA_ROOT.rglob("*.pdf")) if settings.MEDIA_ROOT.exists() else []
    assert stored == []


def test_a_pdf_scan_is_stored_under_a_random_name_and_shown_inline_with_safe_headers(client_as, make_decision):
    decision = decision_update(
        decision=make_decision(), by=system_actor(), scan=SimpleUploadedFile("Quyết định 1021.pdf", PDF, "text/html")
    )
    assert decision.scan_name == "Quyết định 1021.pdf"
    stored = decision.scan.name.rsplit("/", 1)[-1]
    assert "1021" not in stored and "Quy" not in stored and stored.endswith(".pdf") and len(stored) == 36
    response = client_as("district_reviewer").get(reverse("awards:scan", args=[decision.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"  # from the content, not the uploader's "text/html"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == PDF


def test_two_scans_with_the_same_name_get_different_stored_names(make_decision):
    first = decision_update(decision=make_decision(), by=system_actor(), scan=SimpleUploadedFile("qd.png", PNG))
    second = decision_update(
        decision=make_decision(number="2-QĐ"), by=system_actor(), scan=SimpleUploadedFile("qd.png", PNG)
    )
    assert first.scan.name != second.scan.name and first.scan_name == second.scan_name == "qd.png"


def test_an_html_file_already_in_storage_is_downloaded_never_shown(client_as, make_decision):
    decision = make_decision()
    name = default_storage.save("awards/2022/cu.html", ContentFile(HTML))  # an upload from before the checks
    AwardDecision.objects.filter(pk=decision.pk).update(scan=name)
    response = client_as("district_reviewer").get(reverse("awards:scan", args=[decision.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert "html" not in response["Content-Type"] and "svg" not in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"


def test_clearing_the_scan_forgets_its_name(make_decision):
    decision = decision_update(decision=make_decision(), by=system_actor(), scan=SimpleUploadedFile("qd.pdf", PDF))
    decision = decision_update(decision=decision, by=system_actor(), scan="")
    assert not decision.scan and decision.scan_name == ""
