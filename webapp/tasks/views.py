"""The read side of the task pages: today in Asia/Shanghai, the task's read row for a user
who may see it (and the checks of who acts on it), the task as its page shows it, and a
record's history in words (also used by the problem pages). Nothing here writes; the
routes (webapp/tasks/routes.py, crew.py) import these.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from flask_babel import gettext as _
from flask_login import current_user

from domain.base import Actor, NotFoundError
from domain.tasks import InspectionTask

from ..auth.users import refuse, require_in_scope
from ..services import system
from ..templating import SHANGHAI
from . import queries as q


def today() -> date:
    """Today in Asia/Shanghai (dates of things that happened are checked against it)."""
    return datetime.now(SHANGHAI).date()


# -- who may do what -----------------------------------------------------------------------------
def _row(conn, task_id: str) -> dict:
    """The task's read row, if it exists and the user may see it (in scope, or assigned)."""
    row = q.task(conn, task_id, today())
    if row is None:
        raise NotFoundError(_("检查任务不存在"))
    me = q.officer_of(current_user, conn)
    if me is None or me not in row["officers"]:
        require_in_scope(row["jurisdiction_path"])
    return row


def _supervised(task_id: str) -> UUID:
    with system().engine.connect() as conn:
        row = _row(conn, task_id)
        require_in_scope(row["jurisdiction_path"])
    return UUID(hex=task_id)


def officer_actor(conn, row: dict) -> tuple[str, Actor]:
    """The assigned officer the logged-in inspector is, and the actor they record as."""
    me = q.officer_of(current_user, conn)
    if me is None or me not in row["officers"]:
        require_in_scope(row["jurisdiction_path"])
        refuse(_("只有本任务指派的检查人员才能在本任务上记录"))
    return me, Actor(me, current_user.role)


def _officer(task_id: str) -> tuple[UUID, str, Actor]:
    with system().engine.connect() as conn:
        row = _row(conn, task_id)
        me, who = officer_actor(conn, row)
    return UUID(hex=task_id), me, who


# -- one task ------------------------------------------------------------------------------------
def view(conn, row: dict) -> dict:
    """The task as the page shows it: its facts from the record itself, names from the read side."""
    t = system().app.load(InspectionTask, UUID(hex=row["id"]))
    people = {o for o in t.officers}
    for record in t.records:
        people.update(record["present"])
        people.add(record["officer_id"])
    names = q.inspector_names(conn, people)
    found = q.problems_of(conn, row["id"])
    return {"row": row, "t": t, "names": names, "problems": found,
            "followups": q.followups_of(conn, [p["id"] for p in found]),
            "followup_of": row["followup_of"]}
