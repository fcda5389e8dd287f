import pytest

from accounts.system import system_actor
from stats import services
from stats.models import DataElement, DataSet


@pytest.fixture(autouse=True)
def catalogue(request):
    """The standard catalogue comes from a data migration; a transactional test elsewhere in the
    run flushes it, so put it back when it is missing."""
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        marker = request.node.get_closest_marker("django_db")
        if marker is None:
            return
    request.getfixturevalue("transactional_db" if _transactional(request) else "db")
    if not DataSet.objects.filter(code="BC_DV_6T").exists():
        import importlib

        from django.apps import apps

        importlib.import_module("stats.migrations.0002_standard_catalogue").load(apps, None)
    if not DataElement.objects.filter(code="OPINIONS_ANSWERED_PCT").exists():
        import importlib

        from django.apps import apps

        for name in ("0004_front_social_catalogue", "0009_stated_rates_and_ranges"):
            importlib.import_module(f"stats.migrations.{name}").load(apps, None)
    from stats.models import Category

    if not Category.objects.filter(code="DIALOGUE_KIND").exists():
        import importlib

        from django.apps import apps

        importlib.import_module("stats.migrations.0014_dialogue_categories").load(apps, None)


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


@pytest.fixture
def form6(db):
    return DataSet.objects.get(code="BC_DV_6T")


@pytest.fixture
def form_year(db):
    return DataSet.objects.get(code="BC_DV_NAM")


@pytest.fixture
def el(db):
    """el("RECOMMENDATIONS_RAISED") → the data element."""
    cache = {}

    def _el(code):
        if code not in cache:
            cache[code] = DataElement.objects.select_related("combo").get(code=code)
        return cache[code]

    return _el


@pytest.fixture
def fill(el):
    """fill(submission, CODE=value, …) sets values through the service; a disaggregated element
    takes a dict {option_code: value}."""

    def _fill(submission, by=None, **values):
        by = by or system_actor()  # a fixture filling figures is not a person
        for code, value in values.items():
            element = el(code)
            if isinstance(value, dict):
                for option_code, v in value.items():
                    option = element.combo.options.get(code=option_code)
                    services.value_set(submission=submission, element=element, option=option, value=v, by=by)
            else:
                services.value_set(submission=submission, element=element, value=value, by=by)
        return submission

    return _fill
