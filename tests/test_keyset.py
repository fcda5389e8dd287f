"""Keyset pagination on the large lists: the pages follow the list's order across pages with
neither OFFSET nor gaps, in a bounded number of queries, and numbered pages still work."""

from django.urls import reverse

from lib import keyset


def _add_initiatives(tree, count):
    from initiatives.models import Field, Initiative

    field = Field.objects.first()
    Initiative.objects.bulk_create(
        [
            Initiative(
                name=f"Mô hình {i:03d}", unit=tree["conhue1"], year=2015 + i % 8, field=field, status="implementing"
            )
            for i in range(count)
        ]
    )


def _walk(client, url, params, *, key="after"):
    """Follow the › links from the first page; the names of each page and the SQL of each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages, queries, query = [], [], dict(params)
    while True:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, query)
        assert response.status_code == 200
        pages.append([obj.pk for obj in response.context["page"].object_list])
        queries.append([q["sql"] for q in ctx.captured_queries])
        page = response.context["page"]
        if not page.has_next:
            return pages, queries, response
        assert page.next_cursor
        query = {**params, key: page.next_cursor}


def test_initiative_pages_follow_the_lists_order_without_offset_or_gaps(client_as, tree):
    from initiatives.models import Initiative

    _add_initiatives(tree, 60)
    client = client_as("admin")
    pages, queries, last = _walk(client, reverse("initiatives:list"), {})
    expected = list(Initiative.objects.order_by("-year", "-pk").values_list("pk", flat=True))
    listed = [pk for page in pages for pk in page]
    assert listed == expected and len(set(listed)) == 60
    assert [len(p) for p in pages] == [25, 25, 10]
    # each page in the list's own order, and no page reads past rows with OFFSET
    assert all(" OFFSET " not in sql.upper() for qs in queries[1:] for sql in qs)
    assert len(queries[1]) == len(queries[2])  # a deep page costs what the second does
    # back from the last page: the ‹ link gives the page before it
    back = client.get(reverse("initiatives:list"), {"before": last.context["page"].previous_cursor})
    assert [obj.pk for obj in back.context["page"].object_list] == pages[1]
    # a numbered page still answers, with the same rows
    numbered = client.get(reverse("initiatives:list"), {"page": 2})
    assert [obj.pk for obj in numbered.context["page"].object_list] == pages[1]


def test_a_sort_by_name_pages_in_name_order(client_as, tree, personas):
    from initiatives.models import Initiative

    _add_initiatives(tree, 30)
    pages, _queries, _last = _walk(client_as("admin"), reverse("initiatives:list"), {"sort": "name"})
    expected = list(Initiative.objects.order_by("search_text", "pk").values_list("pk", flat=True))
    assert [pk for page in pages for pk in page] == expected


def test_submission_and_decision_lists_page_by_keyset(client_as, tree, personas):
    from accounts.system import system_actor
    from stats import services
    from stats.models import DataSet, Submission

    half, year_form = DataSet.objects.get(code="BC_DV_6T"), DataSet.objects.get(code="BC_DV_NAM")
    for year in range(2004, 2025):
        for unit in ("conhue1", "dongngac_old"):
            services.submission_open(data_set=half, period=f"{year}H1", unit=tree[unit], by=system_actor())
            services.submission_open(data_set=year_form, period=str(year), unit=tree[unit], by=system_actor())
    client = client_as("ward_clerk")
    pages, queries, _last = _walk(client, reverse("stats:entry_list"), {})
    mine = Submission.objects.filter(unit=tree["conhue1"]).order_by("-period", "data_set__name", "pk")
    assert [pk for page in pages for pk in page] == list(mine.values_list("pk", flat=True))
    assert len(pages) == 2
    assert all(" OFFSET " not in sql.upper() for qs in queries[1:] for sql in qs)
    response = client_as("admin").get(reverse("initiatives:decision_list"))
    assert response.status_code == 200 and response.context["page"].keyset


def test_a_broken_cursor_gives_the_first_page():
    assert keyset.decode("not-a-cursor!") is None
    assert keyset.decode(keyset.encode(["2024H1", "000001.", 5], 3)) == (["2024H1", "000001.", 5], 3)
