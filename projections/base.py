"""What a projection is: a name, the tables it owns, and handlers by event class.

An event no handler names is passed over; the runner still records the position, so
every projection has a default branch that only records tracking.

Handlers write through a `Batch`: inserts are buffered and sent as one executemany per
table, and any other statement first flushes them, so reads always see earlier writes.
Rebuilding is mostly inserts, and this is what makes it fast.
"""

from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import Connection, Table, insert, select, update


class Batch:
    def __init__(self, conn: Connection):
        self.conn = conn
        self._pending: dict[Table, list[dict]] = {}
        self._paths: dict[str, str] = {}  # jurisdiction code -> materialised path
        self._unit_paths: dict[str, str] = {}  # brigade code -> its jurisdiction's path

    def insert(self, table: Table, **row: Any) -> None:
        self._pending.setdefault(table, []).append(row)

    def flush(self) -> None:
        pending, self._pending = self._pending, {}
        for table, rows in pending.items():
            self.conn.execute(insert(table), rows)

    def execute(self, statement):
        self.flush()
        return self.conn.execute(statement)

    # -- lookups that many events need, cached for the length of the batch -----------------
    def path(self, jurisdiction: str) -> str:
        """The materialised path of a jurisdiction ("/650000/652300/"), or a path of its own."""
        from .tables import jurisdictions

        if jurisdiction not in self._paths:
            found = self.execute(select(jurisdictions.c.path).where(jurisdictions.c.code == jurisdiction)).scalar()
            self._paths[jurisdiction] = found or f"/?/{jurisdiction}/"
        return self._paths[jurisdiction]

    def remember_path(self, jurisdiction: str, path: str) -> None:
        self._paths[jurisdiction] = path

    def unit_path(self, brigade: str) -> str:
        from .tables import brigades

        if brigade not in self._unit_paths:
            found = self.execute(select(brigades.c.jurisdiction_path).where(brigades.c.code == brigade)).scalar()
            self._unit_paths[brigade] = found or f"/?/{brigade}/"
        return self._unit_paths[brigade]

    def remember_unit_path(self, brigade: str, path: str) -> None:
        self._unit_paths[brigade] = path


class Projection:
    name: str = ""
    tables: tuple[Table, ...] = ()
    handlers: dict[type, Callable[[Batch, Any], None]] = {}

    def apply(self, batch: Batch, event: Any, position: int) -> None:
        handler = self.handlers.get(type(event))
        if handler is not None:
            handler(batch, event)


def merge_update(batch: Batch, table: Table, key: str, event: Any, values: dict,
                 derive: Callable[[dict], dict] | None = None) -> None:
    """Update one row with `values` (plus what `derive` computes from the merged row)."""
    row = batch.execute(select(table).where(table.c[key] == event.originator_id.hex)).mappings().one()
    merged = {**row, **values}
    if derive is not None:
        values = {**values, **derive(merged)}
    values["version"] = event.originator_version
    if "updated_at" in table.c:
        values["updated_at"] = event.timestamp
    batch.execute(update(table).where(table.c[key] == event.originator_id.hex).values(**values))
