"""API: 检查任务.

The same lists and task page as /tasks, /tasks/mine and /tasks/<id>, read with the pages'
own queries (webapp/tasks/queries.py, views.py) and the same checks: the list for
supervisors, reviewers and admins within their scope; 我的任务 for an officer; a task for
whoever may see it (in scope, or one of its officers). Every list query is batched (units
and officer names in one query each), never one query per row. A task's history is at
/api/v1/records; its evidence files download from /api/v1/evidence/<sha256>?in=<task id>.
"""

from __future__ import annotations

from datetime import date

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from domain.checklists import RESULTS

from ..auth.users import roles_required
from ..services import system
from ..tasks import queries as q
from ..tasks.schemas import JOINT_KINDS, ORIGIN_LABELS, STATE_LABELS, TASK_RESULTS, TaskFilters
from ..tasks.views import _row, today, view
from .base import PageArgs, area, page_of
from .bridge import XLSX, file_doc, page_file
from .tasks_schemas import EvidenceArgs, MyTasksSchema, TaskDetailSchema, TaskSchema

blp = area("tasks", "检查任务")
SUPERVISORS = ("admin", "supervisor")
READERS = ("admin", "supervisor", "reviewer")
EVIDENCE_TYPES = ("image/jpeg", "image/png", "application/pdf", XLSX, "text/csv", "text/plain")


def label(labels: dict, code: str | None) -> str:
    """A code's word as the pages show it (translated); an unknown code as it is."""
    return _(labels[code]) if code in labels else (code or "")


def listed(row: dict) -> dict:
    """A task row of the pages' queries (already with its unit and officer names) with labels."""
    return {**row, "origin_label": label(ORIGIN_LABELS, row["origin"]),
            "state_label": label(STATE_LABELS, row["state"])}


# -- lists ---------------------------------------------------------------------------------------
@blp.route("/tasks")
@roles_required(*READERS)  # before the filters: a role refused learns nothing of them
@blp.arguments(TaskFilters(exclude=("page",)), location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(TaskSchema))
def tasks(filters: dict, page: int, per_page: int):
    """检查任务（分页、可按状态、来源、逾期筛选；未办结的在前，期限近的在前）"""
    with system().engine.connect() as conn:
        rows, total = q.find_tasks(conn, current_user.scope, {**filters, "page": page}, per_page, today())
    return {"items": [listed(r) for r in rows], "total": total, "page": page, "per_page": per_page}


@blp.route("/tasks/mine")
@roles_required("inspector")
@blp.response(200, MyTasksSchema)
def mine():
    """我的任务：调用者（检查人员）的待办任务（期限近的在前）和最近办结的20项"""
    with system().engine.connect() as conn:
        me = q.officer_of(current_user, conn)
        open_, done = q.my_tasks(conn, me, today()) if me else ([], [])
        name = q.inspector_names(conn, [me]).get(me) if me else None
    return {"officer_id": me, "officer_name": name, "open": [listed(r) for r in open_],
            "done": [listed(r) for r in done]}


# -- one task ------------------------------------------------------------------------------------
@blp.route("/tasks/<task_id>")
@blp.response(200, TaskDetailSchema)
def task(task_id: str):
    """一项检查任务：检查对象、检查人员、联合检查、检查记录（十必查）、证据、发现的问题与回头看任务"""
    with system().engine.connect() as conn:
        row = _row(conn, task_id)  # 404 unknown, 403 neither in scope nor one of its officers
        v = view(conn, row)
        me = q.officer_of(current_user, conn)
    t, names = v["t"], v["names"]
    supervising = current_user.role in SUPERVISORS and current_user.scope.covers_path(row["jurisdiction_path"])
    assigned = me is not None and me in t.officers
    return {
        **listed({**row, "state": t.state}), "officers": list(t.officers), "accepted_by": list(t.accepted_by),
        "officer_names": [names.get(o, o) for o in t.officers], "note": t.note or "", "result": t.result or "",
        "result_label": label(TASK_RESULTS, t.result) if t.result else None,
        "crew": [{"id": o, "name": names.get(o, o), "accepted": o in t.accepted_by, "me": o == me}
                 for o in t.officers],
        "joint": [{**j, "kind_label": label(JOINT_KINDS, j["kind"])} for j in getattr(t, "joint", [])],
        "inspections": [_inspection(r, names) for r in t.records],
        "evidence_files": [_evidence(e, row["id"]) for e in t.evidence],
        "problems": [{**p, "state_label": _("已办结") if p["state"] == "closed" else _("处置中")} for p in v["problems"]],
        "followups": [{**f, "state_label": label(STATE_LABELS, f["state"])} for f in v["followups"]],
        "me": me, "assigned": assigned, "supervising": supervising,
        "actions": actions(t, assigned=assigned, supervising=supervising, me=me),
    }


def _inspection(record: dict, names: dict) -> dict:
    return {**record, "officer_name": names.get(record["officer_id"], record["officer_id"]),
            "present_names": [names.get(p, p) for p in record["present"]],
            "inspected_on": date.fromisoformat(record["inspected_on"]),
            "checklist": [{"item": item, "result": result, "result_label": label(RESULTS, result)}
                          for item, result in record["checklist"].items()]}


def _evidence(item: dict, record_id: str) -> dict:
    return {**item, "name": item.get("name") or "", "uploaded_at": item.get("uploaded_at"),
            "download": url_for("api_tasks.evidence", sha256=item["sha256"], **{"in": record_id})}


def actions(t, *, assigned: bool, supervising: bool, me: str | None) -> list[str]:
    """The steps the task page offers the caller in the task's state (its forms' conditions)."""
    state = t.state
    offered = {
        "accept": assigned and state in ("dispatched", "accepted") and me not in t.accepted_by,
        "inspection": assigned and state in ("accepted", "inspected"),
        "evidence": assigned and state in ("accepted", "inspected", "completed"),
        "problems": (assigned or supervising) and state in ("accepted", "inspected"),
        "complete": assigned and state == "inspected",
        "dispatch": supervising and state == "assigned",
        "officers": supervising and state in ("created", "assigned", "dispatched", "accepted"),
        "recusal": supervising and bool(t.plan_id) and bool(t.officers)
        and state in ("assigned", "dispatched", "accepted"),
        "joint": supervising and state in ("created", "assigned", "dispatched", "accepted", "inspected"),
        "due": supervising and state in ("created", "assigned", "dispatched", "accepted", "inspected"),
        "cancel": supervising and state not in ("completed", "closed", "cancelled"),
        "reopen": supervising and state == "closed",
    }
    return [name for name, offer in offered.items() if offer]


# -- evidence files ------------------------------------------------------------------------------
@blp.route("/evidence/<sha256>")
@blp.arguments(EvidenceArgs, location="query")
@blp.doc(**file_doc(*EVIDENCE_TYPES))
def evidence(_args: dict, sha256: str):
    """下载一个证据文件（按 SHA-256 重新校验；须能查看其所属的任务或问题）"""
    return page_file("tasks.evidence", sha256=sha256)

