"""检查对象名录 and 检查人员名录: browse within one's scope, read a record with its full
history, and (supervisors, admins) make the directory changes, each a command with a reason.

Every change is a POST that loads its form schema, runs one command, waits until the
read tables show it (read-your-writes) and goes back to the record. Domain errors are
left to webapp/errors.py (422 / 409 with the rule in Chinese).
"""

from __future__ import annotations

import inspect
from math import ceil
from typing import Callable
from uuid import UUID

from eventsourcing.persistence import IntegrityError
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import Schema, ValidationError

from domain.application import COMMANDS, Outcome, Shuangsui
from domain.base import DomainError, NotFoundError
from domain.inspectors import Inspector
from domain.targets import Target
from domain.vocabulary import SPECIAL_CRITERIA
from projections.history_view import entries

from ..auth.users import require_in_scope, roles_required
from ..services import actor, command_id, system, wait_for
from . import queries as q
from .schemas import (CategoryForm, ConflictForm, ExclusionForm, InspectorDetailsForm, InspectorFilters,
                      PositiveListForm, ReasonForm, RenewForm, TargetDetailsForm, TargetFilters,
                      TransferForm, WithdrawConflictForm, flat_messages)

bp = Blueprint("directory", __name__)
EDITORS = ("admin", "supervisor")
Prepare = Callable[[object, dict, dict], dict]


@bp.errorhandler(ValidationError)
def _invalid(error: ValidationError):
    args = request.view_args or {}
    back = (url_for(".target", target_id=args["target_id"]) if "target_id" in args else
            url_for(".inspector", inspector_id=args["inspector_id"]) if "inspector_id" in args else None)
    return render_template("directory/invalid.html", messages=flat_messages(error), back=back), 422


# -- shared steps ------------------------------------------------------------------------
def _listing(template: str, schema: Schema, find, **options):
    """Validate the GET filters, find one page; bad filters give 422 with the reasons."""
    size = current_app.config["PAGE_SIZE"]
    with system().engine.connect() as conn:
        choices = {name: load(conn, current_user.scope) for name, load in options.items()}
        try:
            filters = schema.load(request.args)
            rows, total = find(conn, current_user.scope, filters, size)
            errors: list[str] = []
        except ValidationError as error:
            filters, rows, total, errors = {"page": 1}, [], 0, flat_messages(error)
    keep = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(template, rows=rows, total=total, errors=errors, page=filters["page"],
                           pages=max(1, ceil(total / size)), keep=keep, **choices), 422 if errors else 200


def _in_scope(conn, find, record_id: str, what: str, path_field: str) -> dict:
    row = find(conn, record_id)
    if row is None:
        raise NotFoundError(_(what))
    require_in_scope(row[path_field])
    return row


def _target(conn, target_id: str) -> dict:
    return _in_scope(conn, q.target, target_id, "监管对象不存在", "jurisdiction_path")


def _inspector(conn, inspector_id: str) -> dict:
    return _in_scope(conn, q.inspector, inspector_id, "检查人员不存在", "unit_path")


def _run(cls, record_id: str, name: str, schema: Schema, done: str, back: str,
         load: Callable, prepare: Prepare | None = None):
    """Load the form, run the command, wait for the read side, flash and go back."""
    with system().engine.connect() as conn:
        row = load(conn, record_id)
        arguments = schema.load(request.form)
        if prepare is not None:
            arguments = prepare(conn, row, arguments)
    outcome = _command(cls, UUID(hex=record_id), name, arguments)
    shown = wait_for(outcome.position)
    if not outcome.changed:
        flash(_("该表单已提交过，未重复执行"))
    else:
        flash(done if shown else _("%(done)s（列表数据正在更新，请稍后刷新）", done=done))
    return redirect(back)


# Shuangsui.command names its own parameter `name`, as change_details names a field; until
# that parameter is positional-only, a command with a `name` argument takes the same steps
# here: load, skip a resubmitted command id, call, save (retried on a concurrent write).
_NAME_CLASH = inspect.signature(Shuangsui.command).parameters["name"].kind != inspect.Parameter.POSITIONAL_ONLY


def _command(cls, aggregate_id: UUID, command: str, arguments: dict) -> Outcome:
    app = system().app
    if not (_NAME_CLASH and "name" in arguments):
        return app.command(cls, aggregate_id, command, actor(), command_id(), **arguments)
    if command not in COMMANDS.get(cls, ()):
        raise DomainError(f"不支持的操作：{command}")
    cid = command_id()
    for _attempt in range(5):
        aggregate = app.load(cls, aggregate_id)
        if aggregate.has_applied(cid):
            return Outcome(aggregate_id, None)
        getattr(aggregate, command)(**arguments, **actor().by(cid))
        try:
            recordings = app.save(aggregate)
        except IntegrityError:
            continue
        return Outcome(aggregate_id, recordings[-1].notification.id if recordings else None)
    raise DomainError("该记录正被他人同时修改，请稍后重试")


def _on_target(target_id: str, name: str, schema: Schema, done: str, prepare: Prepare | None = None):
    return _run(Target, target_id, name, schema, done, url_for(".target", target_id=target_id),
                _target, prepare)


def _on_inspector(inspector_id: str, name: str, schema: Schema, done: str, prepare: Prepare | None = None):
    return _run(Inspector, inspector_id, name, schema, done,
                url_for(".inspector", inspector_id=inspector_id), _inspector, prepare)


def _can_edit() -> bool:
    return current_user.role in EDITORS


# -- 检查对象名录 ------------------------------------------------------------------------
@bp.route("/targets")
@login_required
def targets():
    return _listing("directory/targets.html", TargetFilters(), q.find_targets,
                    jurisdictions=q.jurisdiction_options, industries=q.industry_options)


@bp.route("/targets/<target_id>")
@login_required
def target(target_id: str):
    with system().engine.connect() as conn:
        row = _target(conn, target_id)
        history = entries(conn, target_id)
        options = q.jurisdiction_options(conn, current_user.scope) if _can_edit() else []
    return render_template("directory/target.html", t=row, entries=history, jurisdictions=options,
                           can_edit=_can_edit(), criteria=SPECIAL_CRITERIA)


@bp.route("/targets/<target_id>/category", methods=["POST"])
@roles_required(*EDITORS)
def change_category(target_id: str):
    return _on_target(target_id, "change_category", CategoryForm(), _("监管类别已变更"))


@bp.route("/targets/<target_id>/exclusion", methods=["POST"])
@roles_required(*EDITORS)
def exclude(target_id: str):
    return _on_target(target_id, "exclude_from_draws", ExclusionForm(), _("已登记为不参与双随机"))


@bp.route("/targets/<target_id>/exclusion/lift", methods=["POST"])
@roles_required(*EDITORS)
def lift_exclusion(target_id: str):
    return _on_target(target_id, "lift_exclusion", ReasonForm(), _("已恢复参与双随机"))


@bp.route("/targets/<target_id>/positive-list/add", methods=["POST"])
@roles_required(*EDITORS)
def add_to_positive_list(target_id: str):
    return _on_target(target_id, "add_to_positive_list", PositiveListForm(), _("已纳入正面清单"))


@bp.route("/targets/<target_id>/positive-list/remove", methods=["POST"])
@roles_required(*EDITORS)
def remove_from_positive_list(target_id: str):
    return _on_target(target_id, "remove_from_positive_list", PositiveListForm(), _("已移出正面清单"))


@bp.route("/targets/<target_id>/details", methods=["POST"])
@roles_required(*EDITORS)
def change_target_details(target_id: str):
    def jurisdiction_in_scope(conn, row: dict, arguments: dict) -> dict:
        q.jurisdiction_in_scope(conn, current_user.scope, arguments["jurisdiction"])
        return arguments
    return _on_target(target_id, "change_details", TargetDetailsForm(), _("基本信息已变更"),
                      jurisdiction_in_scope)


# -- 检查人员名录 ------------------------------------------------------------------------
@bp.route("/inspectors")
@login_required
def inspectors():
    return _listing("directory/inspectors.html", InspectorFilters(), q.find_inspectors,
                    brigades=q.brigade_options)


@bp.route("/inspectors/<inspector_id>")
@login_required
def inspector(inspector_id: str):
    with system().engine.connect() as conn:
        row = _inspector(conn, inspector_id)
        history = entries(conn, inspector_id)
        options = q.brigade_options(conn, current_user.scope) if _can_edit() else []
    return render_template("directory/inspector.html", i=row, entries=history, brigades=options,
                           can_edit=_can_edit(), scope=current_user.scope)


@bp.route("/inspectors/<inspector_id>/certificate", methods=["POST"])
@roles_required(*EDITORS)
def renew_certificate(inspector_id: str):
    def current_number(conn, row: dict, arguments: dict) -> dict:
        return {**arguments, "cert_no": arguments["cert_no"] or row["cert_no"]}
    return _on_inspector(inspector_id, "renew_certificate", RenewForm(), _("证件已换发/延期"), current_number)


@bp.route("/inspectors/<inspector_id>/certificate/expire", methods=["POST"])
@roles_required(*EDITORS)
def expire_certificate(inspector_id: str):
    return _on_inspector(inspector_id, "expire_certificate", ReasonForm(), _("证件已登记为失效"))


@bp.route("/inspectors/<inspector_id>/transfer", methods=["POST"])
@roles_required(*EDITORS)
def transfer(inspector_id: str):
    def brigade_in_scope(conn, row: dict, arguments: dict) -> dict:
        q.brigade_in_scope(conn, current_user.scope, arguments["unit"])
        return arguments
    return _on_inspector(inspector_id, "transfer", TransferForm(), _("调动已登记"), brigade_in_scope)


@bp.route("/inspectors/<inspector_id>/deactivate", methods=["POST"])
@roles_required(*EDITORS)
def deactivate(inspector_id: str):
    return _on_inspector(inspector_id, "deactivate", ReasonForm(), _("已登记为不在岗"))


@bp.route("/inspectors/<inspector_id>/reactivate", methods=["POST"])
@roles_required(*EDITORS)
def reactivate(inspector_id: str):
    return _on_inspector(inspector_id, "reactivate", ReasonForm(), _("已恢复在岗"))


@bp.route("/inspectors/<inspector_id>/conflicts", methods=["POST"])
@roles_required(*EDITORS)
def declare_conflict(inspector_id: str):
    def find_unit(conn, row: dict, arguments: dict) -> dict:
        unit = q.target_by_code(conn, arguments["credit_code"], arguments["site"])
        if unit is None:
            raise ValidationError({"credit_code": [_("未找到该统一社会信用代码对应的监管对象")]})
        return {"target_id": UUID(hex=unit["id"]), "relation": arguments["relation"]}
    return _on_inspector(inspector_id, "declare_conflict", ConflictForm(), _("利害关系已申报"), find_unit)


@bp.route("/inspectors/<inspector_id>/conflicts/withdraw", methods=["POST"])
@roles_required(*EDITORS)
def withdraw_conflict(inspector_id: str):
    return _on_inspector(inspector_id, "withdraw_conflict", WithdrawConflictForm(), _("利害关系申报已撤销"))


@bp.route("/inspectors/<inspector_id>/details", methods=["POST"])
@roles_required(*EDITORS)
def change_inspector_details(inspector_id: str):
    return _on_inspector(inspector_id, "change_details", InspectorDetailsForm(), _("基本信息已变更"))
