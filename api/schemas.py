"""Types shared by the routers: bounded ids and numbers (so no value reaches the database that it
cannot store), text without NUL characters (PostgreSQL refuses them), and paging (limit/offset,
and a cursor for the large lists)."""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Path, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

from lib import keyset
from lib.vn_numbers import VNNumberError, parse_vn_number
from webkit.fields import INVALID_NUMBER

MAX_ID = 2**53 - 1
NO_NUL = r"^[^\x00]*$"


def _vn_number(integer: bool):
    """Numbers sent as strings are read the Vietnamese way, with the same rules as the pages
    ("150.000.000" → 150000000, "12,5" → 12.5; "1.5" refused as ambiguous); JSON numbers pass on
    to pydantic's own checks unchanged."""

    def read(value):
        if not isinstance(value, str):
            return value
        try:
            number = parse_vn_number(value, integer=integer)
        except VNNumberError:
            raise PydanticCustomError("vn_number", str(INVALID_NUMBER)) from None
        if number is None:
            raise PydanticCustomError("vn_number", str(INVALID_NUMBER))
        return int(number) if integer else number

    return BeforeValidator(read)


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]
Count = Annotated[int, _vn_number(integer=True), Field(ge=0, le=2**31 - 1)]
Money = Annotated[int, _vn_number(integer=True), Field(ge=0, le=10**15)]
Year = Annotated[int, _vn_number(integer=True), Field(ge=1900, le=2200)]
Area = Annotated[Decimal, _vn_number(integer=False), Field(ge=0, max_digits=14, decimal_places=2)]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_only(value):
    # Pydantic would read "0" or 1700000000 as a Unix time; the API takes YYYY-MM-DD only.
    if isinstance(value, dt.date) or (isinstance(value, str) and ISO_DATE.match(value)):
        return value
    raise PydanticCustomError("date_parsing", "Input should be a date as YYYY-MM-DD")


Day = Annotated[dt.date, BeforeValidator(_iso_date_only), Field(ge=dt.date(1900, 1, 1), le=dt.date(2200, 12, 31))]


def text(max_length: int = 300, min_length: int = 0) -> Any:
    return Annotated[str, Field(max_length=max_length, min_length=min_length, pattern=NO_NUL)]


ShortText = text(300)
LongText = text(20000)
SearchText = text(200)


class Paging(LimitOffsetPagination):
    """``limit`` (1–200, default 50) and ``offset``; the answer has ``items`` and ``count``."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=200)
        offset: int = Field(0, ge=0, le=10**7)

    def __init__(self, **kwargs):
        super().__init__(max_limit=200, **kwargs)


class SeekPaging(Paging):
    """``Paging`` plus ``after``: the ``next`` cursor of the previous answer finds the next page
    through the list's order instead of reading and discarding ``offset`` rows, so a deep page of
    a national list costs what the first one does."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=200)
        offset: int = Field(0, ge=0, le=10**7)
        after: str | None = Field(None, max_length=1000, description="The `next` of the previous page.")

    class Output(Schema):
        items: list[Any]
        count: int
        next: str | None = None

    def paginate_queryset(self, queryset, pagination, request, **params):
        limit = min(pagination.limit, self.max_limit)
        if pagination.after:
            following = keyset.rows_after(queryset, pagination.after)
            if following is None:
                raise ValidationError({"after": [_("This page link is no longer valid; start from the first page.")]})
            rows = list(following[: limit + 1])
        else:
            rows = list(queryset[pagination.offset : pagination.offset + limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        return {
            "items": rows,
            "count": self._items_count(queryset),
            "next": keyset.cursor_of(queryset, rows[-1]) if more else None,
        }


class InSchema(Schema):
    """A request body: a JSON object with only the documented fields."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _object_only(cls, value):
        # ninja's Schema reads attributes of anything; a body must be a JSON object. (ninja
        # validates the raw value, then the same value wrapped in its DjangoGetter.)
        if not isinstance(getattr(value, "_obj", value), dict):
            raise PydanticCustomError("model_attributes_type", "Input should be an object")
        return value


class Ref(Schema):
    """Another object, by id and name."""

    id: int
    name: str
