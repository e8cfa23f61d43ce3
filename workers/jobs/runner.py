"""Runs one job: `run_job(job_id)`, a module-level function with a primitive argument, the
same in an rq worker and in the embedded thread pool.

Exactly once, in effect: a job already finished or failed is not run again (the dispatcher
may hand the same request over twice after a crash, and rq retries a job whose worker died);
the end is recorded as an event with optimistic concurrency, so two runs that race cannot
both record it. A transient fault (the database or Redis away for a moment) is raised again
for a retry with back-off while retries are left; any other fault fails the job with its
reason, and a user may retry it from the jobs page."""

from __future__ import annotations

import logging
from uuid import UUID

from eventsourcing.persistence import IntegrityError
from sqlalchemy.exc import OperationalError

from domain.base import SYSTEM, NoChangeError
from domain.jobs import Job

from . import context
from .handlers import HANDLERS, JobFailed, load_all
from .progress import Progress

log = logging.getLogger("shuangsui.jobs")
TRANSIENT = (OperationalError, ConnectionError, TimeoutError, IntegrityError)


class JobBusy(TimeoutError):
    """Another run holds the job (transient: retried with back-off)."""


def run_job(job_id: str, retries_left: int | None = None) -> str:
    """Run the job; returns its state. `retries_left`: how many more tries the backend will
    make after this one (rq tells its own; the thread pool passes it)."""
    system = context.system()
    load_all()
    job = system.app.load(Job, UUID(hex=job_id))
    if job.state != "requested":
        return job.state  # already ended: a second delivery of the same request does nothing
    progress = Progress(system.engine, job_id, job.attempts)
    if not progress.start():
        # The same request delivered twice and the other run has it: try again later (a
        # success here would end this delivery; the other run may yet die).
        raise JobBusy(f"后台任务 {job_id} 正由另一进程运行")
    try:
        result = HANDLERS[job.kind](system, job, progress)
    except JobFailed as refused:
        return _end(system, job_id, progress, "fail", error=str(refused), result=refused.result)
    except TRANSIENT:
        left = context.retries_left() if retries_left is None else retries_left
        if left:
            progress.update(message="暂时无法完成，稍后自动重试", force=True)
            raise
        log.exception("后台任务 %s 失败（已无重试次数）", job_id)
        return _end(system, job_id, progress, "fail", error="系统暂时不可用，多次重试后仍未完成，请稍后在任务页面重试")
    except Exception as error:
        log.exception("后台任务 %s 出错", job_id)
        return _end(system, job_id, progress, "fail", error=f"任务出错：{type(error).__name__}：{error}"[:500])
    return _end(system, job_id, progress, "finish", result=result)


def _end(system, job_id: str, progress: Progress, how: str, **values) -> str:
    try:
        system.app.command(Job, UUID(hex=job_id), how, SYSTEM, f"job:{job_id}:{how}:{progress.attempt}", **values)
    except NoChangeError:
        pass  # another run recorded the end first
    progress.end("done" if how == "finish" else "failed")
    return "finished" if how == "finish" else "failed"
