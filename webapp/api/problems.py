"""API: 问题台账（闭环）.

The board and the problem page of /problems, read with the pages' own queries
(webapp/problems/queries.py, views.py): the board within the caller's scope, grouped by the
dispositions still open, with the counts per place; a problem for whoever may see it (in
scope, or an officer of the task that found it), its dispositions from its own record as
the page shows them, and what keeps it from closing. Its history is at /api/v1/records.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from domain.problems import Problem

from ..problems import queries as q
from ..problems.schemas import (CATEGORY_LABELS, DISPOSITION_STATE_LABELS, KIND_LABELS, STATE_LABELS,
                                BoardFilters)
from ..problems.views import SUPERVISORS, _row
from ..services import system
from ..tasks import queries as tq
from ..tasks.schemas import ORIGIN_LABELS, STATE_LABELS as TASK_STATES
from ..tasks.views import today
from .base import PageArgs, area, page_from_list
from .problems_schemas import BoardSchema, ProblemDetailSchema
from .base import checked_query
from .tasks import label

blp = area("problems", "问题台账（闭环）")


def _day(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else value or None


def listed(row: dict) -> dict:
    """A problem row of the pages' queries with its words, its dispositions' dates as dates."""
    return {**row, "category_label": label(CATEGORY_LABELS, row["category"]),
            "state_label": label(STATE_LABELS, row["state"]),
            "dispositions": [{**d, "kind_label": label(KIND_LABELS, d["kind"]), "decision_no": d.get("decision_no", ""),
                              "state_label": label(DISPOSITION_STATE_LABELS, d["state"]),
                              "deadline": _day(d.get("deadline")), "ended_on": _day(d.get("ended_on"))}
                             for d in row["dispositions"] or []]}


def group_label(kind: str) -> str:
    if kind == q.WAITING:
        return _("待确定处置方式")
    return _("已办结") if kind == "closed" else label(KIND_LABELS, kind)


# -- the board -----------------------------------------------------------------------------------
@blp.route("/problems")
@blp.arguments(BoardFilters, location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, BoardSchema)
def board(filters: dict, **page):
    """问题台账（按尚未办结的处置方式分组，逾期最久的在前；可按状态、类别、处置方式、逾期、辖区筛选）"""
    with system().engine.connect() as conn:
        with checked_query(BoardFilters()):
            groups, _rows = q.board(conn, current_user.scope, filters, today())
        counts = q.counts_by_place(conn, current_user.scope, today())
    ordered: dict[str, dict] = {}
    for group in groups:  # each problem once, where the page first shows it
        for row in group["rows"]:
            ordered.setdefault(row["id"], row)
    found = page_from_list(list(ordered.values()), page)
    found["items"] = [listed(r) for r in found["items"]]
    return {**found, "counts": counts,
            "groups": [{"kind": g["kind"], "label": group_label(g["kind"]), "count": len(g["rows"])} for g in groups]}


# -- one problem ---------------------------------------------------------------------------------
@blp.route("/problems/<problem_id>")
@blp.response(200, ProblemDetailSchema)
def problem(problem_id: str):
    """一个问题：检查对象、所属任务、各项处置（事实、期限、证据、可办理的操作）、尚不能办结的原因、回头看任务"""
    with system().engine.connect() as conn:
        row = _row(conn, problem_id)  # 404 unknown, 403 neither in scope nor an officer of its task
        found = system().app.load(Problem, UUID(hex=problem_id))
        me = tq.officer_of(current_user, conn)
        followups = q.verification_tasks(conn, problem_id)
        people = tq.inspector_names(conn, [o for t in followups.values() for o in t["officers"]])
    now, task = today(), row["task"]
    supervising = current_user.role in SUPERVISORS and current_user.scope.covers_path(row["jurisdiction_path"])
    assigned = me is not None and me in task["officers"]
    caseworker, open_ = supervising or assigned, found.state == "open"
    return {
        **listed({**row, "state": found.state, "category": found.category}),
        "description": found.description, "legal_basis": found.legal_basis, "found_on": found.found_on,
        "special_criteria_hit": found.special_criteria_hit, "next_deadline": found.next_deadline(),
        "closed_reason": found.closed_reason, "reopen_reasons": list(found.reopen_reasons),
        "task": {**task, "origin_label": label(ORIGIN_LABELS, task["origin"]),
                 "state_label": label(TASK_STATES, task["state"])},
        "dispositions": [_disposition(d, problem_id, now, open_ and caseworker, open_ and supervising)
                         for d in found.dispositions.values()],
        "blockers": found.closure_blockers() if open_ else [],
        "verification_tasks": [{**t, "state_label": label(TASK_STATES, t["state"]),
                                "officer_names": [people.get(o, o) for o in t["officers"]]}
                               for t in followups.values()],
        "assigned": assigned, "supervising": supervising,
        "actions": [name for name, offer in (
            ("on-spot", open_ and caseworker), ("guidance", open_ and caseworker), ("order", open_ and supervising),
            ("case", open_ and supervising), ("coercive", open_ and supervising),
            ("transfer", open_ and supervising), ("close", open_ and supervising),
            ("reopen", not open_ and supervising)) if offer],
    }


def _disposition(d, problem_id: str, now: date, caseworker: bool, supervising: bool) -> dict:
    deadline = d.deadline
    late = d.kind == "order" and not d.ended and deadline is not None and deadline < now
    kind, state = d.kind, d.state
    offered = (
        ("acknowledge", kind == "guidance" and state == "issued" and caseworker),
        ("report", kind == "order" and state == "ordered" and caseworker),
        ("verification", kind == "order" and supervising and (
            state in ("reported", "verification_scheduled") or (state == "ordered" and late))),
        ("verify", kind == "order" and state == "verification_scheduled" and supervising),
        ("deadline", kind == "order" and state in ("ordered", "reported", "verification_scheduled") and supervising),
        ("penalty", kind == "case" and state == "opened" and supervising),
        ("execution", kind == "case" and state == "decided" and supervising),
        ("revision", kind == "case" and state == "decided" and supervising),
        ("lift", kind == "coercive" and state == "in_force" and supervising),
        ("receipt", kind == "transfer" and state == "transferred" and supervising),
        ("reply", kind == "transfer" and state == "received" and supervising),
    )
    return {"id": d.id, "kind": kind, "kind_label": label(KIND_LABELS, kind), "state": state,
            "state_label": label(DISPOSITION_STATE_LABELS, state), "started_on": d.started_on,
            "ended_on": d.ended_on, "deadline": deadline, "provisional": d.provisional,
            "days_overdue": (now - deadline).days if late else 0,
            "facts": plain({k: v for k, v in d.facts.items() if k != "evidence"}),
            "evidence_files": [{**e, "name": e.get("name") or "", "uploaded_at": e.get("uploaded_at"),
                                "download": url_for("api_tasks.evidence", sha256=e["sha256"], **{"in": problem_id})}
                               for e in d.facts.get("evidence") or []],
            "actions": [name for name, offer in offered if offer]}


def plain(value):
    """A record's facts as JSON: dates as ISO text, ids as 32 hex digits, sums as exact text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, Decimal):
        return str(value)
    return value
