"""数据纠错 for supervisors: the public's reports of a data error about a unit of their
jurisdiction, by state, each with its age in working days (since submission; to the answer
once answered), and one report's page with its closed loop: accept (with a note), then
resolve (the answer, and whether the record was corrected) or reject (with the reason).

Admins and supervisors in scope only. The reporter's contact is for the answer: it shows to
supervisors (who answer), never to an admin and never on a public page. Steps go through the
Correction aggregate (domain/corrections.py); its refusals show as Chinese 422 pages."""

from __future__ import annotations

from uuid import UUID

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from domain.base import NotFoundError
from domain.calendar import working_days_between
from domain.corrections import STATES, SUBJECTS, Correction
from domain.vocabulary import N_
from projections.history_view import entries
from projections.public_tables import corrections as table
from projections.tables import jurisdictions, targets

from ..auth.users import require_in_scope, roles_required
from ..forms import Invalid, answer, load_form
from ..history import register_kind
from ..services import actor, command_id, system
from ..tasks.views import today
from .forms import AcceptForm, RejectForm, ResolveForm
from .routes import DECIDERS, bp

ORDER = ("submitted", "accepted", "resolved", "rejected")
OPEN = ("submitted", "accepted")
register_kind("correction",
              events={"Submitted": N_("公众提交纠错"), "Accepted": N_("受理纠错"), "Resolved": N_("办结纠错"),
                      "Rejected": N_("不予采纳")},
              fields={"target_id": N_("监管对象"), "jurisdiction": N_("所在辖区"), "subject": N_("纠错类别"),
                      "details": N_("纠错内容"), "contact": N_("联系方式"), "submitted_on": N_("提交日期"),
                      "note": N_("受理说明"), "answer": N_("处理结果"), "corrected": N_("已更正记录"),
                      "resolved_on": N_("办结日期"), "reason": N_("不予采纳的理由")},
              values={"subject": SUBJECTS})


@bp.errorhandler(Invalid)
def _invalid(error: Invalid):
    correction_id = (request.view_args or {}).get("correction_id")
    back = url_for(".correction", correction_id=correction_id) if correction_id else url_for(".corrections")
    return render_template("directory/invalid.html", messages=error.lines, back=back), 422


def _columns():
    return (select(table, targets.c.name.label("unit"), targets.c.site, targets.c.credit_code,
                   jurisdictions.c.name.label("place"))
            .select_from(table.join(targets, targets.c.id == table.c.target_id)
                         .join(jurisdictions, jurisdictions.c.code == table.c.jurisdiction)))


def _aged(row) -> dict:
    """The row with its age: working days since submission, up to the answer once answered."""
    found = dict(row)
    end = found["resolved_on"] if found["state"] not in OPEN and found["resolved_on"] else today()
    found["age"] = working_days_between(found["submitted_on"], end)
    return found


def _row(conn, correction_id: str) -> dict:
    row = conn.execute(_columns().where(table.c.id == correction_id)).mappings().one_or_none()
    if row is None:
        raise NotFoundError(_("纠错记录不存在"))
    require_in_scope(row["jurisdiction_path"])
    return _aged(row)


@bp.route("/corrections/")
@roles_required(*DECIDERS)
def corrections():
    with system().engine.connect() as conn:
        rows = conn.execute(_columns().where(current_user.scope.clause(table.c.jurisdiction_path))
                            .order_by(table.c.submitted_on, table.c.id)).mappings().all()
    groups = {state: [] for state in ORDER}
    for row in rows:
        groups.setdefault(row["state"], []).append(_aged(row))
    return render_template("special/corrections.html", groups=groups, states=STATES, subjects=SUBJECTS)


@bp.route("/corrections/<correction_id>")
@roles_required(*DECIDERS)
def correction(correction_id: str):
    with system().engine.connect() as conn:
        row = _row(conn, correction_id)
        history = entries(conn, correction_id)
    shows_contact = current_user.role == "supervisor"
    if not shows_contact:  # the contact is in the Submitted event too
        for entry in history:
            entry["facts"] = [(f, v) for f, v in entry["facts"] if f != "contact"]
    return render_template("special/correction.html", c=row, entries=history, states=STATES, subjects=SUBJECTS,
                           shows_contact=shows_contact, open=row["state"] in OPEN)


def _step(correction_id: str, name: str, schema, done: str, *, dated: bool = False):
    """Scope first (403 before anything is read from the form), then the form, then the step."""
    with system().engine.connect() as conn:
        _row(conn, correction_id)
    arguments = load_form(schema)
    if dated:
        arguments["today"] = today()
    outcome = system().app.command(Correction, UUID(hex=correction_id), name, actor(), command_id(), **arguments)
    return answer(outcome.position, done, url_for(".correction", correction_id=correction_id))


@bp.route("/corrections/<correction_id>/accept", methods=["POST"])
@roles_required(*DECIDERS)
def accept(correction_id: str):
    return _step(correction_id, "accept", AcceptForm(), _("已受理该纠错"))


@bp.route("/corrections/<correction_id>/resolve", methods=["POST"])
@roles_required(*DECIDERS)
def resolve(correction_id: str):
    return _step(correction_id, "resolve", ResolveForm(), _("纠错已办结"), dated=True)


@bp.route("/corrections/<correction_id>/reject", methods=["POST"])
@roles_required(*DECIDERS)
def reject(correction_id: str):
    return _step(correction_id, "reject", RejectForm(), _("已决定不予采纳，并登记理由"), dated=True)
