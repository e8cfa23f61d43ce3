"""How far a job has got, written to `job_progress` as it runs, at most a few times a
second (a job of 100,000 rows must not spend its time reporting)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import Engine, delete, insert, select, update

from projections.database import write_transaction
from projections.job_tables import job_progress

EVERY = 0.5  # seconds between two writes
# Seconds without a report after which a running job is taken to be abandoned: below rq's
# quickest retry of a job whose worker died (~65 s after its last heartbeat).
STALE = 60


def now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite gives naive UTC


class Progress:
    def __init__(self, engine: Engine, job_id: str, attempt: int) -> None:
        self.engine, self.job_id, self.attempt = engine, job_id, attempt
        self.done, self.total, self.errors, self.message = 0, None, 0, ""
        self._written = 0.0

    def start(self) -> bool:
        """Take the job: False when another run holds it (reported within STALE seconds). A run
        whose process died stops reporting, so a retry takes over after STALE seconds."""
        with write_transaction(self.engine) as conn:
            held = conn.execute(select(job_progress.c.state, job_progress.c.attempt, job_progress.c.updated_at)
                                .where(job_progress.c.job_id == self.job_id).with_for_update()).first()
            if held is not None and held.state == "running" and held.attempt == self.attempt \
                    and _aware(held.updated_at) > now() - timedelta(seconds=STALE):
                return False
            conn.execute(delete(job_progress).where(job_progress.c.job_id == self.job_id))
            conn.execute(insert(job_progress).values(job_id=self.job_id, attempt=self.attempt, state="running",
                                                     done=0, total=None, errors=0, message="", started_at=now(),
                                                     updated_at=now()))
        self._written = time.monotonic()
        return True

    def update(self, *, done: int | None = None, total: int | None = None, errors: int | None = None,
               message: str | None = None, add: int = 0, force: bool = False) -> None:
        if done is not None:
            self.done = done
        self.done += add
        if total is not None:
            self.total = total
        if errors is not None:
            self.errors = errors
        if message is not None:
            self.message = message
        if force or time.monotonic() - self._written >= EVERY:
            self._write("running")

    def end(self, state: str) -> None:
        self._write(state)

    def _write(self, state: str) -> None:
        self._written = time.monotonic()
        with write_transaction(self.engine) as conn:
            conn.execute(update(job_progress).where(job_progress.c.job_id == self.job_id).values(
                state=state, done=self.done, total=self.total, errors=self.errors, message=self.message[:500],
                updated_at=now()))


def queued(engine: Engine, job_id: str, attempt: int) -> None:
    """The job is in a queue (or waiting for one): the page says so until it starts."""
    with write_transaction(engine) as conn:
        conn.execute(delete(job_progress).where(job_progress.c.job_id == job_id))
        conn.execute(insert(job_progress).values(job_id=job_id, attempt=attempt, state="queued", done=0, total=None,
                                                 errors=0, message="", started_at=None, updated_at=now()))
