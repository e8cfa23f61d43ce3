"""API: 抽查计划、抽取与核验.

The pages /plans, /plans/new and /plans/<id> (its preview, commitment, the units and officers
drawn, the replacements and the proof), and the draw bundle a reviewer verifies, read with
the pages' own code (webapp/plans/routes.view, webapp/plans/queries.py, workers/draws.py).
A plan's history is at /api/v1/records."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_login import current_user

from domain.plan_rules import DEFAULT_RULES, STRATA
from domain.plans import LEVELS
from workers import draws

from ..auth.users import roles_required
from ..plans import queries as q
from ..plans import routes as pages
from ..plans.schemas import DEFAULT_FORMAT, SOURCE_KINDS, WITNESS_DESCRIPTION
from ..services import system
from .base import PageArgs, area, page_from_list, page_of
from .bridge import page_file
from .plans_schemas import NewPlanArgs, NewPlanSchema, PlanSchema, PlanSummarySchema

blp = area("plans", "抽查计划、抽取与核验")
BUNDLE = {"responses": {"200": {"description": "抽取证据包（JSON文件，可用独立验证程序离线复核）", "content": {
    "application/json": {"schema": {"type": "object", "additionalProperties": True}}}}}}


@blp.route("/plans")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(PlanSummarySchema))
def plans(**page):
    """管辖范围内的抽查计划（新建的在前），含各类应抽/已抽数"""
    with system().engine.connect() as conn:
        return page_from_list(q.find_plans(conn, current_user.scope), page)


@blp.route("/plans/new")
@blp.arguments(NewPlanArgs, location="query")
@blp.response(200, NewPlanSchema)
@roles_required(*pages.EDITORS)
def new(args: dict):
    """新建计划表单的可选项与预填内容（按所选辖区和层级）"""
    with system().engine.connect() as conn:
        places = q.jurisdiction_choices(conn, current_user.scope)
        crews = q.brigade_choices(conn, current_user.scope)
    by_code = {j["code"]: j for j in places}
    chosen = by_code.get(args["jurisdiction"] or current_user.jurisdiction) or (places[0] if places else None)
    level = args["level"] if args["level"] in LEVELS else q.default_level(chosen["level"] if chosen else None)
    picked = [b["code"] for b in crews if chosen and (b["jurisdiction"] == chosen["code"]
                                                       or chosen["code"] in (b["covers"] or []))]
    return {"jurisdictions": places, "brigades": crews, "jurisdiction": chosen["code"] if chosen else None,
            "level": level, "picked": picked, "rules": DEFAULT_RULES[level], "period_kind": "quarter",
            "period": pages._this_quarter(),
            "source": {"kind": "witness", "format": DEFAULT_FORMAT, "description": _(WITNESS_DESCRIPTION)},
            "source_kinds": {code: _(title) for code, title in SOURCE_KINDS.items()}}


@blp.route("/plans/<plan_id>")
@blp.response(200, PlanSchema)
def plan(plan_id: str):
    """一个抽查计划：基本情况、抽取预览（草稿）、承诺、抽取结果与检查人员、替补记录、抽取证明"""
    s = system()
    with s.engine.connect() as conn:
        row = pages._row(conn, plan_id)  # 404, or 403 outside the caller's scope
        p = pages.view(conn, row)
        preview = draws.preview(s, p["aggregate"]) if p["state"] == "draft" else None
        drawn = q.drawn(conn, p["id"], p["selected"], with_officers=True) if p["executed"] else {}
        replaced = q.replacements(conn, p["replacements"]) if p["executed"] else []
    window = p["draw_window"]
    return {**p, "draw_window": {"first": window[0], "last": window[1], "provisional": window[2]} if window else None,
            "preview": {"officers": preview["officers"], "strata": preview["strata"]} if preview else None,
            "drawn": {s: drawn.get(s, []) for s in STRATA} if p["executed"] else {},
            "replacements": replaced, "can_edit": pages._can_edit(row),
            "bundle_file": pages.bundle_name(plan_id),
            "verify_commands": [c.format(file=pages.bundle_name(plan_id)) for c in pages.VERIFY_COMMANDS]}


@blp.route("/plans/<plan_id>/bundle.json")
@blp.doc(**BUNDLE)
def bundle(plan_id: str):
    """下载抽取证据包（抽取后；与页面下载的文件相同）"""
    return page_file("plans.bundle", plan_id=plan_id)
