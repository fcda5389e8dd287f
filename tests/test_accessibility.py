"""Accessibility in a real browser: axe-core (vendored under static/vendor/axe-core, test-only) finds
no serious or critical WCAG 2.1 A/AA violation on the main pages; the skip link, the unit picker
and the statistics form on a phone work as they should."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from accounts.system import system_actor
from initiatives.tests.conftest import fields, make_initiative  # noqa: F401 (fixtures)
from reports.tests.conftest import bodies  # noqa: F401  (the shared issuing bodies fixture)
from stats.tests.conftest import catalogue, form6  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
assert AXE.exists(), "axe-core is vendored for these tests (see static/vendor/README.md)"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[str]:
    """Serious and critical violations on the page as it is now, one readable line each."""
    # Loaded from the site's own static files: the Content-Security-Policy refuses inline scripts.
    page.add_script_tag(url=static("vendor/axe-core/axe.min.js"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def report(tree, bodies):  # noqa: F811 (the imported fixture)
    """A district's year report in draft, under the issuing body the reports tests use."""
    from reports import services

    return services.report_draft(by=system_actor(), kind="year", unit=tree["btl"], body=bodies["party"], year=2024)


def test_the_main_pages_have_no_serious_accessibility_violations(
    browser_page,
    login,
    tree,
    personas,
    make_initiative,  # noqa: F811 (fixture imported above)
    form6,  # noqa: F811
    report,
):
    initiative = make_initiative(status="proposed")
    page = browser_page
    problems = {}

    page.goto(reverse("accounts:login"))
    problems["sign-in"] = axe_violations(page)

    login("ward_clerk")
    pages = {
        "home": reverse("home"),
        "initiative list": reverse("initiatives:list"),
        "initiative detail": reverse("initiatives:detail", args=[initiative.pk]),
        "statistics entry": reverse("stats:entry", args=[form6.pk, "2024H1", tree["conhue1"].pk]),
        "dashboard": reverse("dashboard:index"),
    }
    for name, url in pages.items():
        page.goto(url)
        problems[name] = axe_violations(page)

    page.context.clear_cookies()
    login("district_reviewer")
    for name, url in {
        "approvals": reverse("stats:approvals"),
        "initiative review list": reverse("initiatives:list"),
        "report editor": reverse("reports:detail", args=[report.pk]),
    }.items():
        page.goto(url)
        problems[name] = axe_violations(page)

    found = {name: lines for name, lines in problems.items() if lines}
    assert not found, "\n".join(f"{name}: {line}" for name, lines in found.items() for line in lines)


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(login):
    page = login("ward_clerk")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Bỏ qua đến nội dung chính"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_the_unit_picker_works_with_the_keyboard(login, tree):
    page = login("admin")
    page.goto(reverse("dashboard:index"))
    box = page.locator("#id_unit_text")
    box.fill("ha noi")
    page.locator("#id_unit_listbox [role=option]").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    options = page.locator("#id_unit_listbox [role=option]").all_inner_texts()
    # The two "Thành phố Hà Nội" are told apart by their validity, never by dashes.
    hanoi = [o for o in options if o.startswith("Thành phố Hà Nội")]
    assert len(hanoi) == 2 and any("đến 30/06/2025" in o for o in hanoi)
    box.press("ArrowDown")
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    box.press("Enter")
    assert box.get_attribute("aria-expanded") == "false"
    chosen = page.input_value("#id_unit")
    assert chosen in (str(tree["hanoi"].pk), str(tree["hanoi_old"].pk))
    box.fill("quang")
    page.locator("#id_unit_listbox [role=option]").first.wait_for()
    box.press("Escape")
    assert page.locator("#id_unit_listbox").is_hidden()


def test_the_statistics_form_reads_well_on_a_phone(login, tree, form6, tmp_path):  # noqa: F811
    page = login("ward_clerk")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("stats:entry", args=[form6.pk, "2024H1", tree["conhue1"].pk]))
    page.screenshot(path=str(tmp_path / "entry-390.png"), full_page=True)
    # Indicator names keep several words on a line: no name cell is squeezed narrower than
    # 40% of the screen, and the page never scrolls sideways.
    widths = page.eval_on_selector_all(
        "[data-testid=entry-name]", "cells => cells.map(c => c.getBoundingClientRect().width)"
    )
    assert widths and min(widths) >= 390 * 0.4
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_file_input_shows_vietnamese_texts(login, make_initiative):  # noqa: F811
    initiative = make_initiative(status="registered")
    page = login("ward_clerk")
    page.goto(reverse("initiatives:detail", args=[initiative.pk]))
    picker = page.locator(".file-picker").first
    picker.wait_for()
    assert re.search("Chọn tệp", picker.inner_text())
    assert "Chưa chọn tệp nào" in picker.inner_text()
