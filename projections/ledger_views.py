"""The ledger as the pages and /healthz show it: the head of the chain, the last end-to-end
check, the checkpoints and the signing keys. Only reads, each an indexed lookup or one page:
/healthz calls `status` on every probe, so nothing here verifies anything (that is
workers/ledger_check.verify_store, which records the `ledger_checks` row read here).

Checkpoints are public facts (they are published); who made one is not, so
`latest_checkpoint` — what the public pages print — leaves the actor out."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Connection, func, select

from .tables import checkpoints, ledger, ledger_checks, signing_keys, users

PUBLIC_FIELDS = (checkpoints.c.position, checkpoints.c.chain_hash, checkpoints.c.made_at, checkpoints.c.key_id)


def head(conn: Connection) -> dict | None:
    """The last chained entry: its position and the chain hash there."""
    row = conn.execute(select(ledger.c.position, ledger.c.chain_hash)
                       .order_by(ledger.c.position.desc()).limit(1)).first()
    return dict(row._mapping) if row else None


def last_check(conn: Connection) -> dict | None:
    row = conn.execute(select(ledger_checks).order_by(ledger_checks.c.id.desc()).limit(1)).first()
    if row is None:
        return None
    found = dict(row._mapping)
    found["checked_at"] = _utc(found["checked_at"])
    return found


def latest_checkpoint(conn: Connection) -> dict | None:
    """The newest signed checkpoint, as anyone may see it (no actor)."""
    row = conn.execute(select(*PUBLIC_FIELDS).order_by(checkpoints.c.position.desc()).limit(1)).first()
    return dict(row._mapping) if row else None


def status(conn: Connection) -> dict:
    """Head, last check and last checkpoint in one read (the health report and home page)."""
    check, mark = last_check(conn), latest_checkpoint(conn)
    return {"head": head(conn),
            "last_check": check and {"at": check["checked_at"].isoformat(), "ok": check["ok"],
                                     "problem": check["problem"], "events": check["events"],
                                     "position": check["position"], "seconds": check["seconds"]},
            "last_checkpoint": mark and {"position": mark["position"], "made_at": mark["made_at"]}}


def keys(conn: Connection) -> list[dict]:
    """Every signing key, the first introduced first (retired ones stay: their checkpoints verify)."""
    rows = conn.execute(select(signing_keys.c.key_id, signing_keys.c.public_key, signing_keys.c.introduced_at,
                               signing_keys.c.retired).order_by(signing_keys.c.introduced_at))
    return [dict(r._mapping) for r in rows]


def checkpoints_page(conn: Connection, page: int, size: int) -> tuple[list[dict], int]:
    """One page of checkpoints, newest first, each with the name of who made it."""
    total = conn.execute(select(func.count()).select_from(checkpoints)).scalar() or 0
    rows = conn.execute(
        select(*PUBLIC_FIELDS, checkpoints.c.occasion, checkpoints.c.actor_id, users.c.display_name)
        .join_from(checkpoints, users, users.c.username == checkpoints.c.actor_id, isouter=True)
        .order_by(checkpoints.c.position.desc()).offset((page - 1) * size).limit(size))
    return [dict(r._mapping) for r in rows], total


def _utc(value: datetime) -> datetime:
    """SQLite hands timestamps back naive: they were stored as UTC."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
