"""A valid evidence file survives an error elsewhere in the registration form: it is kept on the
server, named on the page, and used by the next successful submission."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from initiatives.models import Initiative
from initiatives.tests.conftest import PDF


@pytest.fixture
def clerk(personas):
    client = Client()
    client.force_login(personas["ward_clerk"])
    return client


def _data(tree, fields, **extra):
    return {
        "name": "Camera an ninh",
        "kind": "model",
        "subject": "collective",
        "field": fields["security"].pk,
        "year": "2024",
        "unit": tree["conhue1"].pk,
        "origin": "new",
        **extra,
    }


def _kept_token(response) -> str:
    return response.context["form"].fields["evidence_file"].widget.kept["token"]


def test_a_valid_file_is_kept_after_an_error_and_used_on_the_corrected_submission(clerk, tree, fields):
    upload = SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf")
    first = clerk.post(reverse("initiatives:create"), _data(tree, fields, funding_social="1.5", evidence_file=upload))
    assert first.status_code == 200 and "funding_social" in first.context["form"].errors
    page = first.content.decode()
    assert "bien-ban.pdf" in page and "Đã giữ tệp" in page
    assert 'value="1.5"' in page  # what was typed stays

    second = clerk.post(
        reverse("initiatives:create"),
        _data(tree, fields, funding_social="150.000.000", evidence_file__kept=_kept_token(first)),
    )
    assert second.status_code == 302
    evidence = Initiative.objects.get().evidence.get()
    assert evidence.file.read() == PDF
    assert evidence.original_name == "bien-ban.pdf"


def test_a_kept_file_can_be_removed(clerk, tree, fields):
    upload = SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf")
    first = clerk.post(reverse("initiatives:create"), _data(tree, fields, funding_social="1.5", evidence_file=upload))
    clerk.post(
        reverse("initiatives:create"),
        _data(tree, fields, evidence_file__kept=_kept_token(first), evidence_file__drop="on"),
    )
    assert not Initiative.objects.get().evidence.exists()


def test_another_session_cannot_use_a_kept_token(clerk, tree, fields, personas):
    upload = SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf")
    first = clerk.post(reverse("initiatives:create"), _data(tree, fields, funding_social="1.5", evidence_file=upload))
    other = Client()
    other.force_login(personas["ward_head"])
    other.post(reverse("initiatives:create"), _data(tree, fields, evidence_file__kept=_kept_token(first)))
    assert not Initiative.objects.get().evidence.exists()


def test_a_refused_plaque_form_comes_back_with_what_was_typed(client_as, make_initiative):
    initiative = make_initiative(status="recognized")
    response = client_as("ward_head").post(
        reverse("initiatives:plaque_add", args=[initiative.pk]),
        {"name": "Nhà văn hóa tổ dân phố 1", "level": "district", "occasion": "Quốc khánh", "date": "31/02/2024"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nhà văn hóa tổ dân phố 1" in page and "Quốc khánh" in page and "31/02/2024" in page
    assert not initiative.plaques.exists()


def test_a_refused_evidence_file_keeps_the_typed_caption(client_as, make_initiative):
    initiative = make_initiative()
    response = client_as("ward_clerk").post(
        reverse("initiatives:evidence_add", args=[initiative.pk]),
        {"file": SimpleUploadedFile("a.png", b"GIF89a"), "caption": "Lễ ra quân ngày 02/09"},
    )
    assert response.status_code == 200
    assert "Lễ ra quân ngày 02/09" in response.content.decode()
    assert not initiative.evidence.exists()
