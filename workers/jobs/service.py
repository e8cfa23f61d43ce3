"""Asking for a job: a command like any other (it writes `Job.Requested`); the dispatcher
queues it. The job's id comes from the command id, so a form sent twice asks once."""

from __future__ import annotations

from domain.application import Outcome
from domain.base import Actor
from domain.jobs import Job


def request_job(system, actor: Actor, command_id: str, kind: str, **params) -> Outcome:
    job_id = Job.create_id(command_id=command_id)
    if system.app.exists(job_id):
        return Outcome(job_id, None)
    job = Job.request(kind=kind, params=params, **actor.by(command_id))
    return Outcome(job.id, system.app.save(job)[-1].notification.id)
