"""Excel / CSV exports: every file is read back (openpyxl, csv) and checked for types, formats,
scope, filters, formula neutralization and a bounded number of queries."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.system import system_actor

HYPERLINK = '=HYPERLINK("http://example.invalid","bấm")'


@pytest.fixture
def make_initiative(tree):
    from initiatives import services
    from initiatives.models import Field

    field = Field.objects.order_by("order").first()

    def _make(name="Dân vận khéo xây dựng tuyến phố văn minh", unit="conhue1", year=2024, register=True, **extra):
        return services.initiative_create(
            by=system_actor(), unit=tree[unit], name=name, field=field, year=year, register=register, **extra
        )

    return _make


def xlsx(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def csv_rows(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def column(ws, label):
    """The cells below the header ``label``."""
    header = [c.value for c in ws[1]]
    index = header.index(label)
    return [row[index] for row in ws.iter_rows(min_row=2)]


def csv_column(rows, label):
    index = rows[0].index(label)
    return [r[index] for r in rows[1:]]


# ------------------------------------------------------------------------------- every page
def _pages(tree, form6):
    stats_query = f"data_set={form6.pk}&period=2024H1&unit={tree['btl'].pk}"
    return [
        ("initiatives:list", "initiatives:export", ""),
        ("initiatives:decision_list", "initiatives:decision_export", ""),
        ("awards:list", "awards:export", ""),
        ("awards:list", "awards:recipients_export", ""),
        ("stats:entry_list", "stats:submissions_export", ""),
        ("stats:approvals", "stats:approvals_export", ""),
        ("stats:follow_ups", "stats:follow_ups_export", ""),
        ("stats:completeness", "stats:completeness_export", stats_query),
        ("stats:aggregates", "stats:aggregates_export", stats_query),
        ("dashboard:index", "dashboard:export", f"unit={tree['btl'].pk}&year=2024"),
    ]


@pytest.fixture
def form6(db):
    from stats.models import DataSet

    return DataSet.objects.get(code="BC_DV_6T")


def test_every_list_page_offers_working_xlsx_and_csv_exports(client_as, tree, form6, make_initiative):
    make_initiative()
    client = client_as("district_reviewer")  # a reviewer sees every page, approvals included
    for page, export, query in _pages(tree, form6):
        page_url = reverse(page) + (f"?{query}" if query else "")
        html = client.get(page_url).content.decode()
        base = reverse(export)
        assert f'href="{base}?format=xlsx' in html, page
        assert f'href="{base}?format=csv' in html, page
        url = base + "?" + "&".join(p for p in (query,) if p)
        workbook = xlsx(client.get(url + "&format=xlsx"))
        for ws in workbook.worksheets:
            header = ws[1]
            assert header[0].value, (export, ws.title)
            assert all(c.font.name == "Times New Roman" and c.font.bold for c in header)
            assert ws.freeze_panes == "A2"
            assert ws.column_dimensions["A"].width >= 6
        rows = csv_rows(client.get(url + "&format=csv"))
        assert rows and rows[0][0], export


def test_the_export_buttons_carry_the_current_filters(client_as, tree):
    html = client_as("admin").get(reverse("initiatives:list") + "?year=2023&kind=model&page=2").content.decode()
    assert reverse("initiatives:export") + "?format=xlsx&amp;year=2023&amp;kind=model" in html


def test_an_unknown_format_is_not_found(client_as):
    assert client_as("admin").get(reverse("initiatives:export") + "?format=pdf").status_code == 404


def test_exports_need_a_signed_in_user(client_as):
    assert client_as("anonymous").get(reverse("initiatives:export")).status_code == 302


# ------------------------------------------------------------------------- types and formats
def _vi_label(model, name) -> str:
    from django.utils import translation
    from django.utils.text import capfirst

    with translation.override("vi"):
        return str(capfirst(model._meta.get_field(name).verbose_name))


def test_initiative_numbers_are_numbers_and_dates_are_dates(client_as, make_initiative):
    from initiatives.models import Initiative

    make_initiative(funding_social=1_500_000, workdays=1500, start_date=dt.date(2024, 3, 8), land_m2=Decimal("12.5"))
    ws = xlsx(client_as("ward_clerk").get(reverse("initiatives:export") + "?format=xlsx")).active

    def cell(name):
        return column(ws, _vi_label(Initiative, name))[0]

    for name, value in (("funding_social", 1_500_000), ("workdays", 1500)):
        assert cell(name).value == value and cell(name).data_type == "n", name
        assert cell(name).number_format == "#,##0", name
    # a year is a number too, shown without a thousands separator (2024, not 2.024)
    assert cell("year").value == 2024 and cell("year").number_format == "0"
    assert cell("start_date").is_date and cell("start_date").value == dt.datetime(2024, 3, 8)
    assert cell("start_date").number_format == "dd/mm/yyyy"
    assert cell("end_date").value is None
    assert Decimal(str(cell("land_m2").value)) == Decimal("12.5")
    rows = csv_rows(client_as("ward_clerk").get(reverse("initiatives:export") + "?format=csv"))
    for name, text in (("funding_social", "1500000"), ("start_date", "08/03/2024"), ("land_m2", "12.5")):
        assert csv_column(rows, _vi_label(Initiative, name)) == [text], name


def test_percentages_are_fractions_formatted_as_percent(client_as, tree, form6):
    from stats import services
    from stats.models import DataElement, Indicator

    indicator = (
        Indicator.objects.filter(
            numerator__sectionelement__section__data_set=form6, denominator__sectionelement__section__data_set=form6
        )
        .select_related("numerator", "denominator")
        .first()
    )
    if indicator is None:
        indicator = Indicator.objects.select_related("numerator", "denominator").first()
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    for element, value in ((indicator.numerator, 3270), (indicator.denominator, 3374)):
        element = DataElement.objects.get(pk=element.pk)
        services.value_set(submission=sub, element=element, option=None, value=value, by=system_actor())
    services.submission_submit(submission=sub, by=system_actor())
    query = f"?data_set={form6.pk}&period=2024H1&unit={tree['conhue1'].pk}&include_unapproved=on"
    workbook = xlsx(client_as("ward_clerk").get(reverse("stats:aggregates_export") + query + "&format=xlsx"))
    rates = workbook["Tỷ lệ"] if "Tỷ lệ" in workbook.sheetnames else workbook.worksheets[1]
    row = next(r for r in rates.iter_rows(min_row=2) if r[0].value == indicator.name)
    assert row[1].number_format == "0.00%"
    assert row[1].value == pytest.approx(round(3270 / 3374 * 100, 2) / 100)
    values = workbook.worksheets[0]
    # indicator, unit of measure, qualifier, then the period's value
    assert any(r[3].value == 3270 for r in values.iter_rows(min_row=2))


# ---------------------------------------------------------------------- formula neutralization
def test_formula_like_names_come_out_as_text(client_as, make_initiative):
    make_initiative(name=HYPERLINK)
    make_initiative(name="+1")
    make_initiative(name="-2 hộ")
    make_initiative(name="@SUM(A1)")
    client = client_as("ward_clerk")
    ws = xlsx(client.get(reverse("initiatives:export") + "?format=xlsx&sort=name")).active
    names = {c.value: c for c in column(ws, ws[1][1].value)}
    for name in (HYPERLINK, "+1", "-2 hộ", "@SUM(A1)"):
        assert names[name].data_type == "s", name  # a string, never a formula
    raw = client.get(reverse("initiatives:export") + "?format=xlsx").content
    import zipfile

    sheet_xml = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    rows = csv_rows(client.get(reverse("initiatives:export") + "?format=csv"))
    names = set(csv_column(rows, rows[0][1]))
    assert {"'" + HYPERLINK, "'+1", "'-2 hộ", "'@SUM(A1)"} <= names


# ------------------------------------------------------------------------------- scope, filters
def test_an_outsiders_export_has_no_rows_of_another_ward(client_as, make_initiative, tree):
    make_initiative(name="Của Cổ Nhuế 1")
    make_initiative(name="Của Quảng An", unit="quangan")
    ws = xlsx(client_as("outsider").get(reverse("initiatives:export") + "?format=xlsx")).active
    names = [c.value for c in column(ws, ws[1][1].value)]
    assert names == ["Của Quảng An"]
    rows = csv_rows(client_as("outsider").get(reverse("initiatives:export") + "?format=csv"))
    assert csv_column(rows, rows[0][1]) == ["Của Quảng An"]


def test_the_export_follows_the_pages_filters(client_as, make_initiative):
    make_initiative(name="Năm 2023", year=2023)
    make_initiative(name="Năm 2024", year=2024)
    client = client_as("ward_clerk")
    ws = xlsx(client.get(reverse("initiatives:export") + "?format=xlsx&year=2023")).active
    assert [c.value for c in column(ws, ws[1][1].value)] == ["Năm 2023"]
    page = client.get(reverse("initiatives:list") + "?year=2023")
    assert [i.name for i in page.context["page"].object_list] == ["Năm 2023"]


def test_award_exports_keep_scope_and_leave_out_personal_data(client_as, tree):
    from awards.models import AchievementArea, RewardForm
    from awards.services import decision_create, recipients_add

    def decision(issuer, number, year):
        return decision_create(
            by=system_actor(),
            issuer=tree[issuer],
            issuer_title="Ban Thường vụ",
            year=year,
            number=number,
            date=dt.date(year, 12, 15),
            reward_form=RewardForm.objects.order_by("pk").first(),
            area=AchievementArea.objects.order_by("pk").first(),
        )

    btl = decision("btl", "1021-QĐ/QU", 2022)
    recipients_add(
        decision=btl,
        by=system_actor(),
        rows=[
            {"kind": "collective", "unit": tree["conhue1"]},
            {
                "kind": "individual",
                "name": "Nguyễn Văn An",
                "date_of_birth": dt.date(1980, 5, 1),
                "unit": tree["conhue1"],
            },
        ],
    )
    tayho = decision("tayho", "77-QĐ/QU", 2023)
    recipients_add(decision=tayho, by=system_actor(), rows=[{"kind": "collective", "unit": tree["quangan"]}])

    outsider = xlsx(client_as("outsider").get(reverse("awards:export") + "?format=xlsx")).active
    assert [c.value for c in column(outsider, outsider[1][0].value)] == ["77-QĐ/QU"]
    reviewer = client_as("district_reviewer")
    ws = xlsx(reviewer.get(reverse("awards:export") + "?format=xlsx&year=2022")).active
    numbers = [c.value for c in column(ws, ws[1][0].value)]
    assert numbers == ["1021-QĐ/QU"]
    header = [c.value for c in ws[1]]
    assert list(ws.iter_rows(min_row=2, values_only=True))[0][-2:] == (1, 1)  # collectives, individuals
    assert ws.cell(2, header.index(ws[1][1].value) + 1).value == dt.datetime(2022, 12, 15)
    recipients = xlsx(reviewer.get(reverse("awards:recipients_export") + "?format=xlsx")).active
    values = [v for row in recipients.iter_rows(values_only=True) for v in row]
    assert "Nguyễn Văn An" in values and "Phường Quảng An" not in values
    assert not any(isinstance(v, dt.datetime) and v.year == 1980 for v in values)  # no date of birth


def test_submission_exports_keep_scope(client_as, tree, form6):
    from stats import services

    for unit in ("conhue1", "quangan"):
        sub = services.submission_open(data_set=form6, period="2024H1", unit=tree[unit], by=system_actor())
        services.submission_submit(submission=sub, by=system_actor())
    rows = csv_rows(client_as("outsider").get(reverse("stats:submissions_export") + "?format=csv"))
    assert csv_column(rows, rows[0][2]) == ["Phường Quảng An"]
    ws = xlsx(client_as("district_reviewer").get(reverse("stats:approvals_export") + "?format=xlsx")).active
    assert [c.value for c in column(ws, ws[1][2].value)] == ["Phường Cổ Nhuế 1"]
    assert column(ws, ws[1][4].value)[0].is_date
    assert client_as("ward_clerk").get(reverse("stats:approvals_export")).status_code == 404


def test_completeness_export_counts_as_the_page(client_as, tree, form6):
    from stats import services

    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    services.submission_submit(submission=sub, by=system_actor())
    query = f"?data_set={form6.pk}&period=2024H1&unit={tree['btl'].pk}"
    client = client_as("district_reviewer")
    context = client.get(reverse("stats:completeness") + query).context
    result = context["result"]
    workbook = xlsx(client.get(reverse("stats:completeness_export") + query + "&format=xlsx"))
    units = [r[0] for r in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)]
    # The page lists the expected units a page at a time; a district's few wards fit on one.
    assert context["page"].paginator.count == len(units)
    assert sorted(units) == sorted(u.name for u in context["page"].object_list)
    summary = list(workbook.worksheets[1].iter_rows(min_row=2, values_only=True))[0]
    assert result.expected in summary and summary.count(result.missing) >= 1
    assert client_as("outsider").get(reverse("stats:completeness_export") + query).status_code == 404


# -------------------------------------------------------------------------------- bounded queries
def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_initiative_export_runs_the_same_queries_for_2_and_20_rows(
    client_as, make_initiative, fmt, django_assert_max_num_queries
):
    client = client_as("ward_clerk")
    url = reverse("initiatives:export") + f"?format={fmt}"
    for i in range(2):
        make_initiative(name=f"Mô hình {i}")
    few = _count_queries(client, url)
    for i in range(2, 20):
        make_initiative(name=f"Mô hình {i}")
    with django_assert_max_num_queries(few):
        client.get(url)
    assert _count_queries(client, url) == few


def test_the_award_exports_run_the_same_queries_for_2_and_20_decisions(client_as, tree):
    from awards.models import AchievementArea, RewardForm
    from awards.services import decision_create, recipients_add

    def make(n):
        decision = decision_create(
            by=system_actor(),
            issuer=tree["btl"],
            issuer_title="Ban Thường vụ",
            year=2022,
            number=f"{n}-QĐ/QU",
            date=dt.date(2022, 12, 15),
            reward_form=RewardForm.objects.order_by("pk").first(),
            area=AchievementArea.objects.order_by("pk").first(),
        )
        recipients_add(decision=decision, by=system_actor(), rows=[{"kind": "individual", "name": f"Người {n}"}])

    client = client_as("district_reviewer")
    urls = [reverse("awards:export") + "?format=xlsx", reverse("awards:recipients_export") + "?format=csv"]
    for n in range(2):
        make(n)
    few = [_count_queries(client, u) for u in urls]
    for n in range(2, 20):
        make(n)
    assert [_count_queries(client, u) for u in urls] == few


# ------------------------------------------------------------------------------- unit record
def test_an_administrator_exports_a_units_whole_record(client_as, tree, form6, make_initiative):
    from awards.models import AchievementArea, RewardForm
    from awards.services import decision_create, recipients_add
    from stats import services
    from stats.models import DataElement

    make_initiative(name="Mô hình của tổ dân phố", unit="tdp1", funding_social=2_000_000)
    make_initiative(name="Mô hình phường khác", unit="quangan")
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    element = DataElement.objects.filter(sectionelement__section__data_set=form6, combo__isnull=True).first()
    services.value_set(submission=sub, element=element, option=None, value=42, by=system_actor())
    decision = decision_create(
        by=system_actor(),
        issuer=tree["btl"],
        issuer_title="Ban Thường vụ",
        year=2022,
        number="9-QĐ/QU",
        date=dt.date(2022, 12, 15),
        reward_form=RewardForm.objects.order_by("pk").first(),
        area=AchievementArea.objects.order_by("pk").first(),
    )
    recipients_add(decision=decision, by=system_actor(), rows=[{"kind": "collective", "unit": tree["conhue1"]}])

    url = reverse("reports:unit_record", args=[tree["conhue1"].pk])
    detail = client_as("admin").get(reverse("orgunits:detail", args=[tree["conhue1"].pk])).content.decode()
    assert f'href="{url}"' in detail
    workbook = xlsx(client_as("admin").get(url))
    assert len(workbook.worksheets) == 3
    registered, reported, awarded = workbook.worksheets
    names = [r[1] for r in registered.iter_rows(min_row=2, values_only=True)]
    assert names == ["Mô hình của tổ dân phố"]
    values = list(reported.iter_rows(min_row=2, values_only=True))
    assert [(r[3], r[5]) for r in values] == [(element.name, 42)]
    assert [r[0] for r in awarded.iter_rows(min_row=2, values_only=True)] == ["9-QĐ/QU"]
    for persona in ("ward_clerk", "ward_head", "district_reviewer", "outsider"):
        assert client_as(persona).get(url).status_code == 404, persona
        html = client_as(persona).get(reverse("orgunits:detail", args=[tree["conhue1"].pk])).content.decode()
        assert url not in html


# ----------------------------------------------------------------------------------------- API
def test_the_api_exports_follow_the_list_filters_and_scope(client_as, make_initiative, tree, form6):
    make_initiative(name="Năm 2023", year=2023)
    make_initiative(name="Năm 2024", year=2024)
    make_initiative(name="Của Quảng An", unit="quangan", year=2023)
    clerk = client_as("ward_clerk")
    ws = xlsx(clerk.get("/api/v1/initiatives/export?format=xlsx&year=2023")).active
    assert [c.value for c in column(ws, ws[1][1].value)] == ["Năm 2023"]
    listed = clerk.get("/api/v1/initiatives?year=2023").json()["items"]
    assert [i["name"] for i in listed] == ["Năm 2023"]
    rows = csv_rows(client_as("outsider").get("/api/v1/initiatives/export?format=csv"))
    assert csv_column(rows, rows[0][1]) == ["Của Quảng An"]
    assert clerk.get("/api/v1/initiatives/export?format=pdf").status_code in (400, 422)
    for url in (
        "/api/v1/decisions/export?format=csv",
        "/api/v1/awards/export?format=xlsx",
        "/api/v1/awards/export?format=csv&table=recipients",
        "/api/v1/stats/submissions/export?format=csv",
        f"/api/v1/stats/aggregates/export?format=xlsx&data_set={form6.pk}&period=2024H1&unit={tree['conhue1'].pk}",
        f"/api/v1/stats/completeness/export?format=csv&data_set={form6.pk}&period=2024H1&unit={tree['conhue1'].pk}",
    ):
        response = clerk.get(url)
        assert response.status_code == 200, (url, response.content[:200])
    outside = f"/api/v1/stats/aggregates/export?data_set={form6.pk}&period=2024H1&unit={tree['conhue1'].pk}"
    assert client_as("outsider").get(outside).status_code == 404
    assert client_as("anonymous").get("/api/v1/initiatives/export").status_code == 401


def test_the_dashboard_workbook_holds_the_pages_figures(client_as, tree, make_initiative):
    from initiatives.models import Initiative, Status

    make_initiative(name="Một", year=2024)
    make_initiative(name="Hai", year=2024, unit="dongngac_old")
    make_initiative(name="Nháp", year=2024, register=False)
    query = f"?unit={tree['btl'].pk}&year=2024"
    client = client_as("district_reviewer")
    figures = client.get(reverse("dashboard:index") + query).context["figures"]
    workbook = xlsx(client.get(reverse("dashboard:export") + query + "&format=xlsx"))
    sheet = workbook.worksheets[0]
    rows = {r[0]: r[1] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows == {str(f.label): f.value for f in figures}
    registered = Initiative.objects.filter(unit__path__startswith=tree["btl"].path, year=2024)
    assert rows["Đã đăng ký"] == registered.exclude(status=Status.DRAFT).count() == 2
    by_unit = {r[0]: r[1] for r in workbook.worksheets[2].iter_rows(min_row=2, values_only=True)}
    assert sum(by_unit.values()) == 2
