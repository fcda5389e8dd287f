import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import RoleAssignment, User
from accounts.services import assignment_remove, user_create
from lib.errors import InvalidTransition


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_the_login_page_is_in_vietnamese(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_a_persona_signs_in_and_lands_on_home(client, personas):
    response = _login(client, "ward_clerk", "Persona-pass-2024")
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_repeated_failures_block_sign_in_even_with_the_right_password(client, personas, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        response = _login(client, "ward_clerk", "wrong")
        assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in _login(client, "ward_clerk", "wrong").content.decode()
    response = _login(client, "ward_clerk", "Persona-pass-2024")
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_user_without_assignment_cannot_sign_in_and_is_told_why(client, db):
    User.objects.create_user("lonely", password="Some-pass-2024")
    response = _login(client, "lonely", "Some-pass-2024")
    assert response.status_code == 200
    assert "chưa được phân công" in response.content.decode()


def test_creating_a_user_without_a_unit_is_refused(personas):
    with pytest.raises(ValidationError):
        user_create(username="x", password="Some-pass-2024", unit=None, role="clerk", by=personas["admin"])
    assert not User.objects.filter(username="x").exists()


def test_the_last_assignment_cannot_be_removed(personas):
    only = personas["ward_clerk"].assignments.get()
    with pytest.raises(InvalidTransition) as info:
        assignment_remove(assignment=only, by=personas["admin"])
    assert info.value.code == "last_role"
    assert "ít nhất một vai trò" in str(info.value)
    assert RoleAssignment.objects.filter(pk=only.pk).exists()


def test_an_admin_creates_a_user_and_a_bad_password_keeps_the_form(client_as, tree):
    client = client_as("admin")
    data = {"username": "moi", "full_name": "Người Mới", "password": "123", "unit": tree["quangan"].pk, "role": "clerk"}
    response = client.post(reverse("accounts:user_create"), data)
    assert response.status_code == 200
    assert not User.objects.filter(username="moi").exists()
    assert 'value="Người Mới"' in response.content.decode()
    data["password"] = "Mat-khau-dai-2024"
    response = client.post(reverse("accounts:user_create"), data)
    assert response.status_code == 302
    created = User.objects.get(username="moi")
    assert created.assignments.get().unit == tree["quangan"]
    assert created.history.first().history_user.username == "admin"


def test_a_district_admin_cannot_give_roles_outside_the_district(client, tree, personas):
    district_admin = user_create(
        username="qt_btl", password="Some-pass-2024", unit=tree["btl"], role="admin", by=personas["admin"]
    )
    client.force_login(district_admin)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "ngoai",
            "full_name": "Ngoài",
            "password": "Mat-khau-dai-2024",
            "unit": tree["quangan"].pk,
            "role": "clerk",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="ngoai").exists()
    # and cannot open an account that belongs to another district
    assert client.get(reverse("accounts:user_detail", args=[personas["outsider"].pk])).status_code == 404


def test_user_list_runs_a_bounded_number_of_queries(client_as, tree, personas, django_assert_max_num_queries):
    client = client_as("admin")
    with django_assert_max_num_queries(15):
        client.get(reverse("accounts:user_list"))
    for i in range(30):
        user_create(
            username=f"u{i}", password="Some-pass-2024", unit=tree["quangan"], role="clerk", by=personas["admin"]
        )
    with django_assert_max_num_queries(15):
        response = client.get(reverse("accounts:user_list"))
    assert "u29" in response.content.decode()
