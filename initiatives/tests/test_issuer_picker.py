"""The recognition decision's issuing body is a search-as-you-type picker, checked against the
bodies whose decisions the user may record."""

import pytest
from django.urls import reverse

from initiatives.models import RecognitionDecision, Status

pytestmark = pytest.mark.django_db

ISSUER_ERROR = "Cơ quan ban hành: hãy chọn cơ quan mà bạn được ghi nhận quyết định của cơ quan đó."


def _recognize(initiative, issuer, **extra):
    return {
        "ids": [initiative.pk],
        "action": "recognize",
        "level": "district",
        "number": "99-QĐ/QU",
        "date": "01/12/2024",
        "issuer": issuer.pk,
        "signer": "Lê Minh Tuấn",
        **extra,
    }


def test_the_detail_and_list_pages_render_the_issuer_picker(client_as, make_initiative):
    initiative = make_initiative(status="proposed")
    client = client_as("district_reviewer")
    detail = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    listing = client.get(reverse("initiatives:list")).content.decode()
    for body, base in ((detail, "d-issuer"), (listing, "bulk-issuer")):
        assert f'<input type="hidden" name="issuer" id="{base}"' in body
        assert f'id="{base}_text" role="combobox"' in body and f'for="{base}_text"' in body
        assert 'data-scope="recognition_issuer"' in body
        assert '<select class="form-select form-select-sm" name="issuer"' not in body


def test_an_allowed_issuer_is_accepted(client_as, make_initiative, tree):
    initiative = make_initiative(status="proposed")
    client_as("district_reviewer").post(reverse("initiatives:bulk"), _recognize(initiative, tree["btl"]))
    initiative.refresh_from_db()
    assert initiative.status == Status.RECOGNIZED
    assert RecognitionDecision.objects.get().issuer == tree["btl"]


def test_an_issuer_outside_the_set_is_refused_with_a_message_naming_the_field(client_as, make_initiative, tree):
    initiative = make_initiative(status="proposed")
    response = client_as("district_reviewer").post(
        reverse("initiatives:bulk"), _recognize(initiative, tree["tayho"]), follow=True
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.PROPOSED
    assert not RecognitionDecision.objects.exists()
    body = response.content.decode()
    assert ISSUER_ERROR in body
    # What was typed is shown again after the redirect, the picked body included.
    assert f'name="issuer" id="bulk-issuer" value="{tree["tayho"].pk}"' in body
    assert 'value="99-QĐ/QU"' in body and 'value="01/12/2024"' in body and 'value="Lê Minh Tuấn"' in body


def test_the_picker_suggests_the_set_the_form_accepts(client_as, tree):
    response = client_as("district_reviewer").get(reverse("orgunits:search"), {"q": "", "scope": "recognition_issuer"})
    assert {r["id"] for r in response.json()["results"]} == {tree["btl"].pk}
    response = client_as("ward_clerk").get(reverse("orgunits:search"), {"q": "", "scope": "recognition_issuer"})
    assert response.json()["results"] == []
