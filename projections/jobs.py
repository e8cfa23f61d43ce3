"""Read model of background jobs: each request, where it stands, and its result."""

from __future__ import annotations

from domain.jobs import Job

from .base import Batch, Projection
from .job_tables import jobs


def _requested(batch: Batch, e: Job.Requested) -> None:
    batch.insert(jobs, id=e.originator_id.hex, kind=e.kind, params=dict(e.params), state="requested",
                 requested_by=e.actor_id, requested_at=e.timestamp, ended_at=None, attempts=1, result={}, error="",
                 version=e.originator_version)


def _ended(state: str):
    def handler(batch: Batch, e) -> None:
        batch.update(jobs, e.originator_id.hex, state=state, result=dict(e.result),
                     error=getattr(e, "error", ""), ended_at=e.timestamp, version=e.originator_version)
    return handler


def _retried(batch: Batch, e: Job.Retried) -> None:
    row = batch.row(jobs, e.originator_id.hex)
    batch.update(jobs, e.originator_id.hex, state="requested", attempts=row["attempts"] + 1, result={}, error="",
                 ended_at=None, version=e.originator_version)


class JobsProjection(Projection):
    name = "jobs"
    tables = (jobs,)
    handlers = {Job.Requested: _requested, Job.Finished: _ended("finished"), Job.Failed: _ended("failed"),
                Job.Retried: _retried}
