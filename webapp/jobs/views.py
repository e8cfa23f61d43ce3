"""What the job pages show: a job's record (the `jobs` table, from its events) beside its
progress (`job_progress`, written by the runner as it works), put together into one state a
user understands, with the time it has taken and the time it will still take."""

from __future__ import annotations

from datetime import datetime, timezone

from flask_babel import gettext as _
from sqlalchemy import Connection, func, select

from domain.jobs import KINDS
from domain.vocabulary import N_
from projections.job_tables import job_progress, jobs
from projections.tables import users

# What a user is told, by the state views.state() gives.
STATES = {"queued": N_("排队中"), "running": N_("运行中"), "ending": N_("正在完成"), "finished": N_("已完成"),
          "failed": N_("失败")}
ENDED = ("finished", "failed")


def _query():
    return (select(jobs, job_progress.c.attempt.label("p_attempt"), job_progress.c.state.label("p_state"),
                   job_progress.c.done, job_progress.c.total, job_progress.c.errors, job_progress.c.message,
                   job_progress.c.started_at, job_progress.c.updated_at, users.c.display_name)
            .select_from(jobs.outerjoin(job_progress, job_progress.c.job_id == jobs.c.id)
                         .outerjoin(users, users.c.username == jobs.c.requested_by)))


def page(conn: Connection, username: str | None, number: int, size: int) -> tuple[list[dict], int]:
    """The jobs of one user (None: everyone's), newest first."""
    query, count = _query(), select(func.count()).select_from(jobs)
    if username is not None:
        query, count = query.where(jobs.c.requested_by == username), count.where(jobs.c.requested_by == username)
    found = conn.execute(query.order_by(jobs.c.requested_at.desc(), jobs.c.id)
                         .limit(size).offset((number - 1) * size)).mappings().all()
    return [described(r) for r in found], conn.execute(count).scalar() or 0


def one(conn: Connection, job_id: str) -> dict | None:
    row = conn.execute(_query().where(jobs.c.id == job_id)).mappings().one_or_none()
    return described(row) if row is not None else None


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite: stored as UTC


def state(row) -> str:
    if row["state"] in ENDED:
        return row["state"]
    if row["p_state"] is None or row["p_attempt"] < row["attempts"] or row["p_state"] == "queued":
        return "queued"  # not handed over yet, or a retry not started yet (the last attempt's progress)
    return "running" if row["p_state"] == "running" else "ending"  # the end is being recorded


def described(row, now: datetime | None = None) -> dict:
    job = dict(row)
    now = now or datetime.now(timezone.utc)
    status = state(row)
    current = status != "queued"  # the progress row is this attempt's
    done, total = (job["done"] or 0, job["total"]) if current else (0, None)
    if status in ENDED and job["p_state"] not in ("done", "failed"):  # no progress kept: the result says
        done = total = (job["result"] or {}).get("rows")
        done = done or 0
    started = _utc(job["started_at"]) if current else None
    until = now if status in ("running", "ending") else (_utc(job["ended_at"]) or _utc(job["updated_at"]) or now)
    elapsed = max((until - started).total_seconds(), 0.0) if started else None
    eta = None
    if status == "running" and total and done and elapsed:
        eta = max(total - done, 0) * elapsed / done
    job.update(status=status, status_label=_(STATES[status]), kind_label=_(KINDS.get(job["kind"], job["kind"])),
               done=done, total=total, errors=(job["errors"] or 0) if current else 0,
               message=job["message"] if current else "",
               percent=min(100, int(done * 100 / total)) if total else (100 if status == "finished" else 0),
               elapsed=elapsed, eta=eta, elapsed_text=duration(elapsed), eta_text=duration(eta),
               ended=status in ENDED, who=job["display_name"] or job["requested_by"])
    return job


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _("%(h)s小时%(m)s分", h=hours, m=minutes)
    if minutes:
        return _("%(m)s分%(s)s秒", m=minutes, s=secs)
    return _("%(s)s秒", s=secs)


def as_json(job: dict) -> dict:
    """What the progress page's script reads every second."""
    keys = ("status", "status_label", "done", "total", "errors", "message", "percent", "elapsed", "eta",
            "elapsed_text", "eta_text", "ended")
    return {"id": job["id"], "kind": job["kind"], **{k: job[k] for k in keys}}
