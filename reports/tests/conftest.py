import datetime as dt
import importlib
import importlib.util

import pytest
from django.apps import apps

from accounts.system import system_actor

DEMO_APPS = ["initiatives", "awards", "stats", "reports"]


def load_demo():
    """Foundation, then each installed app's demo in the documented order."""
    from danvan.demo import load_foundation

    context = load_foundation()
    for app in DEMO_APPS:
        if apps.is_installed(app) and importlib.util.find_spec(f"{app}.demo"):
            importlib.import_module(f"{app}.demo").load(context)
    return context


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo, loaded once per module inside a transaction rolled back at the end."""
    from django.db import connection, transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield load_demo()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            connection.close()


@pytest.fixture
def demo_db(demo, django_db_blocker):
    with django_db_blocker.unblock():
        yield demo


@pytest.fixture
def bodies(tree):
    """Issuing bodies on the small test tree: the district's Ban Dân vận (party) and the ward's
    UBND (state)."""
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
