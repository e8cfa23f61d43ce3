"""Read model of 一公开: each completed task's disclosure obligation and where it stands,
and the holiday schedules recorded by administrators.

A disclosure row is made when a task is completed (due: 20 working days later, provisional
when counted through a year with no known schedule); the Disclosure aggregate's events move
it along. When a year's schedule is recorded, every provisional due date — and every
provisional rectification deadline — is counted again with it."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from sqlalchemy import select

from domain import calendar
from domain.calendar import add_working_days, local_day
from domain.disclosure import DISCLOSURE_DAYS, Disclosure
from domain.holiday_schedule import HolidaySchedule
from domain.problems import Problem
from domain.tasks import InspectionTask

from .base import Batch, Projection
from .problems import disposition_row, summary
from .public_tables import calendar_years, disclosures
from .tables import dispositions, problems, tasks


def disclosure_id(task_id: str) -> str:
    return Disclosure.create_id(UUID(task_id)).hex


def _completed(batch: Batch, e: InspectionTask.Completed) -> None:
    task = batch.row(tasks, e.originator_id.hex)
    completed_on = e.completed_on or local_day(e.timestamp)
    due = add_working_days(completed_on, DISCLOSURE_DAYS)
    # A task is completed once (a reopened task returns to completed without a new event),
    # so the row is new: no read before the insert, which a rebuild would pay per task.
    batch.insert(disclosures, id=disclosure_id(task["id"]), task_id=task["id"], target_id=task["target_id"],
                 jurisdiction=task["jurisdiction"], jurisdiction_path=task["jurisdiction_path"],
                 category=task["category"] or "", origin=task["origin"], inspected_on=task["inspected_on"],
                 completed_on=completed_on, due=due.day, provisional=due.provisional, state="pending", phrase="",
                 text="", description="", reviewed_by="", reviewed_on=None, published_on=None, notice="",
                 on_time=None, withheld_ground="", withheld_reason="", withheld_by="", withheld_on=None,
                 updated_at=e.timestamp, version=0)


def _update(batch: Batch, e, **values) -> None:
    batch.update(disclosures, e.originator_id.hex, updated_at=e.timestamp, version=e.originator_version, **values)


def _reviewed(batch: Batch, e) -> None:
    _update(batch, e, state="reviewed", phrase=e.phrase, text=e.text, description=e.description,
            reviewed_by=e.actor_id, reviewed_on=local_day(e.timestamp))


def _published(batch: Batch, e: Disclosure.Published) -> None:
    row = batch.row(disclosures, e.originator_id.hex)
    _update(batch, e, state="published", published_on=e.published_on, notice=e.notice,
            on_time=e.published_on <= row["due"])


def _corrected(batch: Batch, e: Disclosure.Corrected) -> None:
    _update(batch, e, phrase=e.phrase, text=e.text, description=e.description)


def _withheld(batch: Batch, e: Disclosure.Withheld) -> None:
    _update(batch, e, state="withheld", withheld_ground=e.ground, withheld_reason=e.reason,
            withheld_by=e.decided_by, withheld_on=local_day(e.timestamp), on_time=None)


class PublicationProjection(Projection):
    name = "publication"
    tables = (calendar_years, disclosures)
    app = None  # set by the projector: provisional deadlines are counted again from the problems

    def __init__(self) -> None:
        self.handlers = {
            InspectionTask.Completed: _completed,
            Disclosure.Opened: lambda b, e: _update(b, e),
            Disclosure.Reviewed: _reviewed,
            Disclosure.Published: _published,
            Disclosure.Corrected: _corrected,
            Disclosure.Withheld: _withheld,
            HolidaySchedule.Recorded: self._schedule,
            HolidaySchedule.Revised: self._schedule,
        }

    def _schedule(self, batch: Batch, e) -> None:
        year = self.year_of(batch, e)
        values = {"holidays": [d.isoformat() for d in e.holidays], "workdays": [d.isoformat() for d in e.workdays],
                  "notice": e.notice, "recorded_by": e.actor_id, "recorded_at": e.timestamp,
                  "version": e.originator_version}
        if isinstance(e, HolidaySchedule.Recorded):
            batch.execute(calendar_years.insert().values(year=e.year, id=e.originator_id.hex, **values))
        else:
            batch.execute(calendar_years.update().where(calendar_years.c.year == year).values(**values))
        calendar.record_schedule(calendar.Schedule(year, frozenset(e.holidays),
                                                   frozenset(e.workdays)))
        self.recount(batch)

    @staticmethod
    def year_of(batch: Batch, e) -> int:
        if isinstance(e, HolidaySchedule.Recorded):
            return e.year
        return batch.execute(select(calendar_years.c.year).where(calendar_years.c.id == e.originator_id.hex)).scalar()

    def recount(self, batch: Batch) -> None:
        """Count every provisional due date and rectification deadline again."""
        for r in batch.execute(select(disclosures.c.id, disclosures.c.completed_on, disclosures.c.published_on)
                               .where(disclosures.c.provisional.is_(True))).all():
            due = add_working_days(r.completed_on, DISCLOSURE_DAYS)
            values = {"due": due.day, "provisional": due.provisional}
            if r.published_on is not None:
                values["on_time"] = r.published_on <= due.day
            batch.execute(disclosures.update().where(disclosures.c.id == r.id).values(**values))
        if self.app is None:
            return
        affected = batch.execute(select(dispositions.c.problem_id).where(dispositions.c.provisional.is_(True))
                                 .distinct()).scalars().all()
        for pid in affected:
            problem = self.app.repository.get(UUID(pid))
            assert isinstance(problem, Problem)
            batch.execute(problems.update().where(problems.c.id == pid).values(**_deadlines(summary(problem))))
            for d in problem.dispositions.values():
                row = disposition_row(d)
                batch.execute(dispositions.update().where(dispositions.c.id == f"{pid}:{d.id}")
                              .values(deadline=row["deadline"], provisional=row["provisional"]))


def _deadlines(values: dict) -> dict:
    return {"dispositions": values["dispositions"], "next_deadline": values["next_deadline"],
            "closed_on_time": values["closed_on_time"]}


def schedules(conn) -> list[calendar.Schedule]:
    """The recorded schedules, for `domain.calendar.use_schedules` when a process starts."""
    return [calendar.Schedule(r.year, frozenset(date.fromisoformat(d) for d in r.holidays),
                              frozenset(date.fromisoformat(d) for d in r.workdays))
            for r in conn.execute(select(calendar_years))]
