"""The search-as-you-type unit picker: its JSON endpoint (scope, accents, current units, a bounded
list) and its widget (hidden id + combobox text box, namesakes told apart)."""

from django import forms
from django.urls import reverse

from accounts.system import system_actor
from orgunits.models import Level, OrgUnit, UnitType
from orgunits.services import unit_create
from orgunits.views import SEARCH_LIMIT
from orgunits.widgets import UnitPicker


def _search(client, **params):
    response = client.get(reverse("orgunits:search"), params)
    assert response.status_code == 200
    return response.json()


def test_search_finds_units_without_accents_within_the_users_scope(tree, client_as):
    data = _search(client_as("ward_clerk"), q="phuong")
    ids = {r["id"] for r in data["results"]}
    assert tree["conhue1"].pk in ids
    assert tree["quangan"].pk not in ids  # Tây Hồ is outside the ward clerk's scope
    assert tree["dongngac_old"].pk not in ids


def test_namesakes_are_told_apart_by_validity_and_parent_not_by_dashes(tree, client_as):
    data = _search(client_as("admin"), q="ha noi")
    hanoi = [r for r in data["results"] if r["name"] == "Thành phố Hà Nội"]
    assert len(hanoi) == 2
    labels = {r["id"]: r["label"] for r in hanoi}
    assert labels[tree["hanoi"].pk] != labels[tree["hanoi_old"].pk]
    assert "đến 30/06/2025" in labels[tree["hanoi_old"].pk]
    assert "Việt Nam" in labels[tree["hanoi"].pk]
    assert all("—" not in r["label"] for r in hanoi)
    assert hanoi[0]["id"] == tree["hanoi"].pk  # the current unit comes first


def test_current_only_leaves_out_ended_units_and_counts_them(tree, client_as):
    client = client_as("admin")
    data = _search(client, q="dong ngac", current_only="1")
    assert [r["id"] for r in data["results"]] == [tree["dongngac"].pk]
    data = _search(client, q="quang an", current_only="1")
    assert data["results"] == [] and data["ended_matches"] == 1


def test_the_list_is_bounded_and_says_more_units_match(tree, client_as):
    level = Level.objects.get(code="grassroots")
    for i in range(SEARCH_LIMIT + 5):
        unit_create(
            name=f"Tổ dân phố số {i}",
            unit_type=UnitType.RESIDENTIAL,
            level=level,
            parent=tree["dongngac"],
            valid_from=tree["dongngac"].valid_from,
            by=system_actor(),
        )
    data = _search(client_as("admin"), q="to dan pho so")
    assert len(data["results"]) == SEARCH_LIMIT
    assert data["more"] is True


def test_cap_limits_suggestions_to_units_where_the_user_holds_it(tree, client_as):
    # The district reviewer sees Bắc Từ Liêm's wards but may enter data nowhere.
    client = client_as("district_reviewer")
    assert _search(client, q="co nhue")["results"]
    assert _search(client, q="co nhue", cap="enter")["results"] == []


def test_anonymous_visitors_get_no_suggestions(tree, client):
    response = client.get(reverse("orgunits:search"), {"q": "ha noi"})
    assert response.status_code == 302


class _Form(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.all(), widget=UnitPicker(current_only=True))


def test_the_widget_renders_a_combobox_with_the_chosen_units_label(tree):
    html = str(_Form(initial={"unit": tree["hanoi_old"].pk})["unit"])
    assert 'type="hidden" name="unit" id="id_unit"' in html
    assert f'value="{tree["hanoi_old"].pk}"' in html
    assert 'id="id_unit_text" role="combobox"' in html
    assert 'aria-controls="id_unit_listbox"' in html
    assert "đến 30/06/2025" in html
    assert 'data-current-only="1"' in html
    assert "<option" not in html  # never a select listing every unit


def test_a_wrong_choice_is_refused_with_the_field_marked_invalid(tree):
    form = _Form(data={"unit": "999999"})
    assert not form.is_valid()
    html = str(form["unit"])
    assert 'aria-invalid="true"' in html and 'aria-describedby="id_unit_error"' in html
    assert form["unit"].id_for_label == "id_unit_text"


def test_the_tree_offers_ended_units_when_nothing_current_matches(tree, client_as):
    response = client_as("admin").get(reverse("orgunits:tree"), {"q": "quang an"})
    html = response.content.decode()
    assert 'data-testid="include-ended"' in html
    assert "include_ended=on" in html
    response = client_as("admin").get(reverse("orgunits:tree"), {"q": "dong ngac"})
    assert 'data-testid="include-ended"' not in response.content.decode()
