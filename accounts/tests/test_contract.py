"""The kernel of the service contract: one refusal helper, the system actor, the audit helper."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.access import require
from accounts.audit import save_by
from accounts.roles import Cap
from accounts.system import system_actor
from lib.errors import InvalidTransition


def test_require_refuses_a_persona_outside_its_subtree_with_permission_denied(tree, personas):
    require(personas["ward_clerk"], Cap.ENTER, tree["conhue1"])
    with pytest.raises(PermissionDenied):
        require(personas["ward_clerk"], Cap.ENTER, tree["quangan"])
    with pytest.raises(PermissionDenied):
        require(personas["ward_clerk"], Cap.REVIEW, tree["conhue1"])


def test_the_system_actor_may_act_everywhere_but_never_sign_in(tree, client):
    actor = system_actor()
    require(actor, Cap.MANAGE_UNITS, tree["quangan"])
    assert not actor.is_active and not actor.has_usable_password()
    assert system_actor().pk == actor.pk


def test_save_by_records_the_author_in_the_history(tree, personas):
    unit = tree["tdp1"]
    unit.note = "ghi chú"
    save_by(unit, by=personas["admin"], update_fields=["note"])
    assert unit.history.latest().history_user == personas["admin"]


def test_an_invalid_transition_carries_a_machine_code_and_the_message():
    exc = InvalidTransition("Chỉ phê duyệt biểu đã gửi.", code="not_submitted")
    assert (exc.code, str(exc)) == ("not_submitted", "Chỉ phê duyệt biểu đã gửi.")
