"""The system actor is never another account that took over its cached id (a rolled-back test
lets SQLite hand the same id to the next user created)."""

import pytest

from accounts.models import User
from accounts.system import SYSTEM_USERNAME, is_system, system_actor


@pytest.mark.django_db
def test_the_system_actor_is_not_an_account_that_reuses_its_old_id():
    old = system_actor()
    old_pk = old.pk
    old.delete()
    User.objects.create(pk=old_pk, username="ward_head", full_name="Someone else")
    actor = system_actor()
    assert actor.username == SYSTEM_USERNAME and is_system(actor)
    assert actor.pk != old_pk
