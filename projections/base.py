"""What a projection is: a name, the tables it owns, and handlers by event class.

An event no handler names is passed over; the runner still records the position, so
every projection has a default branch that only records tracking.
"""

from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import Connection, Table, select, update


class Projection:
    name: str = ""
    tables: tuple[Table, ...] = ()
    handlers: dict[type, Callable[[Connection, Any], None]] = {}

    def apply(self, conn: Connection, event: Any, position: int) -> None:
        handler = self.handlers.get(type(event))
        if handler is not None:
            handler(conn, event)


def merge_update(conn: Connection, table: Table, key: str, event: Any, values: dict,
                 derive: Callable[[dict], dict] | None = None) -> None:
    """Update one row with `values` (plus what `derive` computes from the merged row)."""
    row = conn.execute(select(table).where(table.c[key] == event.originator_id.hex)).mappings().one()
    merged = {**row, **values}
    if derive is not None:
        values = {**values, **derive(merged)}
    values["version"] = event.originator_version
    if "updated_at" in table.c:
        values["updated_at"] = event.timestamp
    conn.execute(update(table).where(table.c[key] == event.originator_id.hex).values(**values))


def path_of(conn: Connection, jurisdiction_code: str) -> str:
    """The materialised path of a jurisdiction ("/650000/652300/"), or a path of its own."""
    from .tables import jurisdictions

    path = conn.execute(select(jurisdictions.c.path).where(jurisdictions.c.code == jurisdiction_code)).scalar()
    return path or f"/?/{jurisdiction_code}/"
