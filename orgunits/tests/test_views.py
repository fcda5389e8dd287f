from django.urls import reverse

from accounts.system import system_actor
from orgunits.models import Level, UnitType
from orgunits.services import unit_create


def _add_groups(parent, count):
    level = Level.objects.get(code="grassroots")
    for i in range(count):
        unit_create(
            name=f"Tổ dân phố số {i}",
            unit_type=UnitType.RESIDENTIAL,
            level=level,
            parent=parent,
            valid_to=parent.valid_to,
            by=system_actor(),
        )


def test_tree_and_detail_pages_run_a_bounded_number_of_queries(tree, client_as, django_assert_max_num_queries):
    client = client_as("district_reviewer")
    urls = [
        reverse("orgunits:tree"),
        reverse("orgunits:tree") + f"?parent={tree['conhue1'].pk}&on=01/01/2024",
        reverse("orgunits:tree") + "?q=to+dan+pho&include_ended=on",
        reverse("orgunits:detail", args=[tree["conhue1"].pk]),
    ]
    _add_groups(tree["conhue1"], 3)
    small = {}
    for url in urls:
        with django_assert_max_num_queries(20) as ctx:
            assert client.get(url).status_code == 200
        small[url] = len(ctx.captured_queries)
    _add_groups(tree["conhue1"], 40)
    for url in urls:
        with django_assert_max_num_queries(small[url]) as ctx:
            assert client.get(url).status_code == 200


def test_search_ignores_accents_and_d_stroke(tree, client_as):
    response = client_as("admin").get(reverse("orgunits:tree"), {"q": "dong ngac", "include_ended": "on"})
    names = {u.pk for u in response.context["page"].object_list}
    assert names == {tree["dongngac"].pk, tree["dongngac_old"].pk}


def test_the_tree_as_of_a_date_shows_the_units_of_that_time(tree, client_as):
    client = client_as("admin")
    before = client.get(reverse("orgunits:tree"), {"parent": tree["vn"].pk, "on": "01/01/2024"})
    after = client.get(reverse("orgunits:tree"), {"parent": tree["vn"].pk, "on": "01/01/2026"})
    assert [u.pk for u in before.context["page"].object_list] == [tree["hanoi_old"].pk]
    assert [u.pk for u in after.context["page"].object_list] == [tree["hanoi"].pk]


def test_an_ended_units_page_shows_where_it_went(tree, client_as):
    response = client_as("city_leader").get(reverse("orgunits:detail", args=[tree["conhue1"].pk]))
    body = response.content.decode()
    assert "Đã chuyển thành" in body and "Phường Đông Ngạc" in body
    assert [u.pk for u in response.context["successors_today"]] == [tree["dongngac"].pk]


def test_a_reversed_date_keeps_what_was_typed(tree, client_as):
    response = client_as("admin").post(
        reverse("orgunits:edit", args=[tree["quangan"].pk]),
        {
            "name": "Tên mới đang gõ",
            "unit_type": "commune",
            "level": tree["quangan"].level_id,
            "valid_from": "01/01/2020",
            "valid_to": "01/01/2019",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ngày kết thúc trước ngày bắt đầu" in body
    assert 'value="Tên mới đang gõ"' in body
