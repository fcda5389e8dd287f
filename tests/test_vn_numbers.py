"""Numbers typed the Vietnamese way (150.000.000; 12,5) are read right everywhere, ambiguous ones
are refused with the format explained, and every numeric form field of the project is the one field."""

import importlib
import inspect
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from lib.vn_numbers import VNNumberError, format_vn_number, parse_vn_number
from webkit.fields import VN_NUMBER_FIELDS, VNDecimalField, VNIntegerField, VNYearField

MESSAGE = (
    "Số không hợp lệ: dùng dấu chấm ngăn cách hàng nghìn và dấu phẩy cho phần thập phân, ví dụ 150.000.000 hoặc 12,5"
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("150.000.000", Decimal(150_000_000)),
        ("12,5", Decimal("12.5")),
        ("1.500,5", Decimal("1500.5")),
        ("  42 ", Decimal(42)),
        ("150000000", Decimal(150_000_000)),
        ("", None),
    ],
)
def test_the_parser_reads_vietnamese_notation(typed, expected):
    assert parse_vn_number(typed) == expected


@pytest.mark.parametrize(
    "typed", ["1.5", "1.50.0", "1,500.5", "1_000", "1e3", "١٢٣", "１２", "1234.567", ",5", "5,", "NaN", "Infinity"]
)
def test_the_parser_refuses_ambiguous_or_foreign_input(typed):
    with pytest.raises(VNNumberError):
        parse_vn_number(typed)


def test_a_decimal_comma_is_refused_where_a_whole_number_is_expected():
    with pytest.raises(VNNumberError):
        parse_vn_number("1,500", integer=True)


def test_numbers_are_written_back_the_vietnamese_way():
    assert format_vn_number(150_000_000) == "150.000.000"
    assert format_vn_number(Decimal("12.50")) == "12,5"
    assert format_vn_number(Decimal("1500.5")) == "1.500,5"
    assert format_vn_number(2026, grouping=False) == "2026"


def test_the_widget_shows_a_stored_value_vietnamese_style_with_a_numeric_keyboard():
    class Sample(forms.Form):
        money = VNIntegerField()
        area = VNDecimalField()
        year = VNYearField()

    html = str(Sample(initial={"money": 150_000_000, "area": Decimal("12.50"), "year": 2026}))
    assert 'value="150.000.000"' in html and 'value="12,5"' in html and 'value="2026"' in html
    assert 'inputmode="decimal"' in html and 'type="number"' not in html


def _project_form_classes():
    """Every Form/ModelForm class defined in the forms.py of the project's own apps."""
    root = str(settings.BASE_DIR)
    found = []
    for config in apps.get_app_configs():
        if not config.path.startswith(root) or "/.venv/" in config.path:
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm):
                found.append(cls)
    return found


def test_every_numeric_form_field_of_the_project_is_the_vietnamese_number_field():
    classes = _project_form_classes()
    assert len(classes) > 15  # the walk really found the project's forms
    numeric = (forms.IntegerField, forms.DecimalField, forms.FloatField)
    offenders, checked = [], 0
    for cls in classes:
        for name, field in cls.base_fields.items():
            if isinstance(field, numeric):
                checked += 1
                if not isinstance(field, VN_NUMBER_FIELDS):
                    offenders.append(f"{cls.__module__}.{cls.__name__}.{name}: {type(field).__name__}")
    assert checked > 10
    assert offenders == []


# --------------------------------------------------------------------------------------------
# the initiative form end to end
# --------------------------------------------------------------------------------------------
@pytest.fixture
def field(db):
    from initiatives.models import Field

    return Field.objects.filter(active=True).first()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _registration(tree, field, **numbers):
    return {
        "name": "Vận động hiến đất mở đường ngõ",
        "kind": "model",
        "subject": "collective",
        "field": field.pk,
        "year": "2024",
        "unit": tree["conhue1"].pk,
        "origin": "new",
        **numbers,
    }


def test_money_typed_with_dots_is_stored_in_full_and_shown_on_the_detail_page(client_as, tree, field):
    from initiatives.models import Initiative

    clerk = client_as("ward_clerk")
    response = clerk.post(
        reverse("initiatives:create"), _registration(tree, field, funding_social="150.000.000", land_m2="12,5")
    )
    assert response.status_code == 302, response.context["form"].errors
    initiative = Initiative.objects.get()
    assert initiative.funding_social == 150 * 1000 * 1000
    assert initiative.land_m2 == Decimal("12.5")
    detail = clerk.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert "150.000.000 đ" in detail and "12,5" in detail
    edit = clerk.get(reverse("initiatives:edit", args=[initiative.pk])).content.decode()
    assert 'value="150.000.000"' in edit and 'value="12,5"' in edit and 'value="2024"' in edit


@pytest.mark.parametrize(
    ("name", "typed"),
    [("funding_social", "1.5"), ("funding_social", "1,500"), ("land_m2", "1.50.0"), ("land_m2", "1,500.5")],
)
def test_an_ambiguous_number_is_refused_with_the_format_and_kept_as_typed(client_as, tree, field, name, typed):
    from initiatives.models import Initiative

    response = client_as("ward_clerk").post(reverse("initiatives:create"), _registration(tree, field, **{name: typed}))
    assert response.status_code == 200
    assert response.context["form"].errors[name] == [MESSAGE]
    assert f'value="{typed}"' in response.content.decode()
    assert not Initiative.objects.exists()


# --------------------------------------------------------------------------------------------
# the API reads the same strings
# --------------------------------------------------------------------------------------------
def test_the_api_schema_reads_vietnamese_strings_and_plain_json_numbers():
    from pydantic import ValidationError

    from api.routers.initiatives import InitiativePatch

    assert InitiativePatch(version=1, funding_social="150.000.000").funding_social == 150_000_000
    assert InitiativePatch(version=1, funding_social=150_000_000).funding_social == 150_000_000
    assert InitiativePatch(version=1, land_m2="12,5").land_m2 == Decimal("12.5")
    assert InitiativePatch(version=1, land_m2=12.5).land_m2 == Decimal("12.5")
    for typed in ("1.5", "1,500", "1e3"):
        with pytest.raises(ValidationError) as caught:
            InitiativePatch(version=1, funding_social=typed)
        assert "150.000.000" in str(caught.value)
