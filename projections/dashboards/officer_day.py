"""An officer's day: the open tasks they were drawn or assigned to (what to do today, what
falls due later) and the deadlines of the problems their tasks found.

The tasks are those of /tasks/mine (every task naming the officer, wherever it is); the two
counts that link to the status board's lists (overdue, due this week) are counted with that
list's own conditions, in the user's scope and brigade, so a count and its list agree. The
officer's tasks are found in one pass over the tasks table (the JSON list matched as text);
everything else is read by their ids."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, String, and_, case, cast, select

from domain.calendar import working_days_between

from ..board import DEFAULT_MEASURE, ENDED, FINISHED, MEASURES, Filters, narrowing, now_clauses
from ..scope import Scope
from ..tables import dispositions, inspectors, jurisdictions, problems, targets, tasks

LIMIT = 50  # rows per list: an officer's open work, not an archive


def officer(conn: Connection, scope: Scope, today: date, officer_id: str, brigade: str | None = None,
            limit: int = LIMIT) -> dict:
    """{"officer": {id, name, cert_no, unit} | None, "counts": {open, today, overdue, week,
    problems_open, problems_overdue}, "today": [task], "later": [task], "problems": [problem]}.
    A task: {id, unit_name, unit_site, address, place, origin, state, due, reference, off_site,
    late_days (working days past due), days_left}. A problem: {id, task_id, description,
    category, unit_name, next_deadline, late_days, dispositions: [{kind, state, deadline}]}."""
    person = conn.execute(select(inspectors.c.id, inspectors.c.name, inspectors.c.cert_no, inspectors.c.unit)
                          .where(inspectors.c.id == officer_id)).mappings().one_or_none()
    f = Filters(officer=officer_id, brigade=brigade)
    board = and_(*narrowing(scope, f, tasks.c.jurisdiction_path), MEASURES["tasks"][DEFAULT_MEASURE["tasks"]](scope, f))
    flags = {name: case((and_(board, *now_clauses("tasks", today, **{name: True})), True), else_=False).label(name)
             for name in ("overdue", "week")}
    mine = [r for r in conn.execute(
        select(tasks.c.id, tasks.c.state, tasks.c.officers, *flags.values())
        .where(cast(tasks.c.officers, String).contains(officer_id, autoescape=True))).mappings()
        if officer_id in (r["officers"] or [])]  # the text match first, then exactly
    open_ids = [r["id"] for r in mine if r["state"] not in FINISHED]
    found = [_task(dict(r), today) for r in conn.execute(
        select(tasks.c.id, tasks.c.origin, tasks.c.state, tasks.c.due, tasks.c.reference, tasks.c.off_site,
               targets.c.name.label("unit_name"), targets.c.site.label("unit_site"), targets.c.address,
               jurisdictions.c.name.label("place"))
        .join_from(tasks, targets, targets.c.id == tasks.c.target_id, isouter=True)
        .join_from(tasks, jurisdictions, jurisdictions.c.code == tasks.c.jurisdiction, isouter=True)
        .where(tasks.c.id.in_(open_ids)).order_by(tasks.c.due, tasks.c.id).limit(limit)).mappings()] if open_ids else []
    # today: what is late or due today, and what waits to be accepted
    todays = [t for t in found if t["days_left"] in (None, 0) or t["state"] == "dispatched"]
    listed = _problems(conn, [r["id"] for r in mine], today, limit)
    counts = {"open": len(open_ids), "today": len(todays), "overdue": sum(bool(r["overdue"]) for r in mine),
              "week": sum(bool(r["week"]) for r in mine), "problems_open": listed["open"],
              "problems_overdue": listed["overdue"]}
    return {"officer": dict(person) if person else None, "counts": counts, "today": todays,
            "later": [t for t in found if t not in todays], "problems": listed["rows"]}


def _task(row: dict, today: date) -> dict:
    due = row["due"]
    row.update(due=due.isoformat(), late_days=working_days_between(due, today) if due < today else None,
               days_left=(due - today).days if due >= today else None)
    return row


def _problems(conn: Connection, task_ids: list[str], today: date, limit: int) -> dict:
    """The open problems found on the officer's tasks, the nearest deadline first; overdue as
    the problem board counts it (/problems?overdue=yes: an open order past its deadline)."""
    if not task_ids:
        return {"open": 0, "overdue": 0, "rows": []}
    rows = [dict(r) for r in conn.execute(
        select(problems.c.id, problems.c.task_id, problems.c.description, problems.c.category,
               problems.c.next_deadline, targets.c.name.label("unit_name"))
        .join_from(problems, targets, targets.c.id == problems.c.target_id, isouter=True)
        .where(problems.c.task_id.in_(task_ids), problems.c.state == "open")
        .order_by(problems.c.next_deadline.is_(None), problems.c.next_deadline, problems.c.found_on,
                  problems.c.id)).mappings()]
    overdue = sum(1 for r in rows if r["next_deadline"] is not None and r["next_deadline"] < today)
    total, rows = len(rows), rows[:limit]
    steps: dict[str, list[dict]] = {}
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
    return {"open": total, "overdue": overdue, "rows": rows}
