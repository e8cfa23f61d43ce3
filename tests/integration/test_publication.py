"""一公开 through the real store and the read tables, on SQLite and PostgreSQL: a completed
task owes a disclosure 20 working days later; review, publish (on time or late), withhold
(counted as withheld, not late), and the refusals that write nothing; a deadline counted
into 2027 is provisional until 2027's schedule is recorded, and then the projector counts
it again — the disclosure's due date, a published result's on-time mark, and a
rectification order's deadline in working days."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest
from sqlalchemy import select

from domain import calendar
from domain.base import Actor, DomainError
from domain.disclosure import Disclosure
from domain.problems import Problem
from projections import disclosure_views as dv
from projections.public_tables import calendar_years, disclosures
from projections.scope import EVERYTHING
from projections.system import load_schedules
from projections.tables import dispositions, problems
from tests.support.casework import BOSS, ZHANG, inspected_task, world  # noqa: F401 - world: (system, a unit of 昌吉市)
from webapp.calendar_admin.years import provisional_counts
from workers import casework, publication

ADMIN = Actor("admin", "admin")
SEPT_18 = date(2026, 9, 18)
DEC_20 = date(2026, 12, 20)
NEW_YEAR_2027 = [date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)]


@pytest.fixture(autouse=True)
def no_recorded_schedules():
    yield
    calendar.use_schedules([])  # the calendar is process-wide: leave no recorded 2027 behind


def inspected(s, unit, cid: str, on: date) -> UUID:
    return inspected_task(s, unit, cid, on=on, today=on, due=date(2027, 3, 31), reference=f"12369-{cid}",
                          findings="未见异常")


def completed(s, unit, cid: str, on: date) -> UUID:
    task = inspected(s, unit, cid, on)
    casework.complete_task(s, task, "zhang", "未发现问题", ZHANG, f"{cid}c", completed_on=on, today=on)
    return task


def row(s, task: UUID) -> dict:
    s.projector.catch_up()
    with s.engine.connect() as conn:
        return dict(conn.execute(select(disclosures).where(disclosures.c.task_id == task.hex)).mappings().one())


def reviewed(s, task: UUID, cid: str) -> None:
    publication.review(s, task, BOSS, f"{cid}-review", phrase="no_problem", description="")


# -- the obligation and its states -------------------------------------------------------------------
def test_a_completed_task_owes_a_disclosure_20_working_days_later(world):
    s, unit = world
    task = completed(s, unit, "a", SEPT_18)
    r = row(s, task)
    assert (r["due"], r["provisional"], r["state"], r["on_time"]) == (date(2026, 10, 22), False, "pending", None)
    assert r["completed_on"] == SEPT_18 and r["inspected_on"] == SEPT_18
    assert publication.proposed_phrase(s, task) == "no_problem"


def test_published_by_the_due_date_is_on_time_and_a_day_later_is_not(world):
    s, unit = world
    early, late = completed(s, unit, "a", SEPT_18), completed(s, unit, "b", SEPT_18)
    for task, cid in ((early, "a"), (late, "b")):
        reviewed(s, task, cid)
        assert publication.review(s, task, BOSS, f"{cid}-review", phrase="no_problem", description="").position is None
    assert row(s, early)["state"] == "reviewed" and row(s, early)["text"] == "未发现问题"
    publication.publish(s, [early], BOSS, "p1", published_on=date(2026, 10, 22), today=date(2026, 11, 20),
                        notice="2026年第四季度抽查结果公告")
    publication.publish(s, [late], BOSS, "p2", published_on=date(2026, 10, 23), today=date(2026, 11, 20))
    assert (row(s, early)["on_time"], row(s, early)["notice"]) == (True, "2026年第四季度抽查结果公告")
    assert row(s, late)["on_time"] is False and row(s, late)["state"] == "published"
    with s.engine.connect() as conn:
        (county,) = [r for r in dv.on_time_by_jurisdiction(conn, EVERYTHING, date(2026, 10, 1), date(2026, 12, 31),
                                                           date(2026, 11, 20)) if r["code"] == "652301"]
    assert (county["due"], county["published"], county["on_time"], county["overdue"], county["rate"]) == \
        (2, 2, 1, 0, 50.0)


def test_a_withheld_result_counts_as_withheld_not_late(world):
    s, unit = world
    held, forgotten = completed(s, unit, "a", SEPT_18), completed(s, unit, "b", SEPT_18)
    publication.withhold(s, held, BOSS, "w1", ground="public_security", reason="涉及危化品储存设施安全",
                         decided_by="局长 王某")
    r = row(s, held)
    assert (r["state"], r["withheld_ground"], r["withheld_by"], r["on_time"]) == \
        ("withheld", "public_security", "局长 王某", None)
    today = date(2026, 11, 20)  # both were due on 22 October
    with s.engine.connect() as conn:
        counts = dv.list_counts(conn, EVERYTHING, today)
        (county,) = [r for r in dv.on_time_by_jurisdiction(conn, EVERYTHING, date(2026, 10, 1), date(2026, 10, 31),
                                                           today) if r["code"] == "652301"]
        overdue = dv.listed(conn, EVERYTHING, "overdue", today)
    assert (counts["withheld"], counts["overdue"], counts["review"]) == (1, 1, 1)
    assert [o["task_id"] for o in overdue] == [forgotten.hex]
    assert (county["withheld"], county["overdue"], county["on_time"], county["rate"]) == (1, 1, 0, 0.0)


# -- refusals write nothing ---------------------------------------------------------------------------
def test_the_refusals_write_nothing(world):
    s, unit = world
    done, other = completed(s, unit, "a", SEPT_18), completed(s, unit, "b", SEPT_18)
    unfinished = inspected(s, unit, "c", SEPT_18)
    head = s.app.recorder.max_notification_id()
    with pytest.raises(DomainError, match="尚未经审核，不能公开"):
        publication.publish(s, [done], BOSS, "p", published_on=SEPT_18, today=date(2026, 11, 20))
    with pytest.raises(DomainError, match="不予公开的具体理由不能为空"):
        publication.withhold(s, done, BOSS, "w", ground="state_secret", reason="", decided_by="局长 王某")
    with pytest.raises(DomainError, match="任务尚未办结，不能公开检查结果"):
        publication.review(s, unfinished, BOSS, "r", phrase="no_problem", description="")
    assert s.app.recorder.max_notification_id() == head
    assert not s.app.exists(Disclosure.create_id(done))
    # One result not yet reviewed refuses the whole batch, the reviewed one included.
    reviewed(s, done, "a")
    head = s.app.recorder.max_notification_id()
    with pytest.raises(DomainError, match=f"任务{other.hex[:8]}的检查结果尚未经审核"):
        publication.publish(s, [done, other], BOSS, "p2", published_on=SEPT_18, today=date(2026, 11, 20))
    assert s.app.recorder.max_notification_id() == head and row(s, done)["state"] == "reviewed"


# -- a year the calendar did not know -------------------------------------------------------------------
def ordered_in_working_days(s, unit) -> UUID:
    """A problem found on 18 December, ordered on the 21st to be rectified in 20 working days."""
    task = inspected(s, unit, "o", date(2026, 12, 18))
    problem = casework.record_problem(s, task, ZHANG, "p1", description="危废贮存间未做防渗", category="hazardous_waste",
                                      legal_basis="《固体废物污染环境防治法》第七十九条", found_on=date(2026, 12, 18),
                                      today=date(2026, 12, 18)).aggregate_id
    casework.complete_task(s, task, "zhang", "发现问题1项", ZHANG, "oc", completed_on=date(2026, 12, 18),
                           today=date(2026, 12, 18))
    s.app.command(Problem, problem, "order_rectification", BOSS, "order", order_no="昌环责改〔2026〕30号",
                  requirements="完成防渗改造", today=date(2026, 12, 21), working_days=20, ordered_on=date(2026, 12, 21))
    return problem


def test_recording_2027_counts_the_provisional_deadlines_again(world):
    s, unit = world
    pending = completed(s, unit, "a", DEC_20)
    published = completed(s, unit, "b", DEC_20)
    problem = ordered_in_working_days(s, unit)
    reviewed(s, published, "b")
    publication.publish(s, [published], BOSS, "pub", published_on=date(2027, 1, 18), today=date(2027, 1, 18))
    # Counted Monday to Friday: 1 January 2027 a working day.
    assert (row(s, pending)["due"], row(s, pending)["provisional"]) == (date(2027, 1, 15), True)
    assert (row(s, published)["due"], row(s, published)["on_time"]) == (date(2027, 1, 15), False)
    with s.engine.connect() as conn:
        order = conn.execute(select(dispositions.c.deadline, dispositions.c.provisional)
                             .where(dispositions.c.problem_id == problem.hex)).one()
        # the two open disclosures (the order's task is completed too) and the order
        assert provisional_counts(conn) == {2027: 3}
    assert tuple(order) == (date(2027, 1, 18), True)

    publication.record_schedule(s, ADMIN, "cal-2027", year=2027, holidays=NEW_YEAR_2027, workdays=[],
                                notice="国办发明电〔2026〕7号")
    s.projector.catch_up()
    assert (row(s, pending)["due"], row(s, pending)["provisional"]) == (date(2027, 1, 18), False)
    assert (row(s, published)["due"], row(s, published)["on_time"]) == (date(2027, 1, 18), True)
    with s.engine.connect() as conn:
        order = conn.execute(select(dispositions.c.deadline, dispositions.c.provisional)
                             .where(dispositions.c.problem_id == problem.hex)).one()
        next_deadline = conn.execute(select(problems.c.next_deadline).where(problems.c.id == problem.hex)).scalar()
        year = conn.execute(select(calendar_years).where(calendar_years.c.year == 2027)).mappings().one()
        assert provisional_counts(conn) == {}
    assert tuple(order) == (date(2027, 1, 19), False) and next_deadline == date(2027, 1, 19)
    assert s.app.load(Problem, problem).disposition("d1").deadline == date(2027, 1, 19)
    assert (year["recorded_by"], year["notice"], year["holidays"]) == \
        ("admin", "国办发明电〔2026〕7号", [d.isoformat() for d in NEW_YEAR_2027])


def test_a_contradictory_schedule_is_refused_and_nothing_is_written(world):
    s, unit = world
    head = s.app.recorder.max_notification_id()
    for holidays, workdays, why in (
            (NEW_YEAR_2027, [date(2027, 1, 2)], "2027-01-02既登记为放假又登记为调休上班"),
            (NEW_YEAR_2027, [date(2027, 2, 8)], "是星期一"),
            ([date(2026, 12, 31)], [], "不在2027年内")):
        with pytest.raises(DomainError, match=why):
            publication.record_schedule(s, ADMIN, "bad", year=2027, holidays=holidays, workdays=workdays,
                                        notice="国办发明电〔2026〕7号")
    assert s.app.recorder.max_notification_id() == head
    assert not calendar.known(2027)


def test_reopening_the_store_brings_its_schedules_back(world):
    s, _unit = world
    publication.record_schedule(s, ADMIN, "cal-2027", year=2027, holidays=NEW_YEAR_2027, workdays=[],
                                notice="国办发明电〔2026〕7号")
    s.projector.catch_up()
    calendar.use_schedules([])
    load_schedules(s.engine)  # what open_system does
    assert calendar.known(2027) and calendar.add_working_days(DEC_20, 20).day == date(2027, 1, 18)
