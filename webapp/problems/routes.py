"""问题台账 (the closed loop): the brigade's board of open problems by disposition and by
how overdue they are (a supervisor's view across brigades is the same page with a
jurisdiction filter and counts per county), and the problem page: its dispositions, each
with its facts and state, the forms for the steps its state allows, and the history.

Supervisors and admins (in scope) take every step. The officers assigned to the problem's
task may also record an on-the-spot fix, give and confirm guidance, and report a
rectification; they act as their inspector record (webapp/tasks/queries.officer_of).
Everything else is the same as the task pages: hidden command id + CSRF, role and scope
checks, the command or the casework service, `answer`; domain errors become 422.
"""

from __future__ import annotations

from uuid import UUID

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import Schema, ValidationError

from domain.problems import Problem
from workers import casework

from ..auth.users import roles_required
from ..forms import Invalid, answer, flat_messages, load_form, reporting
from ..services import command_id, system
from ..tasks import queries as tq
from ..tasks.routes import uploaded
from projections.history_view import entries

from ..tasks.schemas import ORIGIN_LABELS, STATE_LABELS as TASK_STATE_LABELS
from ..tasks.views import today
from . import queries as q
from .schemas import (CATEGORY_LABELS, DISPOSITION_STATE_LABELS, KIND_LABELS,
                      MEASURE_LABELS, RECEIVER_LABELS, STATE_LABELS, VIA_LABELS, AcknowledgeForm, BoardFilters,
                      CaseForm, CloseForm, CoerciveForm, ExecutionForm, ExtendDeadlineForm, FixOnSpotForm,
                      GuidanceForm, LiftForm, OrderForm, PenaltyForm, ReceiptForm, ReopenForm, ReplyForm,
                      ReportForm, RevisionForm, TransferForm, VerificationForm, VerifyForm)
from .views import SUPERVISORS, _acting, _coercive, _order, _revision, _row, _transfer, _verdict

bp = Blueprint("problems", __name__)
CASEWORKERS = ("inspector", *SUPERVISORS)  # the steps an assigned officer may also take


@bp.errorhandler(Invalid)
def _invalid(error: Invalid):
    problem_id = (request.view_args or {}).get("problem_id")
    back = url_for(".problem", problem_id=problem_id) if problem_id else url_for(".board")
    return render_template("directory/invalid.html", messages=error.lines, back=back), 422


# -- who may do what ------------------------------------------------------------------------------
def _command(problem_id: str, name: str, schema: Schema, done: str, *, officers_too: bool = False,
             prepare=None, with_today: bool = True, evidence: bool = False, **fixed):
    """Load the form, check who acts, run the command on the problem, go back to it."""
    who = _acting(problem_id, officers_too)
    arguments = load_form(schema)
    if prepare is not None:
        with reporting(schema):
            arguments = prepare(arguments)
    app, cid, target = system().app, command_id(), UUID(hex=problem_id)
    if app.load(Problem, target).has_applied(cid):
        return answer(None, done, url_for(".problem", problem_id=problem_id))
    if evidence:
        arguments["evidence"] = uploaded()
    if with_today:
        arguments["today"] = today()
    outcome = app.command(Problem, target, name, who, cid, **fixed, **arguments)
    return answer(outcome.position, done, url_for(".problem", problem_id=problem_id))


# -- the board ------------------------------------------------------------------------------------
@bp.route("/problems")
@login_required
def board():
    schema = BoardFilters()
    with system().engine.connect() as conn:
        try:
            filters = schema.load(request.args)
            groups, rows = q.board(conn, current_user.scope, filters, today())
            errors: list[str] = []
        except ValidationError as error:
            filters, groups, rows, errors = {}, [], [], flat_messages(error, schema)
        places = q.jurisdiction_options(conn, current_user.scope)
        counts = q.counts_by_place(conn, current_user.scope, today())
    return render_template("problems/board.html", groups=groups, rows=rows, errors=errors, f=filters,
                           places=places, counts=counts, categories=CATEGORY_LABELS, kinds=KIND_LABELS,
                           states=STATE_LABELS, disposition_states=DISPOSITION_STATE_LABELS,
                           waiting=q.WAITING, today=today()), 422 if errors else 200


# -- one problem ----------------------------------------------------------------------------------
@bp.route("/problems/<problem_id>")
@login_required
def problem(problem_id: str):
    with system().engine.connect() as conn:
        row = _row(conn, problem_id)
        found = system().app.load(Problem, UUID(hex=problem_id))
        history = entries(conn, problem_id)
        me = tq.officer_of(current_user, conn)
        supervising = current_user.role in SUPERVISORS and current_user.scope.covers_path(row["jurisdiction_path"])
        officers = tq.officer_choices(conn, current_user.scope) if supervising else []
        followups = q.verification_tasks(conn, problem_id)
        people = tq.inspector_names(conn, [o for t in followups.values() for o in t["officers"]])
    assigned = me is not None and me in row["task"]["officers"]
    return render_template(
        "problems/problem.html", p=row, problem=found, entries=history, supervising=supervising,
        assigned=assigned, officers=officers, followups=followups, people=people, today=today(),
        categories=CATEGORY_LABELS, states=STATE_LABELS, kinds=KIND_LABELS,
        disposition_states=DISPOSITION_STATE_LABELS, measures=MEASURE_LABELS, receivers=RECEIVER_LABELS,
        vias=VIA_LABELS, task_states=TASK_STATE_LABELS, origins=ORIGIN_LABELS,
        blockers=found.closure_blockers() if found.state == "open" else [])


# -- new dispositions -----------------------------------------------------------------------------
@bp.route("/problems/<problem_id>/on-spot", methods=["POST"])
@roles_required(*CASEWORKERS)
def fix_on_spot(problem_id: str):
    return _command(problem_id, "fix_on_spot", FixOnSpotForm(), _("已登记当场整改"), officers_too=True,
                    evidence=True)


@bp.route("/problems/<problem_id>/guidance", methods=["POST"])
@roles_required(*CASEWORKERS)
def give_guidance(problem_id: str):
    return _command(problem_id, "give_guidance", GuidanceForm(), _("已登记行政指导"), officers_too=True)


@bp.route("/problems/<problem_id>/order", methods=["POST"])
@roles_required(*SUPERVISORS)
def order_rectification(problem_id: str):
    return _command(problem_id, "order_rectification", OrderForm(), _("已责令改正"), prepare=_order)


@bp.route("/problems/<problem_id>/case", methods=["POST"])
@roles_required(*SUPERVISORS)
def open_case(problem_id: str):
    return _command(problem_id, "open_case", CaseForm(), _("已立案"))


@bp.route("/problems/<problem_id>/coercive", methods=["POST"])
@roles_required(*SUPERVISORS)
def take_coercive_measure(problem_id: str):
    return _command(problem_id, "take_coercive_measure", CoerciveForm(), _("已登记行政强制措施"),
                    prepare=_coercive)


@bp.route("/problems/<problem_id>/transfer", methods=["POST"])
@roles_required(*SUPERVISORS)
def transfer_case(problem_id: str):
    return _command(problem_id, "transfer_case", TransferForm(), _("已登记移送"), prepare=_transfer)


# -- the steps of one disposition -------------------------------------------------------------------
@bp.route("/problems/<problem_id>/d/<disposition_id>/acknowledge", methods=["POST"])
@roles_required(*CASEWORKERS)
def acknowledge_guidance(problem_id: str, disposition_id: str):
    return _command(problem_id, "acknowledge_guidance", AcknowledgeForm(), _("已登记确认收悉"),
                    officers_too=True, disposition_id=disposition_id)


@bp.route("/problems/<problem_id>/d/<disposition_id>/report", methods=["POST"])
@roles_required(*CASEWORKERS)
def report_rectification(problem_id: str, disposition_id: str):
    return _command(problem_id, "report_rectification", ReportForm(), _("已登记整改报告"), officers_too=True,
                    evidence=True, disposition_id=disposition_id)


@bp.route("/problems/<problem_id>/d/<disposition_id>/verification", methods=["POST"])
@roles_required(*SUPERVISORS)
def schedule_verification(problem_id: str, disposition_id: str):
    """The 回头看: a targeted task of its own with two officers, linked to the order."""
    who = _acting(problem_id, False)
    schema = VerificationForm()
    with system().engine.connect() as conn, reporting(schema):
        form = load_form(schema)
        officers = tq.check_officers(conn, current_user.scope, form["officer_1"].hex, form["officer_2"].hex)
        if form["due"] < today():
            raise ValidationError({"due": [_("完成期限不能早于今天")]})
    s, cid, target = system(), command_id(), UUID(hex=problem_id)
    back = url_for(".problem", problem_id=problem_id)
    if s.app.load(Problem, target).has_applied(f"{cid}:link"):
        return answer(None, "", back)
    casework.schedule_followup(s, target, disposition_id, form["due"], officers, who, cid, today())
    return answer(s.app.recorder.max_notification_id(), _("已安排回头看：核查任务已建立并指派两名检查人员"), back)


@bp.route("/problems/<problem_id>/d/<disposition_id>/verify", methods=["POST"])
@roles_required(*SUPERVISORS)
def verify(problem_id: str, disposition_id: str):
    return _command(problem_id, "verify", VerifyForm(), _("已登记回头看结论"), prepare=_verdict,
                    disposition_id=disposition_id)


@bp.route("/problems/<problem_id>/d/<disposition_id>/deadline", methods=["POST"])
@roles_required(*SUPERVISORS)
def extend_deadline(problem_id: str, disposition_id: str):
    return _command(problem_id, "extend_deadline", ExtendDeadlineForm(), _("整改期限已延长"), with_today=False,
                    disposition_id=disposition_id)


@bp.route("/problems/<problem_id>/d/<disposition_id>/penalty", methods=["POST"])
@roles_required(*SUPERVISORS)
def decide_penalty(problem_id: str, disposition_id: str):
    return _command(problem_id, "decide_penalty", PenaltyForm(), _("已登记处罚决定"),
                    disposition_id=disposition_id)


@bp.route("/problems/<problem_id>/d/<disposition_id>/revision", methods=["POST"])
@roles_required(*SUPERVISORS)
def revise_decision(problem_id: str, disposition_id: str):
    return _command(problem_id, "revise_decision", RevisionForm(), _("已登记变更后的处罚决定（原决定保留）"),
                    prepare=_revision, disposition_id=disposition_id)


@bp.route("/problems/<problem_id>/d/<disposition_id>/execution", methods=["POST"])
@roles_required(*SUPERVISORS)
def record_execution(problem_id: str, disposition_id: str):
    return _command(problem_id, "record_execution", ExecutionForm(), _("已登记处罚执行"),
                    disposition_id=disposition_id)


@bp.route("/problems/<problem_id>/d/<disposition_id>/lift", methods=["POST"])
@roles_required(*SUPERVISORS)
def lift_coercive_measure(problem_id: str, disposition_id: str):
    return _command(problem_id, "lift_coercive_measure", LiftForm(), _("强制措施已解除"),
                    disposition_id=disposition_id)


@bp.route("/problems/<problem_id>/d/<disposition_id>/receipt", methods=["POST"])
@roles_required(*SUPERVISORS)
def record_receipt(problem_id: str, disposition_id: str):
    return _command(problem_id, "record_receipt", ReceiptForm(), _("已登记对方接收"),
                    disposition_id=disposition_id)


@bp.route("/problems/<problem_id>/d/<disposition_id>/reply", methods=["POST"])
@roles_required(*SUPERVISORS)
def record_reply(problem_id: str, disposition_id: str):
    return _command(problem_id, "record_reply", ReplyForm(), _("已登记对方回复"), disposition_id=disposition_id)


# -- closing and reopening ----------------------------------------------------------------------------
@bp.route("/problems/<problem_id>/close", methods=["POST"])
@roles_required(*SUPERVISORS)
def close(problem_id: str):
    who = _acting(problem_id, False)
    form = load_form(CloseForm())
    s, cid, target = system(), command_id(), UUID(hex=problem_id)
    back = url_for(".problem", problem_id=problem_id)
    if s.app.load(Problem, target).has_applied(cid):
        return answer(None, "", back)
    casework.close_problem(s, target, form["reason"], who, cid)
    return answer(s.app.recorder.max_notification_id(), _("问题已办结；任务的问题全部办结时任务随之闭环"), back)


@bp.route("/problems/<problem_id>/reopen", methods=["POST"])
@roles_required(*SUPERVISORS)
def reopen(problem_id: str):
    return _command(problem_id, "reopen", ReopenForm(), _("问题已重新打开"), with_today=False)
