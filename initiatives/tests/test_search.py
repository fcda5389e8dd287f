import pytest
from django.urls import reverse

from initiatives.models import Initiative


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dan van kheo", "Dân vận khéo trong xây dựng tuyến phố văn minh"),
        ("DONG TAM", "Đồng Tâm xây dựng nông thôn mới"),
        ("đồng tâm", "Đồng Tâm xây dựng nông thôn mới"),
        ("nong thon dong tam", "Đồng Tâm xây dựng nông thôn mới"),
        ("co nhue", "Dân vận khéo trong xây dựng tuyến phố văn minh"),
    ],
)
def test_accent_free_search_finds_vietnamese_names(make_initiative, query, expected):
    make_initiative(name="Dân vận khéo trong xây dựng tuyến phố văn minh")
    make_initiative(unit="quangan", name="Đồng Tâm xây dựng nông thôn mới")
    assert expected in list(Initiative.objects.search(query).values_list("name", flat=True))


def test_list_page_search_and_filters(client_as, make_initiative, fields):
    make_initiative(name="Dân vận khéo trong xây dựng tuyến phố văn minh", year=2023, status="recognized")
    make_initiative(name="Camera an ninh", field=fields["security"], year=2024)
    client = client_as("district_reviewer")
    body = client.get(reverse("initiatives:list"), {"q": "dan van kheo"}).content.decode()
    assert "tuyến phố văn minh" in body and "Camera an ninh" not in body
    body = client.get(reverse("initiatives:list"), {"year_from": 2024, "year_to": 2025}).content.decode()
    assert "Camera an ninh" in body and "tuyến phố văn minh" not in body
    body = client.get(reverse("initiatives:list"), {"level": "district"}).content.decode()
    assert "tuyến phố văn minh" in body and "Camera an ninh" not in body
    body = client.get(reverse("initiatives:list"), {"field": fields["security"].pk}).content.decode()
    assert "Camera an ninh" in body and "tuyến phố văn minh" not in body


def test_phrase_matches_rank_before_scattered_words(make_initiative):
    make_initiative(name="Vận động nhân dân đồng lòng, tâm huyết")
    make_initiative(unit="quangan", name="Đồng Tâm xây dựng nông thôn mới")
    from initiatives.selectors import initiative_list

    class Everyone:
        is_authenticated = is_active = is_superuser = True

    names = [i.name for i in initiative_list(Everyone(), data={"q": "dong tam"})]
    assert names[0] == "Đồng Tâm xây dựng nông thôn mới" and len(names) == 2
