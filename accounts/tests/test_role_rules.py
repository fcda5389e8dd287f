"""A unit administrator never gives themselves a role, never gives a role above their own or
outside their units, and manages only accounts wholly inside their units."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import RoleAssignment, User
from accounts.services import (
    assignment_add,
    check_may_grant,
    user_create,
    user_set_password,
    user_update,
)

PASSWORD = "Some-pass-2024"


@pytest.fixture
def district_admin(tree, personas):
    return user_create(username="qt_btl", password=PASSWORD, unit=tree["btl"], role="admin", by=personas["admin"])


@pytest.mark.parametrize("role", ["clerk", "head", "reviewer", "leader", "admin"])
def test_an_administrator_cannot_give_themselves_any_role(district_admin, tree, role):
    with pytest.raises(PermissionDenied) as info:
        assignment_add(user=district_admin, unit=tree["conhue1"], role=role, by=district_admin)
    assert "của chính mình" in str(info.value)
    assert district_admin.assignments.count() == 1


def test_self_grant_is_refused_on_the_user_page(district_admin, tree, client):
    client.force_login(district_admin)
    response = client.post(
        reverse("accounts:user_detail", args=[district_admin.pk]),
        {"action": "assign", "unit": tree["conhue1"].pk, "role": "leader"},
        follow=True,
    )
    assert "của chính mình" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=district_admin, role="leader").exists()


def test_a_role_above_ones_own_is_refused(tree, personas):
    # A unit head who somehow reached this service may not hand out the reviewer role.
    head = personas["ward_head"]
    with pytest.raises(PermissionDenied):
        check_may_grant(by=head, user=personas["ward_clerk"], unit=tree["conhue1"], role="reviewer")


def test_an_administrator_may_still_give_roles_inside_their_district(district_admin, tree, personas):
    assignment_add(user=personas["ward_clerk"], unit=tree["dongngac_old"], role="clerk", by=district_admin)
    assert personas["ward_clerk"].assignments.filter(unit=tree["dongngac_old"]).exists()


def test_no_role_on_a_unit_outside_ones_scope(district_admin, tree, personas):
    with pytest.raises((PermissionDenied, ValidationError)):
        assignment_add(user=personas["ward_clerk"], unit=tree["quangan"], role="clerk", by=district_admin)
    assert not personas["ward_clerk"].assignments.filter(unit=tree["quangan"]).exists()


def test_an_account_with_a_role_above_the_district_cannot_be_reset_or_deactivated(district_admin, tree, personas):
    # ward_head also leads at city level: the district administrator no longer manages the account.
    assignment_add(user=personas["ward_head"], unit=tree["hanoi_old"], role="leader", by=personas["admin"])
    before = User.objects.get(pk=personas["ward_head"].pk).password
    with pytest.raises(PermissionDenied) as info:
        user_set_password(user=personas["ward_head"], password="Mat-khau-moi-2024", by=district_admin)
    assert "ngoài các đơn vị" in str(info.value)
    with pytest.raises(PermissionDenied):
        user_update(user=personas["ward_head"], is_active=False, by=district_admin)
    target = User.objects.get(pk=personas["ward_head"].pk)
    assert target.password == before and target.is_active


def test_a_superuser_with_a_ward_role_cannot_be_reset_by_the_district_administrator(district_admin, tree):
    boss = User.objects.create_superuser("boss", "b@example.vn", PASSWORD)
    RoleAssignment.objects.create(user=boss, unit=tree["conhue1"], role="clerk")
    with pytest.raises(PermissionDenied):
        user_set_password(user=boss, password="Mat-khau-moi-2024", by=district_admin)
    boss.refresh_from_db()
    assert boss.check_password(PASSWORD)


def test_a_password_reset_of_an_account_inside_the_district_works(district_admin, personas):
    user_set_password(user=personas["ward_clerk"], password="Mat-khau-moi-2024", by=district_admin)
    personas["ward_clerk"].refresh_from_db()
    assert personas["ward_clerk"].check_password("Mat-khau-moi-2024")
