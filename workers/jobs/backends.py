"""Where jobs run. With REDIS_URL: an rq queue served by `shuangsui worker` processes, with
retries and back-off. Without (the embedded default): a small thread pool in this process,
with the same retries. Both run `runner.run_job(job_id)`."""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from .runner import TRANSIENT, run_job

log = logging.getLogger("shuangsui.jobs")
QUEUE = "shuangsui"
BACKOFF = (5, 30, 120)  # seconds before the 1st, 2nd, 3rd retry of a transient fault


class ThreadBackend:
    def __init__(self, workers: int = 2, backoff: tuple[float, ...] = BACKOFF) -> None:
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="job")
        self.backoff = backoff
        self._taken: set[str] = set()
        self._lock = threading.Lock()

    def enqueue(self, job_id: str, attempt: int) -> None:
        key = f"{job_id}:{attempt}"
        with self._lock:
            if key in self._taken:
                return
            self._taken.add(key)
        self.pool.submit(self._run, job_id)

    def _run(self, job_id: str) -> None:
        for n in range(len(self.backoff) + 1):
            try:
                run_job(job_id, retries_left=len(self.backoff) - n)
                return
            except TRANSIENT:
                time.sleep(self.backoff[n])
            except Exception:  # recorded as failed by the runner; keep the pool alive
                log.exception("后台任务 %s 出错", job_id)
                return

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


class RQBackend:
    def __init__(self, redis_url: str, backoff: tuple[int, ...] = BACKOFF, timeout: int = 3600) -> None:
        from redis import Redis
        from rq import Queue

        self.connection = Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5)
        self.queue = Queue(QUEUE, connection=self.connection)
        self.backoff, self.timeout = backoff, timeout

    def enqueue(self, job_id: str, attempt: int) -> None:
        """One rq job per attempt (its id says which), so a request handed over twice is one
        rq job; raises redis.ConnectionError while Redis is away (the dispatcher waits)."""
        from rq import Retry

        self.queue.enqueue("workers.jobs.runner.run_job", job_id, job_id=f"{job_id}-{attempt}",
                           retry=Retry(max=len(self.backoff), interval=list(self.backoff)),
                           job_timeout=self.timeout, result_ttl=86400, failure_ttl=7 * 86400)

    def close(self) -> None:
        self.connection.close()


def backend_for(settings):
    return RQBackend(settings.redis_url) if settings.redis_url else ThreadBackend()
