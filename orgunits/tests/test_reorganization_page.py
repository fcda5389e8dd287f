"""The administrators' page for earlier reorganizations: the form, its preview, the confirmation."""

import datetime as dt

from django.contrib.messages import get_messages
from django.urls import reverse

from orgunits.models import LineageEvent, LineageKind, OrgUnit

URL = reverse("orgunits:reorganization")


def _merge(tree, **extra):
    data = {
        "kind": LineageKind.MERGED_INTO,
        "date": "01/01/2025",
        "source": tree["tayho"].pk,
        "target": tree["btl"].pk,
        "note": "Nghị quyết số 1/NQ-UBTVQH",
    }
    return {**data, **extra}


def test_the_form_answers_the_administrator_in_vietnamese_and_is_in_the_menu(tree, client_as):
    response = client_as("admin").get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ghi nhận sắp xếp đơn vị trước 2025" in body and "Hình thức sắp xếp" in body
    menu = client_as("admin").get(reverse("home")).content.decode()
    assert URL in menu and "Sắp xếp trước 2025" in menu


def test_other_roles_are_refused_and_see_no_menu_entry(tree, client_as):
    for persona in ("district_reviewer", "city_leader", "ward_head"):
        client = client_as(persona)
        assert client.get(URL).status_code == 403
        assert client.post(URL, _merge(tree, action="record")).status_code == 403
        assert URL not in client.get(reverse("home")).content.decode()
    assert OrgUnit.objects.get(pk=tree["tayho"].pk).valid_to == dt.date(2025, 6, 30)


def test_a_refused_post_keeps_what_was_typed_and_says_why(tree, client_as):
    # Phường Đông Ngạc (new) exists only from 01/07/2025
    data = _merge(tree, source=tree["quangan"].pk, target=tree["dongngac"].pk, action="record")
    response = client_as("admin").post(URL, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="error-summary"' in body
    assert "không tồn tại vào ngày 01/01/2025" in body
    form = response.context["form"]
    assert (form["source"].value(), form["target"].value(), form["date"].value()) == (
        str(tree["quangan"].pk),
        str(tree["dongngac"].pk),
        "01/01/2025",
    )
    assert 'value="Nghị quyết số 1/NQ-UBTVQH"' in body
    assert OrgUnit.objects.get(pk=tree["quangan"].pk).valid_to == dt.date(2025, 6, 30)


def test_a_missing_date_is_an_error_beside_its_field(tree, client_as):
    response = client_as("admin").post(URL, _merge(tree, date="", action="preview"))
    assert response.context["form"].errors["date"]
    assert response.context["preview"] is None


def test_the_preview_says_what_will_change_and_writes_nothing(tree, client_as):
    before = (OrgUnit.objects.count(), LineageEvent.objects.count())
    response = client_as("admin").post(URL, _merge(tree, action="preview"))
    body = response.content.decode()
    assert 'data-testid="reorganization-preview"' in body
    assert "Quận Tây Hồ kết thúc ngày 31/12/2024" in body
    assert "Phường Quảng An chuyển từ Quận Tây Hồ về Quận Bắc Từ Liêm" in body
    assert 'data-testid="reorganization-record"' in body
    assert (OrgUnit.objects.count(), LineageEvent.objects.count()) == before


def test_confirming_records_and_redirects_with_a_message(tree, client_as, personas):
    response = client_as("admin").post(URL, _merge(tree, action="record"))
    assert response.status_code == 302
    assert response.url == reverse("orgunits:detail", args=[tree["btl"].pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Đã ghi nhận việc sắp xếp ngày 01/01/2025: 3 thay đổi."
    ]
    event = LineageEvent.objects.get(source=tree["tayho"])
    assert (event.target, event.kind, event.note) == (tree["btl"], LineageKind.MERGED_INTO, "Nghị quyết số 1/NQ-UBTVQH")
    assert event.history.first().history_user == personas["admin"]
    assert OrgUnit.objects.filter(parent=tree["btl"], name="Phường Quảng An", valid_from=dt.date(2025, 1, 1)).exists()
