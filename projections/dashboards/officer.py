"""An officer's day: the open tasks they were drawn or assigned to (what to do today, what
falls due later) and the deadlines of the problems their tasks found.

The tasks are those of /tasks/mine (every open task naming the officer, wherever it is);
the two counts that link to the status board's lists (overdue, due this week) are counted
as that list counts them, in the user's scope and brigade, so a count and its list agree."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, String, cast, func, select

from domain.calendar import working_days_between

from ..board import DEFAULT_MEASURE, ENDED, FINISHED, Filters, count, now_clauses
from ..scope import Scope
from ..tables import dispositions, inspectors, jurisdictions, problems, targets, tasks

LIMIT = 50  # rows per list: an officer's open work, not an archive


def officer(conn: Connection, scope: Scope, today: date, officer_id: str, brigade: str | None = None,
            limit: int = LIMIT) -> dict:
    """{"officer": {id, name, cert_no, unit} | None, "counts": {open, today, overdue, week,
    problems_open, problems_overdue}, "today": [task], "later": [task], "problems": [problem]}.
    A task: {id, unit_name, unit_site, address, place, origin, state, due, reference, off_site,
    late_days (working days past due, open tasks only), days_left}. A problem: {id, task_id,
    description, category, unit_name, next_deadline, late_days, dispositions: [{kind, state,
    deadline}]}."""
    person = conn.execute(select(inspectors.c.id, inspectors.c.name, inspectors.c.cert_no, inspectors.c.unit)
                          .where(inspectors.c.id == officer_id)).mappings().one_or_none()
    mine = cast(tasks.c.officers, String).contains(officer_id, autoescape=True)
    open_ = tasks.c.state.not_in(FINISHED)
    found = [_task(dict(r), today) for r in conn.execute(
        select(tasks.c.id, tasks.c.origin, tasks.c.state, tasks.c.due, tasks.c.reference, tasks.c.off_site,
               tasks.c.officers, targets.c.name.label("unit_name"), targets.c.site.label("unit_site"),
               targets.c.address, jurisdictions.c.name.label("place"))
        .join_from(tasks, targets, targets.c.id == tasks.c.target_id, isouter=True)
        .join_from(tasks, jurisdictions, jurisdictions.c.code == tasks.c.jurisdiction, isouter=True)
        .where(mine, open_).order_by(tasks.c.due, tasks.c.id).limit(limit)).mappings()
        if officer_id in (r["officers"] or [])]  # the text match first, then exactly
    board = Filters(officer=officer_id, brigade=brigade)
    counts = {
        "open": conn.execute(select(func.count()).where(mine, open_)).scalar() or 0,
        "overdue": count(conn, "tasks", scope, board, DEFAULT_MEASURE["tasks"], now_clauses("tasks", today, overdue=True)),
        "week": count(conn, "tasks", scope, board, DEFAULT_MEASURE["tasks"], now_clauses("tasks", today, week=True)),
    }
    # today: what is late or due today, and what waits to be accepted
    todays = [t for t in found if t["days_left"] is None or t["days_left"] == 0 or t["state"] == "dispatched"]
    listed = _problems(conn, mine, today, limit)
    counts.update(today=len(todays), problems_open=listed["open"], problems_overdue=listed["overdue"])
    return {"officer": dict(person) if person else None, "counts": counts, "today": todays,
            "later": [t for t in found if t not in todays], "problems": listed["rows"]}


def _task(row: dict, today: date) -> dict:
    due = row["due"]
    row.pop("officers")
    row.update(due=due.isoformat(), late_days=working_days_between(due, today) if due < today else None,
               days_left=(due - today).days if due >= today else None)
    return row


def _problems(conn: Connection, mine, today: date, limit: int) -> dict:
    """The open problems found on the officer's tasks, the nearest deadline first."""
    on_my_tasks = problems.c.task_id.in_(select(tasks.c.id).where(mine))
    is_open = problems.c.state == "open"
    late = is_open & (problems.c.next_deadline < today)
    totals = conn.execute(select(func.count()).where(on_my_tasks, is_open)).scalar() or 0
    overdue = conn.execute(select(func.count()).where(on_my_tasks, late)).scalar() or 0
    rows = [dict(r) for r in conn.execute(
        select(problems.c.id, problems.c.task_id, problems.c.description, problems.c.category,
               problems.c.next_deadline, targets.c.name.label("unit_name"))
        .join_from(problems, targets, targets.c.id == problems.c.target_id, isouter=True)
        .where(on_my_tasks, is_open)
        .order_by(problems.c.next_deadline.is_(None), problems.c.next_deadline, problems.c.found_on, problems.c.id)
        .limit(limit)).mappings()]
    steps: dict[str, list[dict]] = {}
    if rows:
        for d in conn.execute(select(dispositions.c.problem_id, dispositions.c.kind, dispositions.c.state,
                                     dispositions.c.deadline)
                              .where(dispositions.c.problem_id.in_([r["id"] for r in rows]),
                                     dispositions.c.state.not_in(ENDED))
                              .order_by(dispositions.c.started_on, dispositions.c.id)).mappings():
            steps.setdefault(d["problem_id"], []).append(
                {"kind": d["kind"], "state": d["state"], "deadline": d["deadline"] and d["deadline"].isoformat()})
    for r in rows:
        deadline = r["next_deadline"]
        r.update(next_deadline=deadline and deadline.isoformat(),
                 late_days=working_days_between(deadline, today) if deadline and deadline < today else None,
                 dispositions=steps.get(r["id"], []))
    return {"open": int(totals), "overdue": int(overdue), "rows": rows}
