"""What a projection is: a name, the tables it owns, and handlers by event class.

An event no handler names is passed over; the runner still records the position, so
every projection has a default branch that only records tracking.

Handlers write through a `Batch`, a small unit of work for one transaction: inserts are
buffered, a row that events change is read once (`row`) and changed in memory (`update`),
and at the end every table gets one executemany of inserts and one per shape of update.
Any other statement first flushes, so raw reads always see earlier writes. Rebuilding
is then mostly memory work, and this is what makes it fast.
"""

from __future__ import annotations

from typing import Any, Callable

from sqlalchemy import Connection, Select, Table, bindparam, insert, select, update


class Batch:
    def __init__(self, conn: Connection, rows: dict | None = None):
        self.conn = conn
        self._pending: dict[Table, list[dict]] = {}
        # Rows read or written, by (table, id): an event that changes a row reads it here, not
        # from the database, and every changed row is written once at the flush. The projector
        # lends the rows of its earlier batches when it knows nobody else wrote since.
        self._rows: dict[tuple[Table, str], dict | None] = {} if rows is None else rows
        self._unsent: set[tuple[Table, str]] = set()  # inserted rows still in _pending
        self._changed: dict[tuple[Table, str], set[str]] = {}  # row -> columns to UPDATE
        self._paths: dict[str, str] = {}  # jurisdiction code -> materialised path
        self._unit_paths: dict[str, str] = {}  # brigade code -> its jurisdiction's path

    def insert(self, table: Table, **row: Any) -> None:
        self._pending.setdefault(table, []).append(row)
        if "id" in row:
            self._rows[(table, row["id"])] = row
            self._unsent.add((table, row["id"]))

    def row(self, table: Table, id: str) -> dict | None:
        """The row whose `id` column is `id`, as this batch has made it so far."""
        key = (table, id)
        if key not in self._rows:
            found = self.conn.execute(select(table).where(table.c.id == id)).mappings().first()
            self._rows[key] = dict(found) if found is not None else None
        return self._rows[key]

    def update(self, table: Table, id: str, **values: Any) -> None:
        row = self.row(table, id)
        if row is None:
            raise LookupError(f"{table.name}: no row {id}")
        row.update(values)
        if (table, id) not in self._unsent:  # an unsent insert already carries the new values
            self._changed.setdefault((table, id), set()).update(values)

    def flush(self) -> None:
        pending, self._pending = self._pending, {}
        for table, rows in pending.items():
            self.conn.execute(insert(table), rows)
        self._unsent.clear()
        changed, self._changed = self._changed, {}
        by_shape: dict[tuple[Table, tuple[str, ...]], list[dict]] = {}
        for (table, id), columns in changed.items():
            shape = tuple(sorted(columns))
            row = self._rows[(table, id)]
            by_shape.setdefault((table, shape), []).append(
                {"_id": id, **{f"_{c}": row[c] for c in shape}})
        for (table, shape), rows in by_shape.items():  # one executemany per table and shape
            statement = (update(table).where(table.c.id == bindparam("_id"))
                         .values({c: bindparam(f"_{c}") for c in shape}))
            self.conn.execute(statement, rows)

    def execute(self, statement):
        """Any other statement: the database first catches up with this batch; a write
        that is not a plain read may change cached rows, so the cache is dropped."""
        self.flush()
        if not isinstance(statement, Select):
            self._rows.clear()
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
    assert key == "id", "rows are changed by their id column"
    id = event.originator_id.hex
    row = batch.row(table, id)
    if row is None:
        raise LookupError(f"{table.name}: no row {id} for {type(event).__qualname__}")
    if derive is not None:
        values = {**values, **derive({**row, **values})}
    values = {**values, "version": event.originator_version}
    if "updated_at" in table.c:
        values["updated_at"] = event.timestamp
    batch.update(table, id, **values)
