"""In Chromium, on today's units: the city leader finds a doubted figure of today's Phường Đông
Ngạc under Số liệu → Số liệu cần theo dõi, opens it, answers and clears the mark."""

import pytest

from accounts.system import system_actor
from stats import services
from stats.models import DataValue, ValueComment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_leader_reaches_a_doubted_figure_from_the_menu_and_clears_it(login, tree, form6, el):
    sub = services.submission_open(data_set=form6, period="2026H1", unit=tree["dongngac"], by=system_actor())
    element = el("RECOMMENDATIONS_RAISED")
    services.value_set(submission=sub, element=element, value="12", by=system_actor())
    services.value_follow_up(
        submission=sub, element=element, flag=True, comment="Kiểm tra lại số này.", by=system_actor()
    )

    page = login("city_leader")
    page.click("[data-testid=menu-stats] .dropdown-toggle")
    page.click("[data-testid=menu-stats] .dropdown-menu a:has-text('Số liệu cần theo dõi')")
    page.locator("[data-testid=follow-ups-table]").get_by_role("link", name=element.name).click()
    assert "Kiểm tra lại số này." in page.inner_text("[data-testid=thread-comments]")
    page.fill("#id_text", "Đã đối chiếu sổ theo dõi: đúng 12.")
    page.click("[data-testid=thread-comment]")
    page.locator("[data-testid=thread-comments]").get_by_text("đúng 12").wait_for()
    page.click("[data-testid=thread-unflag]")
    page.locator("[data-testid=thread-flag]").get_by_text("Chưa đánh dấu").wait_for()
    row = DataValue.objects.get(submission=sub, element=element)
    assert not row.follow_up and ValueComment.objects.filter(value=row).count() == 2
