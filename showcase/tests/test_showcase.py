"""The public showcase: anyone may look, only recognized initiatives and public photos appear,
private fields never do."""

import pytest
from django.urls import reverse

from accounts.system import system_actor
from initiatives import services
from initiatives.tests.conftest import PDF, PNG, upload


@pytest.fixture
def published(make_initiative):
    initiative = make_initiative(
        name="Đồng Tâm xây dựng nông thôn mới",
        status="recognized",
        contact="Chị Lan 0912 000 111",
        internal_note="Ghi chú nội bộ: chưa công khai",
    )
    photo = services.evidence_add(initiative=initiative, by=system_actor(), file=upload("a.png", PNG), is_public=True)
    private_photo = services.evidence_add(
        initiative=initiative, by=system_actor(), file=upload("b.png", PNG), is_public=False
    )
    return initiative, photo, private_photo


def test_anyone_sees_recognized_initiatives_without_signing_in(client, published):
    initiative, photo, private_photo = published
    body = client.get(reverse("showcase:list")).content.decode()
    assert initiative.name in body
    assert reverse("showcase:photo", args=[photo.pk]) in body
    assert reverse("showcase:photo", args=[private_photo.pk]) not in body


def test_accent_free_search_finds_the_initiative(client, published):
    body = client.get(reverse("showcase:list"), {"q": "dong tam"}).content.decode()
    assert "Đồng Tâm xây dựng nông thôn mới" in body
    body = client.get(reverse("showcase:list"), {"q": "camera"}).content.decode()
    assert "Đồng Tâm xây dựng nông thôn mới" not in body


def test_filters_by_field_and_locality(client, published, fields, tree):
    initiative = published[0]
    ok = client.get(reverse("showcase:list"), {"field": initiative.field_id, "locality": tree["btl"].pk})
    assert initiative.name in ok.content.decode()
    other = client.get(reverse("showcase:list"), {"locality": tree["tayho"].pk})
    assert initiative.name not in other.content.decode()


def test_private_fields_never_appear(client, published):
    initiative = published[0]
    body = client.get(reverse("showcase:detail", args=[initiative.pk])).content.decode()
    assert initiative.name in body
    assert "0912 000 111" not in body and "Ghi chú nội bộ" not in body


@pytest.mark.parametrize("status", ["draft", "registered", "implementing", "proposed", "not_recognized", "stopped"])
def test_unrecognized_or_refused_initiatives_never_appear(client, make_initiative, status):
    initiative = make_initiative(name="Chưa công nhận", status=status)
    assert "Chưa công nhận" not in client.get(reverse("showcase:list")).content.decode()
    assert client.get(reverse("showcase:detail", args=[initiative.pk])).status_code == 404


def test_public_photo_is_served_but_private_files_are_not(client, published, make_initiative):
    initiative, photo, private_photo = published
    response = client.get(reverse("showcase:photo", args=[photo.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert client.get(reverse("showcase:photo", args=[private_photo.pk])).status_code == 404
    document = services.evidence_add(initiative=initiative, by=system_actor(), file=upload("a.pdf", PDF))
    assert client.get(reverse("showcase:photo", args=[document.pk])).status_code == 404


def test_a_public_photo_of_an_unrecognized_initiative_is_not_served(client, make_initiative):
    initiative = make_initiative(status="implementing")
    photo = services.evidence_add(initiative=initiative, by=system_actor(), file=upload("a.png", PNG), is_public=True)
    assert client.get(reverse("showcase:photo", args=[photo.pk])).status_code == 404


def test_a_photo_stops_being_served_when_the_initiative_is_stopped(client, published):
    initiative, photo, _private = published
    services.initiative_stop(initiative=initiative, by=system_actor())
    assert client.get(reverse("showcase:photo", args=[photo.pk])).status_code == 404


@pytest.mark.parametrize("rows", [5, 40])
def test_showcase_list_runs_a_bounded_number_of_queries(client, make_initiative, rows, django_assert_max_num_queries):
    for i in range(rows):
        initiative = make_initiative(name=f"Mô hình {i}", status="recognized", level="commune")
        services.evidence_add(initiative=initiative, by=system_actor(), file=upload("a.png", PNG), is_public=True)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("showcase:list")).status_code == 200


def test_showcase_menu_item_is_public(client, tree):
    from django.contrib.auth.models import AnonymousUser

    from webkit.menu import items_for

    assert "showcase:list" in [i["url_name"] for i in items_for(AnonymousUser())]
