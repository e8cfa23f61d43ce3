"""The read side of the disclosure pages: the rows of each supervisors' list (the lists of
projections/disclosure_views.py), how
many working days each open result has left or is late, and one task's disclosure with
the task, its unit and its problems' dispositions. Nothing here writes."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, select

from domain.calendar import working_days_between
from projections import disclosure_views as dv
from projections.public_tables import disclosures
from projections.scope import Scope
from projections.tables import dispositions, jurisdictions, problems, targets, tasks

from .schemas import LIST_LABELS

OPEN = ("pending", "reviewed")


def counts(conn: Connection, scope: Scope, today: date) -> dict[str, int]:
    found = dv.list_counts(conn, scope, today)
    return {n: found[n] for n in LIST_LABELS}


def rows(conn: Connection, scope: Scope, name: str, today: date, limit: int, offset: int) -> list[dict]:
    """One page of a list, soonest due first, each with its working days left or late."""
    return [timing(r, today) for r in dv.listed(conn, scope, name, today, limit, offset)]


def timing(row: dict, today: date) -> dict:
    """`left` / `late`: working days until an open result's due date, or past it (counted
    the way the rules count: 20 working days, with the State Council's holidays)."""
    row["left"] = row["late"] = None
    if row["state"] in OPEN:
        if row["due"] >= today:
            row["left"] = working_days_between(today, row["due"])
        else:
            row["late"] = working_days_between(row["due"], today)
    return row


def task_disclosure(conn: Connection, task_id: str, today: date) -> dict | None:
    """The task (with unit and place), its disclosure row (None until it is completed), and
    its problems each with its dispositions; None if there is no such task."""
    task = conn.execute(
        select(tasks.c.id, tasks.c.state, tasks.c.origin, tasks.c.reference, tasks.c.category, tasks.c.due,
               tasks.c.inspected_on, tasks.c.on_site, tasks.c.completed_on, tasks.c.closed_on, tasks.c.result,
               tasks.c.jurisdiction_path, tasks.c.target_id, targets.c.name.label("unit"), targets.c.site,
               targets.c.credit_code, jurisdictions.c.name.label("place"))
        .select_from(tasks.join(targets, targets.c.id == tasks.c.target_id)
                     .join(jurisdictions, jurisdictions.c.code == tasks.c.jurisdiction))
        .where(tasks.c.id == task_id)).mappings().one_or_none()
    if task is None:
        return None
    row = conn.execute(select(disclosures).where(disclosures.c.task_id == task_id)).mappings().one_or_none()
    found = [dict(p) for p in conn.execute(
        select(problems.c.id, problems.c.description, problems.c.category, problems.c.state, problems.c.found_on)
        .where(problems.c.task_id == task_id).order_by(problems.c.found_on, problems.c.id)).mappings()]
    steps: dict[str, list[dict]] = {}
    order = (dispositions.c.problem_id, dispositions.c.started_on, dispositions.c.id)
    for d in conn.execute(select(dispositions).where(dispositions.c.task_id == task_id).order_by(*order)).mappings():
        steps.setdefault(d["problem_id"], []).append(dict(d))
    for p in found:
        p["dispositions"] = steps.get(p["id"], [])
    return {"task": dict(task), "d": timing(dict(row), today) if row else None, "problems": found}
