"""The quarterly draw's window: the last five working days of the quarter before, counted
with the statutory calendar (holidays and make-up days), provisional in an unknown year."""

from datetime import date

from domain import calendar
from domain.plan_rules import draw_window


def test_the_window_skips_the_mid_autumn_holiday():
    # 2026-09-25 (Mid-Autumn) is off and 2026-09-27 a weekend: the five days are 23, 24, 28, 29, 30
    assert draw_window("quarter", date(2026, 10, 1)) == (date(2026, 9, 23), date(2026, 9, 30), False)


def test_a_window_in_a_year_without_a_published_schedule_is_provisional():
    calendar.use_schedules([])
    first, last, provisional = draw_window("quarter", date(2028, 1, 1))
    assert (last, provisional) == (date(2027, 12, 31), True)
    assert first == date(2027, 12, 27)  # Monday to Friday until the schedule is recorded


def test_only_quarterly_plans_have_a_window():
    assert draw_window("month", date(2026, 10, 1)) is None
    assert draw_window("year", date(2027, 1, 1)) is None
