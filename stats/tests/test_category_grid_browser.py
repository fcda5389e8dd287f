"""A ward clerk enters dialogues split by kind × who chaired them in the grid of the entry page:
each cell saves its own option and the element's total follows."""

import pytest
from django.urls import reverse

from accounts.system import system_actor
from stats import selectors, services
from stats.models import DataElement, Section, SectionElement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_fills_the_grid_and_the_total_follows(login, browser_page, tree, form6):
    page = browser_page
    combo = services.combo_define(
        code="T_GRID", name="Đối thoại", categories=["DIALOGUE_KIND", "DIALOGUE_HOST"], by=system_actor()
    )
    element = DataElement.objects.create(code="T_GRID_DIALOGUES", name="Đối thoại (lưới)", combo=combo)
    SectionElement.objects.create(section=Section.objects.filter(data_set=form6).first(), element=element)
    typed = {"PERIODIC_PARTY": "2", "AD_HOC_GOVERNMENT": "5"}

    login("ward_clerk")
    page.goto(reverse("stats:entry", args=[form6.pk, "2024H1", tree["conhue1"].pk]))
    page.wait_for_selector("[data-testid=entry-grid]")
    for code, value in typed.items():
        option = combo.options.get(code=code)
        page.fill(f"#v-{element.pk}-{option.pk}", value)
        page.wait_for_selector(f"#fb-{element.pk}-{option.pk} [data-saved]")
    expected = sum(int(v) for v in typed.values())
    page.wait_for_selector(f"#total-{element.pk}:has-text('{expected}')")
    for code, value in typed.items():
        stored = selectors.aggregate(element.code, tree["conhue1"], "2024H1", option_code=code, include_unapproved=True)
        assert stored == int(value)
