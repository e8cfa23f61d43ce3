"""时间回溯: a task, problem or unit as it stood at a past moment; two moments compared;
a case stepped through one event at a time.

    /asof/<kind>/<id>?at=2026-10-01 09:30         the state and the history up to then
    /asof/<kind>/<id>/compare?from=…&to=…         what differs, and the events in between
    /asof/<kind>/<id>/step/<version>              the state after one event, and that event

<kind> is task, problem or target. Who may look is what the record's current page allows
(webapp/asof/records.py). The version current at a moment comes from the history table's
(stream, time) index; the state at that version from the event store (see records.py).
A bad or future moment is 422, a moment before the record existed 404, both in Chinese.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import login_required
from marshmallow import ValidationError

from domain.base import NotFoundError
from projections.history_view import entries
from projections.timetravel import version_at, versions

from ..forms import flat_messages
from ..services import system
from .moments import AsOfForm, CompareForm, now
from .records import Kind, kind_of
from .views import differences

bp = Blueprint("asof", __name__, url_prefix="/asof")


def _context(k: Kind, conn, record_id: str) -> dict:
    """What every page of one record shows: whose it is, its versions, the way back."""
    row = k.row(conn, record_id)  # 404 / 403 exactly as on the record's own page
    return {"k": k, "record_id": record_id, "heading": k.heading(row), "page": k.page(record_id),
            "spine": versions(conn, record_id), "errors": [], "args": request.args}


def _load(schema, context: dict) -> dict | None:
    try:
        return schema.load(request.args)
    except ValidationError as error:
        context["errors"] = flat_messages(error, schema)
        return None


def _version(conn, context: dict, record_id: str, moment, which: str = "") -> int | None:
    version = version_at(conn, record_id, moment.end)
    if version is None:
        missing = _('该记录在此时间尚不存在')  # outside the f-string, where pybabel can see it
        context["errors"] = [f"{which}{moment.text}{_('：')}{missing}"]
    return version


@bp.route("/<kind>/<record_id>")
@login_required
def as_of(kind: str, record_id: str):
    k = kind_of(kind)
    with system().engine.connect() as conn:
        context = _context(k, conn, record_id)
        if "at" not in request.args:
            return render_template("asof/record.html", **context)
        form = _load(AsOfForm(), context)
        if form is None:
            return render_template("asof/record.html", **context), 422
        version = _version(conn, context, record_id, form["at"])
        if version is None:
            return render_template("asof/record.html", **context), 404
        facts = k.facts(conn, k.rebuild(record_id, version))
        history = entries(conn, record_id, until_version=version)
    return render_template("asof/record.html", **context, moment=form["at"], version=version, facts=facts,
                           entries=history)


@bp.route("/<kind>/<record_id>/compare")
@login_required
def compare(kind: str, record_id: str):
    k = kind_of(kind)
    with system().engine.connect() as conn:
        context = _context(k, conn, record_id)
        if "from" not in request.args:
            return render_template("asof/compare.html", **context)
        form = _load(CompareForm(), context)
        if form is None:
            return render_template("asof/compare.html", **context), 422
        start = _version(conn, context, record_id, form["start"], _("起始时间") + " ")
        end = version_at(conn, record_id, form["to"].end if form["to"] else now())
        if start is None or end is None:
            return render_template("asof/compare.html", **context), 404
        before = k.facts(conn, k.rebuild(record_id, start))
        after = k.facts(conn, k.rebuild(record_id, end))
        between = [e for e in entries(conn, record_id, until_version=end) if e["version"] > start]
    return render_template("asof/compare.html", **context, start=form["start"], to=form["to"], versions=(start, end),
                           changes=differences(before, after), entries=between)


@bp.route("/<kind>/<record_id>/step/<int:version>")
@login_required
def step(kind: str, record_id: str, version: int):
    k = kind_of(kind)
    with system().engine.connect() as conn:
        context = _context(k, conn, record_id)
        if not 1 <= version <= len(context["spine"]):
            raise NotFoundError(_("该记录没有第 %(n)s 版（共 %(total)s 版）", n=version, total=len(context["spine"])))
        after = k.facts(conn, k.rebuild(record_id, version))
        before = k.facts(conn, k.rebuild(record_id, version - 1)) if version > 1 else []
        event = entries(conn, record_id, until_version=version)[-1:]
    changes = differences(before, after) if version > 1 else []
    return render_template("asof/step.html", **context, version=version, facts=after, changes=changes,
                           changed={c.key for c in changes}, entries=event)
