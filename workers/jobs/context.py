"""Which system a job runs against. The embedded default registers its own (the web
process's); an rq worker process opens one from the environment the first time a job
needs it and keeps it for the jobs after."""

from __future__ import annotations

import threading

_system = None
_lock = threading.Lock()


def use(system) -> None:
    global _system
    _system = system


def system():
    """The system, with the holiday schedules as the store holds them now: a worker process
    that did not project a newly recorded year still counts with it (the table is tiny)."""
    global _system
    from projections.system import Settings, load_schedules, open_system

    with _lock:
        if _system is None:
            _system = open_system(Settings.from_env())
    load_schedules(_system.engine)
    return _system


def retries_left() -> int:
    """In an rq worker: the current job's retries left; elsewhere 0."""
    try:
        from rq import get_current_job
    except ImportError:  # pragma: no cover - rq is a dependency
        return 0
    job = get_current_job()
    return int(job.retries_left or 0) if job is not None else 0
