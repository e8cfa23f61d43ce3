"""Read views of problems (the closed loop), limited to a user's scope; plain dicts out:
the board (open problems by open disposition kind, how overdue each is) with counts per
county, and one problem with its unit and task."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import Connection, case, func, select

from domain.dispositions import DISPOSITION_KINDS
from projections.scope import Scope
from projections.tables import jurisdictions, problems, targets, tasks

HEX_ID = re.compile(r"^[0-9a-f]{32}$")
WAITING = "waiting"  # open, with no disposition open (none yet, or a failed order to answer)


def _with_unit(query):
    return (query.join_from(problems, targets, targets.c.id == problems.c.target_id, isouter=True)
            .join_from(targets, jurisdictions, jurisdictions.c.code == targets.c.jurisdiction, isouter=True))


def _columns():
    return select(problems, targets.c.name.label("unit_name"), targets.c.site.label("unit_site"),
                  targets.c.credit_code, targets.c.jurisdiction,
                  jurisdictions.c.name.label("jurisdiction_name"))


def _overdue(row: dict, today: date) -> dict:
    deadline = row["next_deadline"]
    row["days_overdue"] = (today - deadline).days if row["state"] == "open" and deadline and deadline < today else 0
    row["days_left"] = (deadline - today).days if row["state"] == "open" and deadline and deadline >= today else None
    return row


def jurisdiction_options(conn: Connection, scope: Scope) -> list[dict]:
    rows = conn.execute(select(jurisdictions.c.code, jurisdictions.c.name, jurisdictions.c.path,
                               jurisdictions.c.depth)
                        .where(scope.clause(jurisdictions.c.path)).order_by(jurisdictions.c.path))
    return [dict(r) for r in rows.mappings()]


def board(conn: Connection, scope: Scope, f: dict, today: date) -> tuple[list[dict], list[dict]]:
    """(groups, rows): the problems matching the filters, each group a disposition kind
    (problems with that kind open), then those waiting for a disposition, then the closed.
    Within a group: most overdue first, then the nearest deadline."""
    query = _with_unit(_columns()).where(scope.clause(problems.c.jurisdiction_path))
    state = f.get("state") or "open"
    if state != "all":
        query = query.where(problems.c.state == state)
    if f.get("category"):
        query = query.where(problems.c.category == f["category"])
    if f.get("jurisdiction"):
        place = next((j for j in jurisdiction_options(conn, scope) if j["code"] == f["jurisdiction"]), None)
        if place is None:
            raise ValidationError({"jurisdiction": [_("辖区“%(code)s”不存在或不在您的管辖范围内",
                                                      code=f["jurisdiction"])]})
        query = query.where(problems.c.jurisdiction_path.startswith(place["path"], autoescape=True))
    if f.get("overdue") == "yes":
        query = query.where(problems.c.state == "open", problems.c.next_deadline < today)
    elif f.get("overdue") == "no":
        query = query.where((problems.c.next_deadline.is_(None)) | (problems.c.next_deadline >= today)
                            | (problems.c.state != "open"))
    rows = [_overdue(dict(r), today) for r in conn.execute(query.order_by(problems.c.found_on, problems.c.id))
            .mappings()]
    if f.get("kind"):
        rows = [r for r in rows if f["kind"] in (r["open_kinds"] or [])]
    ordered = sorted(rows, key=lambda r: (-r["days_overdue"], r["next_deadline"] or date.max, r["found_on"]))
    groups = []
    for kind in DISPOSITION_KINDS:
        if f.get("kind") and kind != f["kind"]:
            continue
        members = [r for r in ordered if kind in (r["open_kinds"] or [])]
        if members:
            groups.append({"kind": kind, "rows": members})
    waiting = [r for r in ordered if r["state"] == "open" and not r["open_kinds"]]
    if waiting and not f.get("kind"):
        groups.append({"kind": WAITING, "rows": waiting})
    closed = [r for r in ordered if r["state"] == "closed"]
    if closed and not f.get("kind"):
        groups.append({"kind": "closed", "rows": closed})
    return groups, rows


def counts_by_place(conn: Connection, scope: Scope, today: date) -> list[dict]:
    """Per jurisdiction of the units (county, district, park): open, overdue and closed."""
    is_open = problems.c.state == "open"
    late = is_open & (problems.c.next_deadline < today)
    query = (select(targets.c.jurisdiction.label("code"), jurisdictions.c.name,
                    func.sum(case((is_open, 1), else_=0)).label("open"),
                    func.sum(case((late, 1), else_=0)).label("overdue"),
                    func.sum(case((problems.c.state == "closed", 1), else_=0)).label("closed"))
             .join_from(problems, targets, targets.c.id == problems.c.target_id)
             .join_from(targets, jurisdictions, jurisdictions.c.code == targets.c.jurisdiction, isouter=True)
             .where(scope.clause(problems.c.jurisdiction_path))
             .group_by(targets.c.jurisdiction, jurisdictions.c.name, jurisdictions.c.path)
             .order_by(jurisdictions.c.path))
    return [dict(r) for r in conn.execute(query).mappings()]


def problem(conn: Connection, problem_id: str, today: date) -> dict | None:
    if not HEX_ID.match(problem_id or ""):
        return None
    row = conn.execute(_with_unit(_columns()).where(problems.c.id == problem_id)).mappings().one_or_none()
    if row is None:
        return None
    result = _overdue(dict(row), today)
    task = conn.execute(select(tasks.c.officers, tasks.c.state, tasks.c.origin, tasks.c.reference)
                        .where(tasks.c.id == result["task_id"])).mappings().one_or_none()
    result["task"] = dict(task) if task is not None else {"officers": [], "state": "", "origin": "",
                                                          "reference": ""}
    return result


def verification_tasks(conn: Connection, problem_id: str) -> dict[str, dict]:
    rows = conn.execute(select(tasks.c.id, tasks.c.state, tasks.c.due, tasks.c.officers)
                        .where(tasks.c.followup_of == problem_id)).mappings()
    return {r["id"]: dict(r) for r in rows}
