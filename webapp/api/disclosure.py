"""API: 结果公开（审核、公开、不予公开）.

What /disclosure/ and /disclosure/<task id> show, read with the pages' own queries
(webapp/disclosure/queries.py, projections/disclosure_views.py) within the caller's scope:
the supervisors' lists (待审核, 待公开, 本周到期, 已逾期, 不予公开, 已公开) with the working days
each open result has left or is late, the on-time table per jurisdiction, and one task's
disclosure with the phrase the system proposes. Admins, supervisors and reviewers only.
"""

from __future__ import annotations

from uuid import UUID

from flask_login import current_user

from domain.disclosure import DISCLOSURE_DAYS, PHRASES
from projections import disclosure_views as dv
from projections.scope import Scope
from workers import publication

from ..auth.users import roles_required
from ..disclosure import queries as q
from ..disclosure.routes import _found, this_year
from ..disclosure.schemas import GROUND_LABELS, STATE_LABELS, ListFilters
from ..problems.schemas import CATEGORY_LABELS, DISPOSITION_STATE_LABELS, KIND_LABELS, STATE_LABELS as PROBLEM_STATES
from ..services import system
from ..stats.narrow import place
from ..stats.schemas import PeriodFilters, period_of
from ..tasks.schemas import ORIGIN_LABELS, STATE_LABELS as TASK_STATES, TASK_RESULTS
from ..tasks.views import today
from .base import PageArgs, area
from .disclosure_schemas import DisclosureListSchema, OnTimeSchema, TaskDisclosureSchema
from .base import checked_query
from .stats_schemas import period_dict, place_dict
from .tasks import label

blp = area("disclosure", "结果公开（审核、公开、不予公开）")
READERS = ("admin", "supervisor", "reviewer")


def _scope(conn, schema, code: str | None) -> tuple[Scope, dict | None]:
    """The jurisdiction picked (403 outside the caller's scope, 422 unknown), else the scope."""
    with checked_query(schema):
        picked = place(conn, code)
    return (Scope((picked["path"],), current_user.scope.brigade) if picked else current_user.scope), picked


def _with_words(row: dict) -> dict:
    return {**row, "state_label": label(STATE_LABELS, row["state"]),
            "withheld_ground_label": label(GROUND_LABELS, row["withheld_ground"]) if row["withheld_ground"] else ""}


@blp.route("/disclosure")
@roles_required(*READERS)
@blp.arguments(ListFilters(only=("listing", "jurisdiction")), location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, DisclosureListSchema)
def lists(data: dict, page: int, per_page: int):
    """待公开的检查结果：一个列表（list：review 待审核、reviewed 待公开、due_week 本周到期、overdue 已逾期、withheld、published），公开期限近的在前，及各列表条数"""
    now, listing = today(), data.get("listing") or "review"
    with system().engine.connect() as conn:
        scope, picked = _scope(conn, ListFilters(), data.get("jurisdiction"))
        counts = q.counts(conn, scope, now)
        rows = q.rows(conn, scope, listing, now, per_page, (page - 1) * per_page)
    return {"listing": listing, "jurisdiction": place_dict(picked), "counts": counts,
            "items": [_with_words(r) for r in rows], "total": counts[listing], "page": page, "per_page": per_page}


@blp.route("/disclosure/on-time")
@roles_required(*READERS)
@blp.arguments(PeriodFilters, location="query")
@blp.response(200, OnTimeSchema)
def on_time(data: dict):
    """按期公开情况：各辖区公开期限在期间内的应公开、已公开、按期公开、不予公开、逾期未公开和按期公开率（默认本年度）"""
    now = today()
    period = period_of(data, this_year(now))
    with system().engine.connect() as conn:
        scope, picked = _scope(conn, PeriodFilters(), data.get("jurisdiction"))
        rows = dv.on_time_by_jurisdiction(conn, scope, period.start, period.end, now)
    return {"period": period_dict(period), "jurisdiction": place_dict(picked), "rows": rows}


@blp.route("/disclosure/<task_id>")
@roles_required(*READERS)
@blp.response(200, TaskDisclosureSchema)
def task(task_id: str):
    """一项检查任务的结果公开：任务与检查对象、公开记录（审核、公开、不予公开）、发现的问题及处置、系统建议的检查结果"""
    with system().engine.connect() as conn:
        found = _found(conn, task_id)  # 404 unknown, 403 outside the caller's scope
    proposed = publication.proposed_phrase(system(), UUID(hex=task_id)) if found["d"] else None
    t = found["task"]
    return {
        "task": {**t, "origin_label": label(ORIGIN_LABELS, t["origin"]), "state_label": label(TASK_STATES, t["state"]),
                 "result_label": label(TASK_RESULTS, t["result"]) if t["result"] else None},
        "disclosure": _with_words(found["d"]) if found["d"] else None,
        "problems": [{**p, "category_label": label(CATEGORY_LABELS, p["category"]),
                      "state_label": label(PROBLEM_STATES, p["state"]),
                      "dispositions": [{**x, "kind_label": label(KIND_LABELS, x["kind"]),
                                        "state_label": label(DISPOSITION_STATE_LABELS, x["state"])}
                                       for x in p["dispositions"]]} for p in found["problems"]],
        "proposed": {"phrase": proposed, "text": PHRASES[proposed]} if proposed else None,
        "days": DISCLOSURE_DAYS,
    }
