"""The JSON API, version 1. Each domain app has a router module in api/routers."""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from api import errors
from api.auth import AUTH
from api.routers import (
    awards,
    dossiers,
    exports,
    imports,
    initiatives,
    notifications,
    orgunits,
    reports,
    stats,
    tokens,
)

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


# The key and unit routers first, then the exports: "/initiatives/export" must not be read as
# "/initiatives/{pk}" by the initiatives router.
for _router in (tokens, orgunits, exports, initiatives, awards, dossiers, stats, reports, imports, notifications):
    api.add_router("/", _router.router)
