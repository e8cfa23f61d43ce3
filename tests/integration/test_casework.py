"""Casework stories through the real store, on SQLite and PostgreSQL: a task is dispatched,
inspected and completed; its problem is followed until verified closed; then the task closes."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from domain.base import Actor, AlreadyExistsError, DomainError
from domain.problems import Problem
from domain.tasks import InspectionTask
from projections.tables import problems, tasks
from workers import casework

from tests.support.casework import BOSS, LI, TODAY, ZHANG, inspected_task, world  # noqa: F401 - world: fixture


def test_an_order_verified_on_the_first_reinspection_closes_problem_and_task(world):
    s, unit = world
    task = inspected_task(s, unit)
    problem = casework.record_problem(s, task, ZHANG, "p1", description="危险废物贮存间未做防渗", category="hazardous_waste",
                                      legal_basis="《固体废物污染环境防治法》第七十九条", found_on=date(2026, 11, 10),
                                      today=TODAY).aggregate_id
    casework.complete_task(s, task, "zhang", "发现问题1项，已责令改正", ZHANG, "done")
    s.app.command(Problem, problem, "order_rectification", BOSS, "o1", order_no="昌环责改〔2026〕12号",
                  requirements="30日内完成防渗改造", today=TODAY, working_days=20, ordered_on=date(2026, 11, 11))
    s.app.command(Problem, problem, "report_rectification", BOSS, "rep", disposition_id="d1", report="已完成防渗",
                  evidence=[{"sha256": "cd" * 32, "size": 10, "type": "image/jpeg", "name": "防渗.jpg"}],
                  reported_on=date(2026, 11, 18), today=TODAY)
    followup = casework.schedule_followup(s, problem, "d1", date(2026, 12, 10), ["zhang", "li"], BOSS, "f1", TODAY)
    s.projector.catch_up()
    with s.engine.connect() as conn:
        row = conn.execute(select(problems).where(problems.c.id == problem.hex)).mappings().one()
        origin = conn.execute(select(tasks.c.origin, tasks.c.state).where(tasks.c.id == followup.hex)).one()
    assert row["state"] == "open" and row["open_kinds"] == ["order"]
    assert row["next_deadline"] == date(2026, 12, 9)  # 20 working days after 11 November
    assert tuple(origin) == ("followup", "assigned")
    s.app.command(Problem, problem, "verify", BOSS, "v", disposition_id="d1", passed=True, note="防渗已完成",
                  verified_on=TODAY, today=TODAY)
    casework.close_problem(s, problem, "整改到位", BOSS, "close")
    s.projector.catch_up()
    assert s.app.load(InspectionTask, task).state == "closed"
    with s.engine.connect() as conn:
        assert conn.execute(select(problems.c.state).where(problems.c.id == problem.hex)).scalar() == "closed"


def test_a_task_with_nothing_found_closes_when_completed(world):
    s, unit = world
    task = inspected_task(s, unit)
    casework.complete_task(s, task, "zhang", "未发现问题", ZHANG, "done")
    assert s.app.load(InspectionTask, task).state == "closed"


def test_a_failed_order_ends_in_a_penalty_that_is_paid(world):
    s, unit = world
    task = inspected_task(s, unit)
    problem = casework.record_problem(s, task, ZHANG, "p1", description="废气超标排放", category="air",
                                      legal_basis="《大气污染防治法》第九十九条", found_on=date(2026, 11, 10),
                                      today=TODAY).aggregate_id
    app = s.app
    app.command(Problem, problem, "order_rectification", BOSS, "o1", order_no="昌环责改〔2026〕13号",
                requirements="限期达标", today=TODAY, deadline=date(2026, 11, 15), ordered_on=date(2026, 11, 10))
    casework.schedule_followup(s, problem, "d1", date(2026, 11, 30), ["zhang", "li"], BOSS, "f1", TODAY)
    app.command(Problem, problem, "verify", BOSS, "v", disposition_id="d1", passed=False, note="复查仍超标",
                verified_on=date(2026, 11, 16), today=TODAY)
    app.command(Problem, problem, "open_case", BOSS, "case", case_no="昌环立〔2026〕88号", today=TODAY,
                opened_on=date(2026, 11, 17))
    app.command(Problem, problem, "decide_penalty", BOSS, "pen", disposition_id="d2", decision_no="昌环罚〔2026〕41号",
                issuing_body="昌吉州生态环境局", legal_basis="《大气污染防治法》第九十九条", fine=Decimal("250000.00"),
                other_sanctions=["责令停产整治"], decided_on=date(2026, 11, 18), today=TODAY)
    with pytest.raises(AlreadyExistsError):  # a decision number is unique within its issuing body
        other = casework.record_problem(s, task, ZHANG, "p2", description="另一问题", category="air",
                                        legal_basis="x", found_on=date(2026, 11, 10), today=TODAY).aggregate_id
        app.command(Problem, other, "open_case", BOSS, "case2", case_no="昌环立〔2026〕89号", today=TODAY,
                    opened_on=date(2026, 11, 17))
        app.command(Problem, other, "decide_penalty", BOSS, "pen2", disposition_id="d1",
                    decision_no="昌环罚〔2026〕41号", issuing_body="昌吉州生态环境局", legal_basis="x",
                    fine=Decimal("1000"), other_sanctions=[], decided_on=date(2026, 11, 18), today=TODAY)
    app.command(Problem, problem, "record_execution", BOSS, "paid", disposition_id="d2",
                paid_or_executed_on=date(2026, 11, 19), amount_paid=Decimal("250000.00"), today=TODAY)
    s.projector.catch_up()
    with s.engine.connect() as conn:
        row = conn.execute(select(problems).where(problems.c.id == problem.hex)).mappings().one()
    assert row["special_criteria_hit"] and row["fines"] == "250000.00" and row["open_kinds"] == []
    casework.close_problem(s, problem, "处罚已执行", BOSS, "close")
    with pytest.raises(DomainError):
        app.command(Problem, problem, "open_case", BOSS, "late", case_no="x", today=TODAY)


def test_two_officers_saving_at_the_same_moment_both_succeed(world):
    """Zhang uploads a photo while Li attaches a scan to the same task: nothing is lost."""
    import threading

    s, unit = world
    task = inspected_task(s, unit)
    start = threading.Barrier(2)
    errors = []

    def attach(who: Actor, digest: str):
        start.wait()
        try:
            s.app.command(InspectionTask, task, "attach_evidence", who, f"ev-{who.user_id}", officer_id=who.user_id,
                          evidence={"sha256": digest, "size": 100, "type": "image/jpeg", "name": f"{who.user_id}.jpg"})
        except Exception as error:  # noqa: BLE001 - the assertion below shows it
            errors.append(error)

    threads = [threading.Thread(target=attach, args=(ZHANG, "a" * 64)), threading.Thread(target=attach, args=(LI, "b" * 64))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(e["name"] for e in s.app.load(InspectionTask, task).evidence) == ["li.jpg", "zhang.jpg"]
