"""Statutory working days (法定工作日), with the State Council's holidays and make-up days.

Every rule that counts working days goes through `add_working_days`. Published years come
from the maintained `chinesecalendar` package. An administrator records a year's schedule
when the State Council announces it (domain/holiday_schedule.py, an event); the recorded
schedules are handed to this module (`use_schedules`) and take precedence over the package.
A year neither knows is counted Monday to Friday and the result is marked provisional (暂定)
until its schedule is recorded; the read side then recomputes what it counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

# The regime's days are Beijing days: an event stored at 23:30 UTC happened the next morning.
SHANGHAI = ZoneInfo("Asia/Shanghai")


def local_day(moment: datetime) -> date:
    return moment.astimezone(SHANGHAI).date()


@dataclass(frozen=True)
class Deadline:
    day: date
    provisional: bool  # counted through a year with no published holiday schedule


@dataclass(frozen=True)
class Schedule:
    """A year's holiday schedule as the State Council's notice gives it: the days off
    (法定节假日 and the weekdays of their 调休) and the weekend days worked (调休上班)."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]


# The schedules recorded in this store, by year. Replaced as a whole (an assignment is atomic),
# so a thread counting a deadline never sees half a schedule.
_recorded: dict[int, Schedule] = {}


def use_schedules(schedules: "list[Schedule] | tuple[Schedule, ...]") -> None:
    global _recorded
    _recorded = {s.year: s for s in schedules}


def record_schedule(schedule: Schedule) -> None:
    global _recorded
    _recorded = {**_recorded, schedule.year: schedule}


def published(year: int) -> bool:
    """Whether the package knows the year's schedule (a recorded one aside)."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
        return True
    except NotImplementedError:
        return False


def known(year: int) -> bool:
    return year in _recorded or published(year)


def is_working_day(day: date) -> tuple[bool, bool]:
    """(is a working day, known from a published schedule)."""
    schedule = _recorded.get(day.year)
    if schedule is not None:
        if day in schedule.workdays:
            return True, True
        return day.weekday() < 5 and day not in schedule.holidays, True
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def add_working_days(start: date, days: int) -> Deadline:
    """The date `days` working days after `start` (start itself not counted).

    20 working days after 2026-09-18 is 2026-10-22 (the National Day week is skipped)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day, provisional, left = start, False, days
    while left:
        day += timedelta(days=1)
        working, known = is_working_day(day)
        provisional = provisional or not known
        left -= working
    return Deadline(day, provisional)


def working_days_between(start: date, end: date) -> int:
    """How many working days come after `start` up to and including `end` (0 if end <= start):
    how late something due on `start` is on `end`, counted the way the rules count."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)[0]
    return count


def last_working_days(end: date, n: int) -> tuple[date, bool]:
    """The first of the last `n` working days up to and including `end` (the quarterly draw
    and the quarterly report fall in the last 5 working days of the quarter), and whether
    that was counted through an unpublished year."""
    day, left, provisional = end + timedelta(days=1), n, False
    while left:
        day -= timedelta(days=1)
        working, known_ = is_working_day(day)
        provisional = provisional or not known_
        left -= working
    return day, provisional
