"""The work done on a schedule, as module-level functions without arguments (an rq job or a
call from the embedded scheduler thread): reminders, ledger checkpoints, the end-to-end
check of the store against its ledger, and the projections' health."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from domain.base import SYSTEM

from . import context

log = logging.getLogger("shuangsui.schedule")
LAG_WARNING = 1000  # events behind the log before the health check complains


def remind() -> int:
    from workers.reminders import send_reminders

    return send_reminders(context.system())


def checkpoint() -> dict | None:
    from workers.ledger import LedgerAlarm, make_checkpoint

    system = context.system()
    if not system.app.recorder.max_notification_id():
        return None  # nothing written yet: nothing to sign
    try:
        return make_checkpoint(system, SYSTEM, "schedule")
    except LedgerAlarm as alarm:  # the store changed since the last checkpoint: keep saying so
        log.error("定时检查点被拒绝：%s", alarm)
        return None


def verify_store() -> bool:
    from workers.ledger_check import verify_store as verify

    return verify(context.system())["ok"]


def health() -> int:
    """How far the projections are behind the log; logged when it is far."""
    system = context.system()
    lag = system.projector.lag()
    if lag > LAG_WARNING:
        log.warning("读表落后事件日志 %s 个事件：请检查投影进程", lag)
    return lag


def janitor() -> int:
    """rq finds a job whose worker died only when a worker starts or at its own cleanup
    (every 10 minutes, later behind a blocked dequeue): clean the registries often, so the
    job is retried about a minute after its last heartbeat. Also removes the partial files
    of exports that were killed. Returns how many partial files were removed."""
    system = context.system()
    url = system.settings.redis_url
    if url:
        from redis import Redis
        from rq import Queue
        from rq.registry import clean_registries

        from .backends import QUEUE

        clean_registries(Queue(QUEUE, connection=Redis.from_url(url)))
    removed = 0
    folder = Path(system.settings.var_dir) / "jobs"
    for partial in folder.glob("*.partial") if folder.is_dir() else ():
        if time.time() - partial.stat().st_mtime > 3600:
            partial.unlink(missing_ok=True)
            removed += 1
    return removed
