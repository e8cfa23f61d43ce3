"""The words of the board, the lists and the tables (marked for the catalog, translated where
shown), and the links from a figure to the list of the rows it counts."""

from __future__ import annotations

from decimal import Decimal

from flask import url_for
from flask_babel import gettext as _

from domain.vocabulary import CATEGORIES, N_
from projections.reports import quarter_window
from projections.statistics import FIGURES, OFFICER_FIGURES, yuan

from ..problems.schemas import CATEGORY_LABELS, DISPOSITION_STATE_LABELS, KIND_LABELS, STATE_LABELS as PROBLEM_STATES
from ..tasks.schemas import ORIGIN_LABELS, STATE_LABELS as TASK_STATES
from ..tasks.views import today
from .schemas import COLUMNS, LATE_LABELS, MET, MISSED, OFFICER_COLUMNS, ORIGIN_KINDS, TABLE_LINES, Period

# What a list shows, by the measure it was opened with (projections/board.py MEASURES).
COUNTS = {
    "tasks": {"due": N_("完成期限在统计期间内的检查任务"), "workload": N_("检查任务（不含已取消）"),
              "drawn": N_("统计期间抽查计划抽中的检查任务"), "inspected": N_("统计期间内检查的任务"),
              "on_site": N_("统计期间内现场检查的任务"), "off_site": N_("统计期间内非现场检查的任务"),
              "targeted": N_("统计期间内的针对性检查"), "completed": N_("统计期间内办结的检查任务")},
    "problems": {"found": N_("统计期间内发现的问题"), "closed": N_("统计期间内办结的问题"),
                 "closed_on_time": N_("统计期间内按期办结的问题")},
    "dispositions": {"started": N_("统计期间内作出的处置"), "penalty": N_("统计期间内作出的行政处罚决定"),
                     "open_during": N_("统计期间内曾处于未办结状态的处置")},
}
LISTINGS = {"tasks": N_("检查任务"), "problems": N_("问题"), "dispositions": N_("处置")}
QUARTERS = {"1": N_("第一季度"), "2": N_("第二季度"), "3": N_("第三季度"), "4": N_("第四季度")}


def words() -> dict:
    return {"task_states": TASK_STATES, "problem_states": PROBLEM_STATES, "kinds": KIND_LABELS,
            "disposition_states": DISPOSITION_STATE_LABELS, "categories": CATEGORIES, "origin_kinds": ORIGIN_KINDS,
            "origins": ORIGIN_LABELS, "problem_categories": CATEGORY_LABELS, "late_labels": LATE_LABELS,
            "counts": COUNTS, "listings": LISTINGS, "lines": TABLE_LINES, "columns": COLUMNS,
            "officer_columns": OFFICER_COLUMNS, "met_word": MET, "missed_word": MISSED,
            "period_text": period_text, "deadline_text": deadline_text, "provisional": provisional, "money": money, "money_fen": lambda fen: money(yuan(fen))}


def money(amount: Decimal) -> str:
    """Yuan with two decimals and thousands separators, exactly (Decimal, never float)."""
    return format(amount, ",.2f")


def period_args(period: Period | None) -> dict:
    if period is None:
        return {}
    if period.label:
        return {"period": period.label}
    return {"from": period.start.isoformat(), "to": period.end.isoformat()}


def period_text(period: Period | None) -> str:
    if period is None:
        return _("全部时间")
    label = period.label or ""
    if "Q" in label:
        year, quarter = label.split("Q")
        return _("%(year)s年%(quarter)s", year=year, quarter=_(QUARTERS[quarter]))
    if len(label) == 4:
        return _("%(year)s年度", year=label)
    if period.start == period.end:
        return period.start.isoformat()
    return _("%(start)s至%(end)s", start=period.start.isoformat(), end=period.end.isoformat())


def provisional(period: Period | None) -> bool:
    """Whether the period has not ended yet: its figures are 暂定."""
    return period is not None and period.end >= today()


def deadline_text(period: Period | None) -> str:
    """报送期限 of the 情况统计表: the last 5 working days of the quarter (Changji 2025)."""
    window = quarter_window(period.end) if period is not None else None
    if window is None:
        return _("季度结束前5个工作日内（本统计期间不以季度末结束）")
    first, last, unsure = window
    text = _("%(first)s至%(last)s（季度结束前5个工作日内）", first=first.isoformat(), last=last.isoformat())
    return text + (_("，暂定：该年度节假日安排尚未公布") if unsure else "")


def table_args(period: Period | None, picked: dict | None) -> dict:
    return {**period_args(period), **({"jurisdiction": picked["code"]} if picked else {})}


def officer_link(period: Period | None, picked: dict | None):
    """figure, officer id → the URL of the rows that officer's figure counts."""
    base = table_args(period, picked)

    def link(figure: str, officer: str) -> str:
        listing, measure, origin = OFFICER_FIGURES[figure]
        return url_for("stats.rows", listing=listing, count=measure, officer=officer,
                       **({"origin": origin} if origin else {}), **base)
    return link


def figure_link(period: Period | None, picked: dict | None):
    """figure, category → the URL of the list of the rows that figure counts."""
    base = table_args(period, picked)

    def link(figure: str, category: str) -> str:
        narrowing = {} if category == "total" else {"category": category}
        if figure == "directory":  # the units themselves: the directory's own list
            return url_for("directory.targets", excluded="no", **narrowing,
                           **({"jurisdiction": picked["code"]} if picked else {}))
        if figure == "fines":
            figure = "penalties"
        listing, measure, kind = FIGURES[figure]
        return url_for("stats.rows", listing=listing, count=measure, **({"kind": kind} if kind else {}),
                       **narrowing, **base)
    return link
