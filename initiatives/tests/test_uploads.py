from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError

from accounts.system import system_actor
from initiatives import services
from initiatives.models import EvidenceType
from initiatives.tests.conftest import JPEG, PDF, PNG, office_zip, upload

WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (JPEG, EvidenceType.JPEG),
        (PNG, EvidenceType.PNG),
        (WEBP, EvidenceType.WEBP),
        (PDF, EvidenceType.PDF),
        (office_zip("word"), EvidenceType.DOCX),
        (office_zip("xl"), EvidenceType.XLSX),
    ],
)
def test_accepted_types_are_recognized_by_their_content(content, expected):
    assert services.detect_file_type(upload("whatever.bin", content)) == expected


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00exe", b"<html><script>alert(1)</script>", office_zip("ppt"), b"PK\x03\x04broken zip", b""],
)
def test_other_content_is_refused_whatever_the_name(make_initiative, content):
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(
            initiative=make_initiative(), by=system_actor(), file=upload("anh.jpg", content, "image/jpeg")
        )
    assert "file" in exc.value.message_dict


def test_a_file_over_the_size_limit_is_refused(make_initiative, settings):
    settings.DANVAN_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(initiative=make_initiative(), by=system_actor(), file=upload("a.pdf", PDF + b"x" * 200))
    # The limit in Vietnamese figures (it used to be rounded to "0 MB").
    assert "100 byte" in " ".join(exc.value.messages)


def test_the_size_limit_message_uses_a_decimal_comma(make_initiative, settings):
    settings.DANVAN_UPLOAD_MAX_BYTES = 1536
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(initiative=make_initiative(), by=system_actor(), file=upload("a.pdf", PDF + b"x" * 3000))
    assert "1,5 KB" in " ".join(exc.value.messages)


def test_stored_files_get_random_names_under_media_root(make_initiative, settings):
    evidence = services.evidence_add(initiative=make_initiative(), by=system_actor(), file=upload("Biên bản.pdf", PDF))
    assert evidence.original_name == "Biên bản.pdf"
    assert "Biên" not in evidence.file.name and evidence.file.name.endswith(".pdf")
    assert str(evidence.file.path).startswith(str(settings.MEDIA_ROOT))


def test_only_images_may_be_marked_public(make_initiative):
    evidence = services.evidence_add(
        initiative=make_initiative(), by=system_actor(), file=upload("a.pdf", PDF), is_public=True
    )
    assert evidence.is_public is False


def test_outsider_cannot_upload_to_another_wards_initiative(client_as, make_initiative):
    from django.urls import reverse

    initiative = make_initiative()
    response = client_as("outsider").post(
        reverse("initiatives:evidence_add", args=[initiative.pk]), {"file": upload("a.png", PNG)}
    )
    assert response.status_code == 404 and not initiative.evidence.exists()


def test_a_refused_upload_on_the_detail_page_says_why(client_as, make_initiative):
    from django.urls import reverse

    initiative = make_initiative()
    response = client_as("ward_clerk").post(
        reverse("initiatives:evidence_add", args=[initiative.pk]), {"file": upload("a.png", b"GIF89a")}, follow=True
    )
    assert not initiative.evidence.exists()
    assert "JPEG" in response.content.decode()


def test_evidence_is_served_with_the_type_of_its_content_and_safe_headers(client_as, make_initiative):
    from django.urls import reverse

    initiative = make_initiative()
    photo = services.evidence_add(initiative=initiative, by=system_actor(), file=upload("Ảnh.png", PNG, "text/html"))
    sheet = services.evidence_add(initiative=initiative, by=system_actor(), file=upload("Bảng.xlsx", office_zip("xl")))
    client = client_as("ward_clerk")
    shown = client.get(reverse("initiatives:evidence_file", args=[photo.pk]))
    assert shown["Content-Type"] == "image/png" and shown["Content-Disposition"].startswith("inline")
    downloaded = client.get(reverse("initiatives:evidence_file", args=[sheet.pk]))
    assert downloaded["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert downloaded["Content-Disposition"].startswith("attachment") and "Bảng.xlsx" in unquote(
        downloaded["Content-Disposition"]
    )
    for response in (shown, downloaded):
        assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Security-Policy"] == "sandbox"


def test_a_decision_scan_must_be_a_pdf_or_an_image(tree):
    import datetime as dt

    with pytest.raises(ValidationError) as exc:
        services.decision_create(
            by=system_actor(), number="9-QĐ", date=dt.date(2024, 12, 1), issuer=tree["btl"], level="district",
            scan=upload("qd.docx", office_zip("word")),
        )  # fmt: skip
    assert "scan" in exc.value.message_dict


def test_sizes_are_written_the_vietnamese_way():
    from webkit.uploads import size_words

    assert size_words(20 * 1024 * 1024) == "20,0 MB"
    assert size_words(1536 * 1024) == "1,5 MB"
