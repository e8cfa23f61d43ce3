"""检查对象名录 and 检查人员名录: browse within one's scope, read a record with its full
history, and (supervisors, admins) make the directory changes, each a command with a reason.

Every change is a POST that loads its form schema, runs one command, waits until the
read tables show it (read-your-writes) and goes back to the record. Domain errors are
left to webapp/errors.py (422 / 409 with the rule in Chinese).
"""

from __future__ import annotations

from math import ceil
from typing import Callable
from uuid import UUID

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext
from flask_login import current_user, login_required
from marshmallow import Schema, ValidationError
from sqlalchemy import Connection

from domain.base import NotFoundError
from domain.inspectors import Inspector
from domain.targets import Target
from domain.vocabulary import SPECIAL_CRITERIA
from projections.compliance import compliance_grid
from projections.history_view import entries
from projections.scope import Scope

from ..auth.users import require_in_scope, roles_required
from ..forms import Invalid, answer, flat_messages, load_form, reporting
from ..services import actor, command_id, system
from ..tasks.views import today
from . import queries as q
from .schemas import (CategoryForm, ConflictForm, ExclusionForm, InspectorDetailsForm, InspectorFilters,
                      PositiveListForm, ReasonForm, RenewForm, TargetDetailsForm, TargetFilters,
                      TransferForm, WithdrawConflictForm)

bp = Blueprint("directory", __name__)
EDITORS = ("admin", "supervisor")
Prepare = Callable[[Connection, Scope, dict, dict], dict]  # the record's row, the form → arguments
# The two kinds of record: aggregate, read view, what a missing one is called, scope path.
RECORDS = {"target": (Target, q.target, lazy_gettext("监管对象不存在"), "jurisdiction_path"),
           "inspector": (Inspector, q.inspector, lazy_gettext("检查人员不存在"), "unit_path")}


@bp.errorhandler(Invalid)
def _invalid(error: Invalid):
    args = request.view_args or {}
    kind = next((k for k in RECORDS if f"{k}_id" in args), None)
    back = url_for(f".{kind}", **{f"{kind}_id": args[f"{kind}_id"]}) if kind else None
    return render_template("directory/invalid.html", messages=error.lines, back=back), 422


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
            filters, rows, total, errors = {"page": 1}, [], 0, flat_messages(error, schema)
    keep = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(template, rows=rows, total=total, errors=errors, page=filters["page"],
                           pages=max(1, ceil(total / size)), keep=keep, **choices), 422 if errors else 200


def _record(conn, kind: str, record_id: str) -> dict:
    """The record's read view, if it exists and is in the user's scope."""
    _cls, find, missing, path = RECORDS[kind]
    row = find(conn, record_id)
    if row is None:
        raise NotFoundError(str(missing))
    require_in_scope(row[path])
    return row


def _run(kind: str, record_id: str, name: str, schema: Schema, done: str, prepare: Prepare | None = None):
    """Load the form, run the command, wait for the read side, flash and go back."""
    with system().engine.connect() as conn, reporting(schema):
        row = _record(conn, kind, record_id)
        arguments = load_form(schema)
        if prepare is not None:
            arguments = prepare(conn, current_user.scope, row, arguments)
    outcome = system().app.command(RECORDS[kind][0], UUID(hex=record_id), name, actor(), command_id(),
                                   **arguments)
    return answer(outcome.position, done, url_for(f".{kind}", **{f"{kind}_id": record_id}))


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
        row = _record(conn, "target", target_id)
        history = entries(conn, target_id)
        options = q.jurisdiction_options(conn, current_user.scope) if _can_edit() else []
        compliance = compliance_grid(conn, target_id, today())
    return render_template("directory/target.html", t=row, entries=history, jurisdictions=options,
                           can_edit=_can_edit(), criteria=SPECIAL_CRITERIA, compliance=compliance)


@bp.route("/targets/<target_id>/category", methods=["POST"])
@roles_required(*EDITORS)
def change_category(target_id: str):
    return _run("target", target_id, "change_category", CategoryForm(), _("监管类别已变更"))


@bp.route("/targets/<target_id>/exclusion", methods=["POST"])
@roles_required(*EDITORS)
def exclude(target_id: str):
    return _run("target", target_id, "exclude_from_draws", ExclusionForm(), _("已登记为不参与双随机"))


@bp.route("/targets/<target_id>/exclusion/lift", methods=["POST"])
@roles_required(*EDITORS)
def lift_exclusion(target_id: str):
    return _run("target", target_id, "lift_exclusion", ReasonForm(), _("已恢复参与双随机"))


@bp.route("/targets/<target_id>/positive-list/add", methods=["POST"])
@roles_required(*EDITORS)
def add_to_positive_list(target_id: str):
    return _run("target", target_id, "add_to_positive_list", PositiveListForm(), _("已纳入正面清单"))


@bp.route("/targets/<target_id>/positive-list/remove", methods=["POST"])
@roles_required(*EDITORS)
def remove_from_positive_list(target_id: str):
    return _run("target", target_id, "remove_from_positive_list", PositiveListForm(), _("已移出正面清单"))


@bp.route("/targets/<target_id>/details", methods=["POST"])
@roles_required(*EDITORS)
def change_target_details(target_id: str):
    return _run("target", target_id, "change_details", TargetDetailsForm(), _("基本信息已变更"),
                q.details_arguments)


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
        row = _record(conn, "inspector", inspector_id)
        history = entries(conn, inspector_id)
        options = q.brigade_options(conn, current_user.scope) if _can_edit() else []
    return render_template("directory/inspector.html", i=row, entries=history, brigades=options,
                           can_edit=_can_edit(), scope=current_user.scope)


@bp.route("/inspectors/<inspector_id>/certificate", methods=["POST"])
@roles_required(*EDITORS)
def renew_certificate(inspector_id: str):
    return _run("inspector", inspector_id, "renew_certificate", RenewForm(), _("证件已换发/延期"),
                q.renewal_arguments)


@bp.route("/inspectors/<inspector_id>/certificate/expire", methods=["POST"])
@roles_required(*EDITORS)
def expire_certificate(inspector_id: str):
    return _run("inspector", inspector_id, "expire_certificate", ReasonForm(), _("证件已登记为失效"))


@bp.route("/inspectors/<inspector_id>/transfer", methods=["POST"])
@roles_required(*EDITORS)
def transfer(inspector_id: str):
    return _run("inspector", inspector_id, "transfer", TransferForm(), _("调动已登记"), q.transfer_arguments)


@bp.route("/inspectors/<inspector_id>/deactivate", methods=["POST"])
@roles_required(*EDITORS)
def deactivate(inspector_id: str):
    return _run("inspector", inspector_id, "deactivate", ReasonForm(), _("已登记为不在岗"))


@bp.route("/inspectors/<inspector_id>/reactivate", methods=["POST"])
@roles_required(*EDITORS)
def reactivate(inspector_id: str):
    return _run("inspector", inspector_id, "reactivate", ReasonForm(), _("已恢复在岗"))


@bp.route("/inspectors/<inspector_id>/conflicts", methods=["POST"])
@roles_required(*EDITORS)
def declare_conflict(inspector_id: str):
    return _run("inspector", inspector_id, "declare_conflict", ConflictForm(), _("利害关系已申报"),
                q.conflict_arguments)


@bp.route("/inspectors/<inspector_id>/conflicts/withdraw", methods=["POST"])
@roles_required(*EDITORS)
def withdraw_conflict(inspector_id: str):
    return _run("inspector", inspector_id, "withdraw_conflict", WithdrawConflictForm(), _("利害关系申报已撤销"))


@bp.route("/inspectors/<inspector_id>/details", methods=["POST"])
@roles_required(*EDITORS)
def change_inspector_details(inspector_id: str):
    return _run("inspector", inspector_id, "change_details", InspectorDetailsForm(), _("基本信息已变更"))
