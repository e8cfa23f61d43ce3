"""执法全过程记录: which events make up the record of a task, a problem, a unit, an officer
or a draw, interleaved in log order, with the document numbers and evidence hashes each
event carries and the records (streams) they belong to by name. Read tables only; plain
dicts out. Who may see a record is the web layer's business (`scope_path` helps it)."""

from __future__ import annotations

from sqlalchemy import Connection, Text, and_, cast, or_, select

from .history_view import PERSON, history_of
from .tables import history, inspectors, plans, problems, targets, tasks, users

KINDS = ("task", "problem", "unit", "officer", "draw")
# Where a person acted on paper, the event carries the document's number under one of
# these names (a task's 来源编号 too: a 12369 number, an assigning document, an order).
DOCUMENT_FIELDS = ("order_no", "case_no", "decision_no", "document_no", "reference")
ASSIGNING = ("OfficersDrawn", "OfficersAssigned")
STREAM_KIND = {"task": "inspectiontask", "problem": "problem", "unit": "target", "officer": "inspector",
               "draw": "samplingplan"}
# Each kind of subject's read table, and the column of the path it is seen under.
SUBJECT_TABLES = {"task": (tasks, tasks.c.jurisdiction_path), "problem": (problems, problems.c.jurisdiction_path),
                  "unit": (targets, targets.c.jurisdiction_path), "officer": (inspectors, inspectors.c.unit_path),
                  "draw": (plans, plans.c.jurisdiction_path)}


def scope_path(conn: Connection, kind: str, subject_id: str) -> str | None:
    """The jurisdiction path the subject is seen under; None if there is no such subject."""
    table, path = SUBJECT_TABLES[kind]
    return conn.execute(select(path).where(table.c.id == subject_id)).scalar()


def record(conn: Connection, kind: str, subject_id: str) -> dict | None:
    """The subject's record: its ids, its events in log order (projections.history_view
    entries, each with `documents` and `hashes`) and the streams they come from by name."""
    if scope_path(conn, kind, subject_id) is None:
        return None
    ids, where, keep = SUBJECTS[kind](conn, subject_id)
    found = history_of(conn, where, keep=keep)
    for entry in found:
        entry["documents"] = document_numbers(entry["payload"])
        entry["hashes"] = evidence_hashes(entry["payload"])
    _drawn_names(conn, found)
    _user_names(conn, found)
    name = _names_of(conn, STREAM_KIND[kind], [subject_id]).get(subject_id) or subject_id
    return {"kind": kind, "id": subject_id, "name": name, "ids": ids, "entries": found,
            "streams": stream_names(conn, found)}


# -- what each kind of record holds ------------------------------------------------------------
def _ids(conn: Connection, column, where) -> list[str]:
    return list(conn.execute(select(column).where(where).order_by(column)).scalars())


def _task(conn, task_id):
    """The task and every problem it found."""
    target_id, plan_id = conn.execute(select(tasks.c.target_id, tasks.c.plan_id).where(tasks.c.id == task_id)).one()
    found = _ids(conn, problems.c.id, problems.c.task_id == task_id)
    ids = {"task_id": task_id, "target_id": target_id, "plan_id": plan_id, "problem_ids": found}
    return ids, history.c.stream_id.in_([task_id, *found]), None


def _problem(conn, problem_id):
    task_id, target_id = conn.execute(select(problems.c.task_id, problems.c.target_id)
                                      .where(problems.c.id == problem_id)).one()
    return {"problem_id": problem_id, "task_id": task_id, "target_id": target_id}, \
        history.c.stream_id == problem_id, None


def _unit(conn, target_id):
    """The unit, all its tasks and all their problems."""
    made = _ids(conn, tasks.c.id, tasks.c.target_id == target_id)
    found = _ids(conn, problems.c.id, problems.c.target_id == target_id)
    ids = {"target_id": target_id, "task_ids": made, "problem_ids": found}
    return ids, history.c.stream_id.in_([target_id, *made, *found]), None


def _officer(conn, inspector_id):
    """The officer's own record, everything done under their inspector id, and the draws
    and assignments that sent them (of the tasks they are on now)."""
    rows = conn.execute(select(tasks.c.id, tasks.c.officers)
                        .where(cast(tasks.c.officers, Text).contains(inspector_id, autoescape=True))).all()
    on = sorted(r.id for r in rows if inspector_id in (r.officers or []))

    def keep(row) -> bool:
        if row["stream_id"] == inspector_id or row["actor_id"] == inspector_id:
            return True
        payload = row["payload"]  # a draw or assignment: only those that name this officer
        named = (payload.get("record") or {}).get("selected", []) + payload.get("officers", []) \
            + payload.get("previous", [])
        return inspector_id in named

    where = or_(history.c.stream_id == inspector_id, history.c.actor_id == inspector_id,
                and_(history.c.stream_id.in_(on), history.c.event.in_(ASSIGNING)))
    return {"inspector_id": inspector_id, "task_ids": on}, where, keep


def _draw(conn, plan_id):
    """The plan and, of each task its draw made, the making and the officers drawn."""
    made = _ids(conn, tasks.c.id, tasks.c.plan_id == plan_id)
    where = or_(history.c.stream_id == plan_id,
                and_(history.c.stream_id.in_(select(tasks.c.id).where(tasks.c.plan_id == plan_id)),
                     history.c.event.in_(("Created", "OfficersDrawn"))))
    return {"plan_id": plan_id, "task_ids": made}, where, None


SUBJECTS = {"task": _task, "problem": _problem, "unit": _unit, "officer": _officer, "draw": _draw}


# -- what an event carries ------------------------------------------------------------------------
def _walk(value):
    """Every (key, value) pair in a payload, nested dicts and lists included, in order."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key, inner
            yield from _walk(inner)
    elif isinstance(value, list):
        for inner in value:
            yield None, inner
            yield from _walk(inner)


def document_numbers(payload: dict) -> list[str]:
    """The document numbers in an event (a revised decision: the new one and the one it replaced)."""
    found = [v.strip() for k, v in _walk(payload) if k in DOCUMENT_FIELDS and isinstance(v, str) and v.strip()]
    return list(dict.fromkeys(found))


def evidence_hashes(payload: dict) -> list[dict]:
    """The evidence items (name and SHA-256) an event recorded."""
    items = [v for _k, v in _walk([payload]) if isinstance(v, dict) and isinstance(v.get("sha256"), str)]
    return list({i["sha256"]: {"sha256": i["sha256"], "name": i.get("name") or ""} for i in items}.values())


def _drawn_names(conn: Connection, found: list[dict]) -> None:
    """An officer draw's record is for the verifier; the reader wants who was drawn."""
    draws = [e for e in found if e["event"] == "OfficersDrawn"]
    wanted = {i for e in draws for i in (e["payload"].get("record") or {}).get("selected", [])}
    key, label = PERSON
    names = dict(conn.execute(select(key, label).where(key.in_(sorted(wanted)))).all()) if wanted else {}
    for entry in draws:
        drawn = entry["payload"].get("record") or {}
        candidates = drawn.get("candidates") or []  # a long list is stored as its count, in words
        entry["drawn"] = {"kind": drawn.get("kind", "officer"), "candidates": len(candidates)
                          if isinstance(candidates, list) else candidates,
                          "names": [names.get(i, i) for i in drawn.get("selected", [])],
                          "short": bool(drawn.get("short")), "reason": drawn.get("reason") or "",
                          "digest": drawn.get("digest", "")}


def _user_names(conn: Connection, found: list[dict]) -> None:
    """Supervisors and admins act as their account: show its name with the username."""
    wanted = {e["actor_key"] for e in found if e["actor_id"] == e["actor_key"]}
    names = dict(conn.execute(select(users.c.username, users.c.display_name)
                              .where(users.c.username.in_(sorted(wanted)))).all()) if wanted else {}
    for entry in found:
        if entry["actor_key"] in names and entry["actor_id"] == entry["actor_key"]:
            entry["actor_id"] = f"{names[entry['actor_key']]}（{entry['actor_key']}）"


# -- which record an event belongs to, by name ------------------------------------------------------
def stream_names(conn: Connection, found: list[dict]) -> dict[str, dict]:
    by_kind: dict[str, set[str]] = {}
    for entry in found:
        by_kind.setdefault(entry["kind"], set()).add(entry["stream_id"])
    names: dict[str, str] = {}
    for kind, ids in by_kind.items():
        names.update(_names_of(conn, kind, sorted(ids)))
    return {e["stream_id"]: {"kind": e["kind"], "name": names.get(e["stream_id"], "")} for e in found}


def _names_of(conn: Connection, kind: str, ids: list[str]) -> dict[str, str]:
    if kind == "inspectiontask":  # the unit, and the task's source number where it has one
        rows = conn.execute(select(tasks.c.id, targets.c.name, tasks.c.reference)
                            .join_from(tasks, targets, targets.c.id == tasks.c.target_id, isouter=True)
                            .where(tasks.c.id.in_(ids))).all()
        return {r.id: f"{r.name or ''}（{r.reference}）" if r.reference else (r.name or r.id) for r in rows}
    if kind == "problem":
        rows = conn.execute(select(problems.c.id, problems.c.description).where(problems.c.id.in_(ids))).all()
        return {r.id: r.description if len(r.description) <= 24 else r.description[:24] + "…" for r in rows}
    table, label = {"target": (targets, targets.c.name), "inspector": (inspectors, PERSON[1]),
                    "samplingplan": (plans, plans.c.title)}.get(kind, (None, None))
    if table is None:
        return {}
    return dict(conn.execute(select(table.c.id, label).where(table.c.id.in_(ids))).all())
