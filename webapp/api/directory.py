"""API: 名录：检查对象（监管对象）与检查人员.

The same lists and records as the pages /targets and /inspectors, read with the pages' own
queries (webapp/directory/queries.py) within the caller's scope. A record's history is at
/api/v1/records."""

from __future__ import annotations


from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import Schema

from domain.base import NotFoundError
from projections.compliance import compliance_grid

from ..auth.users import require_in_scope
from ..directory import queries as q
from ..directory.schemas import InspectorFilters, TargetFilters
from ..services import system
from ..tasks.views import today
from .base import PageArgs, area, checked_query, page_of
from .directory_schemas import (DirectoryChoicesSchema, InspectorDetailSchema, InspectorSchema, TargetDetailSchema,
                                TargetSchema)

blp = area("directory", "名录：检查对象（监管对象）与检查人员")


def _listing(schema: Schema, find, filters: dict, page: int, per_page: int) -> dict:
    with system().engine.connect() as conn, checked_query(schema):
        rows, total = find(conn, current_user.scope, {**filters, "page": page}, per_page)
    return {"items": rows, "total": total, "page": page, "per_page": per_page}


def _record(conn, find, record_id: str, missing: str, path: str) -> dict:
    """The record's read row, if it exists (404) and is in the caller's scope (403)."""
    row = find(conn, record_id)
    if row is None:
        raise NotFoundError(missing)
    require_in_scope(row[path])
    return row


# -- 检查对象名录 ---------------------------------------------------------------------------------
@blp.route("/targets")
@blp.arguments(TargetFilters(exclude=("page",)), location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(TargetSchema))
def targets(filters: dict, page: int, per_page: int):
    """检查对象名录（分页、可筛选，与名录页面同一筛选条件，按名称排序）"""
    return _listing(TargetFilters(), q.find_targets, filters, page, per_page)


@blp.route("/targets/<target_id>")
@blp.response(200, TargetDetailSchema)
def target(target_id: str):
    """一个监管对象：基本信息、监管状态、近十二个季度的检查与处理情况"""
    with system().engine.connect() as conn:
        row = _record(conn, q.target, target_id, _("监管对象不存在"), "jurisdiction_path")
        grid = compliance_grid(conn, target_id, today())
    quarters = [{"label": x.label, "start": x.start, "end": x.end} for x in grid["quarters"]]
    return {**row, "compliance": {**grid, "quarters": quarters}}


# -- 检查人员名录 ---------------------------------------------------------------------------------
@blp.route("/inspectors")
@blp.arguments(InspectorFilters(exclude=("page",)), location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(InspectorSchema))
def inspectors(filters: dict, page: int, per_page: int):
    """检查人员名录（分页、可筛选，按姓名排序）"""
    return _listing(InspectorFilters(), q.find_inspectors, filters, page, per_page)


@blp.route("/inspectors/<inspector_id>")
@blp.response(200, InspectorDetailSchema)
def inspector(inspector_id: str):
    """一名检查人员：证件、单位、在岗与参与双随机状态、申报的利害关系"""
    with system().engine.connect() as conn:
        return _record(conn, q.inspector, inspector_id, _("检查人员不存在"), "unit_path")


# -- the choices of the filters -------------------------------------------------------------------
@blp.route("/directory/choices")
@blp.response(200, DirectoryChoicesSchema)
def choices():
    """名录筛选的可选项：管辖范围内的辖区、行业类别、执法单位"""
    scope = current_user.scope
    with system().engine.connect() as conn:
        return {"jurisdictions": q.jurisdiction_options(conn, scope), "industries": q.industry_options(conn, scope),
                "brigades": q.brigade_options(conn, scope)}
