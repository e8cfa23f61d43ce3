"""The helpers of the problem pages that are not routes: the problem's read row for a user
who may see it, who takes a step (a supervisor in scope, or an officer assigned to the
problem's task), a problem's evidence files (for /evidence/<sha256>), and the small
reshaping of some forms' fields into a command's arguments. Nothing here writes; the routes
(webapp/problems/routes.py) import these.
"""

from __future__ import annotations

from uuid import UUID

from flask_babel import gettext as _
from flask_login import current_user

from domain.base import Actor, NotFoundError
from domain.problems import Problem

from ..auth.users import refuse, require_in_scope
from ..services import actor, system
from ..tasks import queries as tq
from ..tasks.views import today
from . import queries as q

SUPERVISORS = ("admin", "supervisor")


# -- who may do what ------------------------------------------------------------------------------
def _row(conn, problem_id: str) -> dict:
    """The problem's read row, if it exists and the user may see it (in scope, or one of
    the officers of the task that found it)."""
    row = q.problem(conn, problem_id, today())
    if row is None:
        raise NotFoundError(_("问题不存在"))
    me = tq.officer_of(current_user, conn)
    if me is None or me not in row["task"]["officers"]:
        require_in_scope(row["jurisdiction_path"])
    return row


def _acting(problem_id: str, officers_too: bool) -> Actor:
    """Who takes this step: a supervisor or admin in scope as themselves, or (where
    `officers_too`) an officer assigned to the problem's task as that officer."""
    with system().engine.connect() as conn:
        row = _row(conn, problem_id)
        if current_user.role in SUPERVISORS:
            require_in_scope(row["jurisdiction_path"])
            return actor()
        me = tq.officer_of(current_user, conn)
        if not officers_too or me is None or me not in row["task"]["officers"]:
            require_in_scope(row["jurisdiction_path"])
            refuse(_("只有本问题所属任务指派的检查人员或支队（调度）人员才能办理此项"))
        return Actor(me, current_user.role)


def evidence_of(conn, problem_id: str) -> list[dict]:
    """The evidence files of a problem the user may see (for /evidence/<sha256>)."""
    if q.problem(conn, problem_id, today()) is None:
        return []
    _row(conn, problem_id)
    found = system().app.load(Problem, UUID(hex=problem_id))
    return [e for d in found.dispositions.values() for e in (d.facts.get("evidence") or [])]


# -- a form's fields as a command's arguments ---------------------------------------------------
def _order(arguments: dict) -> dict:
    """The deadline is a date or a number of working days (the domain says which is missing)."""
    if arguments["deadline"] is None:
        arguments.pop("deadline")
    if arguments["working_days"] is None:
        arguments.pop("working_days")
    return arguments


def _coercive(arguments: dict) -> dict:
    kind = arguments.pop("measure")
    return {**arguments, "kind": kind}


def _transfer(arguments: dict) -> dict:
    kind = arguments.pop("receiver_kind")
    return {**arguments, "kind": kind, "suspected_crime": arguments["suspected_crime"] == "yes"}


def _verdict(arguments: dict) -> dict:
    return {**arguments, "passed": arguments["passed"] == "yes"}


def _revision(arguments: dict) -> dict:
    return {**arguments, "issuing_body": arguments["issuing_body"] or None,
            "legal_basis": arguments["legal_basis"] or None}
