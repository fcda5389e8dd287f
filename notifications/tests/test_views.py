"""The inbox, the bell, opening and marking notices read, and the settings page."""

import pytest

from lib.events import EventKind
from notifications import services
from notifications.models import EmailMode, Notification, NotificationPreference

pytestmark = pytest.mark.django_db


def _notice(user, n, *, link="/thong-ke/", unit=None):
    return Notification.objects.create(
        recipient=user, kind=EventKind.FORM_SUBMITTED, title=f"Thông báo số {n}", link=link, unit=unit, key=f"k{n}"
    )


def test_the_inbox_lists_only_ones_own_notices_in_pages_with_a_bounded_number_of_queries(
    tree, personas, client_as, django_assert_max_num_queries
):
    for n in range(30):
        _notice(personas["district_reviewer"], n, unit=tree["conhue1"])
    _notice(personas["outsider"], 99)
    client = client_as("district_reviewer")
    with django_assert_max_num_queries(12):
        response = client.get("/thong-bao/")
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count('data-testid="notice"') == 25  # one page
    assert "Thông báo số 29" in text and "Thông báo số 99" not in text
    second = client.get("/thong-bao/?page=2").content.decode()
    assert second.count('data-testid="notice"') == 5


def test_the_bell_shows_the_unread_count(personas, client_as):
    for n in range(3):
        _notice(personas["ward_clerk"], n)
    services.mark_read(notification=Notification.objects.first(), by=personas["ward_clerk"])
    response = client_as("ward_clerk").get("/thong-bao/chuong/", headers={"HX-Request": "true"})
    assert 'data-testid="notification-count">2<' in response.content.decode()
    assert 'data-testid="notification-count"' not in client_as("ward_head").get("/thong-bao/chuong/").content.decode()


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(personas, client_as):
    notice = _notice(personas["ward_clerk"], 1, link="/thong-ke/bao-cao/7/")
    response = client_as("ward_clerk").post(f"/thong-bao/{notice.pk}/mo/")
    assert response.status_code == 302 and response["Location"] == "/thong-ke/bao-cao/7/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_notice_pointing_elsewhere_opens_the_inbox_instead(personas, client_as):
    notice = _notice(personas["ward_clerk"], 1, link="https://example.com/lua-dao")
    response = client_as("ward_clerk").post(f"/thong-bao/{notice.pk}/mo/")
    assert response["Location"] == "/thong-bao/"


def test_somebody_elses_notice_is_not_found(personas, client_as):
    notice = _notice(personas["ward_clerk"], 1)
    assert client_as("ward_head").post(f"/thong-bao/{notice.pk}/mo/").status_code == 404
    assert client_as("ward_head").post(f"/thong-bao/{notice.pk}/da-doc/").status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_every_notice_read(personas, client_as):
    for n in range(3):
        _notice(personas["ward_clerk"], n)
    other = _notice(personas["ward_head"], 9)
    client_as("ward_clerk").post("/thong-bao/da-doc-tat-ca/")
    assert not Notification.objects.filter(recipient=personas["ward_clerk"], read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_the_settings_page_saves_ones_choices(personas, client_as):
    from notifications.models import Kind

    data = {}
    for kind in Kind.values:
        data[f"{kind}-in_app"] = "on"
        data[f"{kind}-email"] = EmailMode.DIGEST
    data[f"{EventKind.REPORT_ISSUED}-in_app"] = ""
    data[f"{EventKind.REPORT_ISSUED}-email"] = EmailMode.IMMEDIATE
    response = client_as("city_leader").post("/thong-bao/cai-dat/", data)
    assert response.status_code == 302
    # Only the kind changed from the defaults gets a row.
    pref = NotificationPreference.objects.get(user=personas["city_leader"])
    assert (pref.kind, pref.in_app, pref.email) == (EventKind.REPORT_ISSUED, False, EmailMode.IMMEDIATE)
    page = client_as("city_leader").get("/thong-bao/cai-dat/").content.decode()
    assert 'value="immediate" selected' in page


def test_the_navigation_bar_has_the_bell_for_signed_in_people_only(client_as):
    assert 'data-testid="notification-bell"' in client_as("ward_clerk").get("/thong-bao/").content.decode()
    assert 'data-testid="notification-bell"' not in client_as("anonymous").get("/tai-khoan/dang-nhap/").content.decode()
