"""Reads of the dashboards and reports on a streaming read replica.

``DANVAN_REPLICA_URL`` (a database URL) adds the ``replica`` alias; without it every query goes
to ``default`` as before. The ``ReplicaReadsMiddleware`` marks a GET under the overview or the
reports prefixes as replica-eligible for the length of the request, and the router sends that
request's reads there. Writes, every other page, the API and the background worker stay on the
primary, so what a user just saved is read back from where it was written; a dashboard may lag
the primary by the replica's delay (seconds at most on a streaming replica)."""

import contextvars

from django.db import connections

REPLICA = "replica"
REPLICA_PREFIXES = ("/tong-quan/", "/bao-cao/")
_on_replica = contextvars.ContextVar("danvan_reads_on_replica", default=False)


class replica_reads:  # noqa: N801 (used like a function: ``with replica_reads():``)
    """Send this block's reads to the replica (when one is configured)."""

    def __enter__(self):
        self._token = _on_replica.set(True)
        return self

    def __exit__(self, *exc):
        _on_replica.reset(self._token)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _on_replica.get() and replica_configured():
            return REPLICA
        return None  # the default database

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the same database

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Marks the overview's and the reports' GET requests for the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and request.path_info.startswith(REPLICA_PREFIXES) and replica_configured():
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)


def replica_settings(url: str, default: dict) -> dict:
    """The ``replica`` alias for a URL; in tests it mirrors ``default`` (one database)."""
    import dj_database_url

    config = dj_database_url.parse(url, conn_max_age=default.get("CONN_MAX_AGE", 0))
    config["TEST"] = {"MIRROR": "default"}
    return config
