"""A ward clerk submits a form; the district reviewer sees the bell count, opens the notice from
the inbox and lands on the form."""

import pytest
from django.urls import reverse

from stats.models import DataSet, Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_reviewer_sees_the_bell_count_and_opens_the_notice_of_a_submitted_form(login, browser_page, tree):
    page = browser_page
    form = DataSet.objects.get(code="BC_DV_6T")
    login("ward_clerk")
    page.goto(reverse("stats:entry", args=[form.pk, "2024H1", tree["conhue1"].pk]))
    page.click("[data-testid=submit-form]")
    page.wait_for_selector("[data-testid=status]:has-text('Đã gửi')")
    submission = Submission.objects.get(unit=tree["conhue1"], period="2024H1")
    # The clerk who acted is not told of their own submission.
    page.goto("/")
    assert page.get_attribute("[data-testid=notification-unread]", "data-unread") == "0"

    page.context.clear_cookies()
    login("district_reviewer")
    page.goto("/")
    assert page.get_attribute("[data-testid=notification-unread]", "data-unread") == "1"
    assert page.inner_text("[data-testid=notification-count]").strip() == "1"
    page.click("[data-testid=notification-bell]")
    page.wait_for_selector("[data-testid=inbox]")
    notice = page.locator("[data-testid=notice]").first
    assert "Phường Cổ Nhuế 1" in notice.inner_text()
    notice.locator("[data-testid=notice-open]").click()
    page.wait_for_url(f"**{reverse('stats:submission', args=[submission.pk])}")
    # Read now: the bell has no count any more.
    assert page.get_attribute("[data-testid=notification-unread]", "data-unread") == "0"
    assert page.locator("[data-testid=notification-count]").count() == 0
