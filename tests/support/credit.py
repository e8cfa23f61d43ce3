"""The demo's penalty and more penalties on its unit, for the credit record's tests (the
integration tests of credit_entries and the public unit and penalty pages)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest
from sqlalchemy import select

from domain.base import Actor
from domain.problems import Problem
from projections.public_tables import credit_entries
from tests.support.casework import inspected_task
from workers import casework
from workers.demo.load import load_demo

DEMO_DECISION = "昌州环罚〔2026〕27号"
DEMO_UNIT = "新疆荣隆铁合金有限责任公司"
DEMO_CODE = "91652302MAA0DB487F"
BOSS, ZHANG = Actor("zhidui", "supervisor"), Actor("zhang", "inspector")
DAY = date(2026, 11, 21)


def loaded(s):
    load_demo(s, "default", echo=lambda *_: None)
    s.projector.catch_up()
    return s


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo(request):
    return loaded(request.getfixturevalue("system" if request.param == "sqlite" else "pg_system"))


@pytest.fixture
def demo_app(system, app):
    """The demo and the web app over it (SQLite), for the command line."""
    loaded(system)
    return app


def entry_rows(s) -> list[dict]:
    s.projector.catch_up()
    with s.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(credit_entries).order_by(credit_entries.c.decided_on)).mappings()]


def demo_unit(s) -> tuple[UUID, str]:
    """The unit of the demo's penalty and its jurisdiction code."""
    row = next(r for r in entry_rows(s) if r["decision_no"] == DEMO_DECISION)
    return UUID(row["target_id"]), row["jurisdiction_path"].rstrip("/").rsplit("/", 1)[-1]


def penalise(s, cid: str, *, fine: str, decision_no: str, decided_on: date = date(2026, 11, 18),
             facts: str = "危险废物贮存间未做防渗") -> UUID:
    """A new task on the demo's penalised unit, a problem found, a case opened and decided."""
    unit, place = demo_unit(s)
    app = s.app
    task = inspected_task(s, unit, f"{cid}-task", jurisdiction=place, today=DAY, reference=f"12369-{cid}",
                          findings=facts)
    problem = casework.record_problem(s, task, ZHANG, f"{cid}p", description=facts, category="hazardous_waste",
                                      legal_basis="《固体废物污染环境防治法》第七十九条", found_on=date(2026, 11, 10),
                                      today=DAY).aggregate_id
    app.command(Problem, problem, "open_case", BOSS, f"{cid}c", case_no=f"昌州环立〔2026〕{cid}号", today=DAY,
                opened_on=date(2026, 11, 11))
    app.command(Problem, problem, "decide_penalty", BOSS, f"{cid}pen", disposition_id="d1", decision_no=decision_no,
                issuing_body="昌吉回族自治州生态环境局", legal_basis="《固体废物污染环境防治法》第一百一十二条",
                fine=Decimal(fine), other_sanctions=["警告"], decided_on=decided_on, today=DAY)
    return problem


def revise(s, problem: UUID, *, fine: str, decision_no: str) -> None:
    s.app.command(Problem, problem, "revise_decision", BOSS, f"{decision_no}-rev", disposition_id="d1",
                  via="hearing", decision_no=decision_no, fine=Decimal(fine), other_sanctions=["警告"],
                  reason="听证后变更罚款数额", decided_on=date(2026, 11, 20), today=DAY)
