"""The caller's own notices and notification settings: list (optionally unread only), mark one or
all read, read and change the settings. A notice of somebody else is 404."""

import datetime as dt
from typing import Literal

from ninja import Router, Schema
from ninja.pagination import paginate
from pydantic import StrictBool

from api.errors import ERRORS
from api.schemas import InSchema, Paging, PathId
from notifications import selectors, services
from notifications.access import get_notification_for_user
from notifications.models import EmailMode, Kind

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    unit: int | None
    created: dt.datetime
    read_at: dt.datetime | None

    @staticmethod
    def resolve_unit(obj) -> int | None:
        return obj.unit_id


class UnreadOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int


class PreferenceOut(Schema):
    kind: str
    label: str
    in_app: bool
    email: str


class PreferenceIn(InSchema):
    kind: Literal[tuple(Kind.values)]  # type: ignore[valid-type]
    in_app: StrictBool = True  # 0 / 1 / "yes" are refused, as the schema says boolean
    email: Literal[tuple(EmailMode.values)] = EmailMode.DIGEST  # type: ignore[valid-type]


class PreferencesIn(InSchema):
    preferences: list[PreferenceIn]


def _preferences(user) -> list[dict]:
    labels = dict(Kind.choices)
    return [
        {"kind": kind, "label": str(labels[kind]), "in_app": in_app, "email": email}
        for kind, (in_app, email) in selectors.preferences_of(user).items()
    ]


@router.get("/notifications", response={200: list[NotificationOut], **ERRORS}, summary="My notices, newest first")
@paginate(Paging)
def notification_list(request, unread: bool = False):
    return selectors.inbox(request.auth, unread_only=unread)


@router.get("/notifications/unread", response={200: UnreadOut, **ERRORS}, summary="How many notices are unread")
def notification_unread(request):
    return {"unread": selectors.unread_count(request.auth)}


@router.post("/notifications/read", response={200: MarkedOut, **ERRORS}, summary="Mark every notice read")
def notification_read_all(request):
    return {"marked": services.mark_all_read(by=request.auth)}


@router.post("/notifications/{pk}/read", response={200: NotificationOut, **ERRORS}, summary="Mark a notice read")
def notification_read(request, pk: PathId):
    notice = get_notification_for_user(request.auth, pk)
    return services.mark_read(notification=notice, by=request.auth)


@router.get("/notifications/preferences", response={200: list[PreferenceOut], **ERRORS}, summary="My settings")
def preference_list(request):
    return _preferences(request.auth)


@router.put("/notifications/preferences", response={200: list[PreferenceOut], **ERRORS}, summary="Change settings")
def preference_update(request, payload: PreferencesIn):
    choices = {p.kind: (p.in_app, p.email) for p in payload.preferences}
    services.preferences_set(user=request.auth, choices=choices, by=request.auth)
    return _preferences(request.auth)
