"""A unit's whole record as one workbook, for its administrators: what it registered (initiatives of
its subtree), what it reported (its statistics values by period) and what it was awarded (award
recipients of its subtree), one sheet each. It lives with the reports because it reads every
domain app; the org tree below them never imports them."""

from django.contrib.auth.decorators import login_required

from accounts.access import get_unit_for_user
from accounts.roles import Cap
from awards.exports import recipients_sheet
from awards.models import AwardRecipient
from initiatives.exports import initiatives_sheet
from initiatives.models import Initiative
from stats.exports import values_sheet
from webkit import exports as ex


def record_sheets(unit) -> list[ex.Sheet]:
    registered = Initiative.objects.filter(unit__path__startswith=unit.path).order_by("-year", "name", "pk")
    awarded = AwardRecipient.objects.filter(unit__path__startswith=unit.path).order_by(
        "-decision__year", "-decision__date", "decision_id", "pk"
    )
    return [initiatives_sheet(registered), values_sheet(unit), recipients_sheet(awarded)]


@login_required
def unit_record(request, pk):
    """XLSX only: several sheets. 404 unless the user administers the unit (MANAGE_UNITS)."""
    unit = get_unit_for_user(request.user, pk, cap=Cap.MANAGE_UNITS)
    return ex.xlsx_response(f"ho-so-{unit.name}", record_sheets(unit))
