"""Every page, for every persona; bounded queries on the list, entry and completeness pages."""

import pytest
from django.urls import reverse

from accounts.system import system_actor
from stats import selectors, services
from stats.models import Status, Submission

PERSONAS = ["ward_clerk", "ward_head", "district_reviewer", "city_leader", "outsider", "admin", "anonymous"]


@pytest.fixture
def entry_url(tree, form6):
    return reverse("stats:entry", args=[form6.pk, "2024H1", tree["conhue1"].pk])


@pytest.fixture
def submitted(tree, form6, fill):
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    fill(sub, RECOMMENDATIONS_RAISED=20, RECOMMENDATIONS_RESOLVED=15)
    return services.submission_submit(submission=sub, by=system_actor())


def _status(client, url, method="get", data=None):
    response = getattr(client, method)(url, data or {})
    return response.status_code


ENTRY_EXPECT = {
    "ward_clerk": 200,
    "ward_head": 200,
    "district_reviewer": 200,
    "city_leader": 200,
    "outsider": 404,
    "admin": 200,
    "anonymous": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_entry_screen_is_shown_to_those_who_see_the_unit(persona, client_as, entry_url):
    assert _status(client_as(persona), entry_url) == ENTRY_EXPECT[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_units_clerk_and_head_can_save_a_value(persona, client_as, tree, form6, el):
    url = reverse("stats:entry_value", args=[form6.pk, "2024H1", tree["conhue1"].pk])
    code = _status(client_as(persona), url, "post", {"element": el("DIALOGUE_PARTICIPANTS").pk, "value": "12"})
    assert code == {"ward_clerk": 200, "ward_head": 200, "anonymous": 302}.get(persona, 404)
    saved = selectors.aggregate("DIALOGUE_PARTICIPANTS", tree["conhue1"], "2024H1", include_unapproved=True)
    assert saved == (12 if persona in ("ward_clerk", "ward_head") else None)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_units_clerk_and_head_can_submit(persona, client_as, tree, form6):
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    url = reverse("stats:entry_submit", args=[form6.pk, "2024H1", tree["conhue1"].pk])
    code = _status(client_as(persona), url, "post")
    assert code == (302 if persona in ("ward_clerk", "ward_head", "anonymous") else 404)
    sub.refresh_from_db()
    assert (sub.status == Status.SUBMITTED) == (persona in ("ward_clerk", "ward_head"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_submission_page_follows_the_units_visibility(persona, client_as, submitted):
    url = reverse("stats:submission", args=[submitted.pk])
    assert _status(client_as(persona), url) == ENTRY_EXPECT[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_a_reviewer_above_the_unit_can_approve(persona, client_as, submitted):
    code = _status(client_as(persona), reverse("stats:approve", args=[submitted.pk]), "post")
    deciders = ("district_reviewer", "city_leader")
    assert code == (302 if persona in deciders + ("anonymous",) else 404)
    submitted.refresh_from_db()
    assert (submitted.status == Status.APPROVED) == (persona in deciders)


@pytest.mark.parametrize("persona", PERSONAS)
def test_return_and_reopen_need_a_reviewer_above_the_unit(persona, client_as, submitted, personas):
    client = client_as(persona)
    client.post(reverse("stats:return", args=[submitted.pk]), {"reason": "Thiếu số liệu"})
    submitted.refresh_from_db()
    can = persona in ("district_reviewer", "city_leader")
    assert (submitted.status == Status.RETURNED) == can
    if can:
        services.submission_submit(submission=submitted, by=system_actor())
        services.submission_approve(submission=submitted, by=personas["district_reviewer"])
        client.post(reverse("stats:reopen", args=[submitted.pk]), {"reason": "Sửa lại"})
        submitted.refresh_from_db()
        assert submitted.status == Status.RETURNED and submitted.reason == "Sửa lại"


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_approvals_page_is_for_reviewers(persona, client_as, submitted):
    response = client_as(persona).get(reverse("stats:approvals"))
    expected = {"district_reviewer": 200, "city_leader": 200, "anonymous": 302}.get(persona, 404)
    assert response.status_code == expected
    if expected == 200:
        assert "Phường Cổ Nhuế 1" in response.content.decode()


def test_bulk_approve_approves_the_chosen_forms(client_as, submitted):
    client_as("district_reviewer").post(reverse("stats:approvals_bulk"), {"ids": [submitted.pk]})
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED


def test_bulk_approve_ignores_forms_outside_the_reviewers_scope(client_as, submitted, tree, form6):
    other = services.submission_open(data_set=form6, period="2024H1", unit=tree["quangan"], by=system_actor())
    services.submission_submit(submission=other, by=system_actor())
    client_as("district_reviewer").post(reverse("stats:approvals_bulk"), {"ids": [other.pk]})
    other.refresh_from_db()
    assert other.status == Status.SUBMITTED


@pytest.mark.parametrize("page", ["stats:completeness", "stats:aggregates", "stats:entry_list", "stats:catalogue"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_overview_pages_open_for_every_signed_in_persona(page, persona, client_as, submitted):
    assert _status(client_as(persona), reverse(page)) == (302 if persona == "anonymous" else 200)


@pytest.mark.parametrize("page", ["stats:completeness", "stats:aggregates"])
def test_an_outsider_cannot_look_at_another_districts_figures(page, client_as, tree, form6):
    url = reverse(page) + f"?data_set={form6.pk}&period=2024H1&unit={tree['btl'].pk}"
    assert _status(client_as("outsider"), url) == 404
    assert _status(client_as("district_reviewer"), url) == 200


def test_completeness_counts_submitted_and_missing_wards(client_as, submitted, tree, form6):
    url = reverse("stats:completeness") + f"?data_set={form6.pk}&period=2024H1&unit={tree['btl'].pk}"
    response = client_as("district_reviewer").get(url)
    result = response.context["result"]
    # submitted today, long after the deadline (15/07/2024)
    assert (result.expected, result.submitted, result.on_time, result.late, result.missing) == (2, 1, 0, 1, 1)
    assert [r["unit"].name for r in response.context["reminders"]] == ["Phường Đông Ngạc"]


def test_a_form_submitted_by_the_deadline_is_on_time(submitted, tree, form6):
    import datetime as dt

    from django.utils import timezone

    Submission.objects.filter(pk=submitted.pk).update(submitted_at=timezone.make_aware(dt.datetime(2024, 7, 15, 16, 0)))
    result = selectors.completeness(form6, "2024H1", tree["btl"])
    assert (result.on_time, result.late) == (1, 0)


def test_a_refused_value_names_the_field_and_keeps_the_other_values(client_as, tree, form6, el, fill):
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    fill(sub, RECOMMENDATIONS_RAISED=20, DIALOGUE_PARTICIPANTS=300)
    url = reverse("stats:entry_value", args=[form6.pk, "2024H1", tree["conhue1"].pk])
    response = client_as("ward_clerk").post(url, {"element": el("RECOMMENDATIONS_RESOLVED").pk, "value": "25"})
    body = response.content.decode()
    assert "Số kiến nghị đã giải quyết sau đối thoại" in body and "data-field-error" in body
    response = client_as("ward_clerk").post(url, {"element": el("DIALOGUE_PARTICIPANTS").pk, "value": "abc"})
    assert "Số lượt người tham gia đối thoại" in response.content.decode()
    totals = services.submission_totals(sub)
    assert totals == {"RECOMMENDATIONS_RAISED": 20, "DIALOGUE_PARTICIPANTS": 300}
    page = client_as("ward_clerk").get(reverse("stats:entry", args=[form6.pk, "2024H1", tree["conhue1"].pk]))
    assert 'value="300"' in page.content.decode() and 'value="20"' in page.content.decode()


def test_the_total_of_a_disaggregated_element_comes_back_with_each_part(client_as, tree, form6, el):
    url = reverse("stats:entry_value", args=[form6.pk, "2024H1", tree["conhue1"].pk])
    element = el("DIALOGUES")
    party, government = element.combo.options.order_by("sort_order")
    client = client_as("ward_clerk")
    client.post(url, {"element": element.pk, "option": party.pk, "value": "2"})
    response = client.post(url, {"element": element.pk, "option": government.pk, "value": "3"})
    assert f'id="total-{element.pk}" hx-swap-oob="true">5<' in response.content.decode()


def _many_submissions(tree, form6, fill, personas):
    for unit in ("conhue1", "dongngac_old"):
        for period in ("2022H1", "2023H1", "2024H1"):
            sub = services.submission_open(data_set=form6, period=period, unit=tree[unit], by=system_actor())
            fill(sub, RECOMMENDATIONS_RAISED=10, RECOMMENDATIONS_RESOLVED=5, DIALOGUES={"PARTY": 1, "GOVERNMENT": 2})
            services.submission_submit(submission=sub, by=system_actor())
    return Submission.objects.all()


def test_pages_run_a_bounded_number_of_queries(client_as, tree, form6, fill, personas, django_assert_max_num_queries):
    _many_submissions(tree, form6, fill, personas)
    reviewer = client_as("district_reviewer")
    clerk = client_as("ward_clerk")
    with django_assert_max_num_queries(20):
        assert reviewer.get(reverse("stats:approvals")).status_code == 200
    with django_assert_max_num_queries(20):
        assert clerk.get(reverse("stats:entry_list")).status_code == 200
    # Fixed bounds, whatever the number of submissions: the entry screen and the aggregates also
    # read ranges, assignments and qualifiers (a few queries each, not one per row).
    with django_assert_max_num_queries(30):
        assert clerk.get(reverse("stats:entry", args=[form6.pk, "2024H1", tree["conhue1"].pk])).status_code == 200
    query = f"?data_set={form6.pk}&period=2024H1&unit={tree['btl'].pk}"
    with django_assert_max_num_queries(20):
        assert reviewer.get(reverse("stats:completeness") + query).status_code == 200
    with django_assert_max_num_queries(30):
        assert reviewer.get(reverse("stats:aggregates") + query + "&include_unapproved=on").status_code == 200


def test_the_catalogue_lists_every_standard_element_in_a_few_queries(client_as, django_assert_max_num_queries):
    client = client_as("ward_clerk")
    with django_assert_max_num_queries(15):
        body = client.get(reverse("stats:catalogue")).content.decode()
    assert "Báo cáo công tác dân vận 6 tháng" in body and "Báo cáo công tác dân vận năm" in body
    for code in ("DIALOGUES", "CBCC_CONF_HELD", "SECURITY_CAMERAS", "COORDINATION_PLANS", "RESOLVED_RATE"):
        assert code in body


def test_the_entry_screen_shows_last_periods_value_before_anything_is_typed(client_as, tree, form6, fill):
    last = services.submission_open(data_set=form6, period="2023H1", unit=tree["conhue1"], by=system_actor())
    fill(last, DIALOGUE_PARTICIPANTS=1234)
    response = client_as("ward_clerk").get(reverse("stats:entry", args=[form6.pk, "2024H1", tree["conhue1"].pk]))
    assert "1.234" in response.content.decode()


def test_the_aggregates_page_marks_unapproved_figures_and_names_the_merged_units(client_as, tree, form6, fill):
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    fill(sub, RECOMMENDATIONS_RAISED=12)
    base = reverse("stats:aggregates") + f"?data_set={form6.pk}&period=2024H1"
    leader = client_as("city_leader")
    body = leader.get(base + f"&unit={tree['btl'].pk}&include_unapproved=on").content.decode()
    assert 'data-testid="value-RECOMMENDATIONS_RAISED">12 <span class="badge' in body
    body = leader.get(base + f"&unit={tree['dongngac'].pk}&include_unapproved=on&through_lineage=on").content.decode()
    assert "Phường Cổ Nhuế 1" in body.split('data-testid="lineage-units"')[1].split("</span>")[0]
    assert 'data-testid="value-RECOMMENDATIONS_RAISED">12' in body


def test_the_entry_chooser_opens_the_form_for_a_unit_it_offers(client_as, tree, form6):
    clerk = client_as("ward_clerk")
    page = clerk.get(reverse("stats:entry_list"))
    offered = page.context["form"].fields["unit"]
    assert tree["conhue1"].pk in [value.value for value, _label in offered.choices if value]
    response = clerk.get(
        reverse("stats:entry_list"), {"data_set": form6.pk, "period": "2024H1", "unit": tree["conhue1"].pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("stats:entry", args=[form6.pk, "2024H1", tree["conhue1"].pk])
    assert clerk.get(response["Location"]).status_code == 200


def test_the_entry_chooser_refuses_a_unit_outside_the_users_scope(client_as, tree, form6):
    response = client_as("ward_clerk").get(
        reverse("stats:entry_list"), {"data_set": form6.pk, "period": "2024H1", "unit": tree["quangan"].pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
