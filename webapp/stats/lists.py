"""The rows a figure counts, a page at a time: the figure's measure (projections/board.py)
with the same filters, each row with its unit's name and, when overdue, how many working
days late. Plain dicts out."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection

from domain.calendar import working_days_between
from projections.board import ENDED, FINISHED, KINDS, Filters, count, fen_total, now_clauses, select_rows
from projections.scope import Scope
from projections.tables import dispositions, jurisdictions, problems, targets, tasks

from ..tasks.queries import inspector_names

ORDER = {"tasks": (tasks.c.due, tasks.c.id), "problems": (problems.c.found_on, problems.c.id),
         "dispositions": (dispositions.c.started_on, dispositions.c.id)}


def now_of(listing: str, data: dict, today: date) -> list:
    return now_clauses(listing, today, state=data.get("state"), disposition=data.get("kind"),
                       overdue=data.get("overdue") == "yes", late=data.get("late"), week=data.get("week") == "yes")


def rows_page(conn: Connection, listing: str, scope: Scope, f: Filters, measure: str, extra: list, today: date,
              page: int, size: int) -> dict:
    """{"rows", "total", "fen" (the decided fines of all the rows, dispositions only)}."""
    table = KINDS[listing].table
    columns = [table, targets.c.name.label("unit_name"), targets.c.site.label("unit_site"),
               jurisdictions.c.name.label("jurisdiction_name")]
    if listing == "dispositions":
        columns.append(problems.c.description.label("problem"))
    query = (select_rows(listing, scope, f, measure, extra, *columns)
             .join(targets, targets.c.id == table.c.target_id, isouter=True)
             .join(jurisdictions, jurisdictions.c.code == targets.c.jurisdiction, isouter=True))
    if listing == "dispositions":
        query = query.join(problems, problems.c.id == dispositions.c.problem_id, isouter=True)
    found = [dict(r) for r in conn.execute(query.order_by(*ORDER[listing]).limit(size)
                                           .offset((page - 1) * size)).mappings()]
    if listing == "tasks":
        names = inspector_names(conn, [o for r in found for o in r["officers"]])
        for r in found:
            r["officer_names"] = [names.get(o, o) for o in r["officers"]]
    for r in found:
        r["late_days"] = _late(listing, r, today)
    return {"rows": found, "total": count(conn, listing, scope, f, measure, extra),
            "fen": fen_total(conn, scope, f, measure, extra) if listing == "dispositions" else None}


def _late(listing: str, row: dict, today: date) -> int | None:
    """Working days past the due date or deadline, for what is still open; else None."""
    if listing == "tasks":
        deadline, open_ = row["due"], row["state"] not in FINISHED
    elif listing == "dispositions":
        deadline, open_ = row["deadline"], row["state"] not in ENDED
    else:
        deadline, open_ = row["next_deadline"], row["state"] == "open"
    if not open_ or deadline is None or deadline >= today:
        return None
    return working_days_between(deadline, today)
