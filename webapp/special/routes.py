"""特殊监管对象联审: the list the record of year Y−1 proposes for year Y (projections/special.py),
each unit with its reasons and the events that meet them, and the form that records the
joint review meeting's decision (workers.publication.decide_special_list: the decision and
each unit's new category in one transaction). Once recorded, the page shows the decision.

Admins and supervisors of the jurisdiction record; reviewers read. The jurisdiction is the
user's own unless another of its subtree is asked for (403 outside it). A wrong year, no
unit, a unit not in the jurisdiction's directory, a meeting in the future or a decision
already recorded: the page again, with the reasons in Chinese, and nothing written.

The corrections inbox (/corrections/) has its own module, on this blueprint."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from domain.base import AlreadyExistsError, DomainError
from domain.vocabulary import SPECIAL_CRITERIA
from projections import special
from projections.disclosure_views import jurisdiction_by_name
from projections.scope import Scope
from workers import publication

from ..auth.users import require_in_scope, roles_required
from ..forms import answer, flat_messages
from ..problems.queries import jurisdiction_options
from ..services import actor, command_id, system
from ..tasks.views import today
from .forms import EXTRA_ROWS, DecisionForm, ProposalQuery, chosen_units

bp = Blueprint("special", __name__)
READERS = ("admin", "supervisor", "reviewer")
DECIDERS = ("admin", "supervisor")


def default_year(day: date) -> int:
    """The year a meeting is about to decide: the coming one from October (Changji's met on
    26 December 2024 for 2025), else the current one."""
    return day.year + 1 if day.month >= 10 else day.year


def _place(conn, given: str | None) -> dict | None:
    """The jurisdiction asked for (code or name), else the user's own; 403 outside scope."""
    wanted = (given or current_user.jurisdiction or "").strip()
    if not wanted:
        return None
    row = jurisdiction_by_name(conn, wanted)
    if row is None:
        raise ValidationError({"jurisdiction": [_("辖区“%(name)s”不存在（可填写辖区名称或代码）", name=wanted)]})
    require_in_scope(row["path"])
    return row


def _page(conn, place: dict | None, year: int, *, errors=(), posted=None, status: int = 200):
    proposed = special.proposals(conn, Scope((place["path"],)), year) if place else []
    decided = special.decision(conn, place["code"], year) if place else None
    return render_template(
        "special/proposal.html", place=place, year=year, proposed=proposed, decided=decided,
        places=jurisdiction_options(conn, current_user.scope), errors=list(errors), posted=posted,
        criteria=SPECIAL_CRITERIA, extra_rows=range(1, EXTRA_ROWS + 1),
        may_decide=current_user.role in DECIDERS, today=today()), status


@bp.route("/special/")
@roles_required(*READERS)
def proposal():
    schema = ProposalQuery()
    with system().engine.connect() as conn:
        try:
            query = schema.load(request.args)
            place = _place(conn, query.get("jurisdiction"))
        except ValidationError as error:
            return _page(conn, None, default_year(today()), errors=flat_messages(error, schema), status=422)
        return _page(conn, place, query.get("year") or default_year(today()))


@bp.route("/special/decision", methods=["POST"])
@roles_required(*DECIDERS)
def decide():
    schema, form = DecisionForm(), request.form
    with system().engine.connect() as conn:
        try:
            data = schema.load(form)
            place = _place(conn, data["jurisdiction"])
            units = chosen_units(conn, form, place["path"])
        except ValidationError as error:
            try:  # show the jurisdiction's list again when the jurisdiction itself was fine
                place = _place(conn, form.get("jurisdiction"))
            except ValidationError:
                place = None
            year = data_year(form)
            return _page(conn, place, year, errors=flat_messages(error, schema), posted=form, status=422)
    try:
        outcome = publication.decide_special_list(
            system(), actor(), command_id(), jurisdiction=place["code"], year=data["year"],
            reference=data["reference"], meeting_on=data["meeting_on"],
            units=[{"target_id": u["target_id"], "criteria": u["criteria"]} for u in units], today=today())
    except DomainError as error:
        with system().engine.connect() as conn:
            return _page(conn, place, data["year"], errors=[str(error)], posted=form,
                         status=409 if isinstance(error, AlreadyExistsError) else 422)
    done = _("已登记%(year)s年度特殊监管对象联审会决定，%(n)s家单位列为特殊监管对象", year=data["year"], n=len(units))
    return answer(outcome.position, done, url_for(".proposal", year=data["year"], jurisdiction=place["code"]))


def data_year(form) -> int:
    """The year of a refused form, to show its list again (the default when unreadable)."""
    try:
        year = int(form.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else default_year(today())


from . import corrections  # noqa: E402 - its routes join this blueprint

__all__ = ("bp", "corrections")
