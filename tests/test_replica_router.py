"""The replica router: with a second alias pointing at the same database, the dashboards' and
reports' reads go there, writes and every other page stay on the primary."""

import pytest
from django.db import connections

from danvan import routers
from orgunits.models import OrgUnit


@pytest.fixture
def replica_alias():
    """A ``replica`` alias on the very database of the test (a replica with no delay)."""
    connections.settings[routers.REPLICA] = dict(connections["default"].settings_dict)
    yield routers.REPLICA
    connections[routers.REPLICA].close()
    del connections.settings[routers.REPLICA]
    if hasattr(connections._connections, routers.REPLICA):
        delattr(connections._connections, routers.REPLICA)


def test_without_a_replica_everything_stays_on_the_primary():
    router = routers.ReplicaRouter()
    with routers.replica_reads():
        assert router.db_for_read(OrgUnit) is None
    assert router.db_for_write(OrgUnit) == "default"
    assert router.allow_migrate("default", "orgunits") and not router.allow_migrate("replica", "orgunits")


def test_marked_reads_go_to_the_replica_and_writes_to_the_primary(replica_alias):
    router = routers.ReplicaRouter()
    assert router.db_for_read(OrgUnit) is None
    with routers.replica_reads():
        assert router.db_for_read(OrgUnit) == replica_alias
        assert router.db_for_write(OrgUnit) == "default"
        assert OrgUnit.objects.all().db == replica_alias
    assert OrgUnit.objects.all().db == "default"


def test_a_replica_url_gives_an_alias_that_mirrors_the_primary_in_tests():
    config = routers.replica_settings("postgres://reader@replica.example:5432/danvan", {"CONN_MAX_AGE": 60})
    assert config["HOST"] == "replica.example" and config["TEST"] == {"MIRROR": "default"}
    assert config["CONN_MAX_AGE"] == 60
