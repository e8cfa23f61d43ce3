"""API: 用户账号（系统管理员）.

The pages /admin/users and /admin/users/<username> (admins only), read from the same tables:
each account with its role, scope (codes and names) and state. The password hash is never
read here; only when it was last set. An account's history is at /api/v1/records."""

from __future__ import annotations

from flask_login import current_user
from marshmallow import Schema, fields
from sqlalchemy import Connection, select

from projections.tables import credentials, users as users_table

from ..admin.routes import _names, _user_row
from ..auth.users import roles_required
from ..services import system
from .base import DateTime, PageArgs, area, page_of, paginate

blp = area("users", "用户账号（系统管理员）")


class UserSchema(Schema):
    id = fields.String(required=True)
    username = fields.String(required=True)
    display_name = fields.String(required=True)
    role = fields.String(required=True, metadata={"description": "admin / supervisor / inspector / reviewer"})
    jurisdiction = fields.String(required=True, allow_none=True, metadata={"description": "管辖辖区代码"})
    jurisdiction_name = fields.String(required=True, allow_none=True)
    brigade = fields.String(required=True, allow_none=True, metadata={"description": "所属大队/检查组代码"})
    brigade_name = fields.String(required=True, allow_none=True)
    disabled = fields.Boolean(required=True, metadata={"description": "已停用（不能登录）"})
    created_at = DateTime(required=True)
    version = fields.Integer(required=True)


class UserDetailSchema(UserSchema):
    password_changed = DateTime(required=True, allow_none=True, metadata={"description": "密码最近设置时间"})
    is_self = fields.Boolean(required=True, metadata={"description": "即调用者本人（不能停用自己）"})


def _named(conn: Connection):
    """A user row with the names of its jurisdiction and brigade (the code when unknown, as
    the page shows it)."""
    places, units = _names(conn)

    def row(r) -> dict:
        r = dict(r)
        place, unit = r["jurisdiction"], r["brigade"]
        return {**r, "jurisdiction_name": places.get(place, place) if place else None,
                "brigade_name": units.get(unit, unit) if unit else None}
    return row


@blp.route("/admin/users")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(UserSchema))
@roles_required("admin")
def users(**page):
    """全部用户账号（按用户名排序）"""
    with system().engine.connect() as conn:
        return paginate(conn, select(users_table).order_by(users_table.c.username), page, row=_named(conn))


@blp.route("/admin/users/<username>")
@blp.response(200, UserDetailSchema)
@roles_required("admin")
def user(username: str):
    """一个用户账号：角色、管辖范围、状态、密码最近设置时间"""
    with system().engine.connect() as conn:
        row = _named(conn)(_user_row(conn, username))
        changed = conn.execute(select(credentials.c.changed_at).where(credentials.c.username == username)).scalar()
    return {**row, "password_changed": changed, "is_self": username == current_user.username}
