"""The supervisor's dashboard figures, kept in process while the data stay the same.

projections/dashboards.supervisor reads a prefecture's tasks, units and problems several
times (≈ 100 ms of CPU at province scale, app and PostgreSQL together) and everyone of the
same scope sees the same figures. They change only when the projector applies an event or
the day turns, so they are kept by (scope, today, the projections' positions): the page's
footer already says "数据截至事件 #…", and a new event moves a position, so the next request
counts afresh; nothing can be stale. The positions cost one small query. Bounded: the
`SIZE` keys used last (LRU), one cache per Flask app (so per database)."""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from datetime import date

from flask import current_app
from sqlalchemy import Connection

from projections import dashboards
from projections.scope import Scope

from ..services import system

SIZE = 256


class Figures:
    def __init__(self, size: int = SIZE) -> None:
        self.size, self.kept, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key, compute):
        with self.lock:
            found = self.kept.get(key)
            if found is not None:
                self.kept.move_to_end(key)
        if found is None:  # counted outside the lock: two first requests may both count, harmlessly
            found = compute()
            with self.lock:
                self.kept[key] = found
                self.kept.move_to_end(key)
                while len(self.kept) > self.size:
                    self.kept.popitem(last=False)
        return copy.deepcopy(found)  # callers add to the dict (the API): never to the one kept


def supervisor(conn: Connection, scope: Scope, today: date) -> dict:
    """dashboards.supervisor(conn, scope, today), counted once per state of the read tables."""
    figures = current_app.extensions.setdefault("supervisor_figures", Figures())
    positions = tuple(sorted(system().projector.positions(conn).items()))
    return figures.get((scope, today, positions), lambda: dashboards.supervisor(conn, scope, today))
