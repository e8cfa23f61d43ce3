"""The background of the embedded default (no REDIS_URL): jobs run in a thread pool of this
process, the dispatcher and the scheduler are one thread beside the projector. The same job
code and the same progress as with rq workers."""

from __future__ import annotations

from . import context
from .backends import ThreadBackend
from .dispatch import Dispatcher
from .schedule import Scheduler, intervals, pool_runner


class Background:
    def __init__(self, system, every: dict[str, float] | None = None, tick: float = 1.0) -> None:
        context.use(system)
        self.backend = ThreadBackend()
        self.dispatcher = Dispatcher(system, self.backend)
        self.scheduler = Scheduler(pool_runner(self.backend.pool), self.dispatcher, every or intervals(), tick)

    def start(self) -> "Background":
        self.scheduler.start_thread()
        return self

    def stop(self) -> None:
        self.scheduler.stop()
        self.backend.close()
