"""Statutory working days and the holiday schedules an administrator records: counting
through the National Day week, a year the package does not know (provisional), recording
that year's schedule, and the schedules refused because they contradict themselves."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain import calendar
from domain.base import Actor, DomainError, NoChangeError
from domain.calendar import add_working_days, last_working_days, working_days_between
from domain.holiday_schedule import HolidaySchedule, check
from webapp.calendar_admin.days import parse_lines, ranges

ADMIN = Actor("admin", "admin")
NEW_YEAR_2027 = [date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)]
SPRING_2027 = [date(2027, 2, 5) + timedelta(days=n) for n in range(8)]  # Fri 5 Feb … Fri 12 Feb
CLASHING = [date(2027, 2, 7), date(2027, 2, 20)]  # Sunday 7 February is also a day of the holiday


@pytest.fixture(autouse=True)
def no_recorded_schedules():
    """The calendar keeps recorded schedules process-wide: start and end every test with none."""
    calendar.use_schedules([])
    yield
    calendar.use_schedules([])


# -- counting -----------------------------------------------------------------------------------------
def test_twenty_working_days_after_18_september_2026_is_22_october():
    assert add_working_days(date(2026, 9, 18), 20) == calendar.Deadline(date(2026, 10, 22), False)


def test_make_up_working_days_count_and_the_start_day_does_not():
    # 2026-09-20 (Sunday) is a make-up working day for the National Day week in the package.
    assert calendar.is_working_day(date(2026, 9, 20)) == (True, True)
    assert add_working_days(date(2026, 9, 18), 1).day == date(2026, 9, 20)
    assert add_working_days(date(2026, 9, 18), 0) == calendar.Deadline(date(2026, 9, 18), False)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 9, 18), -1)


def test_a_deadline_counted_into_2027_is_provisional():
    assert not calendar.published(2027) and not calendar.known(2027)
    deadline = add_working_days(date(2026, 12, 20), 20)
    assert deadline == calendar.Deadline(date(2027, 1, 15), True)  # 1 January counted as a working day
    assert add_working_days(date(2026, 12, 1), 5).provisional is False  # all in 2026


def test_recording_2027_makes_the_deadline_known_and_moves_it():
    calendar.record_schedule(check(2027, NEW_YEAR_2027, []))
    assert calendar.known(2027) and not calendar.published(2027)
    assert add_working_days(date(2026, 12, 20), 20) == calendar.Deadline(date(2027, 1, 18), False)
    calendar.use_schedules([])
    assert add_working_days(date(2026, 12, 20), 20).provisional


def test_working_days_between_counts_how_late():
    assert working_days_between(date(2026, 10, 22), date(2026, 10, 22)) == 0
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 9)) == 2  # 1–7 October off: the 8th and 9th
    assert working_days_between(date(2026, 10, 22), date(2026, 10, 20)) == 0


def test_the_last_five_working_days_of_a_quarter():
    assert last_working_days(date(2026, 9, 30), 5) == (date(2026, 9, 23), False)  # 25–27 September off


# -- contradictions refused -------------------------------------------------------------------------------
def test_a_day_both_off_and_worked_is_refused():
    with pytest.raises(DomainError, match="2027-02-07既登记为放假又登记为调休上班"):
        check(2027, SPRING_2027, CLASHING)


def test_a_weekday_make_up_day_is_refused():
    with pytest.raises(DomainError, match="调休上班日2027-02-15是星期一：调休上班只能安排在星期六或星期日"):
        check(2027, SPRING_2027, [date(2027, 2, 15)])


def test_a_date_outside_the_year_is_refused():
    with pytest.raises(DomainError, match="放假日期中的2026-12-31不在2027年内"):
        check(2027, [date(2026, 12, 31), *NEW_YEAR_2027], [])
    with pytest.raises(DomainError, match="调休上班日期中的2028-01-08不在2027年内"):
        check(2027, NEW_YEAR_2027, [date(2028, 1, 8)])


def test_empty_duplicate_and_impossible_schedules_are_refused():
    with pytest.raises(DomainError, match="放假日期不能为空"):
        check(2027, [], [])
    with pytest.raises(DomainError, match="重复"):
        check(2027, [date(2027, 1, 1), date(2027, 1, 1)], [])
    with pytest.raises(DomainError, match="年份须为2000至2100"):
        check(1999, [date(1999, 1, 1)], [])


# -- the HolidaySchedule record ------------------------------------------------------------------------------
def test_recording_a_year_remembers_the_notice_and_who():
    s = HolidaySchedule.record(year=2027, holidays=[*NEW_YEAR_2027, *SPRING_2027], workdays=[date(2027, 2, 20)],
                               notice="国办发明电〔2026〕7号", **ADMIN.by("c1"))
    assert s.schedule == calendar.Schedule(2027, frozenset([*NEW_YEAR_2027, *SPRING_2027]),
                                           frozenset([date(2027, 2, 20)]))
    event = s.collect_events()[0]
    assert (event.actor_id, event.notice) == ("admin", "国办发明电〔2026〕7号")


def test_a_notice_is_required_and_a_revision_needs_a_reason():
    with pytest.raises(DomainError, match="发布文件（通知文号）不能为空"):
        HolidaySchedule.record(year=2027, holidays=NEW_YEAR_2027, workdays=[], notice=" ", **ADMIN.by("c1"))
    s = HolidaySchedule.record(year=2027, holidays=NEW_YEAR_2027, workdays=[], notice="国办发明电〔2026〕7号",
                               **ADMIN.by("c1"))
    with pytest.raises(NoChangeError):
        s.revise(holidays=NEW_YEAR_2027, workdays=[], notice="国办发明电〔2026〕7号", reason="核对", **ADMIN.by("c2"))
    with pytest.raises(DomainError, match="变更理由不能为空"):
        s.revise(holidays=[date(2027, 1, 1)], workdays=[], notice="国办发明电〔2026〕7号", reason="", **ADMIN.by("c3"))
    s.revise(holidays=[date(2027, 1, 1)], workdays=[], notice="国办发明电〔2026〕8号", reason="通知更正",
             **ADMIN.by("c4"))
    assert s.holidays == [date(2027, 1, 1)] and s.notice == "国办发明电〔2026〕8号"


def test_recording_what_the_package_already_says_is_no_change():
    off, worked, day = [], [], date(2026, 1, 1)
    while day.year == 2026:
        working = calendar.is_working_day(day)[0]
        if day.weekday() < 5 and not working:
            off.append(day)
        elif day.weekday() >= 5 and working:
            worked.append(day)
        day += timedelta(days=1)
    with pytest.raises(NoChangeError, match="2026年的安排与已发布的日历完全一致"):
        HolidaySchedule.record(year=2026, holidays=off, workdays=worked, notice="国办发明电〔2025〕7号",
                               **ADMIN.by("c1"))


# -- dates as typed ------------------------------------------------------------------------------------------
def test_dates_and_ranges_as_typed_and_shown_back():
    typed = ["2027-01-01至2027-01-03", "2027-02-05~2027-02-12", "2027-04-05、2027-05-01～2027-05-05"]
    days = parse_lines(typed)
    assert days[:3] == NEW_YEAR_2027 and len(days) == 3 + 8 + 1 + 5
    assert ranges(days) == ["2027-01-01至2027-01-03", "2027-02-05至2027-02-12", "2027-04-05",
                            "2027-05-01至2027-05-05"]


@pytest.mark.parametrize("line, why", [
    ("2027-02-30", "不是有效日期"), ("2027-01-03至2027-01-01", "范围的结束日期早于开始日期"),
    ("2027-01-01至2027-03-31", "范围超过60天"), ("2027-01-01至至2027-01-02", "应为一个日期或一个日期范围"),
])
def test_a_bad_line_is_named(line, why):
    with pytest.raises(ValueError, match=f"放假日期第2行“{line}”{why}"):
        parse_lines(["2027-01-01", line], "放假日期")
