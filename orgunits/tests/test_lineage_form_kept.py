"""A refused lineage event comes back with what was typed and the reason beside the field."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NOTE = "Theo Nghị quyết sắp xếp đơn vị hành chính cấp xã"


def _post(client_as, tree, **data):
    url = reverse("orgunits:lineage_add", args=[tree["quangan"].pk])
    return client_as("admin").post(url, {"kind": "merged_into", "note": NOTE, **data})


def test_a_bad_date_keeps_the_typed_note_and_target(client_as, tree):
    response = _post(client_as, tree, target=str(tree["hanoi"].pk), date="31/02/2025")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{NOTE}"' in body and f'value="{tree["hanoi"].pk}"' in body and 'value="31/02/2025"' in body
    assert "Ngày hiệu lực" in body  # the message names the field
    assert not tree["quangan"].lineage_out.exists()


def test_an_unknown_target_keeps_the_typed_note_and_says_so(client_as, tree):
    response = _post(client_as, tree, target="987654", date="01/07/2025")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{NOTE}"' in body and 'value="01/07/2025"' in body
    assert "không tồn tại" in body
    assert not tree["quangan"].lineage_out.exists()
