"""The full history of every record: one row per event, in log order, with who, when,
why and on what basis, and the event's own fields for the before → after view."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from uuid import UUID

from domain.base import Record

from .base import Batch, Projection
from .tables import history

COMMON = {"originator_id", "originator_version", "timestamp", "originator_topic",
          "actor_id", "actor_role", "command_id", "reason", "basis"}


LONG_LIST = 100  # a committed draw's pool can hold 100,000 entries: history shows the count


SIMPLE = frozenset({str, int, bool, float, type(None)})


def plain(value):
    """Event values as JSON-friendly primitives (the table keeps them for display; the
    event store keeps everything, so a long list is summarised here by its length).
    Every event of a rebuild passes through here: the common cases are tested first, by
    exact type, and a list of plain values is copied without a call per item."""
    kind = type(value)
    if kind in SIMPLE:
        return value
    if kind is dict:
        return {str(k): v if type(v) in SIMPLE else plain(v) for k, v in value.items()}
    if kind in (list, tuple, set):
        if len(value) > LONG_LIST:
            return f"（共{len(value)}项，完整内容见事件库）"
        return [v if type(v) in SIMPLE else plain(v) for v in value]
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return plain(list(value))
    return value


def stream_kind(event) -> str:
    return type(event).__qualname__.split(".")[0].lower()


@lru_cache(maxsize=None)
def _shape(cls: type) -> tuple[str, str, tuple[str, ...]]:
    """Per event class, once: its stream kind, its name and the fields the payload keeps."""
    kind, name = cls.__qualname__.split(".")[0].lower(), cls.__qualname__.split(".", 1)[1]
    kept = tuple(f.name for f in fields(cls) if f.name not in COMMON) if is_dataclass(cls) else ()
    return kind, name, kept


class HistoryProjection(Projection):
    name = "history"
    tables = (history,)

    def apply(self, batch: Batch, event, position: int) -> None:
        if not isinstance(event, Record.Event):
            return
        kind, name, kept = _shape(type(event))
        payload = plain({f: getattr(event, f) for f in kept})
        batch.insert(
            history, position=position, stream_id=event.originator_id.hex, stream_kind=kind,
            version=event.originator_version, event=name,
            at=event.timestamp, actor_id=event.actor_id, actor_role=event.actor_role,
            command_id=event.command_id, reason=getattr(event, "reason", "") or "",
            basis=getattr(event, "basis", "") or "", payload=payload)
