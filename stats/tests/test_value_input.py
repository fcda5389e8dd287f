"""Statistics values are typed with the digits 0–9 and a dot between thousands, on the page and in
the API; Python's looser readings (other scripts' digits, 1_000, 1e3) are refused."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.system import system_actor
from stats import services

HINT = "dùng dấu chấm ngăn cách hàng nghìn"  # the one message of every number field
REFUSED = ["١٢", "０１２", "1_000", "1e3", "1E3", "٣٠٠", "+5"]


@pytest.fixture
def submission(tree, form6):
    return services.submission_open(data_set=form6, period="2024H1", unit=tree["conhue1"], by=system_actor())


@pytest.mark.parametrize("raw", REFUSED)
def test_the_service_refuses_anything_but_ascii_digits(submission, el, raw):
    element = el("DIALOGUE_PARTICIPANTS")
    with pytest.raises(ValidationError) as exc:
        services.value_set(submission=submission, element=element, value=raw, by=system_actor())
    message = " ".join(exc.value.message_dict["value"])
    assert element.name in message and HINT in message
    assert not submission.values.exists()


@pytest.mark.parametrize(("raw", "expected"), [("1.500", 1500), ("1 500", 1500), ("300", 300), ("0", 0)])
def test_vietnamese_figures_are_still_read(submission, el, raw, expected):
    value = services.value_set(submission=submission, element=el("DIALOGUE_PARTICIPANTS"), value=raw, by=system_actor())
    assert value.value == expected


@pytest.mark.parametrize("raw", ["١٢", "1e3", "1_000"])
def test_the_entry_page_refuses_them_naming_the_field(client_as, tree, form6, el, submission, raw):
    element = el("DIALOGUE_PARTICIPANTS")
    url = reverse("stats:entry_value", args=[form6.pk, "2024H1", tree["conhue1"].pk])
    body = client_as("ward_clerk").post(url, {"element": element.pk, "value": raw}).content.decode()
    assert element.name in body and HINT in body
    assert not submission.values.exists()


@pytest.mark.parametrize("raw", ["０１２", "1e3", "1_000"])
def test_the_api_refuses_them_too(personas, tree, submission, raw):
    from django.test import Client

    from api.services import token_create

    key = token_create(user=personas["ward_clerk"], name="test", days=30, by=personas["ward_clerk"])[1]
    client = Client(headers={"Authorization": f"Bearer {key}"})
    payload = {"values": [{"element": "DIALOGUE_PARTICIPANTS", "value": raw}]}
    response = client.put(
        f"/api/v1/stats/submissions/{submission.pk}/values", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code == 422
    assert HINT in response.json()["fields"]["value"][0]
    assert not submission.values.exists()


@pytest.mark.parametrize("period", ["1900", "1900H1", "2200", "2200H2"])
def test_periods_in_1900_or_2200_are_refused_naming_the_period(tree, form6, period):
    with pytest.raises(ValidationError) as exc:
        services.submission_open(data_set=form6, period=period, unit=tree["conhue1"], by=system_actor())
    assert "period" in exc.value.message_dict


def test_a_period_written_in_other_digits_is_not_read():
    from lib import periods

    with pytest.raises(ValueError):
        periods.parse("٢٠٢٤H1")
