"""时间回溯, the read side: which version of a record was current at a moment, and the
versions a record has had. The event store rebuilds the record at that version
(`app.repository.get(id, version=N)`); the store cannot find N itself, because an event's
timestamp lives inside its serialised state (NOTES-libraries.md), so the `history` table's
(stream_id, at) index does (ix_history_stream_at, migration 0005)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import Connection, func, select

from .tables import history, jurisdictions


def _utc(when: datetime) -> datetime:
    # SQLite keeps `at` as text without its offset, written in UTC: compare in UTC on both.
    if when.tzinfo is None:
        raise ValueError("a moment must be timezone-aware")
    return when.astimezone(timezone.utc)


def version_at(conn: Connection, stream_id: str, when: datetime) -> int | None:
    """The highest version of the stream recorded at or before `when` (None: the record did
    not exist yet). Reads the index range of one stream, never the whole table."""
    return conn.execute(select(func.max(history.c.version))
                        .where(history.c.stream_id == stream_id, history.c.at <= _utc(when))).scalar()


def versions(conn: Connection, stream_id: str) -> list[dict]:
    """Every version of the stream in order: {version, at, event} (the step-through's spine)."""
    rows = conn.execute(select(history.c.version, history.c.at, history.c.event)
                        .where(history.c.stream_id == stream_id).order_by(history.c.version))
    return [dict(r) for r in rows.mappings()]


def place_names(conn: Connection, codes) -> dict[str, str]:
    """Jurisdiction names by code (a past state may name a place the record has since left)."""
    wanted = sorted({c for c in codes if c})
    if not wanted:
        return {}
    return dict(conn.execute(select(jurisdictions.c.code, jurisdictions.c.name)
                             .where(jurisdictions.c.code.in_(wanted))).all())
