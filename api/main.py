"""The JSON API, version 1. Each domain app has a router module in api/routers; a router is added
only when its app is installed."""

from django.apps import apps
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from api import errors
from api.auth import AUTH

API_DESCRIPTION = """JSON API of the "Dân vận khéo" system.

Authenticate with a personal API key (`Authorization: Bearer dvk_…`, created on the "API keys" page)
or with the browser session (unsafe methods then need the `X-CSRFToken` header).
Objects outside your scope answer 404; a missing capability answers 403. Every error has the form
`{"code": "...", "message": "...", "fields": {...}}`. Lists take `limit` and `offset` and answer
`{"items": [...], "count": n}`. Each key (or signed-in user) may make a limited number of requests
per minute; past it the answer is 429 with a `Retry-After` header."""

api = NinjaAPI(
    title="Dân vận khéo API",
    version="1",
    description=API_DESCRIPTION,
    urls_namespace="api:v1",
    auth=AUTH,
    docs=Swagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)


def _add_routers() -> None:
    from api.routers import orgunits, tokens

    api.add_router("/", tokens.router)
    api.add_router("/", orgunits.router)
    # Before the apps' routers: "/initiatives/export" must not be read as "/initiatives/{pk}".
    from api.routers import exports

    api.add_router("/", exports.router)
    for app, module in (
        ("initiatives", "initiatives"),
        ("awards", "awards"),
        ("stats", "stats"),
        ("reports", "reports"),
        ("imports", "imports"),
    ):
        if apps.is_installed(app):
            try:
                router_module = __import__(f"api.routers.{module}", fromlist=["router"])
            except ModuleNotFoundError as exc:
                if exc.name != f"api.routers.{module}":
                    raise
                continue
            api.add_router("/", router_module.router)


_add_routers()
