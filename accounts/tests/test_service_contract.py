"""Accounts and API-key services: a required author, refusals as PermissionDenied /
InvalidTransition, and the scope cache dropped when roles change."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.access import can, scope_paths
from accounts.models import User
from accounts.roles import Cap
from accounts.services import assignment_add, assignment_remove, user_create
from api.services import token_create, token_revoke


def test_an_account_service_without_an_author_does_not_run(tree):
    with pytest.raises(TypeError):
        user_create(username="x", password="Some-pass-2024", unit=tree["quangan"], role="clerk")


def test_no_author_is_refused_not_waved_through(tree):
    with pytest.raises(PermissionDenied):
        user_create(username="x", password="Some-pass-2024", unit=tree["quangan"], role="clerk", by=None)
    assert not User.objects.filter(username="x").exists()


def test_a_clerk_cannot_create_accounts_through_the_service(tree, personas):
    with pytest.raises(PermissionDenied):
        user_create(
            username="x", password="Some-pass-2024", unit=tree["conhue1"], role="clerk", by=personas["ward_head"]
        )
    assert not User.objects.filter(username="x").exists()


def test_removing_a_role_updates_the_scope_of_the_account_object_the_caller_holds(tree, personas):
    reviewer = personas["district_reviewer"]
    extra = assignment_add(user=reviewer, unit=tree["quangan"], role="reviewer", by=personas["admin"])
    assert can(reviewer, Cap.REVIEW, tree["quangan"])  # fills the cache on this object
    assignment_remove(assignment=extra, by=personas["admin"])
    assert not can(extra.user, Cap.REVIEW, tree["quangan"])
    assert scope_paths(reviewer, Cap.REVIEW) == [tree["btl"].path]


def test_api_keys_are_made_and_revoked_only_by_their_owner(personas):
    with pytest.raises(PermissionDenied):
        token_create(user=personas["ward_clerk"], name="Excel", days=30, by=personas["admin"])
    token, _raw = token_create(user=personas["ward_clerk"], name="Excel", days=30, by=personas["ward_clerk"])
    with pytest.raises(PermissionDenied):
        token_revoke(token=token, by=personas["outsider"])
    token.refresh_from_db()
    assert token.revoked_at is None
    assert token.history.first().history_user == personas["ward_clerk"]
