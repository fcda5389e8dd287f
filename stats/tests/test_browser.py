"""A ward clerk enters and submits; the district reviewer returns it with a reason; the clerk
fixes and resubmits; the reviewer approves; the district total changes at once."""

import pytest
from django.urls import reverse

from stats.models import DataElement, Submission

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _type(page, element, value, outcome="data-saved"):
    """Type into a field and wait for its autosave answer."""
    feedback = f"#fb-{element.pk}-0"
    page.evaluate(f"document.querySelector('{feedback}').innerHTML = ''")
    page.fill(f"#v-{element.pk}-0", value)
    page.wait_for_selector(f"{feedback} [{outcome}]")


def test_clerk_submits_reviewer_returns_clerk_fixes_reviewer_approves(login, browser_page, tree, form6):
    page = browser_page
    raised = DataElement.objects.get(code="RECOMMENDATIONS_RAISED")
    resolved = DataElement.objects.get(code="RECOMMENDATIONS_RESOLVED")
    entry = reverse("stats:entry", args=[form6.pk, "2024H1", tree["conhue1"].pk])
    totals = reverse("stats:aggregates") + f"?data_set={form6.pk}&period=2024H1&unit={tree['btl'].pk}"

    login("ward_clerk")
    page.goto(entry)
    _type(page, raised, "40")
    _type(page, resolved, "45", "data-field-error")  # more resolved than raised: refused, naming the field
    assert "Số kiến nghị đã giải quyết" in page.inner_text(f"#fb-{resolved.pk}-0")
    assert page.input_value(f"#v-{raised.pk}-0") == "40"  # nothing else lost
    _type(page, resolved, "30")
    page.click("[data-testid=submit-form]")
    page.wait_for_selector("[data-testid=status]:has-text('Đã gửi')")
    submission = Submission.objects.get(unit=tree["conhue1"], period="2024H1")

    page.context.clear_cookies()
    login("district_reviewer")
    page.goto(totals)
    assert page.inner_text(f"[data-testid=value-{raised.code}]").strip() == ""
    page.goto(reverse("stats:submission", args=[submission.pk]))
    page.fill("[data-testid=return-reason-input]", "Số kiến nghị đã giải quyết chưa khớp biên bản")
    page.click("[data-testid=return]")
    page.wait_for_selector("[data-testid=status]:has-text('Trả lại')")

    page.context.clear_cookies()
    login("ward_clerk")
    page.goto(entry)
    assert "chưa khớp biên bản" in page.inner_text("[data-testid=return-reason]")
    _type(page, resolved, "35")
    page.click("[data-testid=submit-form]")
    page.wait_for_selector("[data-testid=status]:has-text('Đã gửi')")

    page.context.clear_cookies()
    login("district_reviewer")
    page.goto(reverse("stats:submission", args=[submission.pk]))
    page.click("[data-testid=approve]")
    page.wait_for_selector("[data-testid=status]:has-text('Đã duyệt')")
    page.goto(totals)
    assert page.inner_text(f"[data-testid=value-{raised.code}]").strip() == "40"
    assert page.inner_text(f"[data-testid=value-{resolved.code}]").strip() == "35"
    assert "87,5%" in page.inner_text("[data-testid=rates]")


def test_clerk_opens_a_form_from_the_menu_with_the_chooser(login, browser_page, tree, form6):
    page = browser_page
    login("ward_clerk")
    page.goto("/")
    page.click("[data-testid=menu-stats] .dropdown-toggle")
    page.click("[data-testid=menu-stats] .dropdown-menu >> text=Nhập số liệu")
    page.wait_for_selector("[data-testid=open-form]")
    page.select_option("#id_data_set", str(form6.pk))
    page.select_option("#id_period", "2024H1")
    page.fill("#id_unit_text", "co nhue 1")  # the unit picker
    page.locator("#id_unit_listbox [role=option]", has_text="Phường Cổ Nhuế 1").first.click()
    page.click("[data-testid=open-form]")
    page.wait_for_url(f"**{reverse('stats:entry', args=[form6.pk, '2024H1', tree['conhue1'].pk])}")
    assert "Hãy chọn một lựa chọn hợp lệ" not in page.content()
    raised = DataElement.objects.get(code="RECOMMENDATIONS_RAISED")
    assert page.is_visible(f"#v-{raised.pk}-0")
