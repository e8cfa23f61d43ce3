"""The full history of one record, as a reader wants it: when, who, in which role, what
happened, why, on what basis, and what changed from what to what."""

from __future__ import annotations

from sqlalchemy import Connection, select

from .tables import history, targets

# Which fields of which event are "before → after" pairs, and which are plain facts.
PREVIOUS_FIELD = {"CategoryChanged": ("category", "previous"), "Transferred": ("unit", "previous"),
                  "Renamed": ("name", "previous"), "ExclusionLifted": ("exclusion_reason", "previous"),
                  "CoverageChanged": ("covers", "previous")}


def entries(conn: Connection, stream_id: str) -> list[dict]:
    rows = conn.execute(select(history).where(history.c.stream_id == stream_id)
                        .order_by(history.c.version)).mappings().all()
    names = _target_names(conn, rows)
    return [_entry(row, names) for row in rows]


def _target_names(conn: Connection, rows) -> dict[str, str]:
    ids = {r["payload"].get("target_id") for r in rows if r["payload"].get("target_id")}
    if not ids:
        return {}
    return dict(conn.execute(select(targets.c.id, targets.c.name).where(targets.c.id.in_(ids))).all())


def _entry(row, names: dict[str, str]) -> dict:
    payload = dict(row["payload"])
    changes: list[tuple[str, object, object]] = []
    facts: list[tuple[str, object]] = []
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
    if "target_id" in payload:
        payload["target_id"] = names.get(payload["target_id"], payload["target_id"])
    facts = [(k, v) for k, v in payload.items() if v not in (None, "", [], {})]
    return {
        "position": row["position"], "version": row["version"], "at": row["at"], "event": event,
        "kind": row["stream_kind"], "actor_id": row["actor_id"], "actor_role": row["actor_role"],
        "command_id": row["command_id"], "reason": row["reason"], "basis": row["basis"],
        "changes": [c for c in changes if c[1] != c[2]], "facts": facts,
    }
