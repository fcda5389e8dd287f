"""The follow-up of a doubted figure on pages: the reviewer opens a figure from the form, marks it
and comments; the clerk finds it under "Số liệu cần theo dõi" in the menu, answers, and the
reviewer clears the mark. Refusals keep what was typed and change nothing."""

import pytest
from django.urls import reverse

from accounts.system import system_actor
from stats import services
from stats.models import DataValue, ValueComment

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(tree, form6, el):
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    services.value_set(submission=sub, element=el("RECOMMENDATIONS_RAISED"), value="7", by=system_actor())
    return sub


def _thread_url(sub, element):
    return reverse("stats:value_thread", args=[sub.pk, element.pk])


def test_a_reviewer_marks_a_figure_and_the_clerk_finds_it_from_the_menu(client_as, submitted, el):
    reviewer, clerk = client_as("district_reviewer"), client_as("ward_clerk")
    form_page = reviewer.get(reverse("stats:submission", args=[submitted.pk])).content.decode()
    url = _thread_url(submitted, el("RECOMMENDATIONS_RAISED"))
    assert url in form_page  # reached from the form, not typed
    response = reviewer.post(url, {"flag": "1", "text": "Số kiến nghị cao bất thường, đề nghị kiểm tra."})
    assert response.status_code == 302, [str(m) for m in response.context["messages"]]
    row = DataValue.objects.get(submission=submitted, element=el("RECOMMENDATIONS_RAISED"))
    assert row.follow_up and row.value == 7
    assert list(ValueComment.objects.filter(value=row).values_list("text", flat=True)) == [
        "Số kiến nghị cao bất thường, đề nghị kiểm tra."
    ]

    menu = clerk.get(reverse("stats:entry_list")).content.decode()
    assert reverse("stats:follow_ups") in menu and "Số liệu cần theo dõi" in menu
    listing = clerk.get(reverse("stats:follow_ups")).content.decode()
    assert url in listing and el("RECOMMENDATIONS_RAISED").name in listing
    clerk.post(url, {"text": "Đã kiểm tra: đúng 7 kiến nghị."})
    page = reviewer.get(url).content.decode()
    assert "Đã kiểm tra: đúng 7 kiến nghị." in page and "cao bất thường" in page
    reviewer.post(url, {"flag": "0"})
    row.refresh_from_db()
    assert not row.follow_up
    assert url not in clerk.get(reverse("stats:follow_ups")).content.decode()


def test_an_empty_comment_is_refused_with_a_message(client_as, submitted, el):
    url = _thread_url(submitted, el("RECOMMENDATIONS_RAISED"))
    page = client_as("ward_clerk").post(url, {"text": "   "}).content.decode()
    assert "Vui lòng" in page or "nhập" in page.lower()
    assert not ValueComment.objects.exists()


def test_someone_who_may_only_read_sees_no_form_and_is_refused(client_as, submitted, el):
    client = client_as("admin")  # sees every unit, enters and reviews none
    url = _thread_url(submitted, el("RECOMMENDATIONS_RAISED"))
    page = client.get(url).content.decode()
    assert 'data-testid="thread-form"' not in page
    response = client.post(url, {"text": "Ý kiến của tôi"})
    assert response.status_code == 200 and "không được trao đổi" in response.content.decode()
    assert not ValueComment.objects.exists()


def test_the_follow_up_list_stays_in_the_users_scope(client_as, tree, submitted, el, form6):
    services.value_follow_up(submission=submitted, element=el("RECOMMENDATIONS_RAISED"), flag=True, by=system_actor())
    outside = services.submission_open(data_set=form6, period="2024H1", unit=tree["quangan"], by=system_actor())
    services.value_set(submission=outside, element=el("RECOMMENDATIONS_RAISED"), value="3", by=system_actor())
    services.value_follow_up(submission=outside, element=el("RECOMMENDATIONS_RAISED"), flag=True, by=system_actor())
    listing = client_as("district_reviewer").get(reverse("stats:follow_ups")).content.decode()
    assert _thread_url(submitted, el("RECOMMENDATIONS_RAISED")) in listing
    assert _thread_url(outside, el("RECOMMENDATIONS_RAISED")) not in listing


def test_the_follow_up_list_comes_out_as_a_sheet_with_the_figure(client_as, submitted, el):
    import io

    from openpyxl import load_workbook

    services.value_follow_up(submission=submitted, element=el("RECOMMENDATIONS_RAISED"), flag=True, by=system_actor())
    response = client_as("district_reviewer").get(reverse("stats:follow_ups_export") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["Đơn vị", "Biểu mẫu", "Kỳ báo cáo", "Chỉ tiêu"]
    assert rows[1][0] == "Phường Cổ Nhuế 1" and rows[1][3] == el("RECOMMENDATIONS_RAISED").name
    assert rows[1][4] == 7
