"""The one scheduler: what runs when (EVERY, in seconds), and the loop that runs it.

With Redis, `shuangsui scheduler` is one process: it hands job requests to the queue (the
dispatcher) and puts the periodic work on the queue for the workers; a lock in Redis keeps a
second scheduler from doing the same. Embedded, the same loop is a thread of the web process
and runs the periodic work in the job thread pool."""

from __future__ import annotations

import logging
import os
import threading
import time

from . import periodic

log = logging.getLogger("shuangsui.schedule")

EVERY = {  # name -> (seconds, function); overridable by SHUANGSUI_EVERY_<NAME> (tests, small sites)
    "remind": (300, periodic.remind),
    "checkpoint": (3600, periodic.checkpoint),
    "verify_store": (86400, periodic.verify_store),
    "health": (60, periodic.health),
    "janitor": (30, periodic.janitor),
}
LOCK = "shuangsui:scheduler"


def intervals(environ=os.environ) -> dict[str, float]:
    found = {}
    for name, (seconds, _fn) in EVERY.items():
        value = environ.get(f"SHUANGSUI_EVERY_{name.upper()}")
        found[name] = float(value) if value else float(seconds)
    return found


class Scheduler:
    def __init__(self, run, dispatcher=None, every: dict[str, float] | None = None, tick: float = 1.0,
                 lock=None) -> None:
        """`run(name, fn)`: how periodic work is started (enqueue to rq, or submit to the pool)."""
        self.run, self.dispatcher, self.tick, self.lock = run, dispatcher, tick, lock
        self.every = every or intervals()
        self.due = {name: time.monotonic() + min(seconds, 30) for name, seconds in self.every.items()}
        self._stop = threading.Event()

    def run_once(self) -> None:
        if self.lock is not None and not self.lock():
            return  # another scheduler holds the lock
        if self.dispatcher is not None:
            try:
                self.dispatcher.run_once()
            except Exception as error:
                log.error("后台任务暂时无法入队（%s），恢复后将自动补发", error)
        now = time.monotonic()
        for name, seconds in self.every.items():
            if seconds > 0 and now >= self.due[name]:
                self.due[name] = now + seconds
                try:
                    self.run(name, EVERY[name][1])
                except Exception as error:  # the queue is away: the next round tries again
                    log.error("定时任务 %s 未能启动：%s", name, error)
                    self.due[name] = now + min(seconds, 30)

    def run_forever(self) -> None:
        while not self._stop.is_set():
            self.run_once()
            self._stop.wait(self.tick)

    def start_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_forever, name="scheduler", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()


def redis_lock(connection, ttl: int = 30):
    """Held by one scheduler process at a time, renewed every round; lost when it dies."""
    me = f"{os.getpid()}@{os.uname().nodename}"

    def held() -> bool:
        try:
            if connection.set(LOCK, me, nx=True, ex=ttl):
                return True
            if (connection.get(LOCK) or b"").decode() == me:
                connection.expire(LOCK, ttl)
                return True
            return False
        except Exception:  # Redis away: keep dispatching into the void is pointless; wait
            return False
    return held


def rq_runner(queue):
    return lambda name, fn: queue.enqueue(f"workers.jobs.periodic.{fn.__name__}", job_timeout=3600,
                                          result_ttl=3600, job_id=f"periodic-{name}-{int(time.time())}")


def pool_runner(pool):
    return lambda name, fn: pool.submit(fn)
