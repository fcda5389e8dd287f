"""Forms assigned to units (DHIS2's data set assignment): only assigned units report, and
completeness expects only them — opening a form to one district's commission must not make every
district a late reporter."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.system import system_actor
from stats import selectors, services
from stats.models import DataSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_form(form6):
    """A form of a district commission's own work (its own dialogues and conferences)."""
    return DataSet.objects.create(
        code="BC_HUYEN", name="Báo cáo của Ban Dân vận cấp huyện", period_type="half_year", unit_types=["district"]
    )


def test_without_an_assignment_every_unit_of_the_types_is_expected(tree, form6):
    # The standard form keeps today's behaviour: every ward of the subtree (Cổ Nhuế 1, Đông Ngạc, Quảng An).
    expected = {u.pk for u in selectors.expected_units(form6, "2024H1", tree["hanoi_old"])}
    assert expected == {tree["conhue1"].pk, tree["dongngac_old"].pk, tree["quangan"].pk}


def test_completeness_expects_only_the_assigned_units(tree, district_form, personas):
    services.data_set_assign(data_set=district_form, units=[tree["btl"]], by=personas["admin"])
    sub = services.submission_open(data_set=district_form, period="2024H1", unit=tree["btl"], by=system_actor())
    services.submission_submit(submission=sub, by=system_actor())
    result = selectors.completeness(district_form, "2024H1", tree["hanoi_old"])
    assert (result.expected, result.submitted, result.missing) == (1, 1, 0)  # Tây Hồ is not expected
    summary = selectors.completeness_summary(district_form, "2024H1", tree["vn"])
    assert (summary.expected, summary.submitted) == (1, 1)
    # Unassigned, every district would be expected: 1 of 2.
    services.data_set_assign(data_set=district_form, units=[], by=personas["admin"])
    district_form = DataSet.objects.get(pk=district_form.pk)
    assert selectors.completeness(district_form, "2024H1", tree["hanoi_old"]).expected == 2


def test_an_unassigned_unit_cannot_open_the_form(tree, district_form, personas):
    services.data_set_assign(data_set=district_form, units=[tree["btl"]], by=personas["admin"])
    with pytest.raises(ValidationError):
        services.submission_open(data_set=district_form, period="2024H1", unit=tree["tayho"], by=system_actor())


def test_assigning_a_province_assigns_its_districts(tree, district_form, personas):
    services.data_set_assign(data_set=district_form, units=[tree["hanoi_old"]], by=personas["admin"])
    expected = {u.pk for u in selectors.expected_units(district_form, "2024H1", tree["vn"])}
    assert expected == {tree["btl"].pk, tree["tayho"].pk}


def test_only_an_administrator_of_the_unit_assigns_forms(tree, district_form, personas):
    with pytest.raises(PermissionDenied):
        services.data_set_assign(data_set=district_form, units=[tree["btl"]], by=personas["district_reviewer"])


def test_assignments_are_kept_in_history(tree, district_form, personas):
    (assignment,) = services.data_set_assign(data_set=district_form, units=[tree["btl"]], by=personas["admin"])
    assert assignment.history.first().history_user == personas["admin"]
