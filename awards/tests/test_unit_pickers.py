"""The award decision form's issuer and proposer are search-as-you-type pickers; the chosen id is
checked against the whole allowed set (not a list capped at 1.500 units)."""

import pytest
from django.urls import reverse

from awards import catalogue as c
from awards.models import AwardDecision, DecisionStatus

pytestmark = pytest.mark.django_db

ISSUER_ERROR = "Đơn vị ban hành: hãy chọn đơn vị mà bạn được ban hành khen thưởng"
PROPOSER_ERROR = "Đơn vị đề nghị: hãy chọn đơn vị thuộc phạm vi phụ trách của bạn."


def _data(tree, cat, **overrides):
    data = {
        "status": DecisionStatus.ISSUED,
        "year": "2022",
        "issuer": str(tree["btl"].pk),
        "issuer_title": "Ban Thường vụ Quận ủy",
        "number": "1022-QĐ/QU",
        "date": "15/12/2022",
        "signer": "Nguyễn Tiến Thành",
        "proposed_by": "",
        "reward_form": str(cat[c.GIAY_KHEN].pk),
        "emulation_title": "",
        "area": str(cat[c.QCDC].pk),
        "summary": "",
    }
    data.update(overrides)
    return data


def test_the_decision_form_renders_both_units_as_pickers(client_as):
    body = client_as("district_reviewer").get(reverse("awards:create")).content.decode()
    for name in ("issuer", "proposed_by"):
        assert f'<input type="hidden" name="{name}" id="id_{name}"' in body
        assert f'id="id_{name}_text" role="combobox"' in body
        assert f'for="id_{name}_text"' in body
    assert 'data-scope="award_issuer"' in body and 'data-scope="award_proposer"' in body
    assert '<select name="issuer"' not in body and '<select name="proposed_by"' not in body


def test_an_allowed_proposer_and_issuer_are_accepted(client_as, tree, cat):
    data = _data(tree, cat, status=DecisionStatus.PROPOSED, number="", date="", proposed_by=tree["conhue1"].pk)
    response = client_as("ward_clerk").post(reverse("awards:create"), data)
    assert response.status_code == 302
    decision = AwardDecision.objects.get()
    assert (decision.issuer, decision.proposed_by) == (tree["btl"], tree["conhue1"])


def test_an_issuer_outside_the_allowed_set_is_refused_and_the_form_keeps_what_was_typed(client_as, tree, cat):
    # The district reviewer of Bắc Từ Liêm has nothing to do with Tây Hồ.
    data = _data(tree, cat, issuer=tree["tayho"].pk)
    response = client_as("district_reviewer").post(reverse("awards:create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert ISSUER_ERROR in body
    assert f'name="issuer" id="id_issuer" value="{tree["tayho"].pk}"' in body
    assert 'value="Nguyễn Tiến Thành"' in body and 'value="1022-QĐ/QU"' in body
    assert not AwardDecision.objects.exists()


def test_a_proposer_outside_the_users_units_is_refused(client_as, tree, cat):
    # The ward clerk of Cổ Nhuế 1 may not propose in the name of Đông Ngạc.
    data = _data(tree, cat, status=DecisionStatus.PROPOSED, number="", date="", proposed_by=tree["dongngac_old"].pk)
    response = client_as("ward_clerk").post(reverse("awards:create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert PROPOSER_ERROR in body
    assert f'name="proposed_by" id="id_proposed_by" value="{tree["dongngac_old"].pk}"' in body
    assert not AwardDecision.objects.exists()


def test_the_edit_form_refuses_an_issuer_outside_the_set(client_as, make_decision, tree, cat):
    decision = make_decision()
    data = _data(tree, cat, issuer=tree["tayho"].pk, version=decision.version)
    response = client_as("district_reviewer").post(reverse("awards:edit", args=[decision.pk]), data)
    assert response.status_code == 200
    assert ISSUER_ERROR in response.content.decode()
    decision.refresh_from_db()
    assert decision.issuer == tree["btl"]


@pytest.mark.parametrize(
    "persona, scope, expected",
    [
        # A proposal goes up: the clerk's ward, its district and the old city (the country root never).
        ("ward_clerk", "award_issuer", {"conhue1", "btl", "hanoi_old"}),
        ("ward_clerk", "award_proposer", {"conhue1"}),
        # Reviewed units two levels down (residential groups excluded) and the district's parent.
        ("district_reviewer", "award_issuer", {"btl", "conhue1", "dongngac_old", "hanoi_old"}),
        ("district_reviewer", "award_proposer", {"btl", "conhue1", "dongngac_old"}),
    ],
)
def test_the_picker_suggests_exactly_the_set_the_form_accepts(client_as, tree, persona, scope, expected):
    response = client_as(persona).get(reverse("orgunits:search"), {"q": "", "scope": scope})
    assert {r["id"] for r in response.json()["results"]} == {tree[k].pk for k in expected}


# ---------------------------------------------------------------- recipient lines

RECIPIENT_ERROR = "Đơn vị: hãy chọn đơn vị thuộc địa bàn của đơn vị ban hành và thuộc phạm vi phụ trách của bạn."


def _lines(*rows):
    data = {"r-TOTAL_FORMS": str(len(rows)), "r-INITIAL_FORMS": "0", "r-MIN_NUM_FORMS": "0", "r-MAX_NUM_FORMS": "100"}
    for i, row in enumerate(rows):
        base = {"kind": "collective", "unit": "", "name": "", "position": "", "date_of_birth": "", "note": ""}
        base.update(row)
        data.update({f"r-{i}-{k}": v for k, v in base.items()})
    return data


def test_the_recipient_lines_render_unit_pickers_scoped_to_the_decision(client_as, make_decision):
    decision = make_decision()
    body = client_as("district_reviewer").get(reverse("awards:recipients_add", args=[decision.pk])).content.decode()
    assert '<input type="hidden" name="r-0-unit" id="id_r-0-unit"' in body
    assert 'id="id_r-0-unit_text" role="combobox"' in body
    assert f'data-scope="award_recipient:{decision.pk}"' in body
    assert '<select name="r-0-unit"' not in body


def test_a_recipient_unit_in_the_set_is_accepted(client_as, make_decision, tree):
    decision = make_decision()
    response = client_as("district_reviewer").post(
        reverse("awards:recipients_add", args=[decision.pk]), _lines({"unit": tree["tdp1"].pk})
    )
    assert response.status_code == 302
    assert decision.recipients.get().unit == tree["tdp1"]


def test_a_recipient_unit_outside_the_issuers_area_is_refused_and_the_lines_kept(client_as, make_decision, tree):
    decision = make_decision()  # issued by Bắc Từ Liêm: Quảng An (Tây Hồ) is outside its area
    data = _lines({"unit": tree["conhue1"].pk, "note": "Tập thể xuất sắc"}, {"unit": tree["quangan"].pk})
    response = client_as("district_reviewer").post(reverse("awards:recipients_add", args=[decision.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert RECIPIENT_ERROR in body
    assert f'name="r-1-unit" id="id_r-1-unit" value="{tree["quangan"].pk}"' in body
    assert 'value="Tập thể xuất sắc"' in body
    assert not decision.recipients.exists()


def test_the_recipient_picker_suggests_the_decisions_set_and_nothing_for_a_stranger(client_as, make_decision, tree):
    decision = make_decision()
    scope = f"award_recipient:{decision.pk}"
    response = client_as("district_reviewer").get(reverse("orgunits:search"), {"q": "", "scope": scope})
    # Bắc Từ Liêm's subtree down to three levels, residential groups included.
    expected = {tree[k].pk for k in ("btl", "conhue1", "tdp1", "dongngac_old")}
    assert {r["id"] for r in response.json()["results"]} == expected
    response = client_as("outsider").get(reverse("orgunits:search"), {"q": "", "scope": scope})
    assert response.json()["results"] == []


def test_labelling_the_lines_pickers_does_not_cost_a_query_per_line(client_as, make_decision, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    decision = make_decision()
    client = client_as("district_reviewer")
    url = reverse("awards:recipients_add", args=[decision.pk])

    def queries(lines):
        # Lines with a unit outside the area: the page is shown again, each picker labelled.
        data = _lines(*[{"unit": tree["quangan"].pk, "note": str(i)} for i in range(lines)])
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(url, data)
        assert response.status_code == 200 and RECIPIENT_ERROR in response.content.decode()
        return len(ctx.captured_queries)

    # Each line's own check (is the unit allowed?) is one query; labelling must add none per line.
    assert queries(6) - queries(2) <= 4
