"""A pasted list is still in its box when the lines it filled are refused."""

import datetime as dt

import pytest
from django.urls import reverse

from awards.tests.test_views import _lines

pytestmark = pytest.mark.django_db

PASTED = "Chi bộ Tổ dân phố 1;Phường Cổ Nhuế 1\nHội Phụ nữ phường;Phường Đông Ngạc"


def test_a_refused_line_keeps_the_pasted_list_and_names_the_line(client_as, medal_decision):
    from accounts.system import system_actor
    from awards.services import recipients_add

    first = medal_decision()
    recipients_add(decision=first, by=system_actor(), rows=[{"kind": "individual", "name": "Trần Văn Hùng"}])
    second = medal_decision(number="402-QĐ/BDVTW", year=2024, date=dt.date(2024, 9, 30))
    url = reverse("awards:recipients_add", args=[second.pk])
    data = _lines({"kind": "individual", "name": "Trần Văn Hùng"})
    data.update({"p-text": PASTED, "p-kind": "individual"})
    response = client_as("district_reviewer").post(url, data)
    body = response.content.decode()
    assert response.status_code == 200 and "Dòng 1" in body
    assert "Chi bộ Tổ dân phố 1;Phường Cổ Nhuế 1" in body and "Hội Phụ nữ phường;Phường Đông Ngạc" in body
    assert '<option value="individual" selected>' in body.split('data-testid="paste-form"')[1].split("</form>")[0]
    assert not second.recipients.exists()


def test_empty_lines_keep_the_pasted_list(client_as, make_decision):
    decision = make_decision()
    data = _lines({}, {})
    data.update({"p-text": PASTED, "p-kind": "collective"})
    response = client_as("district_reviewer").post(reverse("awards:recipients_add", args=[decision.pk]), data)
    assert response.status_code == 200
    assert "Hội Phụ nữ phường;Phường Đông Ngạc" in response.content.decode()
