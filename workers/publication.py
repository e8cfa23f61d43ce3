"""一公开 use cases across aggregates: reviewing, publishing and withholding a task's result,
recording a year's holiday schedule, the joint review meeting's special list, and the
public's reports of data errors. Like casework.py, each checks what the aggregates alone
cannot (the task is done, the units exist) and writes in one transaction."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.persistence import IntegrityError
from sqlalchemy import select

from domain import calendar
from domain.application import Outcome
from domain.base import Actor, AlreadyExistsError, DomainError, NoChangeError
from domain.corrections import Correction
from domain.disclosure import Disclosure, propose
from domain.holiday_schedule import HolidaySchedule
from domain.special_review import SpecialReview
from domain.targets import Target
from domain.tasks import InspectionTask
from projections.system import System
from projections.tables import dispositions

PUBLIC = Actor("public", "public")
DONE = ("completed", "closed")


def proposed_phrase(system: System, task_id: UUID) -> str:
    """The standard phrase the task's result and its problems' dispositions suggest."""
    task = system.app.load(InspectionTask, task_id)
    with system.engine.connect() as conn:
        found = conn.execute(select(dispositions.c.kind, dispositions.c.measure)
                             .where(dispositions.c.task_id == task_id.hex)).all()
    return propose(task.result, [(k, m) for k, m in found])


def _disclosure(system: System, task_id: UUID, actor: Actor, command_id: str) -> tuple[Disclosure, bool]:
    """The task's disclosure, opened (not yet saved) if this is the first decision on it."""
    did = Disclosure.create_id(task_id)
    if system.app.exists(did):
        return system.app.load(Disclosure, did), False
    task = system.app.load(InspectionTask, task_id)
    if task.state not in DONE:
        raise DomainError("任务尚未办结，不能公开检查结果（须在办结后20个工作日内公开）")
    return Disclosure.open(task_id=task_id, target_id=task.target_id, jurisdiction=task.jurisdiction,
                           completed_on=task.completed_on, **actor.by(command_id)), True


def _decide(system: System, task_id: UUID, name: str, actor: Actor, command_id: str, **arguments) -> Outcome:
    for _attempt in range(3):
        disclosure, new = _disclosure(system, task_id, actor, command_id)
        if disclosure.has_applied(command_id):
            return Outcome(disclosure.id, None)
        getattr(disclosure, name)(**arguments, **actor.by(command_id))
        try:
            recordings = system.app.save(disclosure)
        except IntegrityError:
            continue  # someone opened or changed it meanwhile: decide again on a fresh copy
        return Outcome(disclosure.id, recordings[-1].notification.id)
    raise DomainError("该公开记录正被他人同时修改，请稍后重试")


def review(system: System, task_id: UUID, actor: Actor, command_id: str, *, phrase: str, description: str,
           as_published: str = "") -> Outcome:
    return _decide(system, task_id, "review", actor, command_id, phrase=phrase, description=description,
                   as_published=as_published)


def withhold(system: System, task_id: UUID, actor: Actor, command_id: str, *, ground: str, reason: str,
             decided_by: str) -> Outcome:
    return _decide(system, task_id, "withhold", actor, command_id, ground=ground, reason=reason,
                   decided_by=decided_by)


def publish(system: System, task_ids: list[UUID], actor: Actor, command_id: str, *, published_on: date,
            today: date, notice: str = "") -> list[Outcome]:
    """Publish reviewed results. Every one is checked before any is written: one result not
    yet reviewed refuses the whole batch, naming it."""
    chosen = []
    for task_id in task_ids:
        did = Disclosure.create_id(task_id)
        if not system.app.exists(did):
            raise DomainError(f"任务{task_id.hex[:8]}的检查结果尚未经审核，不能公开")
        d = system.app.load(Disclosure, did)
        if d.has_applied(command_id) or d.state == "published":
            continue  # one command id serves the batch: each disclosure remembers it applied it
        d.publish(published_on=published_on, today=today, notice=notice, **actor.by(command_id))
        chosen.append(d)
    if not chosen:
        return []
    try:
        recordings = system.app.save(*chosen)
    except IntegrityError:
        raise DomainError("有公开记录正被他人同时修改，请刷新后重试") from None
    last = recordings[-1].notification.id if recordings else None
    return [Outcome(d.id, last) for d in chosen]


# -- the calendar ----------------------------------------------------------------------------
def record_schedule(system: System, actor: Actor, command_id: str, *, year: int, holidays: list[date],
                    workdays: list[date], notice: str, reason: str = "") -> Outcome:
    """Record (or revise, with a reason) a year's holiday schedule; this process counts with
    it at once, the projector recounts the provisional deadlines."""
    sid = HolidaySchedule.create_id(year=year)
    if system.app.exists(sid):
        outcome = system.app.command(HolidaySchedule, sid, "revise", actor, command_id, holidays=holidays,
                                     workdays=workdays, notice=notice, reason=reason)
    else:
        outcome = system.app.create(HolidaySchedule, HolidaySchedule.record, actor, command_id, year=year,
                                    holidays=holidays, workdays=workdays, notice=notice)
    calendar.record_schedule(system.app.load(HolidaySchedule, sid).schedule)
    return outcome


# -- the special list ------------------------------------------------------------------------
def decide_special_list(system: System, actor: Actor, command_id: str, *, jurisdiction: str, year: int,
                        reference: str, meeting_on: date, units: list[dict], today: date) -> Outcome:
    """Record the meeting's decision and, in the same transaction, list each unit it names as
    special for the year (a unit already listed so is left as it is)."""
    rid = SpecialReview.create_id(jurisdiction=jurisdiction, year=year)
    if system.app.exists(rid):
        existing = system.app.load(SpecialReview, rid)
        if existing.has_applied(command_id):
            return Outcome(rid, None)
        raise AlreadyExistsError(f"{year}年度的联审会决定已登记（{existing.reference}）")
    system.app._require_jurisdictions(jurisdiction)
    review_ = SpecialReview.decide(jurisdiction=jurisdiction, year=year, reference=reference,
                                   meeting_on=meeting_on, units=units, today=today, **actor.by(command_id))
    changed = []
    for n, unit in enumerate(review_.units, 1):
        target = system.app.load(Target, UUID(unit["target_id"]))
        try:
            target.change_category(category="special", year=year, basis=review_.basis,
                                   special_criteria=unit["criteria"],
                                   reason=f"{year}年度特殊监管对象联审会决定（{review_.reference}）",
                                   **actor.by(f"{command_id}:{n}"))
        except NoChangeError:
            continue
        except DomainError as error:
            raise DomainError(f"{target.name}：{error}") from None
        changed.append(target)
    try:
        recordings = system.app.save(review_, *changed)
    except IntegrityError:
        raise DomainError("名录正被他人同时修改，请稍后重试") from None
    return Outcome(rid, recordings[-1].notification.id)


# -- reports of data errors ------------------------------------------------------------------
def submit_correction(system: System, command_id: str, *, target_id: UUID, subject: str, details: str,
                      contact: str, today: date) -> Outcome:
    """A report from the public page: its id comes from the form's command id, so a form
    sent twice makes one report."""
    cid = Correction.create_id(command_id=command_id)
    if system.app.exists(cid):
        return Outcome(cid, None)
    target = system.app.load(Target, target_id)
    made = Correction.submit(target_id=target_id, jurisdiction=target.jurisdiction, subject=subject,
                             details=details, contact=contact, submitted_on=today, **PUBLIC.by(command_id))
    return Outcome(made.id, system.app.save(made)[-1].notification.id)
