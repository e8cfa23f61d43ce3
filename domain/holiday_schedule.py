"""A year's holiday schedule (节假日安排), recorded by an administrator when the State Council
announces it. Recording it is an event, so a reviewer can see who changed the calendar,
when, and on which notice; deadlines counted before it was known stay marked provisional
until then, and the read side recomputes them (projections/disclosures.py).

A schedule that contradicts itself is refused: a day both off and worked, a day outside
the year, a make-up working day (调休上班) that is not a Saturday or Sunday, a holiday
that is already a weekend day listed as worked."""

from __future__ import annotations

from datetime import date

from eventsourcing.domain import Aggregate, event

from . import calendar
from .base import DomainError, NoChangeError, Record, natural_id, require_reason, require_text

WEEKDAYS = "一二三四五六日"


def _days(values: object, label: str, year: int) -> list[date]:
    if not isinstance(values, (list, tuple, set, frozenset)):
        raise DomainError(f"{label}须逐日列出")
    days = []
    for value in values:
        if not isinstance(value, date):
            raise DomainError(f"{label}中的“{value}”不是日期")
        if value.year != year:
            raise DomainError(f"{label}中的{value}不在{year}年内")
        days.append(value)
    if len(set(days)) != len(days):
        raise DomainError(f"{label}中有重复的日期")
    return sorted(days)


def check(year: int, holidays: object, workdays: object) -> calendar.Schedule:
    """The schedule, or a DomainError naming the first contradiction."""
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise DomainError("年份须为2000至2100之间的整数")
    off = _days(holidays, "放假日期", year)
    worked = _days(workdays, "调休上班日期", year)
    if not off:
        raise DomainError("放假日期不能为空：至少登记一个法定节假日")
    both = sorted(set(off) & set(worked))
    if both:
        raise DomainError(f"{both[0]}既登记为放假又登记为调休上班，互相矛盾")
    weekday = [d for d in worked if d.weekday() < 5]
    if weekday:
        d = weekday[0]
        raise DomainError(f"调休上班日{d}是星期{WEEKDAYS[d.weekday()]}：调休上班只能安排在星期六或星期日")
    return calendar.Schedule(year, frozenset(off), frozenset(worked))


def same_as_published(schedule: calendar.Schedule) -> bool:
    """Whether the schedule changes nothing the calendar package already says for its year."""
    if not calendar.published(schedule.year):
        return False
    import chinese_calendar

    day = date(schedule.year, 1, 1)
    while day.year == schedule.year:
        mine = day in schedule.workdays or (day.weekday() < 5 and day not in schedule.holidays)
        if mine != chinese_calendar.is_workday(day):
            return False
        day = date.fromordinal(day.toordinal() + 1)
    return True


class HolidaySchedule(Record):
    @staticmethod
    def create_id(year: int, **_: object) -> object:
        return natural_id("holiday-schedule", str(year))

    class Recorded(Record.Event, Aggregate.Created):
        year: int
        holidays: list  # dates
        workdays: list  # dates
        notice: str  # the State Council notice it comes from (国办发明电〔…〕…号)

    @event(Recorded)
    def __init__(self, year: int, holidays: list, workdays: list, notice: str, actor_id: str, actor_role: str,
                 command_id: str) -> None:
        self.year, self.holidays, self.workdays, self.notice = year, list(holidays), list(workdays), notice
        self.command_ids = set()

    @classmethod
    def record(cls, *, year: int, holidays: list, workdays: list, notice: str, **by: str) -> "HolidaySchedule":
        schedule = check(year, holidays, workdays)
        if same_as_published(schedule):
            raise NoChangeError(f"{year}年的安排与已发布的日历完全一致，无需登记")
        return cls(year=year, holidays=sorted(schedule.holidays), workdays=sorted(schedule.workdays),
                   notice=require_text(notice, "发布文件（通知文号）", 200), **by)

    class Revised(Record.Event):
        holidays: list
        workdays: list
        notice: str
        reason: str

        def apply(self, s: "HolidaySchedule") -> None:
            s.holidays, s.workdays, s.notice = list(self.holidays), list(self.workdays), self.notice

    def revise(self, *, holidays: list, workdays: list, notice: str, reason: str, **by: str) -> None:
        schedule = check(self.year, holidays, workdays)
        if (sorted(schedule.holidays), sorted(schedule.workdays)) == (sorted(self.holidays), sorted(self.workdays)):
            raise NoChangeError(f"{self.year}年的放假和调休安排没有变化")
        self.trigger_event(self.Revised, holidays=sorted(schedule.holidays), workdays=sorted(schedule.workdays),
                           notice=require_text(notice, "发布文件（通知文号）", 200), reason=require_reason(reason), **by)

    @property
    def schedule(self) -> calendar.Schedule:
        return calendar.Schedule(self.year, frozenset(self.holidays), frozenset(self.workdays))
