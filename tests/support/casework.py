"""Casework the integration tests share: a county with one unit (`world`, on SQLite and on
PostgreSQL), the actors, and a targeted task taken up to its inspection record."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.base import Actor
from domain.checklists import items
from domain.tasks import InspectionTask
from tests.support.history import credit_code

BOSS = Actor("zhidui", "supervisor")
ZHANG, LI = Actor("zhang", "inspector"), Actor("li", "inspector")
TODAY = date(2026, 11, 20)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request):
    s = request.getfixturevalue("system" if request.param == "sqlite" else "pg_system")
    app = s.app
    app.register_jurisdiction(BOSS, "j0", code="650000", name="新疆", level="province", parent=None)
    app.register_jurisdiction(BOSS, "j1", code="652301", name="昌吉市", level="county", parent="650000")
    unit = app.register_target(BOSS, "t", credit_code=credit_code(1), site="", name="昌吉市某化工有限公司",
                               jurisdiction="652301", address="工业园1号").aggregate_id
    s.projector.catch_up()
    return s, unit


def inspected_task(s, unit: UUID, cid: str = "task1", *, jurisdiction: str = "652301",
                   on: date = date(2026, 11, 10), today: date = TODAY, due: date = date(2026, 12, 31),
                   reference: str = "12369-2026-00871", findings: str = "危废贮存间无防渗") -> UUID:
    """A complaint task on `unit`, assigned to zhang and li, dispatched, accepted and inspected on `on`."""
    app = s.app
    task = app.create_targeted_task(BOSS, cid, origin="complaint", target_id=unit, jurisdiction=jurisdiction,
                                    due=due, reference=reference).aggregate_id
    app.command(InspectionTask, task, "assign_officers", BOSS, f"{cid}a", officers=["zhang", "li"], reason="指派")
    app.command(InspectionTask, task, "dispatch", BOSS, f"{cid}d")
    app.command(InspectionTask, task, "accept", ZHANG, f"{cid}z", officer_id="zhang")
    app.command(InspectionTask, task, "record_inspection", ZHANG, f"{cid}r", officer_id="zhang",
                form="污染源现场检查记录表", on_site=True, present=["zhang", "li"], representative="环保负责人",
                production_status="正常生产", checklist={i: "ok" for i in items()}, data_sources=[], approval="",
                findings=findings, inspected_on=on, today=today)
    return task
