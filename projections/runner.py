"""The projector: reads the notification log in order and applies every projection.

Each batch is one transaction that writes the projections' rows *and* their positions,
so a crash or a kill mid-batch leaves the tables exactly at the last committed position:
no event is applied twice and none is skipped. Positions are read under a row lock, so
two projectors started by mistake take turns instead of applying a batch twice.
Works on both event stores through `select_notifications`; when idle it polls on SQLite and,
on PostgreSQL, sleeps until the event table's trigger NOTIFYs (projections/wakeup.py).
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timezone
from typing import Callable, Iterable

from sqlalchemy import Engine, delete, insert, select, update

from domain.application import Shuangsui

from .base import Batch, Projection
from .database import write_transaction
from .directory import DirectoryProjection
from .history import HistoryProjection
from .jobs import JobsProjection
from .ledger import Chain, LedgerProjection
from .organisation import OrganisationProjection
from .plans import PlansProjection
from .problems import ProblemsProjection
from .public_records import PublicRecordsProjection
from .reminders import ReminderRulesProjection
from .publication import PublicationProjection
from .tasks import TasksProjection
from .tables import positions
from .users import UsersProjection

log = logging.getLogger("shuangsui.projector")
ROWS_HELD = 200_000  # rows kept between batches (a province's tasks and problems of a year fit)


def all_projections() -> list[Projection]:
    # Organisation first: the directory rows look up jurisdiction paths it writes.
    return [OrganisationProjection(), DirectoryProjection(), UsersProjection(), PlansProjection(),
            TasksProjection(), ProblemsProjection(), PublicationProjection(), PublicRecordsProjection(),
            JobsProjection(), ReminderRulesProjection(), HistoryProjection(), LedgerProjection()]


class Projector:
    def __init__(self, app: Shuangsui, engine: Engine, projections: Iterable[Projection] | None = None,
                 batch_size: int = 500, throttle: float = 0.0) -> None:
        self.app, self.engine = app, engine
        self.projections = list(all_projections() if projections is None else projections)
        for p in self.projections:
            if hasattr(p, "app"):
                p.app = app  # projections that rebuild an aggregate read it from this store
        self.batch_size, self.throttle = batch_size, throttle
        self.caught_up = threading.Condition()
        self._stop = threading.Event()
        self._lock = threading.Lock()  # one batch at a time in this process
        self._rows: dict = {}  # rows of earlier batches (Batch), valid while positions are _left_at
        self._left_at: dict | None = None
        self.chain = Chain()  # the ledger: follows the log with the projections, never reset
        self.wakeup = None  # a wakeup.Wakeup on PostgreSQL: idle waits end when events are written

    # -- positions -------------------------------------------------------------------
    def positions(self, conn=None) -> dict[str, int]:
        def read(c):
            rows = c.execute(select(positions.c.name, positions.c.position)).all()
            return {name: pos for name, pos in rows}
        if conn is not None:
            return read(conn)
        with self.engine.connect() as c:
            return read(c)

    def _names(self) -> list[str]:
        return [p.name for p in self.projections] + [self.chain.name]

    def position(self) -> int:
        """The position every projection and the ledger's chain have reached (the lowest)."""
        known = self.positions()
        return min((known.get(name, 0) for name in self._names()), default=0)

    def lag(self) -> int:
        return max(0, (self.app.recorder.max_notification_id() or 0) - self.position())

    # -- processing ------------------------------------------------------------------
    def run_batch(self) -> int:
        """Apply the next batch; returns how many notifications were processed."""
        with self._lock, write_transaction(self.engine) as conn:
            lock = select(positions).with_for_update() if conn.dialect.name != "sqlite" else select(positions)
            current = {r.name: r.position for r in conn.execute(lock)}
            for name in self._names():
                if name not in current:
                    conn.execute(insert(positions).values(name=name, position=0))
                    current[name] = 0
            start = min(current[name] for name in self._names())
            notifications = self.app.recorder.select_notifications(
                start, self.batch_size, inclusive_of_start=False)
            if not notifications:
                return 0
            if current != self._left_at or len(self._rows) > ROWS_HELD:
                self._rows.clear()  # another projector wrote since our last batch: read afresh
            self._left_at = None  # until this batch commits
            batch = Batch(conn, self._rows)
            chained = current[self.chain.name]
            chain = self.chain.head(batch, chained) if notifications[-1].id > chained else None
            needed = min((current[p.name] for p in self.projections), default=notifications[-1].id)
            for n in notifications:
                if n.id > chained:
                    chain = self.chain.append(batch, n, chain)
                if n.id > needed:  # decoded only for projections that have not seen it
                    event = self.app.mapper.to_domain_event(n)
                    for p in self.projections:
                        if n.id > current[p.name]:
                            p.apply(batch, event, n.id)
                if self.throttle:
                    time.sleep(self.throttle)
            batch.flush()
            last, now = notifications[-1].id, datetime.now(timezone.utc)
            for name in self._names():
                if last > current[name]:
                    conn.execute(update(positions).where(positions.c.name == name)
                                 .values(position=last, updated_at=now))
        # Committed: the rows held are what the tables now hold, as long as nobody else writes.
        self._left_at = {**current, **{name: max(current[name], last) for name in self._names()}}
        with self.caught_up:
            self.caught_up.notify_all()
        return len(notifications)

    def catch_up(self, progress: Callable[[int], None] | None = None) -> int:
        """Process until the log is exhausted; returns how many were processed."""
        total = 0
        while True:
            done = self.run_batch()
            if not done:
                return total
            total += done
            if progress:
                progress(done)

    def reset(self, projections: Iterable[Projection] | None = None) -> None:
        """Empty the tables of the given projections and set them back to the start."""
        chosen = list(projections or self.projections)
        self._rows.clear()
        self._left_at = None
        with self._lock, write_transaction(self.engine) as conn:
            for p in chosen:
                for table in reversed(p.tables):
                    conn.execute(delete(table))
                conn.execute(delete(positions).where(positions.c.name == p.name))

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Empty every table and project the whole log again; returns how many were processed.

        The tables' secondary indexes are dropped first and built once at the end: sorting
        once is much cheaper than keeping several B-trees in order row by row. A rebuild
        that is killed half-way leaves them missing; `ensure_indexes` (run when the system
        opens) puts them back, and the next rebuild starts from nothing anyway."""
        self.reset()
        indexes = self._indexes()
        with write_transaction(self.engine) as conn:
            for index in indexes:
                index.drop(conn, checkfirst=True)
        try:
            return self.catch_up(progress)
        finally:
            self.ensure_indexes()

    def ensure_indexes(self) -> None:
        with write_transaction(self.engine) as conn:
            for index in self._indexes():
                index.create(conn, checkfirst=True)

    def _indexes(self) -> list:
        return [index for p in self.projections for table in p.tables for index in table.indexes]

    # -- waiting ---------------------------------------------------------------------
    def wait_for(self, position: int | None, timeout: float = 5.0) -> bool:
        """Read-your-writes: wait (bounded) until every projection has passed `position`."""
        if not position:
            return True
        deadline = time.monotonic() + timeout
        while self.position() < position:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with self.caught_up:
                self.caught_up.wait(min(0.05, remaining))
        return True

    # -- running in the background ---------------------------------------------------
    def run_forever(self, idle: float = 0.2, listening_idle: float = 2.0) -> None:
        """`listening_idle` bounds a LISTEN wait, so a missed notification or a stop request
        costs at most that long."""
        while not self._stop.is_set():
            try:
                if not self.run_batch():
                    if self.wakeup is not None:
                        self.wakeup.wait(listening_idle)
                    else:
                        self._stop.wait(idle)
            except Exception:  # keep the embedded projector alive; the lag shows on /healthz
                log.exception("投影处理出错，稍后重试")
                self._stop.wait(2.0)
        if self.wakeup is not None:
            self.wakeup.close()

    def start_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_forever, name="projector", daemon=True)
        thread.start()
        self._thread = thread
        return thread

    def stop(self, wait: float = 30.0) -> None:
        self._stop.set()  # a LISTEN wait in progress ends within its bound
        # Wait for a batch in progress: closing the store under its query crashes SQLite's
        # C library (a segfault, seen when a bench closed its system right after a run).
        thread = getattr(self, "_thread", None)
        if thread is not None and thread is not threading.current_thread():
            thread.join(wait)
