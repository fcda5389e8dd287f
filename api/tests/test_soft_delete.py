"""Soft delete (lib.softdelete): deleting an initiative, an award decision, an award recipient or a
report through the pages or the API only marks the row; it leaves every list, count and export;
an administrator finds it on the "Deleted" page and restores it; a deleted row blocks nothing.

Lives beside the API matrix to share its ``sample`` (objects in Phường Cổ Nhuế 1 made through the
services) and ``api_as`` fixtures; the pages are driven with the root ``client_as``."""

import pytest
from django.urls import reverse

from api.tests.conftest import API

pytestmark = pytest.mark.django_db

# Every way to delete one of the four kinds: (name, page URL name or API path, persona allowed to,
# the sample object, the URL kwargs from it).
PAGE_DELETES = [
    ("initiatives:delete", "ward_clerk", "initiative", lambda o: {"pk": o.pk}),
    ("awards:delete", "district_reviewer", "award", lambda o: {"pk": o.pk}),
    (
        "awards:recipient_remove",
        "district_reviewer",
        "recipient",
        lambda o: {"pk": o.decision_id, "recipient_pk": o.pk},
    ),
    ("reports:delete", "ward_clerk", "report", lambda o: {"pk": o.pk}),
]
API_DELETES = [
    ("/initiatives/{pk}", "ward_clerk", "initiative", lambda o: {"pk": o.pk}),
    ("/awards/{pk}", "district_reviewer", "award", lambda o: {"pk": o.pk}),
    (
        "/awards/{pk}/recipients/{recipient_pk}",
        "district_reviewer",
        "recipient",
        lambda o: {"pk": o.decision_id, "recipient_pk": o.pk},
    ),
    ("/reports/{pk}", "ward_clerk", "report", lambda o: {"pk": o.pk}),
]
# Deletes through the interface that remove something other than these four kinds, and why.
OTHER_DELETES = {
    "initiatives:evidence_delete",  # an uploaded file replaced by its uploader (history keeps the row)
    "initiatives:summary_delete",  # historical summary figures corrected by their clerk (history keeps the row)
    "accounts:assignment_remove",  # a role taken from a user: access, not content
    "api:token_revoke",  # an API key: access, not content
    "awards:dossier_candidate_remove",  # a candidate taken off a draft dossier before it is sent (history keeps the row)
}


def _all(obj):
    return type(obj).all_objects.get(pk=obj.pk)


def _check_marked(obj, persona_user):
    row = _all(obj)
    assert row.deleted_at is not None
    assert row.deleted_by == persona_user
    assert not type(obj).objects.filter(pk=obj.pk).exists()
    last = row.history.order_by("-history_id").first()
    assert last.history_type == "~" and last.history_user == persona_user and last.deleted_at is not None


def test_every_delete_page_and_endpoint_is_walked_here():
    """A new delete address must say here whether it soft-deletes one of the four kinds."""
    from api.main import api
    from tests.test_page_matrix import site_patterns

    pages = {
        name
        for name, route in site_patterns()
        if route.endswith("/xoa/") or name.endswith(("delete", "remove", "revoke"))
    }
    assert pages - OTHER_DELETES == {name for name, *_ in PAGE_DELETES}
    paths = api.get_openapi_schema()["paths"]
    deletes = {path.removeprefix(API) for path, methods in paths.items() if "delete" in methods}
    # A candidate taken off a draft dossier before it is sent (the dossier's history keeps it).
    assert deletes - {"/dossiers/{pk}/candidates/{candidate_pk}"} == {path for path, *_ in API_DELETES}


@pytest.mark.parametrize(("name", "persona", "key", "kwargs"), PAGE_DELETES, ids=[d[0] for d in PAGE_DELETES])
def test_deleting_through_a_page_keeps_the_row_marked_with_who_and_when(
    client_as, personas, sample, name, persona, key, kwargs
):
    obj = sample[key]
    response = client_as(persona).post(reverse(name, kwargs=kwargs(obj)))
    assert response.status_code == 302
    _check_marked(obj, personas[persona])


@pytest.mark.parametrize(("path", "persona", "key", "kwargs"), API_DELETES, ids=[d[0] for d in API_DELETES])
def test_deleting_through_the_api_keeps_the_row_marked_with_who_and_when(
    api_as, personas, sample, path, persona, key, kwargs
):
    obj = sample[key]
    response = api_as(persona).delete(API + path.format(**kwargs(obj)))
    assert response.status_code == 204, response.content
    _check_marked(obj, personas[persona])


def test_a_deleted_initiative_leaves_the_lists_the_counts_and_the_exports(client_as, api_as, personas, sample):
    from initiatives import selectors, services
    from initiatives.models import Initiative

    initiative = sample["initiative"]
    client = client_as("ward_clerk")
    visible_before = Initiative.objects.visible_to(personas["ward_clerk"]).count()
    assert initiative.name in client.get(reverse("initiatives:list")).content.decode()

    services.initiative_delete(initiative=initiative, by=personas["ward_clerk"])

    assert Initiative.objects.visible_to(personas["ward_clerk"]).count() == visible_before - 1
    assert initiative.name not in client.get(reverse("initiatives:list")).content.decode()
    assert client.get(reverse("initiatives:detail", args=[initiative.pk])).status_code == 404
    export = client.get(reverse("initiatives:export") + "?format=csv")
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert export.status_code == 200 and "Tuyến phố văn minh" in body.decode("utf-8-sig")
    assert initiative.name not in body.decode("utf-8-sig")
    listed = api_as("ward_clerk").get(f"{API}/initiatives?year=2024").json()
    assert initiative.pk not in [row["id"] for row in listed["items"]]
    assert initiative.unit.initiatives.filter(pk=initiative.pk).count() == 0
    del selectors  # (the counters read Initiative.objects; the API list above goes through them)


def test_a_deleted_award_decision_and_its_recipients_leave_the_counts(personas, sample):
    from awards import selectors, services
    from awards.models import AwardRecipient

    reviewer = personas["district_reviewer"]
    award = sample["award"]
    second = services.recipient_add(decision=award, by=reviewer, kind="individual", name="Nguyễn Thị Hoa")
    assert AwardRecipient.objects.filter(decision=award).count() == 2
    before = sum(c.count for c in selectors.award_counts(award.issuer, year=2022))

    services.decision_delete(decision=award, by=reviewer)

    assert AwardRecipient.objects.filter(decision=award).count() == 0
    assert sum(c.count for c in selectors.award_counts(award.issuer, year=2022)) == before - 2
    assert {r.pk for r in AwardRecipient.all_objects.filter(decision=award)} == {sample["recipient"].pk, second.pk}


def test_the_deleted_page_lists_deleted_items_and_restores_them(client_as, personas, sample):
    from awards import services as awards
    from initiatives import services as initiatives
    from reports import services as reports

    clerk, reviewer = personas["ward_clerk"], personas["district_reviewer"]
    initiatives.initiative_delete(initiative=sample["initiative"], by=clerk)
    awards.decision_delete(decision=sample["award"], by=reviewer)
    reports.report_delete(report=sample["report"], by=clerk)

    admin = client_as("admin")
    page = admin.get(reverse("accounts:deleted")).content.decode()
    for text in (sample["initiative"].name, sample["award"].number, sample["report"].title):
        assert text in page
    # A recipient deleted with its decision comes back with it, not on its own line.
    assert f"restore-award-recipient-{sample['recipient'].pk}" not in page

    for kind, obj in (("initiative", sample["initiative"]), ("award", sample["award"]), ("report", sample["report"])):
        response = admin.post(reverse("accounts:deleted_restore", args=[kind, obj.pk]))
        assert response.status_code == 302
        row = type(obj).objects.get(pk=obj.pk)
        assert row.deleted_at is None and row.deleted_by is None
        assert row.history.order_by("-history_id").first().history_user == personas["admin"]
    assert type(sample["recipient"]).objects.filter(pk=sample["recipient"].pk).exists()
    assert (
        f"restore-initiative-{sample['initiative'].pk}" not in admin.get(reverse("accounts:deleted")).content.decode()
    )


def test_only_administrators_see_the_deleted_page_and_restore(client_as, personas, sample):
    from initiatives import services

    services.initiative_delete(initiative=sample["initiative"], by=personas["ward_clerk"])
    url = reverse("accounts:deleted_restore", args=["initiative", sample["initiative"].pk])
    for persona in ("ward_clerk", "ward_head", "district_reviewer", "city_leader", "outsider"):
        client = client_as(persona)
        assert client.get(reverse("accounts:deleted")).status_code == 403
        assert client.post(url).status_code == 404
    from initiatives.models import Initiative

    assert not Initiative.objects.filter(pk=sample["initiative"].pk).exists()


def test_restoring_a_recipient_of_a_deleted_decision_is_refused_until_the_decision_is_back(personas, sample):
    from accounts.system import system_actor
    from awards import services
    from lib.errors import InvalidTransition

    reviewer = personas["district_reviewer"]
    services.recipient_remove(recipient=sample["recipient"], by=reviewer)
    services.decision_delete(decision=sample["award"], by=reviewer)
    with pytest.raises(InvalidTransition):
        services.recipient_restore(recipient=sample["recipient"], by=system_actor())
    services.decision_restore(decision=sample["award"], by=system_actor())
    # Removed one by one before the decision was deleted: it stays removed with the decision back.
    assert not type(sample["recipient"]).objects.filter(pk=sample["recipient"].pk).exists()
    services.recipient_restore(recipient=sample["recipient"], by=system_actor())
    assert type(sample["recipient"]).objects.filter(pk=sample["recipient"].pk).exists()


def test_a_deleted_once_only_award_blocks_nothing_and_its_restore_is_refused_when_given_again(tree, personas):
    import datetime as dt

    from django.core.exceptions import ValidationError

    from accounts.system import system_actor
    from awards import catalogue, services
    from awards.models import AwardRecipient, RewardForm

    reviewer = personas["district_reviewer"]
    medal = RewardForm.objects.get(code=catalogue.KY_NIEM_CHUONG)
    assert medal.once_per_person

    def decision(number):
        return services.decision_create(
            by=reviewer,
            issuer=tree["btl"],
            issuer_title="Ban Thường vụ Quận ủy",
            year=2024,
            number=number,
            date=dt.date(2024, 10, 1),
            reward_form=medal,
        )

    person = {"kind": "individual", "name": "Lê Văn Nam", "date_of_birth": dt.date(1970, 5, 4)}
    first = services.recipient_add(decision=decision("40-QĐ/QU"), by=reviewer, **person)
    services.recipient_remove(recipient=first, by=reviewer)
    again = services.recipient_add(decision=decision("41-QĐ/QU"), by=reviewer, **person)
    assert AwardRecipient.objects.filter(once_key=again.once_key).count() == 1
    with pytest.raises(ValidationError):
        services.recipient_restore(recipient=first, by=system_actor())
    assert AwardRecipient.all_objects.get(pk=first.pk).deleted_at is not None


def test_what_was_recognized_or_issued_cannot_be_deleted(api_as, personas, sample):
    from reports import services as reports

    # A proposed initiative: its proposal would lose its subject.
    response = api_as("ward_clerk").delete(f"{API}/initiatives/{sample['proposed'].pk}")
    assert response.status_code == 409 and response.json()["code"] == "recognized"
    import datetime as dt

    report = sample["report"]
    reports.report_issue(report=report, by=personas["ward_head"], issued_on=dt.date(2025, 1, 5))
    response = api_as("ward_head").delete(f"{API}/reports/{report.pk}")
    assert response.status_code == 409 and response.json()["code"] == "already_issued"
    assert type(report).objects.filter(pk=report.pk).exists()
