"""The service contract for statistics: every change names its actor (no "by" skips no check),
the service itself refuses an actor without the right (PermissionDenied), a step the form's state
forbids is an InvalidTransition with a code, and the pages show those refusals as messages."""

import inspect

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.system import system_actor
from lib.errors import InvalidTransition
from stats import services

CHANGES = [
    "submission_open",
    "value_set",
    "submission_submit",
    "submission_approve",
    "submission_return",
    "submission_reopen",
    "submission_bulk_approve",
]


@pytest.mark.parametrize("name", CHANGES)
def test_every_change_requires_a_keyword_only_actor_without_default(name):
    by = inspect.signature(getattr(services, name)).parameters["by"]
    assert by.kind is inspect.Parameter.KEYWORD_ONLY and by.default is inspect.Parameter.empty


@pytest.fixture
def sub(tree, form6):
    return services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())


def test_a_submission_without_an_actor_is_refused_not_waved_through(sub):
    with pytest.raises(TypeError):
        services.submission_submit(submission=sub)


def test_the_service_refuses_a_value_from_someone_outside_the_unit(sub, el, personas):
    with pytest.raises(PermissionDenied):
        services.value_set(submission=sub, element=el("DIALOGUES"), value="3", by=personas["outsider"])
    assert not sub.values.exists()


def test_the_system_actor_may_do_each_step_and_is_recorded(sub, fill):
    fill(sub, RECOMMENDATIONS_RAISED=5)
    services.submission_submit(submission=sub, by=system_actor())
    approved = services.submission_approve(submission=sub, by=system_actor())
    assert approved.decided_by == system_actor()
    assert sub.history.first().history_user == system_actor()


def test_returning_a_draft_is_a_wrong_state_with_its_code(sub, personas):
    with pytest.raises(InvalidTransition) as exc:
        services.submission_return(submission=sub, reason="Thiếu số liệu", by=personas["district_reviewer"])
    assert exc.value.code == "not_submitted"


def test_bulk_approval_by_someone_who_reviews_nowhere_is_refused_as_a_whole(sub, personas, tree, form6):
    services.submission_submit(submission=sub, by=system_actor())
    with pytest.raises(PermissionDenied):
        services.submission_bulk_approve(submissions=[sub], by=personas["outsider"])
    sub.refresh_from_db()
    assert sub.status == "submitted"


def test_the_entry_screen_says_a_submitted_form_is_locked(client_as, sub, tree, form6, el):
    services.submission_submit(submission=sub, by=system_actor())
    url = reverse("stats:entry_value", args=[form6.pk, "2024H1", tree["conhue1"].pk])
    response = client_as("ward_clerk").post(url, {"element": el("DIALOGUES").pk, "value": "4"})
    assert response.status_code == 200
    assert "Biểu mẫu đã khóa" in response.content.decode()


def test_approving_a_draft_on_the_page_shows_why_not(client_as, sub):
    response = client_as("district_reviewer").post(reverse("stats:approve", args=[sub.pk]), follow=True)
    assert response.status_code == 200
    assert "Chỉ duyệt được báo cáo đã gửi." in response.content.decode()
