"""The three kinds of record that can be looked at as of a moment, and how each is found,
checked and rebuilt.

Who may look: the same checks as the record's current page (reused, not copied): a task
or problem for a user in scope or an officer assigned to it; a unit for a user in scope.

Pages read tables (DESIGN.md); time travel is the one read that needs the exact past
state, which no table keeps, so it reads the event store: `repository.get(id, version=N)`
replays one stream up to N, bounded by that stream's length (tens of events, not the log).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from uuid import UUID

from flask import url_for
from flask_babel import gettext as _, lazy_gettext

from domain.base import NotFoundError
from domain.problems import Problem
from domain.targets import Target
from domain.tasks import InspectionTask

from ..directory.routes import _record as target_row
from ..problems.views import _row as problem_row
from ..services import system
from ..tasks.views import _row as task_row
from .views import Fact, problem_facts, target_facts, task_facts


@dataclass(frozen=True)
class Kind:
    name: str  # in the URL
    title: object  # what the record is called
    stream_kind: str  # the history's name for the stream (its labels in webapp/history.py)
    aggregate: type
    row: Callable[[object, str], dict]  # the read row, if the user may see the record (else 403/404)
    facts: Callable[[object, object], list[Fact]]
    heading: Callable[[dict], str]
    page: Callable[[str], str]  # the record's current page

    def rebuild(self, record_id: str, version: int):
        """The record exactly as it stood after its `version`th event."""
        record = system().app.repository.get(UUID(hex=record_id), version=version)
        if not isinstance(record, self.aggregate):
            raise NotFoundError(_("记录不存在"))
        return record


def _unit_heading(unit: dict) -> str:
    return f"{unit['name']} · {unit['site']}" if unit.get("site") else unit["name"]


KINDS = {
    "task": Kind("task", lazy_gettext("检查任务"), "inspectiontask", InspectionTask, task_row, task_facts,
                 lambda row: _unit_heading(row["unit"]), lambda i: url_for("tasks.task", task_id=i)),
    "problem": Kind("problem", lazy_gettext("问题"), "problem", Problem, problem_row, problem_facts,
                    lambda row: row["description"], lambda i: url_for("problems.problem", problem_id=i)),
    "target": Kind("target", lazy_gettext("监管对象"), "target", Target,
                   lambda conn, i: target_row(conn, "target", i), target_facts,
                   _unit_heading, lambda i: url_for("directory.target", target_id=i)),
}


def kind_of(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise NotFoundError(_("不支持回溯此类记录：%(kind)s", kind=name)) from None
