"""抽查计划: plan a draw, see its minimums and their basis, commit it (事前公开), execute it
with the public randomness, and show the drawn units, their officers and the proof; replace
a drawn unit or void the draw, each with a reason; download the bundle a reviewer verifies.

Every change is a POST that loads its form schema, calls the draw service
(workers/draws.py), waits until the read tables show it and goes back to the plan. Domain
errors are left to webapp/errors.py (422 with the rule in Chinese): nothing is written.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from uuid import UUID

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from domain.base import NotFoundError
from domain.plan_rules import DEFAULT_RULES, STRATA, draw_window
from domain.plans import LEVELS, PERIOD_KINDS, STATES, SamplingPlan
from workers import draws

from ..auth.users import require_in_scope, roles_required
from ..forms import Invalid, answer, load_form, reporting
from ..services import actor, command_id, system
from . import queries as q
from .schemas import (DEFAULT_FORMAT, SOURCE_KINDS, WITNESS_DESCRIPTION, ChangeRulesForm, CommitForm,
                      ExecuteForm, NewPlanForm, ReplaceForm, VoidForm, rules_of)

bp = Blueprint("plans", __name__)
EDITORS = ("admin", "supervisor")
VERIFY_COMMANDS = ("shuangsui draw verify {file}", "python draw_verify.py {file}")


@bp.errorhandler(Invalid)
def _invalid(error: Invalid):
    plan_id = (request.view_args or {}).get("plan_id")
    back = url_for(".plan", plan_id=plan_id) if plan_id else url_for(".new")
    return render_template("directory/invalid.html", messages=error.lines, back=back), 422


# -- reading one plan -----------------------------------------------------------------------
def _row(conn, plan_id: str) -> dict:
    """The plan's read row, if it exists and is in the user's scope."""
    row = q.plan(conn, plan_id)
    if row is None:
        raise NotFoundError(_("抽查计划不存在"))
    require_in_scope(row["jurisdiction_path"])
    return row


def view(conn, row: dict) -> dict:
    """The plan as the pages show it: its facts from the record itself (always current; the
    revealed secret is only there), the names from the read tables."""
    plan = system().app.load(SamplingPlan, UUID(hex=row["id"]))
    document = plan.document or {}
    sizes = Counter(e["stratum"] for e in document.get("pool", []))
    minimums = {s: r["minimum"] for s, r in document.get("rules", {}).items()}
    return {
        "id": row["id"], "title": plan.title, "period_kind": plan.period_kind, "period": plan.period,
        "period_start": plan.period_start, "period_end": plan.period_end, "jurisdiction": plan.jurisdiction,
        "jurisdiction_name": q.place_name(conn, plan.jurisdiction), "level": plan.level,
        "brigades": q.brigade_names(conn, plan.brigades), "rules": plan.rules, "requested": plan.requested,
        "public_source": plan.public_source, "state": plan.state, "commitment_hash": plan.commitment_hash,
        "version": document.get("version", ""), "cutoff": document.get("cutoff", ""),
        "committed_rules": document.get("rules", {}), "quotas": document.get("quotas", {}),
        "minimums": minimums, "pool_sizes": {s: sizes.get(s, 0) for s in STRATA},
        "shortfalls": {s: max(0, minimums[s] - sizes.get(s, 0)) for s in minimums},
        "public_value": plan.public_value, "secret": plan.secret, "seed": plan.seed,
        "executed": bool(plan.seed), "selected": plan.selected, "replacements": plan.replacements,
        "void_reason": plan.void_reason, "created_at": row["created_at"], "aggregate": plan,
        "draw_window": draw_window(plan.period_kind, plan.period_start),
    }


def bundle_response(plan_id: str) -> Response:
    data = draws.bundle(system(), UUID(hex=plan_id))
    body = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{bundle_name(plan_id)}"'})


def bundle_name(plan_id: str) -> str:
    return f"draw-bundle-{plan_id[:12]}.json"


def _can_edit(row: dict) -> bool:
    return current_user.role in EDITORS and current_user.scope.covers_path(row["jurisdiction_path"])


# -- pages -----------------------------------------------------------------------------------
@bp.route("/plans")
@login_required
def index():
    with system().engine.connect() as conn:
        rows = q.find_plans(conn, current_user.scope)
    return render_template("plans/index.html", rows=rows, states=STATES, levels=LEVELS,
                           kinds=PERIOD_KINDS, can_create=current_user.role in EDITORS)


def _this_quarter() -> str:
    today = date.today()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


@bp.route("/plans/new")
@roles_required(*EDITORS)
def new():
    """The form, filled for the jurisdiction (and level) chosen: the rules of that level."""
    with system().engine.connect() as conn:
        places = q.jurisdiction_choices(conn, current_user.scope)
        crews = q.brigade_choices(conn, current_user.scope)
    by_code = {j["code"]: j for j in places}
    wanted = request.args.get("jurisdiction") or current_user.jurisdiction
    chosen = by_code.get(wanted) or (places[0] if places else None)
    level = request.args.get("level")
    if level not in LEVELS:
        level = q.default_level(chosen["level"] if chosen else None)
    picked = [b["code"] for b in crews if chosen and (b["jurisdiction"] == chosen["code"]
                                                       or chosen["code"] in (b["covers"] or []))]
    return render_template("plans/new.html", places=places, crews=crews, chosen=chosen, level=level,
                           picked=picked, rules=DEFAULT_RULES[level], levels=LEVELS, kinds=PERIOD_KINDS,
                           source_kinds=SOURCE_KINDS, default_format=DEFAULT_FORMAT,
                           default_description=_(WITNESS_DESCRIPTION), period=_this_quarter(),
                           strata=STRATA)


@bp.route("/plans/new", methods=["POST"])
@roles_required(*EDITORS)
def create():
    schema = NewPlanForm()
    with system().engine.connect() as conn, reporting(schema):
        form = load_form(schema)
        q.check_choices(conn, current_user.scope, form["jurisdiction"], form["brigades"])
    rules, requested = rules_of(form)
    filled_for = form["rules_for"]
    if filled_for and filled_for != form["level"] and rules == DEFAULT_RULES[filled_for]:
        rules = DEFAULT_RULES[form["level"]]  # untouched defaults follow the level chosen
    outcome = system().app.create_plan(
        actor(), command_id(), title=form["title"], period_kind=form["period_kind"], period=form["period"],
        jurisdiction=form["jurisdiction"], level=form["level"], brigades=form["brigades"], rules=rules,
        requested=requested, public_source={"kind": form["source_kind"], "format": form["source_format"],
                                            "description": form["source_description"]})
    return answer(outcome.position, _("抽查计划已创建（草稿），请核对各类最低应抽数后承诺"),
                  url_for(".plan", plan_id=outcome.aggregate_id.hex))


@bp.route("/plans/<plan_id>")
@login_required
def plan(plan_id: str):
    s = system()
    with s.engine.connect() as conn:
        row = _row(conn, plan_id)
        p = view(conn, row)
        preview = draws.preview(s, p["aggregate"]) if p["state"] == "draft" else None
        drawn = q.drawn(conn, p["id"], p["selected"], with_officers=True) if p["executed"] else {}
        replaced = q.replacements(conn, p["replacements"]) if p["executed"] else []
    return render_template("plans/plan.html", p=p, preview=preview, drawn=drawn, replaced=replaced,
                           can_edit=_can_edit(row), strata=STRATA, states=STATES, levels=LEVELS,
                           kinds=PERIOD_KINDS, source_kinds=SOURCE_KINDS, bundle_file=bundle_name(plan_id),
                           verify_commands=[c.format(file=bundle_name(plan_id)) for c in VERIFY_COMMANDS])


@bp.route("/plans/<plan_id>/bundle.json")
@login_required
def bundle(plan_id: str):
    with system().engine.connect() as conn:
        _row(conn, plan_id)
    return bundle_response(plan_id)


# -- changes ---------------------------------------------------------------------------------
def _target(plan_id: str) -> UUID:
    """The plan to change: it must exist and be in the user's scope."""
    with system().engine.connect() as conn:
        _row(conn, plan_id)
    return UUID(hex=plan_id)


def _done(outcome, done: str, plan_id: str):
    """A draw writes more than the plan's own event (the tasks and their officer draws):
    wait until the read side has all of it."""
    position = system().app.recorder.max_notification_id() if outcome.changed else None
    return answer(position, done, url_for(".plan", plan_id=plan_id))


@bp.route("/plans/<plan_id>/rules", methods=["POST"])
@roles_required(*EDITORS)
def change_rules(plan_id: str):
    target = _target(plan_id)
    form = load_form(ChangeRulesForm())
    rules, requested = rules_of(form)
    outcome = system().app.command(SamplingPlan, target, "change_rules", actor(), command_id(),
                                   rules=rules, requested=requested, reason=form["reason"])
    return _done(outcome, _("抽查规则已修改"), plan_id)


@bp.route("/plans/<plan_id>/commit", methods=["POST"])
@roles_required(*EDITORS)
def commit(plan_id: str):
    target = _target(plan_id)
    form = load_form(CommitForm())
    outcome = draws.commit(system(), target, actor(), command_id(),
                           acknowledge_shortfall=form["acknowledge_shortfall"])
    return _done(outcome, _("已承诺：抽取对象、数量和规则已固定，承诺哈希可事前公开"), plan_id)


@bp.route("/plans/<plan_id>/execute", methods=["POST"])
@roles_required(*EDITORS)
def execute(plan_id: str):
    target = _target(plan_id)
    form = load_form(ExecuteForm())
    outcome = draws.execute(system(), target, form["public_value"], actor(), command_id())
    return _done(outcome, _("抽取完成：已为每个抽中对象建立检查任务并随机选派检查人员"), plan_id)


@bp.route("/plans/<plan_id>/replace", methods=["POST"])
@roles_required(*EDITORS)
def replace_unit(plan_id: str):
    target = _target(plan_id)
    form = load_form(ReplaceForm())
    outcome = draws.replace_unit(system(), target, form["unit_id"].hex, form["reason"], actor(), command_id())
    return _done(outcome, _("已由排名下一位的对象替补"), plan_id)


@bp.route("/plans/<plan_id>/void", methods=["POST"])
@roles_required(*EDITORS)
def void(plan_id: str):
    target = _target(plan_id)
    form = load_form(VoidForm())
    outcome = system().app.command(SamplingPlan, target, "void", actor(), command_id(), reason=form["reason"])
    return _done(outcome, _("抽查计划已作废（记录保留可查）"), plan_id)
