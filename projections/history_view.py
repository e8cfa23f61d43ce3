"""The full history of one record (or of several, interleaved in log order), as a reader
wants it: when, who, in which role, what happened, why, on what basis, and what changed
from what to what — with places, units and people by name, not by code or id."""

from __future__ import annotations

import re
from typing import Callable

from sqlalchemy import Connection, func, select

from .tables import brigades, history, inspectors, jurisdictions, plans, targets, tasks

_HEX = re.compile(r"^[0-9a-f]{32}$")

# Which fields of which event are "before → after" pairs, and which are plain facts.
PREVIOUS_FIELD = {"CategoryChanged": ("category", "previous"), "Transferred": ("unit", "previous"),
                  "OfficersAssigned": ("officers", "previous"),
                  "Renamed": ("name", "previous"), "ExclusionLifted": ("exclusion_reason", "previous"),
                  "CoverageChanged": ("covers", "previous")}

PERSON = (inspectors.c.id, inspectors.c.name + "（" + inspectors.c.cert_no + "）")
# A task by its source number (12369 …), or by its id when it has none (a drawn task).
TASK = (tasks.c.id, func.coalesce(func.nullif(tasks.c.reference, ""), tasks.c.id))
# Fields that hold a reference, and the table (key column, label) that names it.
REFERENCES = {
    "officers": PERSON, "officer_id": PERSON, "present": PERSON, "actor": PERSON,
    "task_id": TASK, "previous_task_id": TASK, "plan_id": (plans.c.id, plans.c.title),
    "jurisdiction": (jurisdictions.c.code, jurisdictions.c.name),
    "parent": (jurisdictions.c.code, jurisdictions.c.name),
    "covers": (jurisdictions.c.code, jurisdictions.c.name),
    "unit": (brigades.c.code, brigades.c.name),
    "brigade": (brigades.c.code, brigades.c.name),
    "inspector_id": PERSON,
    "target_id": (targets.c.id, targets.c.name),
    # a draw: the plan's brigades, and a drawn unit replaced by the next in rank order
    "brigades": (brigades.c.code, brigades.c.name),
    "replaced": (targets.c.id, targets.c.name), "replacement": (targets.c.id, targets.c.name),
}


def entries(conn: Connection, stream_id: str, until_version: int | None = None) -> list[dict]:
    where = [history.c.stream_id == stream_id]
    if until_version is not None:  # 时间回溯: the history as it stood at that version
        where.append(history.c.version <= until_version)
    return history_of(conn, *where)


def history_of(conn: Connection, *where, keep: Callable[[dict], bool] | None = None) -> list[dict]:
    """The history rows that match `where` (one stream, several, a list of positions …) in
    log order; `keep`, if given, picks among the stored rows before they are named."""
    rows = conn.execute(select(history).where(*where).order_by(history.c.position)).mappings().all()
    raw = [_entry(row) for row in rows if keep is None or keep(row)]
    names = _names(conn, raw)
    for entry in raw:
        entry["actor_key"] = entry["actor_id"]  # the id as recorded, for exports
        entry["changes"] = [(f, _named(names, f, b), _named(names, f, a)) for f, b, a in entry["changes"]]
        entry["facts"] = [(f, _named(names, f, v)) for f, v in entry["facts"]]
        # Officers act under their inspector id: show the person, not the id.
        entry["actor_id"] = _named(names, "actor", entry["actor_id"])
    return raw


def _entry(row) -> dict:
    payload = dict(row["payload"])
    changes: list[tuple[str, object, object]] = []
    event = row["event"]
    if event == "DetailsChanged":
        changes = [(field, before, after) for field, (before, after) in payload.pop("changes").items()]
    elif event in PREVIOUS_FIELD:
        field, previous = PREVIOUS_FIELD[event]
        changes = [(field, payload.pop(previous, None), payload.pop(field, None))]
    elif event == "CertificateRenewed":
        changes = [("cert_no", payload.pop("previous_cert_no"), payload.pop("cert_no")),
                   ("cert_valid_until", payload.pop("previous_valid_until"), payload.pop("valid_until"))]
    elif event == "RoleChanged":
        previous = payload.pop("previous")
        changes = [(k, previous.get(k), payload.pop(k)) for k in ("role", "jurisdiction", "brigade")]
    return {
        "position": row["position"], "stream_id": row["stream_id"], "version": row["version"], "at": row["at"],
        "event": event, "payload": row["payload"],
        "kind": row["stream_kind"], "actor_id": row["actor_id"], "actor_role": row["actor_role"],
        "command_id": row["command_id"], "reason": row["reason"], "basis": row["basis"],
        "changes": [c for c in changes if c[1] != c[2]],
        "facts": [(k, v) for k, v in payload.items() if v not in (None, "", [], {})],
    }


def _names(conn: Connection, entries_: list[dict]) -> dict[str, dict[str, str]]:
    """One query per kind of reference for the whole history."""
    wanted: dict[str, set[str]] = {"actor": {e["actor_id"] for e in entries_ if _HEX.match(e["actor_id"] or "")}}
    for entry in entries_:
        pairs = [(f, b) for f, b, _ in entry["changes"]] + [(f, a) for f, _, a in entry["changes"]] + entry["facts"]
        for field, value in pairs:
            if field in REFERENCES and value:
                wanted.setdefault(field, set()).update(value if isinstance(value, list) else [value])
    names: dict[str, dict[str, str]] = {}
    for field, keys in wanted.items():
        if not keys:
            continue
        key, label = REFERENCES[field]
        names[field] = dict(conn.execute(select(key, label).where(key.in_(sorted(keys)))).all())
    return names


def _named(names: dict[str, dict[str, str]], field: str, value):
    table = names.get(field)
    if not table or value in (None, ""):
        return value
    if isinstance(value, list):
        return [table.get(v, v) for v in value]
    return table.get(value, value)
