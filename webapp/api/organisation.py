"""API: 辖区与执法单位（大队、检查组）.

The page /organisation as two lists (the jurisdictions in scope, ordered as the tree is, and
the brigades and inspection groups in scope), and the pages of one jurisdiction and one
brigade, read with webapp/organisation/queries.py. A record's history is at /api/v1/records."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import Schema, fields

from ..auth.users import refuse, require_in_scope
from ..organisation import queries as q
from ..organisation.routes import MANAGERS
from ..services import system
from .base import PageArgs, area, page_from_list, page_of

blp = area("organisation", "辖区与执法单位（大队、检查组）")


class JurisdictionSchema(Schema):
    code = fields.String(required=True)
    id = fields.String(required=True)
    name = fields.String(required=True)
    level = fields.String(required=True, metadata={"description": "province / prefecture / county / park …"})
    parent = fields.String(required=True, allow_none=True, metadata={"description": "上级辖区代码"})
    path = fields.String(required=True, metadata={"description": "如 /650000/652300/652301/"})
    depth = fields.Integer(required=True)
    version = fields.Integer(required=True)


class BrigadeSchema(Schema):
    code = fields.String(required=True)
    id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "brigade（执法大队）/ group（检查组）…"})
    jurisdiction = fields.String(required=True, metadata={"description": "所属辖区代码"})
    jurisdiction_name = fields.String(required=True)
    jurisdiction_path = fields.String(required=True)
    covers = fields.List(fields.String(), required=True, metadata={"description": "负责范围（辖区代码）"})
    cover_names = fields.List(fields.String(), required=True)
    vehicles = fields.List(fields.String(), required=True, metadata={"description": "车辆保障"})
    leader = fields.String(required=True, allow_none=True, metadata={"description": "组长（检查人员id）"})
    leader_name = fields.String(required=True)
    members = fields.List(fields.String(), required=True, metadata={"description": "组成人员（检查人员id）"})
    member_count = fields.Integer(required=True)
    dissolved = fields.Boolean(required=True, metadata={"description": "已撤销"})
    version = fields.Integer(required=True)


class JurisdictionRefSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)


class JurisdictionDetailSchema(JurisdictionSchema):
    parent_place = fields.Nested(JurisdictionRefSchema, required=True, allow_none=True,
                                 metadata={"description": "上级辖区"})
    children = fields.List(fields.Nested(JurisdictionSchema), required=True, metadata={"description": "下级辖区"})
    brigades = fields.List(fields.Nested(BrigadeSchema), required=True,
                           metadata={"description": "设在本辖区的执法单位（管辖范围内的）"})


class BrigadeMemberSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    cert_no = fields.String(required=True)
    unit = fields.String(required=True, allow_none=True, metadata={"description": "所在单位代码"})
    unit_name = fields.String(required=True, allow_none=True)
    leader = fields.Boolean(required=True, metadata={"description": "组长"})


class HomeOfficerSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    cert_no = fields.String(required=True)
    post = fields.String(required=True)
    active = fields.Boolean(required=True)
    cert_expired = fields.Boolean(required=True)


class BrigadeDetailSchema(BrigadeSchema):
    cover_places = fields.List(fields.Nested(JurisdictionRefSchema), required=True,
                               metadata={"description": "负责范围（名称；已不存在的辖区以代码为名）"})
    member_details = fields.List(fields.Nested(BrigadeMemberSchema), required=True,
                              metadata={"description": "组成人员（按加入顺序）"})
    home = fields.List(fields.Nested(HomeOfficerSchema), required=True, metadata={"description": "隶属本单位的检查人员"})
    can_manage = fields.Boolean(required=True, metadata={"description": "调用者可变更本单位（组成、范围、撤销）"})


# -- the overview --------------------------------------------------------------------------------
@blp.route("/jurisdictions")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(JurisdictionSchema))
def jurisdictions(**page):
    """管辖范围内的辖区（按层级路径排序：上级在前，下级紧随其后）"""
    with system().engine.connect() as conn:
        return page_from_list(q.visible_jurisdictions(conn, current_user.scope), page)


@blp.route("/brigades")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(BrigadeSchema))
def brigades(**page):
    """管辖范围内的执法大队与检查组（设在范围内、负责范围内的县市，或本人所属的）"""
    with system().engine.connect() as conn:
        units = q.overview(conn, current_user.scope)["units"]
    return page_from_list(units, page)


# -- one jurisdiction, one brigade ---------------------------------------------------------------
@blp.route("/jurisdictions/<code>")
@blp.response(200, JurisdictionDetailSchema)
def jurisdiction(code: str):
    """一个辖区：上级、下级辖区、设在本辖区的执法单位"""
    with system().engine.connect() as conn:
        row = q.jurisdiction(conn, code)
        require_in_scope(row["path"])
        page = q.jurisdiction_page(conn, row, current_user.scope)
    parent = page["parent"]
    return {**row, "parent_place": {"code": row["parent"], "name": parent["name"]} if parent else None,
            "children": page["children"], "brigades": page["units"]}


@blp.route("/brigades/<code>")
@blp.response(200, BrigadeDetailSchema)
def brigade(code: str):
    """一个执法大队或检查组：负责范围、车辆、组长与组成人员、隶属人员"""
    with system().engine.connect() as conn:
        row, places = q.brigade(conn, code), q.places(conn)
        if not q.brigade_visible(row, places, current_user.scope):
            refuse(_("不在您的管辖范围内"))
        page = q.brigade_page(conn, row, places, current_user.scope)
        leaders = q.people(conn, [row["leader"]])
    names = page["unit_names"]
    name = lambda c: places.get(c, {}).get("name", c)  # noqa: E731
    members = [{**m, "unit": m.get("unit"), "unit_name": names.get(m.get("unit")) if m.get("unit") else None}
               for m in page["members"]]
    can_manage = (current_user.role in MANAGERS and not row["dissolved"]
                  and current_user.scope.covers_path(row["jurisdiction_path"]))
    return {**row, "jurisdiction_name": name(row["jurisdiction"]), "cover_names": [name(c) for c in row["covers"]],
            "cover_places": [{"code": c, "name": name(c)} for c in row["covers"]],
            "leader_name": leaders.get(row["leader"], {}).get("name", ""), "member_count": len(row["members"]),
            "member_details": members, "home": page["home"], "can_manage": can_manage}
