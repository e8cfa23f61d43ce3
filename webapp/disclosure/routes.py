"""一公开 for supervisors: the results to review, waiting to be published, due this week,
overdue, withheld and published; review, publish (one or several together), withhold and
correct; on-time rates per jurisdiction.

Admins, supervisors and reviewers see their jurisdiction's subtree; only admins and
supervisors act (a reviewer reads, an inspector is refused). Every step goes through the
use cases of workers/publication.py, with a hidden command id like the problem pages; a
rule the domain refuses (publishing a result not yet reviewed, withholding without a
reason, a task not yet completed) becomes a Chinese error page and nothing is written.
"""

from __future__ import annotations

from datetime import date
from math import ceil
from uuid import UUID

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from domain.base import NotFoundError
from domain.disclosure import DISCLOSURE_DAYS, PHRASES, Disclosure
from projections import disclosure_views as dv
from projections.history_view import entries
from projections.scope import Scope
from workers import publication

from ..auth.users import require_in_scope, roles_required
from ..directory import queries as dq
from ..forms import Invalid, answer, flat_messages, load_form
from ..problems.schemas import CATEGORY_LABELS, DISPOSITION_STATE_LABELS, KIND_LABELS, STATE_LABELS as PROBLEM_STATES
from ..services import actor, command_id, system
from ..stats.narrow import place
from ..stats.schemas import Period, period_of
from ..tasks.schemas import ORIGIN_LABELS, STATE_LABELS as TASK_STATES, TASK_RESULTS
from ..tasks.views import today
from . import queries as q
from .schemas import (GROUND_LABELS, LIST_LABELS, STATE_LABELS, BatchPublishForm, CorrectForm, ListFilters,
                      PublishForm, ReviewForm, WithholdForm)

bp = Blueprint("disclosure", __name__, url_prefix="/disclosure")
READERS = ("admin", "supervisor", "reviewer")
ACTORS = ("admin", "supervisor")


@bp.errorhandler(Invalid)
def _invalid(error: Invalid):
    task_id = (request.view_args or {}).get("task_id")
    back = url_for(".task", task_id=task_id) if task_id else url_for(".index")
    return render_template("directory/invalid.html", messages=error.lines, back=back), 422


def this_year(day: date) -> Period:
    return Period(str(day.year), date(day.year, 1, 1), date(day.year, 12, 31))


# -- the lists --------------------------------------------------------------------------------------
@bp.route("/")
@roles_required(*READERS)
def index():
    schema, size, now = ListFilters(), current_app.config["PAGE_SIZE"], today()
    with system().engine.connect() as conn:
        try:
            data = schema.load(request.args)
            period, picked, errors = period_of(data, this_year(now)), place(conn, data.get("jurisdiction")), []
        except ValidationError as error:
            data, period, picked, errors = {}, this_year(now), None, flat_messages(error, schema)
        scope = Scope((picked["path"],), current_user.scope.brigade) if picked else current_user.scope
        listing, page = data.get("listing") or "review", data.get("page", 1)
        counts = q.counts(conn, scope, now)
        rows = q.rows(conn, scope, listing, now, size, (page - 1) * size) if not errors else []
        rates = dv.on_time_by_jurisdiction(conn, scope, period.start, period.end, now)
        places = dq.jurisdiction_options(conn, current_user.scope)
    keep = {k: v for k, v in request.args.items() if v and k in ("period", "from", "to", "jurisdiction")}
    return render_template(
        "disclosure/index.html", lists=LIST_LABELS, listing=listing, counts=counts, rows=rows, page=page,
        pages=max(1, ceil(counts[listing] / size)), keep=keep, pager_keep={**keep, "list": listing}, f=data,
        period=period, picked=picked, rates=rates, places=places, errors=errors, states=STATE_LABELS, today=now,
        acting=current_user.role in ACTORS, days=DISCLOSURE_DAYS), 422 if errors else 200


# -- one task's disclosure ------------------------------------------------------------------------------
def _found(conn, task_id: str) -> dict:
    """The task's disclosure page data, if the task exists and is in the user's scope."""
    found = q.task_disclosure(conn, task_id, today())
    if found is None:
        raise NotFoundError(_("检查任务不存在"))
    require_in_scope(found["task"]["jurisdiction_path"])
    return found


@bp.route("/<task_id>")
@roles_required(*READERS)
def task(task_id: str):
    with system().engine.connect() as conn:
        found = _found(conn, task_id)
        history = entries(conn, found["d"]["id"]) if found["d"] else []
    proposed = publication.proposed_phrase(system(), UUID(hex=task_id)) if found["d"] else None
    return render_template(
        "disclosure/task.html", **found, history=history, proposed=proposed, phrases=PHRASES,
        grounds=GROUND_LABELS, states=STATE_LABELS, acting=current_user.role in ACTORS, today=today(),
        task_states=TASK_STATES, origins=ORIGIN_LABELS, results=TASK_RESULTS, categories=CATEGORY_LABELS,
        problem_states=PROBLEM_STATES, kinds=KIND_LABELS, disposition_states=DISPOSITION_STATE_LABELS,
        days=DISCLOSURE_DAYS)


def _decide(task_id: str, schema, run, done: str):
    """Check the task is in scope, read the form, run the use case, go back to the page."""
    with system().engine.connect() as conn:
        _found(conn, task_id)
    form = load_form(schema)
    position = run(UUID(hex=task_id), form)
    return answer(position, done, url_for(".task", task_id=task_id))


def _last(outcomes) -> int | None:
    positions = [o.position for o in outcomes if o.position is not None]
    return max(positions) if positions else None


@bp.route("/<task_id>/review", methods=["POST"])
@roles_required(*ACTORS)
def review(task_id: str):
    return _decide(task_id, ReviewForm(), lambda t, form: publication.review(
        system(), t, actor(), command_id(), **form).position, _("检查结果已审核，待公开"))


@bp.route("/<task_id>/publish", methods=["POST"])
@roles_required(*ACTORS)
def publish(task_id: str):
    return _decide(task_id, PublishForm(), lambda t, form: _last(publication.publish(
        system(), [t], actor(), command_id(), today=today(), **form)), _("检查结果已公开"))


@bp.route("/<task_id>/withhold", methods=["POST"])
@roles_required(*ACTORS)
def withhold(task_id: str):
    return _decide(task_id, WithholdForm(), lambda t, form: publication.withhold(
        system(), t, actor(), command_id(), **form).position, _("已决定不予公开，理由已记录"))


@bp.route("/<task_id>/correct", methods=["POST"])
@roles_required(*ACTORS)
def correct(task_id: str):
    return _decide(task_id, CorrectForm(), lambda t, form: system().app.command(
        Disclosure, Disclosure.create_id(t), "correct", actor(), command_id(), **form).position,
        _("已更正公开的检查结果，原内容保留在变更记录中"))


@bp.route("/publish", methods=["POST"])
@roles_required(*ACTORS)
def publish_batch():
    """Publish the reviewed results ticked on a list together (one notice, one date)."""
    form = load_form(BatchPublishForm())
    chosen = form.pop("task_id")
    with system().engine.connect() as conn:
        for task_id in chosen:
            _found(conn, task_id.hex)
    outcomes = publication.publish(system(), chosen, actor(), command_id(), today=today(), **form)
    done = _("已公开 %(n)s 项检查结果", n=len(outcomes))
    back = request.form.get("list")
    return answer(_last(outcomes), done, url_for(".index", list=back if back in LIST_LABELS else "reviewed"))
