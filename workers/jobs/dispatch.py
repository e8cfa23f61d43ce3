"""Hands job requests from the event log to the queue.

The command that asks for a job only writes its `Job.Requested` event; this follower reads
the log from where it stopped (its position is kept beside the projections') and enqueues
each request and each retry. If Redis is away, enqueueing fails, the position stays, and
the next round starts there again: a command that succeeded always gets its job, once
Redis is back. A request handed over twice (a crash between enqueueing and saving the
position) is harmless: the runner does nothing for a job already ended, and one rq job id
per attempt keeps the queue to one entry."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone

from eventsourcing.utils import get_topic
from sqlalchemy import insert, select, update

from domain.jobs import Job
from projections.database import write_transaction
from projections.tables import positions

from .progress import queued

log = logging.getLogger("shuangsui.jobs")
NAME = "job_dispatch"
TOPICS = [get_topic(Job.Requested), get_topic(Job.Retried)]


class Dispatcher:
    def __init__(self, system, backend, batch: int = 200) -> None:
        self.system, self.backend, self.batch = system, backend, batch
        self._stop = threading.Event()

    def position(self) -> int:
        with self.system.engine.connect() as conn:
            found = conn.execute(select(positions.c.position).where(positions.c.name == NAME)).scalar()
        return found or 0

    def _save(self, position: int) -> None:
        now = datetime.now(timezone.utc)
        with write_transaction(self.system.engine) as conn:
            done = conn.execute(update(positions).where(positions.c.name == NAME)
                                .values(position=position, updated_at=now)).rowcount
            if not done:
                conn.execute(insert(positions).values(name=NAME, position=position, updated_at=now))

    def run_once(self) -> int:
        """Enqueue what the log holds since the last round; how many were handed over.
        Raises when the queue cannot be reached (the position is kept up to the last one done)."""
        start, handed = self.position(), 0
        while True:
            found = self.system.app.recorder.select_notifications(start, self.batch, topics=TOPICS,
                                                                  inclusive_of_start=False)
            if not found:
                return handed
            for n in found:
                event = self.system.app.mapper.to_domain_event(n)
                attempt = self._attempt(event)
                job = self.system.app.load(Job, event.originator_id)
                if job.state == "requested" and job.attempts == attempt:  # not ended, nor retried since
                    queued(self.system.engine, job.id.hex, attempt)
                    self.backend.enqueue(job.id.hex, attempt)
                self._save(n.id)
                start, handed = n.id, handed + 1

    @staticmethod
    def _attempt(event) -> int:
        # The request is attempt 1; each retry (one event each, version 2 onwards) one more.
        # Versions count the end events too, so the retry's number is read from the record.
        return 1 if isinstance(event, Job.Requested) else event.originator_version // 2 + 1

    def run_forever(self, every: float = 1.0) -> None:
        waiting = False
        while not self._stop.is_set():
            try:
                self.run_once()
                if waiting:
                    log.warning("后台任务队列已恢复，积压的任务已入队")
                waiting = False
            except Exception as error:  # Redis (or the database) away: try again later
                if not waiting:
                    log.error("后台任务暂时无法入队（%s），恢复后将自动补发", error)
                waiting = True
            self._stop.wait(every if not waiting else max(every, 2.0))

    def start_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_forever, name="job-dispatch", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()
