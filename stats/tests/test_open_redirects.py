"""The approve / return / reopen / bulk pages follow ``next`` only inside this site."""

import pytest
from django.urls import reverse

from accounts.system import system_actor
from stats import services
from stats.models import Status

OUTSIDE = ["https://evil.example/phish", "//evil.example/x", "https:evil.example", "/\\evil.example"]


@pytest.fixture
def submitted(tree, form6, fill):
    sub = services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())
    fill(sub, RECOMMENDATIONS_RAISED=20, RECOMMENDATIONS_RESOLVED=15)
    return services.submission_submit(submission=sub, by=system_actor())


def _approved(submitted):
    return services.submission_approve(submission=submitted, by=system_actor())


@pytest.mark.parametrize("target", OUTSIDE)
@pytest.mark.parametrize("action", ["approve", "return", "reopen"])
def test_deciding_never_redirects_off_the_site(client_as, submitted, action, target):
    if action == "reopen":
        _approved(submitted)
    url = reverse(f"stats:{action}", args=[submitted.pk])
    response = client_as("district_reviewer").post(url, {"next": target, "reason": "Thiếu số liệu"})
    assert response.status_code == 302
    assert response["Location"] == reverse("stats:submission", args=[submitted.pk])


@pytest.mark.parametrize("target", OUTSIDE)
def test_bulk_approval_never_redirects_off_the_site(client_as, submitted, target):
    response = client_as("district_reviewer").post(
        reverse("stats:approvals_bulk"), {"ids": [submitted.pk], "next": target}
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED
    assert response["Location"] == reverse("stats:approvals")


def test_a_next_inside_the_site_is_still_followed(client_as, submitted):
    back = reverse("stats:approvals") + "?page=2"
    response = client_as("district_reviewer").post(reverse("stats:approve", args=[submitted.pk]), {"next": back})
    assert response["Location"] == back
