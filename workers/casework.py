"""Casework across aggregates: problems found on a task, the follow-up inspection (回头看)
that verifies a rectification, and closing a task once every problem it found is closed."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import select

from domain.application import Outcome
from domain.base import Actor, DomainError
from domain.problems import Problem
from domain.tasks import InspectionTask
from projections.system import System
from projections.tables import problems



def record_problem(system: System, task_id: UUID, actor: Actor, command_id: str, **fields) -> Outcome:
    task = system.app.load(InspectionTask, task_id)
    if task.state not in ("accepted", "inspected"):
        raise DomainError("只有已接收、正在检查的任务才能登记问题")
    if actor.user_id not in task.officers and actor.role not in ("admin", "supervisor"):
        raise DomainError("只有本任务指派的检查人员才能登记问题")
    return system.app.create_problem(actor, command_id, task_id=task_id, target_id=task.target_id, **fields)


def problems_of(system: System, task_id: UUID) -> list[UUID]:
    system.read_side_up_to_date()
    with system.engine.connect() as conn:
        return [UUID(i) for i in conn.execute(select(problems.c.id).where(problems.c.task_id == task_id.hex)
                                              .order_by(problems.c.found_on, problems.c.id)).scalars()]


def complete_task(system: System, task_id: UUID, officer_id: str, summary: str, actor: Actor,
                  command_id: str, completed_on: date | None = None, today: date | None = None) -> Outcome:
    """Completing records the problems found; a task with none found closes at once.
    `completed_on` is for work entered after the day it was done (default: today)."""
    found = problems_of(system, task_id)
    result = "problems_found" if found else "no_problem"
    outcome = system.app.command(InspectionTask, task_id, "complete", actor, command_id, officer_id=officer_id,
                                 result=result, summary=summary, problems=[p.hex for p in found],
                                 completed_on=completed_on, today=today)
    if outcome.changed and not found:
        return close_task_if_done(system, task_id, actor, f"{command_id}:close") or outcome
    return outcome


def close_task_if_done(system: System, task_id: UUID, actor: Actor, command_id: str) -> Outcome | None:
    task = system.app.load(InspectionTask, task_id)
    if task.state != "completed":
        return None
    still_open = [p for p in task.problems if not system.app.load(Problem, UUID(p)).closed]
    if still_open:
        return None
    return system.app.command(InspectionTask, task_id, "close", actor, command_id, open_problems=[])


def close_problem(system: System, problem_id: UUID, reason: str, actor: Actor, command_id: str) -> Outcome:
    outcome = system.app.command(Problem, problem_id, "close", actor, command_id, reason=reason)
    problem = system.app.load(Problem, problem_id)
    closed_task = close_task_if_done(system, problem.task_id, actor, f"{command_id}:task")
    return closed_task or outcome


def schedule_followup(system: System, problem_id: UUID, disposition_id: str, due: date, officers: list[str],
                      actor: Actor, command_id: str, today: date) -> UUID:
    """The verification re-inspection (回头看) of a rectification order: a targeted task of its
    own, with two officers, linked to the problem's order."""
    problem = system.app.load(Problem, problem_id)
    task = system.app.load(InspectionTask, problem.task_id)
    made = system.app.create_targeted_task(actor, command_id, origin="followup", target_id=problem.target_id,
                                           jurisdiction=task.jurisdiction, due=due, off_site=False,
                                           reference=problem.disposition(disposition_id).facts.get("order_no", ""),
                                           followup_of=problem_id)
    system.app.command(InspectionTask, made.aggregate_id, "assign_officers", actor, f"{command_id}:assign",
                       officers=officers, reason="整改核查（回头看）")
    system.app.command(Problem, problem_id, "schedule_verification", actor, f"{command_id}:link",
                       disposition_id=disposition_id, task_id=made.aggregate_id, today=today)
    return made.aggregate_id
