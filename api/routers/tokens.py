"""Personal API keys of the signed-in user. Only the browser session may manage keys, so a key
that leaks cannot be used to make more keys."""

import datetime as dt

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from api import services
from api.access import get_token_for_user
from api.auth import SessionCsrfAuth
from api.errors import ERRORS
from api.models import ApiToken
from api.schemas import InSchema, Paging, PathId, text

router = Router(tags=["API keys"], auth=[SessionCsrfAuth()])


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None
    state: str


class TokenCreatedOut(TokenOut):
    token: str


class TokenIn(InSchema):
    name: text(100, 1)
    days: int = 90


@router.get("/tokens", response={200: list[TokenOut], **ERRORS}, summary="My API keys")
@paginate(Paging)
def token_list(request):
    return ApiToken.objects.filter(user=request.auth)


@router.post("/tokens", response={201: TokenCreatedOut, **ERRORS}, summary="Create an API key (shown once)")
def token_create(request, payload: TokenIn):
    token, raw = services.token_create(user=request.auth, name=payload.name, days=payload.days, by=request.auth)
    token.token = raw
    return Status(201, token)


@router.post("/tokens/{pk}/revoke", response={200: TokenOut, **ERRORS}, summary="Revoke an API key")
def token_revoke(request, pk: PathId):
    token = get_token_for_user(request.auth, pk)
    return services.token_revoke(token=token, by=request.auth)
