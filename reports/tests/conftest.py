import datetime as dt

import pytest

# The demo fixtures (`demo`, `demo_db`) live in the root conftest; `load_demo` stays importable here.
from tests.demo_snapshots import DEMO_APPS, load_demo  # noqa: E402, F401


@pytest.fixture
def bodies(tree):
    """Issuing bodies on the small test tree: the district's Ban Dân vận (party) and the ward's
    UBND (state)."""
    from accounts.system import system_actor
    from orgunits.models import Level, UnitType
    from orgunits.services import unit_create
    from reports import services
    from reports.models import BodyKind

    agency = unit_create(
        name="Ban Dân vận Quận ủy Bắc Từ Liêm",
        unit_type=UnitType.AGENCY,
        level=Level.objects.get(code="district"),
        parent=tree["btl"],
        valid_to=tree["btl"].valid_to,
        by=system_actor(),
    )

    party = services.body_create(
        by=system_actor(),
        unit=agency,
        kind=BodyKind.PARTY,
        superior_name="QUẬN ỦY BẮC TỪ LIÊM",
        name="BAN DÂN VẬN",
        abbreviation="BDVQU",
        place="Bắc Từ Liêm",
        term_start=dt.date(2020, 10, 1),
        signer_title="TRƯỞNG BAN",
        signer_name="Nguyễn Văn A",
        recipients="Ban Dân vận Thành ủy\nLưu",
    )
    state = services.body_create(
        by=system_actor(),
        unit=tree["conhue1"],
        kind=BodyKind.STATE,
        name="ỦY BAN NHÂN DÂN\nPHƯỜNG CỔ NHUẾ 1",
        abbreviation="UBND",
        place="Cổ Nhuế 1",
        signer_on_behalf="TM. ỦY BAN NHÂN DÂN",
        signer_title="CHỦ TỊCH",
        signer_name="Trần Thị B",
    )
    return {"party": party, "state": state, "agency": agency}
