"""Read views of inspection tasks, limited to a user's scope; plain dicts out. Also who a
logged-in user is as an officer (`officer_of`), and the officer and unit lookups the task
forms need."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import Connection, String, cast, func, select
from sqlalchemy.dialects.postgresql import JSONB

from projections.scope import Scope
from projections.tables import inspectors, jurisdictions, problems, targets, tasks

HEX_ID = re.compile(r"^[0-9a-f]{32}$")
FINISHED = ("completed", "closed", "cancelled")


# -- who a user is as an officer ------------------------------------------------------------------
def officer_of(user, conn: Connection | None = None) -> str | None:
    """The inspector (its id, hex) a logged-in user acts as on tasks, or None.

    Users and inspector records are not linked yet. The rule until they are: a user acts
    as the inspector whose 执法证号 equals the user's username, or else the one whose name
    equals the user's display name within the user's brigade (only if exactly one)."""
    if user is None or not getattr(user, "is_authenticated", True) or getattr(user, "role", None) != "inspector":
        return None
    if conn is None:
        from ..services import system

        with system().engine.connect() as c:
            return officer_of(user, c)
    found = conn.execute(select(inspectors.c.id).where(inspectors.c.cert_no == user.username)).scalar()
    if found:
        return found
    if not user.brigade:
        return None
    named = conn.execute(select(inspectors.c.id).where(inspectors.c.name == user.display_name,
                                                      inspectors.c.unit == user.brigade)).scalars().all()
    return named[0] if len(named) == 1 else None


# -- names ----------------------------------------------------------------------------------------
def inspector_names(conn: Connection, ids) -> dict[str, str]:
    ids = sorted({i for i in ids if i})
    if not ids:
        return {}
    rows = conn.execute(select(inspectors.c.id, inspectors.c.name, inspectors.c.cert_no)
                        .where(inspectors.c.id.in_(ids)))
    return {r.id: f"{r.name}（{r.cert_no}）" for r in rows}


def units(conn: Connection, ids) -> dict[str, dict]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = conn.execute(select(targets.c.id, targets.c.name, targets.c.site, targets.c.credit_code,
                               targets.c.address, targets.c.positive_list, targets.c.jurisdiction,
                               jurisdictions.c.name.label("jurisdiction_name"))
                        .join_from(targets, jurisdictions, jurisdictions.c.code == targets.c.jurisdiction,
                                   isouter=True)
                        .where(targets.c.id.in_(ids))).mappings()
    return {r["id"]: dict(r) for r in rows}


def _unit(known: dict, unit_id: str) -> dict:
    return known.get(unit_id, {"id": unit_id, "name": unit_id, "site": "", "credit_code": "", "address": "",
                               "positive_list": False, "jurisdiction": "", "jurisdiction_name": ""})


def _decorate(conn: Connection, rows: list[dict], today: date) -> list[dict]:
    """Each task with its unit and officers by name, and how overdue it is."""
    known = units(conn, [r["target_id"] for r in rows])
    people = inspector_names(conn, [o for r in rows for o in r["officers"]])
    for r in rows:
        r["unit"] = _unit(known, r["target_id"])
        r["officer_names"] = [people.get(o, o) for o in r["officers"]]
        open_ = r["state"] not in FINISHED
        r["days_overdue"] = (today - r["due"]).days if open_ and r["due"] < today else 0
    return rows


# -- lists ----------------------------------------------------------------------------------------
def officer_clause(conn: Connection, officer_id: str):
    """Tasks whose officers include this one. PostgreSQL: JSONB containment, served by the GIN
    index of migration 0015 (a LIKE on the text read all 80,017 tasks of the province year,
    31 ms). SQLite: the JSON text holds each id quoted, so a quoted LIKE is exact."""
    if conn.dialect.name == "postgresql":
        return cast(tasks.c.officers, JSONB).contains([officer_id])
    return cast(tasks.c.officers, String).contains(f'"{officer_id}"', autoescape=True)


def my_tasks(conn: Connection, officer_id: str, today: date, done_shown: int = 20) -> tuple[list[dict], list[dict]]:
    """(open tasks due first, the last `done_shown` finished ones) of one officer: only these
    rows are read and decorated (an officer may have hundreds of finished tasks in a year)."""
    mine = officer_clause(conn, officer_id)
    open_ = conn.execute(select(tasks).where(mine, tasks.c.state.not_in(FINISHED))
                         .order_by(tasks.c.due, tasks.c.id)).mappings().all()
    done = conn.execute(select(tasks).where(mine, tasks.c.state.in_(FINISHED))
                        .order_by(func.coalesce(tasks.c.updated_at, tasks.c.created_at).desc(),
                                  tasks.c.due, tasks.c.id)
                        .limit(done_shown)).mappings().all()
    shown = _decorate(conn, [dict(r) for r in [*open_, *done]], today)
    return shown[:len(open_)], shown[len(open_):]


def find_tasks(conn: Connection, scope: Scope, f: dict, size: int, today: date) -> tuple[list[dict], int]:
    """One page of the tasks in scope matching the (validated) filters, due first."""
    query = select(tasks).where(scope.clause(tasks.c.jurisdiction_path))
    if f["state"]:
        query = query.where(tasks.c.state == f["state"])
    if f["origin"]:
        query = query.where(tasks.c.origin == f["origin"])
    if f["overdue"]:
        late = (tasks.c.due < today) & tasks.c.state.not_in(FINISHED)
        query = query.where(late if f["overdue"] == "yes" else ~late)
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar()
    rows = conn.execute(query.order_by(tasks.c.state.in_(FINISHED), tasks.c.due, tasks.c.id)
                        .limit(size).offset((f["page"] - 1) * size)).mappings()
    return _decorate(conn, [dict(r) for r in rows], today), total


def task(conn: Connection, task_id: str, today: date) -> dict | None:
    if not HEX_ID.match(task_id or ""):
        return None
    row = conn.execute(select(tasks).where(tasks.c.id == task_id)).mappings().one_or_none()
    if row is None:
        return None
    return _decorate(conn, [dict(row)], today)[0]


def problems_of(conn: Connection, task_id: str) -> list[dict]:
    rows = conn.execute(select(problems).where(problems.c.task_id == task_id)
                        .order_by(problems.c.found_on, problems.c.id)).mappings()
    return [dict(r) for r in rows]


def followups_of(conn: Connection, problem_ids: list[str]) -> list[dict]:
    """The 回头看 tasks made for these problems."""
    if not problem_ids:
        return []
    rows = conn.execute(select(tasks.c.id, tasks.c.state, tasks.c.due, tasks.c.followup_of)
                        .where(tasks.c.followup_of.in_(problem_ids)).order_by(tasks.c.due)).mappings()
    return [dict(r) for r in rows]


# -- the choices of the forms ---------------------------------------------------------------------
def officer_choices(conn: Connection, scope: Scope) -> list[dict]:
    """Officers on duty in scope, by unit and name."""
    rows = conn.execute(select(inspectors.c.id, inspectors.c.name, inspectors.c.cert_no, inspectors.c.unit)
                        .where(scope.clause(inspectors.c.unit_path), inspectors.c.kind == "officer",
                               inspectors.c.active.is_(True))
                        .order_by(inspectors.c.unit, inspectors.c.name, inspectors.c.cert_no)).mappings()
    return [dict(r) for r in rows]


def check_officers(conn: Connection, scope: Scope, *ids: str, field: str = "officer_1") -> list[str]:
    known = {o["id"] for o in officer_choices(conn, scope)}
    wrong = [i for i in ids if i not in known]
    if wrong:
        raise ValidationError({field: [_("所选检查人员不存在、不在岗或不在您的管辖范围内")]})
    return list(ids)


def target_in_scope(conn: Connection, scope: Scope, credit_code: str, site: str) -> dict:
    """The unit with this credit code (and site), which must be in scope."""
    rows = conn.execute(select(targets.c.id, targets.c.name, targets.c.site, targets.c.jurisdiction,
                               targets.c.jurisdiction_path, targets.c.positive_list)
                        .where(targets.c.credit_code == credit_code)).mappings().all()
    exact = [r for r in rows if r["site"] == site]
    if not exact and not site and len(rows) > 1:
        raise ValidationError({"site": [_("该统一社会信用代码下有多个厂区，请填写厂区名称")]})
    unit = exact[0] if exact else (rows[0] if rows and not site else None)
    if unit is None:
        raise ValidationError({"credit_code": [_("未找到该统一社会信用代码对应的监管对象")]})
    if not scope.covers_path(unit["jurisdiction_path"]):
        raise ValidationError({"credit_code": [_("该监管对象不在您的管辖范围内")]})
    return dict(unit)


# -- the history, in words ---------------------------------------------------------------------
