"""The catalogue API says which units a form is assigned to."""

import pytest

from api.tests.conftest import API

pytestmark = pytest.mark.django_db


def test_the_catalogue_lists_a_forms_assigned_units(api_as, tree, personas):
    from stats import services
    from stats.models import DataSet

    form = DataSet.objects.create(
        code="BC_HUYEN", name="Báo cáo cấp huyện", period_type="half_year", unit_types=["district"]
    )
    services.data_set_assign(data_set=form, units=[tree["btl"]], by=personas["admin"])
    body = api_as("ward_clerk").get(f"{API}/stats/catalogue").json()
    by_code = {d["code"]: d for d in body["data_sets"]}
    assert by_code["BC_HUYEN"]["assigned_units"] == [tree["btl"].pk]
    assert by_code["BC_DV_6T"]["assigned_units"] == []
