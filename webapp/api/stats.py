"""API: 状态看板与统计表.

The status board (/board), the lists its figures open (/board/<tasks|problems|dispositions>)
and the statistics tables (/stats, and their .xlsx), read with the pages' own measures
(projections/board.py, statistics.py, webapp/stats/lists.py) and narrowed the pages' way
(webapp/stats/narrow.py): a jurisdiction or brigade outside the caller's scope is refused
(403), one that does not exist is a mistake (422); an officer sees its own brigade's board.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from projections import board, statistics
from projections.compliance import quarter_of
from projections.reports import quarter_window
from projections.tables import brigades

from ..auth.users import roles_required
from ..problems.schemas import DISPOSITION_STATE_LABELS, KIND_LABELS, STATE_LABELS as PROBLEM_STATES
from ..services import system
from ..stats import lists
from ..stats.labels import COUNTS, LISTINGS, provisional
from ..stats.narrow import narrowed
from ..stats.schemas import BoardFilters, ListFilters, PeriodFilters, period_of
from ..tasks.schemas import ORIGIN_LABELS, STATE_LABELS as TASK_STATES
from ..tasks.views import today
from ..templating import label as vocabulary
from .base import PageArgs, area
from .bridge import XLSX, file_doc, page_file
from .base import checked_query, decimal
from .stats_schemas import (BoardSchema, ListedDispositionSchema, ListedProblemSchema, ListedTaskSchema, TablesSchema,
                            listing_page, period_dict, place_dict)
from .tasks import label

blp = area("stats", "状态看板与统计表")
READERS = ("admin", "supervisor", "reviewer")


def _narrowed(conn, schema, data: dict, default=None):
    """(period, scope, filters, jurisdiction picked) as the pages narrow them."""
    period = period_of(data, default)
    with checked_query(schema):
        scope, f, picked = narrowed(conn, data, period)
    return period, scope, f, picked


def _late(counts: dict) -> dict:
    return {"overdue": counts["overdue"], "le5": counts["le5"], "from6to20": counts["6to20"],
            "gt20": counts["gt20"], "week": counts["week"]}


# -- the status board ----------------------------------------------------------------------------
@blp.route("/board")
@roles_required(*READERS, "inspector")
@blp.arguments(BoardFilters, location="query")
@blp.response(200, BoardSchema)
def status_board(data: dict):
    """状态看板：检查任务、问题、处置各状态数量，逾期（按工作日分段）与本周到期，逾期最久的任务和处置"""
    now = today()
    with system().engine.connect() as conn:
        period, scope, f, picked = _narrowed(conn, BoardFilters(), data)
        summary = board.status(conn, scope, f, now)
    by_kind = summary["dispositions"]
    return {
        "period": period_dict(period), "jurisdiction": place_dict(picked), "brigade": f.brigade, "today": now,
        "week_end": board.week_end(now),
        "tasks": [{"state": s, "label": label(TASK_STATES, s), "count": summary["tasks"].get(s, 0)} for s in TASK_STATES],
        "tasks_total": sum(summary["tasks"].values()),
        "problems": [{"state": s, "label": label(PROBLEM_STATES, s), "count": summary["problems"].get(s, 0)}
                     for s in PROBLEM_STATES],
        "problems_total": sum(summary["problems"].values()),
        "dispositions": [{"kind": k, "label": label(KIND_LABELS, k),
                          "count": sum(n for (kind, _s), n in by_kind.items() if kind == k),
                          "states": [{"state": s, "label": label(DISPOSITION_STATE_LABELS, s), "count": by_kind[(k, s)]}
                                     for s in DISPOSITION_STATE_LABELS if by_kind.get((k, s))]}
                         for k in KIND_LABELS],
        "tasks_late": _late(summary["tasks_late"]), "dispositions_late": _late(summary["dispositions_late"]),
        "worst_tasks": summary["worst_tasks"],
        "worst_dispositions": [{**d, "kind_label": label(KIND_LABELS, d["kind"])} for d in summary["worst_dispositions"]],
    }


# -- the lists a figure opens --------------------------------------------------------------------
def _labelled(listing: str, row: dict) -> dict:
    states = {"tasks": TASK_STATES, "problems": PROBLEM_STATES, "dispositions": DISPOSITION_STATE_LABELS}[listing]
    row = {**row, "state_label": label(states, row["state"])}
    if listing == "tasks":
        row["origin_label"] = label(ORIGIN_LABELS, row["origin"])
    if listing == "dispositions":
        row["kind_label"] = label(KIND_LABELS, row["kind"])
        row["fine"] = statistics.yuan(row["fine_fen"]) if row["fine_fen"] is not None else None
    return row


def _list_view(listing: str, item, summary: str):
    """GET /board/<listing>: the rows a figure counts, with the board's filters (one view each)."""
    schema = ListFilters(exclude=("page",))
    schema.listing = listing  # the list's measures and states, checked by the schema
    extra = {"fines_total": decimal("所列处置（全部页）的罚款合计（元）")} if listing == "dispositions" else None

    def view(data: dict, page: int, per_page: int):
        now = today()
        with system().engine.connect() as conn:
            period, scope, f, _picked = _narrowed(conn, schema, data)
            measure = data.get("count") or board.DEFAULT_MEASURE[listing]
            found = lists.rows_page(conn, listing, scope, f, measure, lists.now_of(listing, data, now), now,
                                    page, per_page)
        default = period is None and measure == board.DEFAULT_MEASURE[listing]
        answer = {"items": [_labelled(listing, r) for r in found["rows"]], "total": found["total"], "page": page,
                  "per_page": per_page, "measure": measure,
                  "title": _(LISTINGS[listing]) if default else _(COUNTS[listing][measure])}
        if listing == "dispositions":
            answer["fines_total"] = statistics.yuan(found["fen"] or 0)
        return answer

    view.__name__, view.__doc__ = f"board_{listing}", summary
    view = blp.response(200, listing_page(item, extra))(view)
    view = blp.arguments(PageArgs, location="query", as_kwargs=True)(view)
    view = blp.arguments(schema, location="query")(view)
    blp.route(f"/board/{listing}", endpoint=f"board_{listing}")(roles_required(*READERS, "inspector")(view))


_list_view("tasks", ListedTaskSchema, "看板数字对应的检查任务（分页；口径 count、状态、逾期、本周到期等与看板同一筛选）")
_list_view("problems", ListedProblemSchema, "看板数字对应的问题（分页）")
_list_view("dispositions", ListedDispositionSchema, "看板数字对应的处置（分页，含罚款合计）")


# -- the statistics tables -----------------------------------------------------------------------
@blp.route("/stats")
@roles_required(*READERS)
@blp.arguments(PeriodFilters, location="query")
@blp.response(200, TablesSchema)
def tables(data: dict):
    """生态环境“双随机、一公开”情况统计表：按监管类别的各项数字和执法人员工作量（默认本季度）"""
    with system().engine.connect() as conn:
        period, scope, _f, picked = _narrowed(conn, PeriodFilters(), data, quarter_of(today()))
        rows = statistics.category_table(conn, scope, period.start, period.end)
        officers = statistics.officer_table(conn, scope, period.start, period.end)
        names = dict(conn.execute(select(brigades.c.code, brigades.c.name)).all())
    window = quarter_window(period.end)
    return {"period": period_dict(period), "jurisdiction": place_dict(picked), "provisional": provisional(period),
            "report_window": dict(zip(("first", "last", "provisional"), window)) if window else None,
            "categories": [{**r, "label": _("合计") if r["category"] == "total" else vocabulary("category", r["category"])}
                           for r in rows],
            "officers": [{**o, "unit_name": names.get(o["unit"], o["unit"])} for o in officers]}


@blp.route("/stats.xlsx")
@roles_required(*READERS)
@blp.arguments(PeriodFilters, location="query")
@blp.doc(**file_doc(XLSX))
def tables_xlsx(_data: dict):
    """情况统计表（Excel），与统计页面的“下载Excel”同一文件"""
    return page_file("stats.download")
