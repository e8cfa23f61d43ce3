"""API: 特殊监管联审与纠错.

The special-list page (/special/: the units the record of year Y−1 proposes for year Y, each
with the criteria it meets and the events that meet them, and the joint review meeting's
recorded decision) and the corrections inbox (/corrections/), read with the pages' own
queries (projections/special.py, webapp/special/corrections.py) and checks: the special list
for admins, supervisors and reviewers of the jurisdiction's subtree; corrections for admins
and supervisors in scope. A reporter's contact shows to supervisors only, as on the page.
"""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import case, func, select

from domain.corrections import STATES, SUBJECTS
from domain.vocabulary import SPECIAL_CRITERIA
from projections import special
from projections.public_tables import corrections as table
from projections.scope import Scope

from ..auth.users import roles_required
from ..services import system
from ..special.corrections import OPEN, ORDER, _aged, _columns, _row
from ..special.forms import ProposalQuery
from ..special.routes import DECIDERS, READERS, _place, default_year
from ..tasks.views import today
from ..templating import label as vocabulary
from .base import PageArgs, area
from .special_schemas import (CorrectionDetailSchema, CorrectionFilters, CorrectionPageSchema,
                              SpecialReviewSchema)
from .base import checked_query
from .stats_schemas import place_dict
from .tasks import label

blp = area("special", "特殊监管联审与纠错")


# -- 特殊监管对象联审 ----------------------------------------------------------------------------------
@blp.route("/special")
@roles_required(*READERS)
@blp.arguments(ProposalQuery, location="query")
@blp.response(200, SpecialReviewSchema)
def proposal(query: dict):
    """特殊监管对象联审：依据上一年度记录的建议名单（每家单位的纳入条件及依据事件）和已登记的联审会决定（默认本人辖区）"""
    year = query.get("year") or default_year(today())
    with system().engine.connect() as conn:
        with checked_query(ProposalQuery()):
            place = _place(conn, query.get("jurisdiction"))  # 403 outside the caller's scope
        proposed = special.proposals(conn, Scope((place["path"],)), year) if place else []
        decided = special.decision(conn, place["code"], year) if place else None
    if decided:
        decided["units"] = [{**u, "category_label": vocabulary("category", u.get("category"))}
                            for u in decided["units"]]
    return {"jurisdiction": place_dict(place), "year": year, "criteria": list(SPECIAL_CRITERIA),
            "proposed": [_proposal(p) for p in proposed],
            "decided": decided, "may_decide": current_user.role in DECIDERS}


def _proposal(p: special.Proposal) -> dict:
    """A proposed unit with each criterion it meets and the events (and their record pages) that meet it."""
    events = {c: [{"kind": e.kind, "id": e.id, "on": e.on, "number": e.number, "amount": e.amount,
                   "record": e.record} for e in found] for c, found in p.reasons.items()}
    return {**vars(p), "reasons": events, "criteria": p.criteria, "category_label": vocabulary("category", p.category)}


# -- 数据纠错 -----------------------------------------------------------------------------------------
def _words(row: dict) -> dict:
    return {**row, "subject_label": label(SUBJECTS, row["subject"]), "state_label": label(STATES, row["state"])}


@blp.route("/corrections")
@roles_required(*DECIDERS)
@blp.arguments(CorrectionFilters, location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, CorrectionPageSchema)
def corrections(filters: dict, page: int, per_page: int):
    """数据纠错：公众对公开信息提出的纠错，按办理状态（待受理、已受理、已办结、不予采纳），先提交的在前；含各状态件数"""
    in_scope = current_user.scope.clause(table.c.jurisdiction_path)
    query = _columns().where(in_scope)
    if filters.get("state"):
        query = query.where(table.c.state == filters["state"])
    in_order = case({state: n for n, state in enumerate(ORDER)}, value=table.c.state, else_=len(ORDER))
    with system().engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
        rows = conn.execute(query.order_by(in_order, table.c.submitted_on, table.c.id)
                            .limit(per_page).offset((page - 1) * per_page)).mappings().all()
        counted = dict(conn.execute(select(table.c.state, func.count()).where(in_scope).group_by(table.c.state)).all())
    return {"items": [_words(_aged(r)) for r in rows], "total": total, "page": page, "per_page": per_page,
            "states": [{"state": s, "label": label(STATES, s), "count": counted.get(s, 0)} for s in ORDER]}


@blp.route("/corrections/<correction_id>")
@roles_required(*DECIDERS)
@blp.response(200, CorrectionDetailSchema)
def correction(correction_id: str):
    """一件数据纠错：监管对象、纠错内容、用时、联系方式（仅支队调度人员可见）、处理结果和可办理的操作"""
    with system().engine.connect() as conn:
        row = _row(conn, correction_id)  # 404 unknown, 403 outside the caller's scope
    state = row["state"]
    offered = (("accept", state == "submitted"), ("resolve", state == "accepted"), ("reject", state in OPEN))
    return {**_words(row), "contact": row["contact"] if current_user.role == "supervisor" else None,
            "actions": [name for name, offer in offered if offer]}
