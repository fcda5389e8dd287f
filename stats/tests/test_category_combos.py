"""Disaggregations as a cross-product of categories (DHIS2's category combos): the options are
generated from the categories' items, regenerating keeps the options that hold data, values are
entered on the combined options and read back by one category's item."""

import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.system import system_actor
from stats import selectors, services
from stats.models import Category, CategoryCombo, CategoryOption, DataElement, DataValue, Section, SectionElement

pytestmark = pytest.mark.django_db

KINDS = [("PERIODIC", "Định kỳ"), ("AD_HOC", "Đột xuất")]
HOSTS = [("SECRETARY", "Bí thư chủ trì"), ("CHAIR", "Chủ tịch chủ trì")]
LEVELS = [("COMMUNE", "cấp xã"), ("DISTRICT", "cấp huyện"), ("PROVINCE", "cấp tỉnh")]


@pytest.fixture
def categories():
    by = system_actor()
    return [
        services.category_define(code="T_KIND", name="Hình thức", items=KINDS, by=by),
        services.category_define(code="T_HOST", name="Chủ trì", items=HOSTS, by=by),
        services.category_define(code="T_LEVEL", name="Cấp", items=LEVELS, by=by),
    ]


@pytest.fixture
def combo(categories):
    return services.combo_define(code="T_KIND_HOST_LEVEL", name="Đối thoại", categories=categories, by=system_actor())


def test_the_options_are_the_cross_product_named_and_coded_by_their_items(combo):
    options = list(combo.options.order_by("sort_order"))
    crossed = list(itertools.product(KINDS, HOSTS, LEVELS))
    assert len(options) == len(KINDS) * len(HOSTS) * len(LEVELS)
    assert [o.code for o in options] == ["_".join(code for code, _ in parts) for parts in crossed]
    assert [o.name for o in options] == [", ".join(name for _, name in parts) for parts in crossed]
    first = options[0]
    assert first.name == "Định kỳ, Bí thư chủ trì, cấp xã"
    assert sorted(first.items.values_list("code", flat=True)) == sorted(["PERIODIC", "SECRETARY", "COMMUNE"])


def test_defining_again_changes_nothing(combo):
    before = dict(combo.options.values_list("pk", "code"))
    again = services.combo_define(
        code=combo.code, name=combo.name, categories=["T_KIND", "T_HOST", "T_LEVEL"], by=system_actor()
    )
    assert dict(again.options.values_list("pk", "code")) == before


@pytest.fixture
def element(combo, form6):
    element = DataElement.objects.create(code="T_DIALOGUES", name="Đối thoại (thử)", combo=combo)
    section = Section.objects.filter(data_set=form6).first()
    SectionElement.objects.create(section=section, element=element, sort_order=99)
    return element


@pytest.fixture
def sub(tree, form6, element):
    return services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())


def _set(sub, element, code, value):
    option = CategoryOption.objects.get(combo=element.combo, code=code)
    return services.value_set(submission=sub, element=element, option=option, value=value, by=system_actor())


def test_regenerating_keeps_options_with_data_and_refuses_to_remove_them(sub, element, categories):
    kind, host, level = categories
    _set(sub, element, "PERIODIC_SECRETARY_COMMUNE", 3)
    kept = CategoryOption.objects.get(combo=element.combo, code="PERIODIC_SECRETARY_COMMUNE")
    # A new level: the options grow, the one with data is the same row with the same value.
    services.category_define(code="T_LEVEL", name="Cấp", items=[*LEVELS, ("CENTRAL", "trung ương")], by=system_actor())
    assert element.combo.options.count() == len(KINDS) * len(HOSTS) * (len(LEVELS) + 1)
    assert DataValue.objects.get(submission=sub, element=element, option=kept).value == 3
    # Dropping the level category would remove the options that hold the 3 dialogues: refused.
    with pytest.raises(ValidationError) as refused:
        services.combo_define(code=element.combo.code, name="Đối thoại", categories=[kind, host], by=system_actor())
    assert "Định kỳ, Bí thư chủ trì, cấp xã" in str(refused.value)
    assert element.combo.options.filter(pk=kept.pk).exists()
    assert [c.code for c in element.combo.category_list()] == ["T_KIND", "T_HOST", "T_LEVEL"]
    # Removing an item no option with data crosses is allowed: its options go.
    services.category_define(code="T_LEVEL", name="Cấp", items=LEVELS[:1], by=system_actor())
    assert element.combo.options.count() == len(KINDS) * len(HOSTS)
    assert element.combo.options.filter(pk=kept.pk).exists()
    # Removing the item the data crosses is refused.
    with pytest.raises(ValidationError):
        services.category_define(code="T_LEVEL", name="Cấp", items=LEVELS[1:], by=system_actor())
    assert element.combo.options.filter(pk=kept.pk).exists()


def test_a_flat_option_list_is_linked_to_items_of_the_same_code_without_losing_data(tree, form6, el):
    dialogues = el("DIALOGUES_BY_KIND")
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    periodic = dialogues.combo.options.get(code="PERIODIC")
    services.value_set(submission=sub, element=dialogues, option=periodic, value=5, by=system_actor())
    combo = services.combo_define(
        code=dialogues.combo.code, name=dialogues.combo.name, categories=["DIALOGUE_KIND"], by=system_actor()
    )
    assert combo.options.get(code="PERIODIC").pk == periodic.pk
    assert DataValue.objects.get(submission=sub, element=dialogues, option=periodic).value == 5


def test_totals_by_one_categorys_item_across_the_others(sub, element, tree, form6):
    figures = {
        "PERIODIC_SECRETARY_COMMUNE": 3,
        "PERIODIC_CHAIR_DISTRICT": 2,
        "AD_HOC_SECRETARY_PROVINCE": 4,
        "AD_HOC_CHAIR_COMMUNE": 1,
    }
    for code, value in figures.items():
        _set(sub, element, code, value)
    other = services.submission_open(data_set=form6, period="2024H1", unit=tree["dongngac_old"], by=system_actor())
    _set(other, element, "PERIODIC_CHAIR_COMMUNE", 6)
    entered = [*figures.items(), ("PERIODIC_CHAIR_COMMUNE", 6)]
    crossing = {o.code: {i.code for i in o.items.all()} for o in element.combo.options.prefetch_related("items")}

    result = selectors.aggregate_by_item(element.code, tree["btl"], "2024H1", include_unapproved=True)
    assert [c.code for c in result] == ["T_KIND", "T_HOST", "T_LEVEL"]
    for category in result:
        for item in category.items:
            expected = sum(v for code, v in entered if item.code in crossing[code])
            assert item.value == (Decimal(expected) if expected else None), (category.code, item.code)
    total = selectors.aggregate(element.code, tree["btl"], "2024H1", include_unapproved=True)
    kinds = {i.code: i.value for i in result[0].items}
    assert kinds["PERIODIC"] + kinds["AD_HOC"] == total
    # Nothing approved yet: the approved-only figures are empty.
    approved = selectors.aggregate_by_item(element.code, tree["btl"], "2024H1")
    assert all(item.value is None for category in approved for item in category.items)


def test_an_element_without_categories_has_no_item_totals(tree, el):
    assert selectors.aggregate_by_item("DIALOGUE_PARTICIPANTS", tree["btl"], "2024H1") == []


def test_only_a_catalogue_administrator_defines_combinations(personas, categories):
    with pytest.raises(PermissionDenied):
        services.combo_define(code="T_X", name="x", categories=categories[:1], by=personas["ward_clerk"])
    with pytest.raises(PermissionDenied):
        services.category_define(code="T_Y", name="y", items=KINDS, by=personas["district_reviewer"])
    combo = services.combo_define(code="T_X", name="x", categories=categories[:1], by=personas["admin"])
    assert combo.options.count() == len(KINDS)


def test_the_standard_catalogue_ships_the_kind_of_dialogue_crossed_with_its_host():
    kind = Category.objects.get(code="DIALOGUE_KIND")
    assert list(kind.items.values_list("code", "name")) == [("PERIODIC", "Định kỳ"), ("AD_HOC", "Đột xuất")]
    combo = CategoryCombo.objects.get(code="DIALOGUE_KIND_HOST")
    assert [c.code for c in combo.category_list()] == ["DIALOGUE_KIND", "DIALOGUE_HOST"]
    assert sorted(combo.options.values_list("code", flat=True)) == sorted(
        ["PERIODIC_PARTY", "PERIODIC_GOVERNMENT", "AD_HOC_PARTY", "AD_HOC_GOVERNMENT"]
    )
    # The one-category combinations already in use keep their options, now linked to the items.
    by_kind = CategoryCombo.objects.get(code="DIALOGUE_KIND")
    assert {o.code: [i.code for i in o.items.all()] for o in by_kind.options.filter(unclassified=False)} == {
        "PERIODIC": ["PERIODIC"],
        "AD_HOC": ["AD_HOC"],
    }


@pytest.fixture
def two_way(categories, form6):
    combo = services.combo_define(code="T_KIND_HOST", name="Đối thoại", categories=categories[:2], by=system_actor())
    element = DataElement.objects.create(code="T_DIALOGUES_2", name="Đối thoại hai chiều (thử)", combo=combo)
    section = Section.objects.filter(data_set=form6).first()
    SectionElement.objects.create(section=section, element=element, sort_order=99)
    return element


def test_the_entry_page_shows_two_crossed_categories_as_a_grid_that_saves_each_cell(client_as, tree, form6, two_way):
    from django.urls import reverse

    client = client_as("ward_clerk")
    url = reverse("stats:entry_value", args=[form6.pk, "2024H1", tree["conhue1"].pk])
    cell = two_way.combo.options.get(code="AD_HOC_CHAIR")
    assert client.post(url, {"element": two_way.pk, "option": cell.pk, "value": "7"}).status_code == 200
    assert selectors.aggregate(
        two_way.code, tree["conhue1"], "2024H1", option_code="AD_HOC_CHAIR", include_unapproved=True
    ) == Decimal(7)

    page = client.get(reverse("stats:entry", args=[form6.pk, "2024H1", tree["conhue1"].pk])).content.decode()
    grid = page[page.index('data-testid="entry-grid"') :]
    grid = grid[: grid.index("</table>")]
    rows = grid.split('<th scope="row"')[1:]
    assert [row[row.index(">") + 1 : row.index("</th>")] for row in rows] == [name for _, name in KINDS]
    for _, host_name in HOSTS:
        assert f">{host_name}</th>" in grid
    # Every crossed option has its cell, the entered one shows its value, and no option is listed twice.
    for option in two_way.combo.options.all():
        assert grid.count(f'id="v-{two_way.pk}-{option.pk}"') == 1
        assert page.count(f'id="v-{two_way.pk}-{option.pk}"') == 1
    assert f'id="v-{two_way.pk}-{cell.pk}" name="value" value="7"' in grid


def test_a_single_category_combination_stays_a_list(tree, form6):
    lines = [
        line
        for section in selectors.form_layout(form6, None, unit=tree["conhue1"], period="2024H1")
        for line in section.lines
    ]
    by_kind = [line for line in lines if line.element.code == "DIALOGUES_BY_KIND"]
    assert by_kind[0].is_header and by_kind[0].grid is None
    assert [line.option.code for line in by_kind[1:]] == ["PERIODIC", "AD_HOC"]


def test_crossing_categories_in_the_admin_site_generates_the_options(admin_client, categories):
    from django.urls import reverse

    assert admin_client.get(reverse("admin:stats_category_changelist")).status_code == 200
    response = admin_client.post(
        reverse("admin:stats_categorycombo_add"),
        {
            "code": "T_ADMIN",
            "name": "Đối thoại (quản trị)",
            "combo_categories-TOTAL_FORMS": "2",
            "combo_categories-INITIAL_FORMS": "0",
            "combo_categories-0-category": categories[0].pk,
            "combo_categories-0-sort_order": "1",
            "combo_categories-1-category": categories[2].pk,
            "combo_categories-1-sort_order": "2",
            "options-TOTAL_FORMS": "0",
            "options-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    combo = CategoryCombo.objects.get(code="T_ADMIN")
    assert sorted(combo.options.values_list("code", flat=True)) == sorted(
        f"{kind}_{level}" for kind, _ in KINDS for level, _ in LEVELS
    )
    assert admin_client.get(reverse("admin:stats_categorycombo_change", args=[combo.pk])).status_code == 200


def test_the_catalogue_page_names_the_categories_a_combination_crosses(client_as):
    from django.urls import reverse

    page = client_as("ward_clerk").get(reverse("stats:catalogue")).content.decode()
    line = page[page.index('data-testid="combo-DIALOGUE_KIND_HOST"') :]
    line = line[: line.index("</li>")]
    assert "(Hình thức đối thoại × Chủ trì đối thoại)" in line
    assert "Định kỳ, Cấp ủy chủ trì" in line
