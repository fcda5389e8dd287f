"""A clerk of a ward formed in the July-2025 reorganization registers this year's models; a clerk
of a ward that ended then is told which unit to use instead."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative


@pytest.fixture
def new_ward_clerk(tree):
    from accounts.services import user_create
    from accounts.system import system_actor

    return user_create(
        username="vanthu.dongngac",
        password="Persona-pass-2024",
        unit=tree["dongngac"],
        role="clerk",
        full_name="x",
        by=system_actor(),
    )


def _post(user, tree, fields, **extra):
    client = Client()
    client.force_login(user)
    data = {
        "name": "Dân vận khéo giữ gìn tuyến phố văn minh",
        "kind": "model",
        "subject": "collective",
        "field": fields["culture"].pk,
        "year": str(timezone.localdate().year),
        "origin": "new",
        **extra,
    }
    return client, client.post(reverse("initiatives:create"), data)


def test_the_registration_form_starts_with_the_clerks_current_ward(new_ward_clerk, tree):
    client = Client()
    client.force_login(new_ward_clerk)
    form = client.get(reverse("initiatives:create")).context["form"]
    # The scope also holds the two old wards merged into it; they ended on 30/06/2025.
    assert form.initial["unit"] == tree["dongngac"].pk


def test_a_clerk_of_a_current_ward_registers_a_model_for_this_year(new_ward_clerk, tree, fields):
    _client, response = _post(new_ward_clerk, tree, fields, unit=tree["dongngac"].pk)
    assert response.status_code == 302, response.context["form"].errors
    initiative = Initiative.objects.get()
    assert initiative.unit == tree["dongngac"] and initiative.year == timezone.localdate().year


def test_a_clerk_of_an_ended_ward_is_pointed_to_the_ward_it_became(personas, tree, fields):
    _client, response = _post(personas["ward_clerk"], tree, fields, unit=tree["conhue1"].pk)
    assert response.status_code == 200
    [message] = response.context["form"].errors["year"]
    assert "Phường Cổ Nhuế 1" in message and "Phường Đông Ngạc" in message
    assert not Initiative.objects.exists()
