"""Statutory working days (法定工作日), with the State Council's holidays and make-up days.

Every rule that counts working days goes through `add_working_days`. Published years come
from the maintained `chinesecalendar` package; a year it does not know yet is counted
Monday to Friday and the result is marked provisional (暂定) until its schedule is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar


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
