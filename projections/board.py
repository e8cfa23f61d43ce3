"""状态看板: what each figure counts, and how things stand today.

A figure is a *measure*: the SQL condition that picks the rows it counts. The status board,
the statistics tables (statistics.py), a unit's compliance grid (compliance.py) and the
lists a figure links to all use the same measures, so a figure and its list cannot
disagree. Filters narrow every table alike: the unit's category and industry, the task's
origin, brigade and officers come from the task (problems and dispositions are joined to
the task that found them); the scope limits each table by its own jurisdiction path.
Dates are Asia/Shanghai days; how late something is, is counted in working days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from sqlalchemy import Connection, ColumnElement, FromClause, String, and_, case, cast, func, literal, select

from domain.calendar import is_working_day, working_days_between

from .scope import Scope
from .tables import dispositions, plans, problems, targets, tasks

RANDOM_ORIGINS = ("random", "random_record")  # drawn (random_record: a draw entered afterwards)
FINISHED = ("completed", "closed", "cancelled")  # a task no longer due
ENDED = ("ended", "failed")  # a disposition no longer open
LIVE_PLANS = ("committed", "executed")
# How late, in working days: (more than, at most); the first band includes a deadline that
# passed on a weekend (0 working days late, but past due).
LATE_BANDS = {"le5": (None, 5), "6to20": (5, 20), "gt20": (20, None)}


@dataclass(frozen=True)
class Filters:
    start: date | None = None  # the period; None: from the beginning / until now
    end: date | None = None
    brigade: str | None = None
    category: str | None = None  # key / special / general (the unit's, as the task records it)
    origin: str | None = None  # "random" (drawn) or "targeted"
    industry: str | None = None
    officer: str | None = None  # an inspector id: the tasks they were drawn or assigned to
    target: str | None = None  # one unit


def within(column, f: Filters) -> ColumnElement[bool]:
    parts = [column.is_not(None)]
    if f.start is not None:
        parts.append(column >= f.start)
    if f.end is not None:
        parts.append(column <= f.end)
    return and_(*parts)


def narrowing(scope: Scope, f: Filters, path_column) -> list[ColumnElement[bool]]:
    """The filters as conditions on `tasks` (joined), the scope on `path_column`."""
    found = [scope.clause(path_column)]
    if f.brigade:
        found.append(tasks.c.brigade == f.brigade)
    if f.category:
        found.append(tasks.c.category == f.category)
    if f.origin == "random":
        found.append(tasks.c.origin.in_(RANDOM_ORIGINS))
    elif f.origin == "targeted":
        found.append(tasks.c.origin.not_in(RANDOM_ORIGINS))
    if f.industry:
        found.append(tasks.c.industry == f.industry)
    if f.officer:  # ids are 32 hex digits, quoted in the JSON text: a substring match is exact
        found.append(cast(tasks.c.officers, String).contains(f.officer, autoescape=True))
    if f.target:
        found.append(tasks.c.target_id == f.target)
    return found


# -- the three tables a figure counts rows of -----------------------------------------------
@dataclass(frozen=True)
class Kind:
    table: object
    source: FromClause  # the table joined to its task
    path: object


KINDS = {
    "tasks": Kind(tasks, tasks, tasks.c.jurisdiction_path),
    "problems": Kind(problems, problems.join(tasks, tasks.c.id == problems.c.task_id),
                     problems.c.jurisdiction_path),
    "dispositions": Kind(dispositions, dispositions.join(tasks, tasks.c.id == dispositions.c.task_id),
                         dispositions.c.jurisdiction_path),
}


def plans_counted(scope: Scope, f: Filters):
    """The committed or executed plans in scope whose whole period lies in the period."""
    query = select(plans.c.id).where(plans.c.state.in_(LIVE_PLANS), scope.clause(plans.c.jurisdiction_path))
    if f.start is not None:
        query = query.where(plans.c.period_start >= f.start)
    if f.end is not None:
        query = query.where(plans.c.period_end <= f.end)
    return query


def _inspected(f: Filters):
    return within(tasks.c.inspected_on, f)


Measure = Callable[[Scope, Filters], ColumnElement[bool]]
MEASURES: dict[str, dict[str, Measure]] = {
    "tasks": {
        "due": lambda s, f: within(tasks.c.due, f),  # the board: tasks whose 完成期限 is in the period
        "workload": lambda s, f: and_(within(tasks.c.due, f), tasks.c.state != "cancelled"),
        # a drawn unit of a plan of the period (a unit replaced after the draw has its task cancelled)
        "drawn": lambda s, f: and_(tasks.c.origin == "random", tasks.c.state != "cancelled",
                                   tasks.c.plan_id.in_(plans_counted(s, f))),
        "inspected": lambda s, f: _inspected(f),
        "on_site": lambda s, f: and_(_inspected(f), tasks.c.on_site.is_(True)),
        "off_site": lambda s, f: and_(_inspected(f), tasks.c.on_site.is_(False)),
        "targeted": lambda s, f: and_(_inspected(f), tasks.c.origin.not_in(RANDOM_ORIGINS)),
        "completed": lambda s, f: within(tasks.c.completed_on, f),
    },
    "problems": {
        "found": lambda s, f: within(problems.c.found_on, f),
        "closed": lambda s, f: and_(problems.c.state == "closed", within(problems.c.closed_on, f)),
        "closed_on_time": lambda s, f: and_(problems.c.state == "closed", within(problems.c.closed_on, f),
                                            problems.c.closed_on_time.is_(True)),
    },
    "dispositions": {
        "started": lambda s, f: within(dispositions.c.started_on, f),
        "penalty": lambda s, f: and_(dispositions.c.kind == "case", within(dispositions.c.decided_on, f)),
        # open at any time in the period: begun by its end, not ended before its start
        "open_during": lambda s, f: and_(
            dispositions.c.started_on <= (f.end or date.max),
            (dispositions.c.ended_on.is_(None)) | (dispositions.c.ended_on >= (f.start or date.min))),
    },
}
DEFAULT_MEASURE = {"tasks": "due", "problems": "found", "dispositions": "started"}


# -- how things stand today ---------------------------------------------------------------
def late_since(today: date, days: int) -> date:
    """The last day something could have been due and be at least `days` working days late."""
    day, counted = today, 0
    while counted < days:
        counted += is_working_day(day)[0]
        day -= timedelta(days=1)
    return day


def week_end(today: date) -> date:
    return today + timedelta(days=6 - today.weekday())


def _deadline(kind: str):
    return tasks.c.due if kind == "tasks" else dispositions.c.deadline


def _open(kind: str) -> ColumnElement[bool]:
    return tasks.c.state.not_in(FINISHED) if kind == "tasks" else dispositions.c.state.not_in(ENDED)


def now_clauses(kind: str, today: date, *, state: str | None = None, disposition: str | None = None,
                overdue: bool = False, late: str | None = None, week: bool = False) -> list:
    """Conditions on how rows stand today: a state, a disposition kind, overdue (by how much),
    due this week (from today to Sunday)."""
    table = KINDS[kind].table
    found: list = []
    if state:
        found.append(table.c.state == state)
    if disposition and kind == "dispositions":
        found.append(dispositions.c.kind == disposition)
    if kind == "problems":
        return found
    deadline = _deadline(kind)
    if overdue or late:
        found += [_open(kind), deadline < today]
    if late:
        above, upto = LATE_BANDS[late]
        if above is not None:
            found.append(deadline <= late_since(today, above + 1))
        if upto is not None:
            found.append(deadline > late_since(today, upto + 1))
    if week:
        found += [_open(kind), deadline >= today, deadline <= week_end(today)]
    return found


def select_rows(kind: str, scope: Scope, f: Filters, measure: str, extra: list, *columns):
    k = KINDS[kind]
    return (select(*columns).select_from(k.source)
            .where(*narrowing(scope, f, k.path), MEASURES[kind][measure](scope, f), *extra))


def count(conn: Connection, kind: str, scope: Scope, f: Filters, measure: str, extra: list = ()) -> int:
    return conn.execute(select_rows(kind, scope, f, measure, list(extra), func.count())).scalar() or 0


def status(conn: Connection, scope: Scope, f: Filters, today: date) -> dict:
    """The board: tasks by state, problems by state, dispositions by kind and state, what is
    overdue (by band of working days) and what falls due this week, and the most overdue."""
    def grouped(kind: str, *keys):
        query = select_rows(kind, scope, f, DEFAULT_MEASURE[kind], [], *keys, func.count()).group_by(*keys)
        return {tuple(r[:-1]) if len(keys) > 1 else r[0]: r[-1] for r in conn.execute(query)}

    def lateness(kind: str) -> dict:
        bands = {"overdue": now_clauses(kind, today, overdue=True), "week": now_clauses(kind, today, week=True),
                 **{band: now_clauses(kind, today, late=band) for band in LATE_BANDS}}
        sums = [func.sum(case((and_(*c), 1), else_=0)).label(name) for name, c in bands.items()]
        row = conn.execute(select_rows(kind, scope, f, DEFAULT_MEASURE[kind], [], *sums)).mappings().one()
        return {name: row[name] or 0 for name in bands}

    return {"tasks": grouped("tasks", tasks.c.state), "problems": grouped("problems", problems.c.state),
            "dispositions": grouped("dispositions", dispositions.c.kind, dispositions.c.state),
            "tasks_late": lateness("tasks"), "dispositions_late": lateness("dispositions"),
            "worst_tasks": most_overdue(conn, "tasks", scope, f, today),
            "worst_dispositions": most_overdue(conn, "dispositions", scope, f, today)}


def most_overdue(conn: Connection, kind: str, scope: Scope, f: Filters, today: date, n: int = 10) -> list[dict]:
    table, deadline = KINDS[kind].table, _deadline(kind)
    query = (select_rows(kind, scope, f, DEFAULT_MEASURE[kind], now_clauses(kind, today, overdue=True),
                         table, targets.c.name.label("unit_name"))
             .join(targets, targets.c.id == table.c.target_id, isouter=True)
             .order_by(deadline, table.c.id).limit(n))
    rows = [dict(r) for r in conn.execute(query).mappings()]
    for r in rows:
        r["late_days"] = working_days_between(r["due" if kind == "tasks" else "deadline"], today)
    return rows


def fen_total(conn: Connection, scope: Scope, f: Filters, measure: str, extra: list = ()) -> int:
    """The sum of the decided fines of the dispositions a figure counts, in fen."""
    query = select_rows("dispositions", scope, f, measure, list(extra),
                        func.coalesce(func.sum(dispositions.c.fine_fen), literal(0)))
    return int(conn.execute(query).scalar() or 0)

