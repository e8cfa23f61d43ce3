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

from ..board import DEFAULT_MEASURE, MEASURES, Filters, narrowing, now_clauses, plans_counted, select_rows
from ..disclosure_views import list_condition
from ..public_tables import disclosures
from ..scope import Scope
from ..statistics import CATEGORIES, estimated_minimums, percent, plan_minimums, yuan
from ..tables import dispositions, jurisdictions, problems, tasks
from .common import Span, by_month, cover, directory, months_to, quarter_of, units, year_of

TOP_LEVELS = ("province", "prefecture")  # the grid's cells are the places below these


def supervisor(conn: Connection, scope: Scope, today: date) -> dict:
    """{"today", "quarter", "year": {label, start, end}, "months": [label], "directory",
    "ratios", "problems_by_month", "inspections", "penalties_by_month", "counties"}; see the
    functions below for each part's shape."""
    quarter, year, months = quarter_of(today), year_of(today), months_to(today)
    spans = {"quarter": quarter, "year": year}
    counted = units(conn, scope)
    return {"today": today.isoformat(), "quarter": quarter.plain(), "year": year.plain(),
            "months": [m.label for m in months], "directory": directory(conn, scope, counted),
            "ratios": ratios(conn, scope, spans, counted),
            "problems_by_month": problems_by_month(conn, scope, months),
            "inspections": inspections(conn, scope, months, spans),
            "penalties_by_month": penalties_by_month(conn, scope, months),
            "counties": overdue_by_county(conn, scope, today)}


# -- the minimum ratios ---------------------------------------------------------------------
def ratios(conn: Connection, scope: Scope, spans: dict[str, Span], counted: dict | None = None) -> dict:
    """{span name: [{category, directory, minimum, drawn, met, estimated, basis, percent}]}:
    `percent` is drawn as a share of the minimum (100 is the line), None without a minimum.
    Drawn: the statistics table's measure (a drawn task of a plan of the period, not
    cancelled), counted once per plan and category for all the spans."""
    counted = units(conn, scope) if counted is None else counted
    pools = {c: v["all"] - v["excluded"] for c, v in counted.items()}
    plans_of = {name: set(conn.execute(plans_counted(scope, span.filters())).scalars())
                for name, span in spans.items()}
    whole = cover(*spans.values())
    drawn = conn.execute(
        select(tasks.c.plan_id, tasks.c.category, func.count())
        .where(*narrowing(scope, whole, tasks.c.jurisdiction_path), MEASURES["tasks"]["drawn"](scope, whole))
        .group_by(tasks.c.plan_id, tasks.c.category)).all()
    found = {}
    for name, span in spans.items():
        minimums = plan_minimums(conn, scope, span.filters())
        uncovered = {c: pools.get(c, 0) for c in CATEGORIES if c not in minimums}
        estimated = estimated_minimums(conn, scope, span.start, span.end, uncovered)
        rows = []
        for c in CATEGORIES:
            required, basis = (minimums[c], "") if c in minimums else estimated[c]
            n = sum(int(k) for plan, category, k in drawn if category == c and plan in plans_of[name])
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
    whole = cover(*months)
    found = by_month(conn, "problems", "found", scope, whole, problems.c.found_on)
    closed = by_month(conn, "problems", "closed", scope, whole, problems.c.closed_on)
    return [{"month": m.label, "found": found.get((m.label, None), (0, 0))[0],
             "closed": closed.get((m.label, None), (0, 0))[0]} for m in months]


def inspections(conn: Connection, scope: Scope, months: list[Span], spans: dict[str, Span]) -> dict:
    """{"by_month": [{month, inspected, on_site, off_site, off_site_share}], span name: {period,
    the same}}: inspections by the date of their first record, on site or off site."""
    found = by_month(conn, "tasks", "inspected", scope, cover(*months, *spans.values()), tasks.c.inspected_on,
                     split=tasks.c.on_site)

    def row(labels: list[str]) -> dict:
        n = {"inspected": 0, "on_site": 0, "off_site": 0}
        for (m, on_site), (rows, _) in found.items():
            if m in labels:
                n["inspected"] += rows
                if on_site is not None:
                    n["on_site" if on_site else "off_site"] += rows
        return {**n, "off_site_share": _text(percent(n["off_site"], n["inspected"]))}

    return {"by_month": [{"month": m.label, **row([m.label])} for m in months],
            **{name: {"period": span.label, **row(span.months())} for name, span in spans.items()}}


def penalties_by_month(conn: Connection, scope: Scope, months: list[Span]) -> list[dict]:
    """[{month, decisions, fines}]: penalty decisions by their date, and their fines in yuan."""
    found = by_month(conn, "dispositions", "penalty", scope, cover(*months), dispositions.c.decided_on,
                     total=dispositions.c.fine_fen)
    return [{"month": m.label, "decisions": found.get((m.label, None), (0, 0))[0],
             "fines": str(yuan(found.get((m.label, None), (0, 0))[1]))} for m in months]


# -- overdue, by county ------------------------------------------------------------------------
def places(conn: Connection, scope: Scope) -> list[dict]:
    """The county-level places in scope (counties, zones, Corps divisions), the topmost only
    (a zone inside a county counts with its county), each with the name of the prefecture
    (or province) it lies in, when that is in scope too: the grid groups them by it."""
    rows = conn.execute(select(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.level,
                               jurisdictions.c.path)
                        .where(scope.clause(jurisdictions.c.path)).order_by(jurisdictions.c.path)).mappings().all()
    found: list[dict] = []
    regions: list[dict] = []
    for r in rows:  # ordered by path: a place's ancestors come before it
        if r["level"] in TOP_LEVELS:
            regions.append(dict(r))
        elif not any(r["path"].startswith(p["path"]) for p in found):
            region = next((g["name"] for g in reversed(regions) if r["path"].startswith(g["path"])), None)
            found.append({**r, "region": region})
    return found


def overdue_by_county(conn: Connection, scope: Scope, today: date) -> dict:
    """{"places": [{code, name, level, region, problems, tasks, disclosures}], "total": {problems, tasks,
    disclosures}}: what is overdue today in each county-level place (its whole subtree) and in
    the whole scope (which also holds units placed directly under a prefecture)."""
    counted = {
        "problems": _by_path(conn, problems.c.jurisdiction_path, scope,
                             problems.c.state == "open", problems.c.next_deadline < today),
        "tasks": _tasks_overdue(conn, scope, today),
        "disclosures": _by_path(conn, disclosures.c.jurisdiction_path, scope, list_condition("overdue", today)),
    }
    cells = places(conn, scope)
    by_prefix = {cell["path"]: cell for cell in cells}
    for cell in cells:
        cell.update(dict.fromkeys(counted, 0))
    for name, by_path in counted.items():
        for path, n in by_path.items():
            # the cell is the one whose path begins this one: try each ancestor's prefix
            parts = path.strip("/").split("/")
            cell = next((by_prefix[p] for p in ("/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1))
                         if p in by_prefix), None)
            if cell is not None:
                cell[name] += n
    for cell in cells:
        del cell["path"]
    return {"places": cells, "total": {name: sum(by_path.values()) for name, by_path in counted.items()}}


def _place(column):
    """The place to group by, as an expression: grouped by the bare column, SQLite walks the
    path index and reads every row out of order (twice as slow as reading them in order)."""
    return column.concat("").label("path")


def _by_path(conn: Connection, column, scope: Scope, *where) -> dict[str, int]:
    path = _place(column)
    query = select(path, func.count()).where(scope.clause(column), *where).group_by(path)
    return {p: int(n) for p, n in conn.execute(query)}


def _tasks_overdue(conn: Connection, scope: Scope, today: date) -> dict[str, int]:
    """As the board's list counts them (/board/tasks?overdue=yes), by the task's place."""
    path = _place(tasks.c.jurisdiction_path)
    query = select_rows("tasks", scope, Filters(), DEFAULT_MEASURE["tasks"], now_clauses("tasks", today, overdue=True),
                        path, func.count()).group_by(path)
    return {p: int(n) for p, n in conn.execute(query)}
