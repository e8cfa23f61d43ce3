"""What every part of the JSON API shares: a flask-smorest blueprint per area under
/api/v1, pagination, the answer of a command, and the marks for public endpoints.

Errors are answered by webapp/errors.py in one shape, {code, status, message, errors}, with
the messages in the request's language (Chinese unless `Accept-Language: en`).
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterator

from flask_babel import lazy_gettext
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate
from sqlalchemy import Connection, Select, func, select

from ..forms import MESSAGES, FormSchema, Invalid, flat_messages

PREFIX = "/api/v1"
MAX_PER_PAGE = 200


def area(name: str, description: str) -> Blueprint:
    """The blueprint of one area of the API (endpoints named `api_<name>.…`)."""
    return Blueprint(f"api_{name}", __name__, url_prefix=PREFIX, description=description)


def public(view):
    """An endpoint anyone may call without a token (the same data as the public pages)."""
    view.api_public = True
    return view


# -- pagination ------------------------------------------------------------------------------
class PageArgs(FormSchema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000, error=lazy_gettext("页码应为正整数")),
                          error_messages=MESSAGES, metadata={"label": lazy_gettext("页码"), "description": "页码，从1开始"})
    per_page = fields.Integer(load_default=50, validate=validate.Range(
        min=1, max=MAX_PER_PAGE, error=lazy_gettext("每页条数应在1至200之间")), error_messages=MESSAGES,
        metadata={"label": lazy_gettext("每页条数"), "description": "每页条数（1–200）"})


_PAGES: dict[type, type] = {}


def page_of(item: type[Schema]) -> type[Schema]:
    """A page of `item`s: {items, total, page, per_page} (one class per item schema)."""
    if item not in _PAGES:
        _PAGES[item] = type(f"{item.__name__.removesuffix('Schema')}Page", (Schema,), {
            "items": fields.List(fields.Nested(item), required=True),
            "total": fields.Integer(required=True, metadata={"description": "符合条件的总条数"}),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
        })
    return _PAGES[item]


def paginate(conn: Connection, query: Select, args: dict, row=dict) -> dict:
    """One page of a query's rows (`row` turns a row mapping into the item) and the total."""
    total = conn.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    page, per_page = args.get("page", 1), args.get("per_page", 50)
    rows = conn.execute(query.limit(per_page).offset((page - 1) * per_page)).mappings().all()
    return {"items": [row(r) for r in rows], "total": total, "page": page, "per_page": per_page}


def page_from_list(items: list, args: dict) -> dict:
    """The same page shape for a query that already returns a list (the pages' own readers)."""
    page, per_page = args.get("page", 1), args.get("per_page", 50)
    return {"items": items[(page - 1) * per_page: page * per_page], "total": len(items), "page": page,
            "per_page": per_page}


# -- the answer of a command -------------------------------------------------------------------
class CommandResult(Schema):
    ok = fields.Boolean(required=True, metadata={"description": "命令已执行（或此前已执行过）"})
    repeated = fields.Boolean(metadata={"description": "同一命令编号此前已执行过，本次未重复执行"})
    position = fields.Integer(allow_none=True, metadata={"description": "写入的最后一条事件在日志中的位置"})
    messages = fields.List(fields.String(), metadata={"description": "页面上会显示的提示"})
    location = fields.String(allow_none=True, metadata={"description": "相应页面的地址"})
    token = fields.String(allow_none=True, metadata={"description": "名录导入：校验通过后用于确认导入的凭据"})
    report = fields.Dict(metadata={"description": "名录导入：总行数、新增、变更、未变、是否已写入、逐行错误"})


# -- what queries share -------------------------------------------------------------------------------
@contextmanager
def checked_query(schema: Schema) -> Iterator[None]:
    """A filter the query itself refuses (a place outside one's scope, an industry not listed):
    422 with the field's Chinese message, in the shape of the schema's own ({"query": {field: […]}})."""
    try:
        yield
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        raise Invalid(flat_messages(error, schema), {"query": messages}) from None


class DateTime(fields.DateTime):
    """A moment with its offset, as "date-time" promises. SQLite gives the read tables' times
    back without one; they are written in UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


def decimal(description: str, **kwargs) -> fields.Decimal:
    """An exact sum or rate, written as text ("250000.00"): documented as a string, which it is
    (apispec would call a Decimal field a number)."""
    return fields.Decimal(as_string=True, required=True, metadata={
        "type": "string", "format": "decimal", "description": description}, **kwargs)
