"""A supervisor's dashboard: are the minimum draw ratios met this quarter and this year, how
problems are found and closed, how much is inspected off site, the penalties decided, and
what is overdue in each county.

The ratios are the statistics table's (statistics.py): the minimums the period's plans
committed to, or the default rules' estimate for a category no plan covers, against the
units drawn by those plans. The monthly figures are the measures of board.py summed per
month, so each bar opens /board/<list>?count=<measure>&period=<month> with exactly its
rows. Overdue is counted the way each list counts it: a problem whose next deadline has
passed (/problems?overdue=yes), a task past its due date and not finished
(/board/tasks?overdue=yes), a result not published by its due date (/disclosure/?list=overdue)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, func, select

from ..board import DEFAULT_MEASURE, MEASURES, Filters, now_clauses, select_rows
from ..disclosure_views import list_condition
from ..public_tables import disclosures
from ..scope import Scope
from ..statistics import CATEGORIES, estimated_minimums, grouped, percent, plan_minimums, yuan
from ..tables import dispositions, jurisdictions, problems, targets, tasks
from .common import Span, cover, measure_sums, months_to, quarter_of, year_of

TOP_LEVELS = ("province", "prefecture")  # the grid's cells are the places below these


def supervisor(conn: Connection, scope: Scope, today: date) -> dict:
    quarter, year, months = quarter_of(today), year_of(today), months_to(today)
    return {"today": today.isoformat(), "quarter": quarter.plain(), "year": year.plain(),
            "months": [m.label for m in months],
            "ratios": ratios(conn, scope, {"quarter": quarter, "year": year}),
            "problems_by_month": problems_by_month(conn, scope, months),
            "inspections": inspections(conn, scope, months, {"quarter": quarter, "year": year}),
            "penalties_by_month": penalties_by_month(conn, scope, months),
            "counties": overdue_by_county(conn, scope, today)}


# -- the minimum ratios ---------------------------------------------------------------------
def ratios(conn: Connection, scope: Scope, spans: dict[str, Span]) -> dict[str, list[dict]]:
    """{span name: [{category, directory, minimum, drawn, met, estimated, basis, percent}]}:
    `percent` is drawn as a share of the minimum (100 is the line), None without a minimum."""
    pools = {c: int(n) for c, n in conn.execute(
        select(targets.c.category, func.count()).where(scope.clause(targets.c.jurisdiction_path),
                                                       targets.c.exclusion_reason.is_(None))
        .group_by(targets.c.category))}
    sums = {name: (MEASURES["tasks"]["drawn"](scope, span.filters()), 1) for name, span in spans.items()}
    drawn = grouped(conn, "tasks", scope, cover(*spans.values()), tasks.c.category, ("drawn",), sums)
    found = {}
    for name, span in spans.items():
        minimums = plan_minimums(conn, scope, span.filters())
        uncovered = {c: pools.get(c, 0) for c in CATEGORIES if c not in minimums}
        estimated = estimated_minimums(conn, scope, span.start, span.end, uncovered)
        rows = []
        for c in CATEGORIES:
            required, basis = (minimums[c], "") if c in minimums else estimated[c]
            n = drawn.get(c, {}).get(name, 0)
            rows.append({"category": c, "directory": pools.get(c, 0), "minimum": required, "drawn": n,
                         "met": n >= required, "estimated": c not in minimums, "basis": basis,
                         "percent": _text(percent(n, required))})
        found[name] = rows
    return found


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


# -- by month -------------------------------------------------------------------------------
def problems_by_month(conn: Connection, scope: Scope, months: list[Span]) -> list[dict]:
    """[{month, found, closed}]: problems found in the month, and closed in it."""
    sums = {}
    for m in months:
        for measure in ("found", "closed"):
            sums[f"{measure}:{m.label}"] = (MEASURES["problems"][measure](scope, m.filters()), 1)
    found = measure_sums(conn, "problems", scope, cover(*months), ("found", "closed"), sums)
    return [{"month": m.label, "found": found[f"found:{m.label}"], "closed": found[f"closed:{m.label}"]}
            for m in months]


def inspections(conn: Connection, scope: Scope, months: list[Span], spans: dict[str, Span]) -> dict:
    """{"by_month": [{month, inspected, on_site, off_site, off_site_share}], span name: {the same}}:
    inspections by the date of their first record, on site or off site."""
    sums = {}
    periods = [*((m.label, m) for m in months), *spans.items()]
    for key, span in periods:
        for measure in ("inspected", "on_site", "off_site"):
            sums[f"{measure}:{key}"] = (MEASURES["tasks"][measure](scope, span.filters()), 1)
    found = measure_sums(conn, "tasks", scope, cover(*months, *spans.values()), ("inspected",), sums)

    def row(key: str) -> dict:
        n = {m: found[f"{m}:{key}"] for m in ("inspected", "on_site", "off_site")}
        return {**n, "off_site_share": _text(percent(n["off_site"], n["inspected"]))}

    return {"by_month": [{"month": m.label, **row(m.label)} for m in months},
            **{name: {"period": span.label, **row(name)} for name, span in spans.items()}}


def penalties_by_month(conn: Connection, scope: Scope, months: list[Span]) -> list[dict]:
    """[{month, decisions, fines}]: penalty decisions by their date, and their fines in yuan."""
    sums = {}
    for m in months:
        condition = MEASURES["dispositions"]["penalty"](scope, m.filters())
        sums[f"n:{m.label}"] = (condition, 1)
        sums[f"fen:{m.label}"] = (condition, func.coalesce(dispositions.c.fine_fen, 0))
    found = measure_sums(conn, "dispositions", scope, cover(*months), ("penalty",), sums)
    return [{"month": m.label, "decisions": found[f"n:{m.label}"], "fines": str(yuan(found[f"fen:{m.label}"]))}
            for m in months]


# -- overdue, by county ------------------------------------------------------------------------
def places(conn: Connection, scope: Scope) -> list[dict]:
    """The county-level places in scope (counties, zones, Corps divisions), the topmost only:
    a zone inside a county counts with its county."""
    rows = conn.execute(select(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.level,
                               jurisdictions.c.path)
                        .where(scope.clause(jurisdictions.c.path), jurisdictions.c.level.not_in(TOP_LEVELS))
                        .order_by(jurisdictions.c.path)).mappings().all()
    found: list[dict] = []
    for r in rows:  # ordered by path: a place's ancestors come before it
        if not any(r["path"].startswith(p["path"]) for p in found):
            found.append(dict(r))
    return found


def overdue_by_county(conn: Connection, scope: Scope, today: date) -> dict:
    """{"places": [{code, name, level, problems, tasks, disclosures}], "total": {problems, tasks,
    disclosures}}: what is overdue today in each county-level place (its whole subtree) and in
    the whole scope (which also holds units placed directly under a prefecture)."""
    counted = {
        "problems": _by_path(conn, problems.c.jurisdiction_path, scope,
                             problems.c.state == "open", problems.c.next_deadline < today),
        "tasks": _tasks_overdue(conn, scope, today),
        "disclosures": _by_path(conn, disclosures.c.jurisdiction_path, scope, list_condition("overdue", today)),
    }
    cells = places(conn, scope)
    for cell in cells:
        for name, by_path in counted.items():
            cell[name] = sum(n for path, n in by_path.items() if path.startswith(cell["path"]))
        del cell["path"]
    return {"places": cells, "total": {name: sum(by_path.values()) for name, by_path in counted.items()}}


def _by_path(conn: Connection, column, scope: Scope, *where) -> dict[str, int]:
    query = select(column, func.count()).where(scope.clause(column), *where).group_by(column)
    return {path: int(n) for path, n in conn.execute(query)}


def _tasks_overdue(conn: Connection, scope: Scope, today: date) -> dict[str, int]:
    """As the board's list counts them (/board/tasks?overdue=yes), by the task's place."""
    path = tasks.c.jurisdiction_path
    query = select_rows("tasks", scope, Filters(), DEFAULT_MEASURE["tasks"], now_clauses("tasks", today, overdue=True),
                        path, func.count()).group_by(path)
    return {p: int(n) for p, n in conn.execute(query)}
