"""检查任务: an officer's tasks (on a phone), a supervisor's list with the form for a
targeted task (针对性检查), and the task page: what was recorded, the evidence, the problems
found, the history, and the forms each role may use in the task's state.

Officers act as their inspector record (queries.officer_of: users and inspector records are
matched by 执法证号 = username, or name = display name within the user's brigade);
supervisors and admins act as themselves. Every change is a POST that loads its form,
checks role and scope (an officer not assigned to the task is refused), runs the command
or the casework service, waits for the read side and goes back. Domain errors are left to
webapp/errors.py (422 with the rule in Chinese): nothing is written.
"""

from __future__ import annotations

from math import ceil
from uuid import UUID

from flask import Blueprint, current_app, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError

from domain.base import DomainError, NotFoundError
from domain.checklists import items
from domain.problems import PROBLEM_CATEGORIES
from domain.tasks import FORMS, InspectionTask
from projections.history_view import entries
from workers import casework
from workers.evidence import open_evidence, store

from ..auth.users import require_in_scope, roles_required
from ..forms import FormSchema, Invalid, answer, flat_messages, load_form, reporting
from ..services import actor, command_id, system
from . import queries as q
from .schemas import (DATA_SOURCES, JOINT_KINDS, ORIGIN_LABELS, RESULT_LABELS,
                      STATE_LABELS, TARGETED_ORIGINS, TASK_RESULTS, CompleteForm, ExtendDueForm, NewTaskForm,
                      ProblemForm, ReasonForm, ReassignForm, TaskFilters, inspection_form)
from .views import _officer, _row, _supervised, officer_actor, today, view

bp = Blueprint("tasks", __name__)
SUPERVISORS = ("admin", "supervisor")
READERS = ("admin", "supervisor", "reviewer")
ASSIGNED = "针对性检查指派"  # the reason recorded with the officers of a targeted task (data, Chinese)


@bp.errorhandler(Invalid)
def _invalid(error: Invalid):
    task_id = (request.view_args or {}).get("task_id")
    back = url_for(".task", task_id=task_id) if task_id else url_for(".index")
    return render_template("directory/invalid.html", messages=error.lines, back=back), 422


# -- who may do what -----------------------------------------------------------------------------
def _done(changed: bool, done: str, task_id: str, back: str | None = None):
    """After a service that writes more than one event: wait for all of it."""
    position = system().app.recorder.max_notification_id() if changed else None
    return answer(position, done, back or url_for(".task", task_id=task_id))


# -- lists ---------------------------------------------------------------------------------------
@bp.route("/tasks/mine")
@roles_required("inspector")
def mine():
    with system().engine.connect() as conn:
        me = q.officer_of(current_user, conn)
        open_, done = q.my_tasks(conn, me, today()) if me else ([], [])
        name = q.inspector_names(conn, [me]).get(me) if me else None
    return render_template("tasks/mine.html", me=me, name=name, open_tasks=open_, done=done,
                           states=STATE_LABELS, origins=ORIGIN_LABELS)


@bp.route("/tasks")
@roles_required(*READERS)
def index():
    size = current_app.config["PAGE_SIZE"]
    schema = TaskFilters()
    with system().engine.connect() as conn:
        try:
            filters = schema.load(request.args)
            rows, total = q.find_tasks(conn, current_user.scope, filters, size, today())
            errors: list[str] = []
        except ValidationError as error:
            filters, rows, total, errors = {"page": 1}, [], 0, flat_messages(error, schema)
        officers = q.officer_choices(conn, current_user.scope) if current_user.role in SUPERVISORS else []
    keep = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("tasks/index.html", rows=rows, total=total, errors=errors, page=filters["page"],
                           pages=max(1, ceil(total / size)), keep=keep, states=STATE_LABELS,
                           origins=ORIGIN_LABELS, targeted=TARGETED_ORIGINS, officers=officers,
                           can_create=current_user.role in SUPERVISORS, today=today()), 422 if errors else 200


@bp.route("/tasks", methods=["POST"])
@roles_required(*SUPERVISORS)
def create():
    """A targeted task with its two officers: two commands, each with its own id made from
    the form's, so a form sent twice makes one task with one assignment."""
    schema = NewTaskForm()
    with system().engine.connect() as conn, reporting(schema):
        form = load_form(schema)
        unit = q.target_in_scope(conn, current_user.scope, form["credit_code"], form["site"])
        officers = q.check_officers(conn, current_user.scope, form["officer_1"].hex, form["officer_2"].hex)
        if form["due"] < today():
            raise ValidationError({"due": [_("完成期限不能早于今天")]})
    app, cid = system().app, command_id()
    made = app.create_targeted_task(actor(), cid, origin=form["origin"], target_id=UUID(hex=unit["id"]),
                                    jurisdiction=unit["jurisdiction"], due=form["due"],
                                    off_site=bool(unit["positive_list"]), reference=form["reference"],
                                    note=form["note"])
    assigned = app.command(InspectionTask, made.aggregate_id, "assign_officers", actor(), f"{cid}:assign",
                           officers=officers, reason=ASSIGNED)
    return _done(made.changed or assigned.changed, _("检查任务已建立并指派两名检查人员，请核对后派发"),
                 made.aggregate_id.hex)


# -- one task ------------------------------------------------------------------------------------
@bp.route("/tasks/<task_id>")
@login_required
def task(task_id: str):
    with system().engine.connect() as conn:
        row = _row(conn, task_id)
        v = view(conn, row)
        history = entries(conn, task_id)
        me = q.officer_of(current_user, conn)
        supervising = current_user.role in SUPERVISORS and current_user.scope.covers_path(row["jurisdiction_path"])
        officers = q.officer_choices(conn, current_user.scope) if supervising else []
    t = v["t"]
    assigned = me is not None and me in t.officers
    return render_template(
        "tasks/task.html", v=v, t=t, row=row, entries=history, me=me, assigned=assigned,
        supervising=supervising, officers=officers, states=STATE_LABELS, origins=ORIGIN_LABELS,
        results=RESULT_LABELS, task_results=TASK_RESULTS, joint_kinds=JOINT_KINDS, joint=getattr(t, "joint", []),
        forms=FORMS, checklist=items(), data_sources=DATA_SOURCES, categories=PROBLEM_CATEGORIES, today=today(),
        can_record_problem=(assigned or supervising) and t.state in ("accepted", "inspected"))


# -- a supervisor's changes ----------------------------------------------------------------------
def _command(task_id: str, name: str, done: str, **arguments):
    target = _supervised(task_id)
    outcome = system().app.command(InspectionTask, target, name, actor(), command_id(), **arguments)
    return answer(outcome.position, done, url_for(".task", task_id=task_id))


@bp.route("/tasks/<task_id>/dispatch", methods=["POST"])
@roles_required(*SUPERVISORS)
def dispatch(task_id: str):
    load_form(FormSchema())
    return _command(task_id, "dispatch", _("任务已派发给检查人员"))


@bp.route("/tasks/<task_id>/officers", methods=["POST"])
@roles_required(*SUPERVISORS)
def reassign(task_id: str):
    schema = ReassignForm()
    with system().engine.connect() as conn, reporting(schema):
        _row(conn, task_id)
        form = load_form(schema)
        officers = q.check_officers(conn, current_user.scope, form["officer_1"].hex, form["officer_2"].hex)
    return _command(task_id, "assign_officers", _("检查人员已调整"), officers=officers, reason=form["reason"])


@bp.route("/tasks/<task_id>/due", methods=["POST"])
@roles_required(*SUPERVISORS)
def extend_due(task_id: str):
    _supervised(task_id)  # scope before the form: another brigade's task is 403 whatever is posted
    form = load_form(ExtendDueForm())
    return _command(task_id, "extend_due", _("完成期限已延长"), due=form["due"], reason=form["reason"])


@bp.route("/tasks/<task_id>/cancel", methods=["POST"])
@roles_required(*SUPERVISORS)
def cancel(task_id: str):
    _supervised(task_id)  # scope first (as extend_due)
    form = load_form(ReasonForm())
    return _command(task_id, "cancel", _("任务已取消（记录保留可查）"), reason=form["reason"])


@bp.route("/tasks/<task_id>/reopen", methods=["POST"])
@roles_required(*SUPERVISORS)
def reopen(task_id: str):
    _supervised(task_id)  # scope first (as extend_due)
    form = load_form(ReasonForm())
    return _command(task_id, "reopen", _("任务已重新打开"), reason=form["reason"])


# -- an officer's records ------------------------------------------------------------------------
@bp.route("/tasks/<task_id>/accept", methods=["POST"])
@roles_required("inspector")
def accept(task_id: str):
    load_form(FormSchema())
    target, me, who = _officer(task_id)
    outcome = system().app.command(InspectionTask, target, "accept", who, command_id(), officer_id=me)
    return answer(outcome.position, _("已接收任务"), url_for(".task", task_id=task_id))


@bp.route("/tasks/<task_id>/inspection", methods=["POST"])
@roles_required("inspector")
def record_inspection(task_id: str):
    target, me, who = _officer(task_id)
    checklist = items()
    form = load_form(inspection_form(checklist))
    results = {item: form[f"check_{n}"] for n, item in enumerate(checklist, 1) if form[f"check_{n}"]}
    outcome = system().app.command(
        InspectionTask, target, "record_inspection", who, command_id(), officer_id=me, form=form["form"],
        on_site=form["mode"] == "on_site", present=form["present"], representative=form["representative"],
        production_status=form["production_status"], checklist=results,
        data_sources=[DATA_SOURCES[c] for c in form["data_sources"]], approval=form["approval"],
        findings=form["findings"], inspected_on=form["inspected_on"], today=today())
    return answer(outcome.position, _("检查情况已记录"), url_for(".task", task_id=task_id))


def uploaded(field: str = "file") -> list[dict]:
    """The files posted under `field`, stored under their SHA-256 (workers/evidence.py):
    the evidence items as the events record them. No file: 422."""
    files = [f for f in request.files.getlist(field) if f and f.filename]
    if not files:
        raise Invalid([_("请选择要上传的证据文件")])
    var_dir = system().settings.var_dir
    return [store(var_dir, f.read(), f.filename) for f in files]


@bp.route("/tasks/<task_id>/evidence", methods=["POST"])
@roles_required("inspector")
def attach_evidence(task_id: str):
    target, me, who = _officer(task_id)
    load_form(FormSchema())
    app, cid = system().app, command_id()
    if app.load(InspectionTask, target).has_applied(cid):
        return answer(None, "", url_for(".task", task_id=task_id))
    (item,) = uploaded()[:1]
    outcome = app.command(InspectionTask, target, "attach_evidence", who, cid, officer_id=me, evidence=item)
    return answer(outcome.position, _("证据已上传（SHA-256 %(sha)s…）", sha=item["sha256"][:16]),
                  url_for(".task", task_id=task_id))


@bp.route("/tasks/<task_id>/problems", methods=["POST"])
@roles_required("inspector", *SUPERVISORS)
def record_problem(task_id: str):
    with system().engine.connect() as conn:
        row = _row(conn, task_id)
        if current_user.role == "inspector":
            _me, who = officer_actor(conn, row)
        else:
            require_in_scope(row["jurisdiction_path"])
            who = actor()
    form = load_form(ProblemForm())
    outcome = casework.record_problem(system(), UUID(hex=task_id), who, command_id(), today=today(), **form)
    return answer(outcome.position, _("问题已登记，请确定处置方式"),
                  url_for("problems.problem", problem_id=outcome.aggregate_id.hex))


@bp.route("/tasks/<task_id>/complete", methods=["POST"])
@roles_required("inspector")
def complete(task_id: str):
    target, me, who = _officer(task_id)
    form = load_form(CompleteForm())
    outcome = casework.complete_task(system(), target, me, form["summary"], who, command_id())
    return _done(outcome.changed, _("任务已办结"), task_id)


# -- evidence ------------------------------------------------------------------------------------
@bp.route("/evidence/<sha256>")
@login_required
def evidence(sha256: str):
    """A stored evidence file, re-checked against its hash. `in` names the task or problem
    it belongs to: the user must be allowed to see that record, and it must hold the file."""
    record = request.args.get("in", "")
    with system().engine.connect() as conn:
        if q.task(conn, record, today()) is not None:
            _row(conn, record)
            listed = system().app.load(InspectionTask, UUID(hex=record)).evidence
        else:
            from ..problems.views import evidence_of

            listed = evidence_of(conn, record)
    item = next((e for e in listed if e["sha256"] == sha256), None)
    if item is None:
        raise NotFoundError(_("证据文件不存在"))
    try:
        path = open_evidence(system().settings.var_dir, sha256)
    except DomainError:
        current_app.logger.error("证据文件校验失败 sha256=%s", sha256)
        raise
    return send_file(path, mimetype=item["type"], as_attachment=True,
                     download_name=item["name"] or sha256, max_age=0)
