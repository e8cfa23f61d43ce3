"""API: 公开信息（无需登录）: every /public page as JSON — the overview, the published plans and
one plan with its draw and proof, the quarterly 随机抽查情况公开表 with its filters, the
penalty decisions in their publication period, the units and a unit's public page — and the
same downloads (bundle, algorithm, verifier, table, CSV).

No login, and nothing the public pages do not print: no officer, no reviewer, no case
handler, no reporter's contact (a unit is not a person). The same readers as the pages
(projections/disclosure_views, public_unit, webapp/plans); one query per figure, never one
per row: the disclosure table is load-tested. A data-error report (数据纠错) is made on the
unit's page only (a form with CSRF and a per-address limit: people, not machines)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from domain.corrections import SUBJECTS
from domain.plan_rules import STRATA
from domain.plans import period_dates
from projections import ledger_views, public_unit
from projections.compliance import quarter_of
from projections.disclosure_views import COLUMNS, TITLE, count_public, jurisdiction_by_name, public_rows
from projections.tables import jurisdictions, targets
from workers.reports.disclosure_table import FORMATS, period_words

from ..directory.schemas import PageFilters
from ..forms import Invalid
from ..plans import queries as plan_queries
from ..plans.routes import view
from ..public.disclosure import DisclosureFilters
from ..public.penalties import PenaltyFilters, _filters, _span
from ..public.routes import _published
from ..public.units import _unit_or_404
from ..services import system
from ..tasks.views import today
from ..templating import label
from . import public_schemas as s
from .base import PageArgs, area, page_from_list, page_of, public
from .bridge import XLSX, file_doc, page_file

blp = area("public", "公开信息（无需登录）")
OPEN = {"security": []}  # no token, no session


@blp.route("/public")
@blp.doc(**OPEN)
@blp.response(200, s.PublicOverviewSchema)
@public
def overview():
    """公开信息首页：名录库现有监管对象（按类别）、覆盖辖区数、已公开的抽查计划数"""
    with system().engine.connect() as conn:
        counts = dict(conn.execute(select(targets.c.category, func.count()).group_by(targets.c.category)).all())
        places = conn.execute(select(func.count()).select_from(jurisdictions)).scalar()
        plans = len(plan_queries.published_plans(conn))
    return {"units": {c: counts.get(c, 0) for c in STRATA}, "places": places, "plans": plans}


@blp.route("/public/plans")
@blp.doc(**OPEN)
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(s.PublicPlanRowSchema))
@public
def plans(**page):
    """已公开的抽查计划（已承诺、已抽取、已作废；草稿不公开）"""
    with system().engine.connect() as conn:
        rows = plan_queries.published_plans(conn)
    return page_from_list([s.plan_row(r) for r in rows], page)


@blp.route("/public/plans/<plan_id>")
@blp.doc(**OPEN)
@blp.response(200, s.PublicPlanSchema)
@public
def plan(plan_id: str):
    """一个抽查计划的公开信息：承诺（事前公开）、抽取结果、替补记录与抽取证明"""
    with system().engine.connect() as conn:
        p = view(conn, _published(conn, plan_id))  # a draft or an unknown id: 404
        drawn = plan_queries.drawn(conn, p["id"], p["selected"], with_officers=False) if p["executed"] else {}
        replaced = plan_queries.replacements(conn, p["replacements"]) if p["executed"] else []
        checkpoint = ledger_views.latest_checkpoint(conn)
    return s.plan_answer(p, drawn, replaced, checkpoint, url_for(".plan_bundle", plan_id=p["id"]))


@blp.route("/public/plans/<plan_id>/bundle.json")
@blp.doc(**OPEN, **file_doc("application/json"))
@public
def plan_bundle(plan_id: str):
    """下载抽取证据包（可用 draw_verify.py 离线复算）"""
    return page_file("public.bundle", plan_id=plan_id)


@blp.route("/public/draw-algorithm.md")
@blp.doc(**OPEN, **file_doc("text/plain"))
@public
def algorithm():
    """抽取算法说明（原文）"""
    return page_file("public.algorithm")


@blp.route("/public/draw_verify.py")
@blp.doc(**OPEN, **file_doc("text/x-python"))
@public
def verifier():
    """下载独立验证程序 draw_verify.py（只需 Python 标准库）"""
    return page_file("public.verifier")


# -- 随机抽查情况公开表 ------------------------------------------------------------------------------
def _refused(name: str, message: str):
    raise Invalid([message], {"query": {name: [message]}})


def _quarter(asked: str | None, day: date) -> tuple[str, date, date]:
    """The quarter asked for (default: the last that has ended) and its dates; one not begun: 422."""
    quarter = (asked or quarter_of(quarter_of(day).start - timedelta(days=1)).label).upper()
    try:
        start, end = period_dates("quarter", quarter)
    except ValueError:  # 0000Q1, 9999Q4: no such dates
        _refused("quarter", _("“{input}”不是季度，应写作如 2022Q2").format(input=quarter))  # the filter's words
    if start > day:
        _refused("quarter", _("%(quarter)s 尚未开始，没有可公开的抽查结果", quarter=quarter))
    return quarter, start, end


def _place(conn, asked: str) -> dict:
    """The jurisdiction named (code or name), else the top of the directory (the page's default)."""
    if asked:
        found = jurisdiction_by_name(conn, asked)
        if found is None:
            _refused("jurisdiction", _("辖区“%(name)s”不存在，请从列表中选择（可填写辖区名称或代码）", name=asked))
        return found
    top = conn.execute(select(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.path)
                       .order_by(jurisdictions.c.path).limit(1)).mappings().first()
    if top is None:
        _refused("jurisdiction", _("尚未登记任何辖区，暂无可公开的抽查结果"))
    return dict(top)


@blp.route("/public/disclosure")
@blp.doc(**OPEN)
@blp.arguments(DisclosureFilters(only=("quarter", "jurisdiction")), location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.PublicDisclosureSchema)
@public
def disclosure(filters: dict, **page):
    """随机抽查情况公开表：一个季度、一个辖区（含下级）已公开的抽查结果，按检查时间排列"""
    day = today()
    quarter, start, end = _quarter(filters["quarter"], day)
    offset = (page["page"] - 1) * page["per_page"]
    with system().engine.connect() as conn:
        place = _place(conn, filters["jurisdiction"])
        where = (place["path"], start, end)
        total = count_public(conn, *where)
        rows = list(public_rows(conn, *where, limit=page["per_page"], offset=offset))
        checkpoint = ledger_views.latest_checkpoint(conn)
    keys = ("place", "unit", "source_type", "inspected_on", "result", "description")
    keep = {"quarter": quarter, "jurisdiction": place["code"]}
    return {"items": [{"no": n, **dict(zip(keys, r))} for n, r in enumerate(rows, offset + 1)], "total": total,
            **page, "title": TITLE, "columns": list(COLUMNS), "quarter": quarter, "period": period_words(quarter),
            "start": start, "end": end, "provisional": end >= day,
            "jurisdiction": {"code": place["code"], "name": place["name"]}, "checkpoint": checkpoint,
            "downloads": {fmt: url_for(".disclosure_download", fmt=fmt, **keep) for fmt in FORMATS}}


@blp.route("/public/disclosure.<any(xlsx, csv, json):fmt>")
@blp.doc(**OPEN, **file_doc(XLSX, "text/csv", "application/json"))
@blp.arguments(DisclosureFilters(only=("quarter", "jurisdiction")), location="query")
@public
def disclosure_download(args: dict, fmt: str):
    """下载随机抽查情况公开表（xlsx、csv 或 json，整个季度）"""
    _quarter(args["quarter"], today())  # refused here, field by field, as the table is
    return page_file("public.disclosure_download", fmt=fmt)


# -- 行政处罚决定公开 ------------------------------------------------------------------------------
def _penalty(r: dict) -> dict:
    return {**r, "fine": str(r["fine"]), "other_sanctions": list(r["other_sanctions"] or []),
            "content": public_unit.penalty_content(r["fine_fen"], list(r["other_sanctions"] or []))}


@blp.route("/public/penalties")
@blp.doc(**OPEN)
@blp.arguments(PenaltyFilters(only=("year", "jurisdiction")), location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.PublicPenaltiesSchema)
@public
def penalties(filters: dict, **page):
    """行政处罚决定公开：公示期内的处罚决定，可按决定年度、辖区筛选，最新的在前"""
    day, size = today(), page["per_page"]
    with system().engine.connect() as conn:
        _f, place, errors = _filters(conn)  # the page's own reading: the jurisdiction by name or code
        if errors:
            raise Invalid(errors, {"query": {"jurisdiction": errors}})
        rows, total = public_unit.entries(conn, today=day, path=place.get("path"), **_span(filters),
                                          limit=size, offset=(page["page"] - 1) * size)
        years = public_unit.penalty_years(conn, day)
        checkpoint = ledger_views.latest_checkpoint(conn)
    keep = {k: v for k, v in (("year", filters["year"]), ("jurisdiction", filters["jurisdiction"])) if v}
    return {"items": [_penalty(r) for r in rows], "total": total, **page, "year": filters["year"],
            "jurisdiction": {"code": place["code"], "name": place["name"]} if place else None, "years": years,
            "csv": url_for(".penalties_csv", **keep), "checkpoint": checkpoint}


@blp.route("/public/penalties.csv")
@blp.doc(**OPEN, **file_doc("text/csv"))
@blp.arguments(PenaltyFilters(only=("year", "jurisdiction")), location="query")
@public
def penalties_csv(_args: dict):
    """下载行政处罚决定（CSV，国家信用信息系统“行政处罚信息”字段）"""
    with system().engine.connect() as conn:
        errors = _filters(conn)[2]  # an unknown jurisdiction: the page answers in plain text
    if errors:
        raise Invalid(errors, {"query": {"jurisdiction": errors}})
    return page_file("public.penalties_csv")


# -- 监管对象 ------------------------------------------------------------------------------------
def _unit_row(r: dict) -> dict:
    return {**r, "category_label": label("category", r["category"])}


@blp.route("/public/units")
@blp.doc(**OPEN)
@blp.arguments(PageFilters(only=("q",)), location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(s.PublicUnitRowSchema))
@public
def units(filters: dict, **page):
    """监管对象查询：按单位名称、厂区或统一社会信用代码"""
    with system().engine.connect() as conn:
        rows, total = public_unit.find_units(conn, filters["q"], page["page"], page["per_page"])
    return {"items": [_unit_row(r) for r in rows], "total": total, **page}


@blp.route("/public/units/<target_id>")
@blp.doc(**OPEN)
@blp.response(200, s.PublicUnitSchema)
@public
def unit(target_id: str):
    """一个监管对象的公开信息：名录信息、已公开的抽查结果、公示期内的行政处罚、近十二个季度"""
    day = today()
    with system().engine.connect() as conn:
        row = _unit_or_404(conn, target_id)
        results = public_unit.disclosed(conn, target_id)
        found, _total = public_unit.entries(conn, today=day, target_id=target_id)
        grid = public_unit.public_grid(conn, target_id, day)
        checkpoint = ledger_views.latest_checkpoint(conn)
    special = row["category"] == "special"  # the page shows the listing's year and basis for these only
    return {**_unit_row(row), "category_year": row["category_year"] if special else None,
            "category_basis": row["category_basis"] if special else None,
            "special_criteria": [_(c) for c in row["special_criteria"] or []] if special else [],
            "results": [{**r, "result": r["text"]} for r in results], "penalties": [_penalty(r) for r in found],
            "grid": {"quarters": [q.label for q in grid["quarters"]], **grid["rows"],
                     "fines": [str(f) for f in grid["fines"]], "fines_total": str(grid["fines_total"])},
            "correction_subjects": [{"code": c, "title": _(t)} for c, t in SUBJECTS.items()], "checkpoint": checkpoint}
