"""节假日安排: the working-day calendar by year, recording a year's schedule, and a
calculator of working-day deadlines.

Every deadline of the regime (20 working days to disclose a result, an order's rectification
period) counts statutory working days. Years the chinesecalendar package knows are counted
with it; when the State Council announces a new year's schedule an administrator records it
here (an event, with the notice, who and when), and every deadline counted provisionally
through that year is counted again. Supervisors and reviewers may look; only an admin records.
A schedule that contradicts itself, or a line that is not a date, is refused with the line
named, and nothing is written.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from domain.base import DomainError, NoChangeError
from domain.calendar import add_working_days
from workers import publication

from ..auth.users import roles_required
from ..forms import answer, flat_messages
from ..services import actor, command_id, system
from ..tasks.views import today
from . import years as y
from .schemas import SOURCE_LABELS, CalculatorForm, ScheduleForm

bp = Blueprint("calendar", __name__, url_prefix="/admin/calendar")
READERS = ("admin", "supervisor", "reviewer")


def _calculated() -> tuple[dict | None, list[str]]:
    """The calculator's answer for ?start=…&days=…, or its errors."""
    if not (request.args.get("start") or request.args.get("days")):
        return None, []
    schema = CalculatorForm()
    try:
        data = schema.load(request.args)
    except ValidationError as error:
        return None, flat_messages(error, schema)
    try:
        return {**data, "deadline": add_working_days(data["start"], data["days"])}, []
    except OverflowError:  # counting past year 9999
        return None, [_("起算日期超出可计算的范围")]


def _filled(conn, chosen: int | None) -> dict:
    """The record form filled with a year's schedule (to revise it), or empty."""
    if chosen is None:
        return {}
    record = y.recorded(conn).get(chosen)
    shown = y.described(chosen, record)
    return {"year": chosen, "holidays": "\n".join(shown["holidays"]), "workdays": "\n".join(shown["workdays"]),
            "notice": record["notice"] if record else "", "revising": record is not None}


def _page(form: dict | None = None, errors: list[str] = (), status: int = 200):
    chosen = request.args.get("year", type=int)
    if chosen is not None and not 1900 <= chosen <= 2200:  # no calendar to show: the list alone
        chosen = None
    calc, calc_errors = _calculated()
    with system().engine.connect() as conn:
        rows = y.years(conn, current_user.scope, today())
        known = y.recorded(conn)
        detail = None
        if chosen is not None:
            detail = {"year": chosen, "source": y.source(chosen, known), "record": known.get(chosen),
                      **y.described(chosen, known.get(chosen))}
        filled = form if form is not None else _filled(conn, chosen)
    return render_template("calendar_admin/index.html", rows=rows, sources=SOURCE_LABELS, detail=detail,
                           form=filled, errors=list(errors), calc=calc, calc_errors=calc_errors,
                           admin=current_user.role == "admin", today=today()), \
        status if status != 200 else (422 if calc_errors else 200)


@bp.route("/")
@roles_required(*READERS)
def index():
    return _page()


@bp.route("/record", methods=["POST"])
@roles_required("admin")
def record():
    """Record (or revise, with a reason) a year's schedule; a mistake re-shows the form as typed."""
    schema, typed = ScheduleForm(), {k: request.form.get(k, "") for k in ScheduleForm().fields}
    try:
        data = schema.load(request.form)
    except ValidationError as error:
        return _page(typed, flat_messages(error, schema), 422)
    try:
        outcome = publication.record_schedule(system(), actor(), command_id(), **data)
    except DomainError as error:
        return _page(typed, [str(error)], 409 if isinstance(error, NoChangeError) else 422)
    done = _("已登记%(year)s年节假日安排；按暂定口径计算的期限已重新计算", year=data["year"])
    return answer(outcome.position, done, url_for(".index", year=data["year"]))
