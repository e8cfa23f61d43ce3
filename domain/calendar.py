"""Statutory working days (法定工作日), with the State Council's holidays and make-up days.

Every rule that counts working days goes through `add_working_days`. Published years come
from the maintained `chinesecalendar` package; a year it does not know yet is counted
Monday to Friday and the result is marked provisional (暂定) until its schedule is known.
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


def is_working_day(day: date) -> tuple[bool, bool]:
    """(is a working day, known from a published schedule)."""
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
