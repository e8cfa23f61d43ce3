"""特殊监管对象 from the record (projections/special.py) on the demo: its 2026 stories give a
penalty of 250,000 yuan and a hazardous-waste case transferred to the police, so the 2027
proposal of 昌吉州 holds those two units with those reasons and their events; three 12369
complaints in 2026 add a unit (two do not, nor one of 2025); recording the meeting's
decision makes the units special for 2027 on the meeting's basis, in the directory and in
each unit's history; and `shuangsui special propose` prints and saves the same list."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import openpyxl
import pytest
from sqlalchemy import select

from domain.base import Actor, AlreadyExistsError
from domain.tasks import InspectionTask
from projections import special
from projections.scope import Scope
from projections.tables import history, targets
from tests.support.statistics import _inspect
from workers import publication
from workers.demo import stories
from workers.demo.load import load_demo

BOSS = Actor("zhidui", "supervisor")
CHANGJI, KORLA = Scope(("/650000/652300/",)), Scope(("/650000/652800/",))
CRIME, PENALTY, COMPLAINTS = "刑事犯罪", "行政处罚金额在20万元及以上", "信访投诉3次及以上"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo(request):
    """The demo on both stores: the queries compare dates and timestamps, which the two keep differently."""
    system = request.getfixturevalue("system" if request.param == "sqlite" else "pg_system")
    load_demo(system, "default", echo=lambda *_: None)
    system.projector.catch_up()
    return system


@pytest.fixture
def sqlite_demo(system):
    load_demo(system, "default", echo=lambda *_: None)
    system.projector.catch_up()
    return system


def story_unit(s, story: str) -> str:
    return s.app.load(InspectionTask, stories.task_id(story)).target_id.hex


def by_unit(s, scope: Scope, year: int) -> dict[str, special.Proposal]:
    with s.engine.connect() as conn:
        return {p.target_id: p for p in special.proposals(conn, scope, year)}


def test_the_demo_penalty_and_police_case_propose_their_units_for_2027(demo):
    found = by_unit(demo, CHANGJI, 2027)
    fined, dumped = story_unit(demo, "order-failed-penalty"), story_unit(demo, "hazardous-waste-police")
    assert set(found) == {fined, dumped}
    (penalty,) = found[fined].reasons[PENALTY]
    assert found[fined].criteria == [PENALTY]
    assert (penalty.kind, penalty.id, penalty.on, penalty.number, penalty.amount) == (
        "problem", stories.problem_id("order-failed-penalty").hex, date(2026, 9, 25), "昌州环罚〔2026〕27号",
        Decimal("250000.00"))
    assert penalty.record == f"/record/problem/{penalty.id}"
    (crime,) = found[dumped].reasons[CRIME]
    assert found[dumped].criteria == [CRIME]
    assert (crime.id, crime.on, crime.number) == (stories.problem_id("hazardous-waste-police").hex,
                                                  date(2026, 9, 8), "昌州环移〔2026〕4号")
    with demo.engine.connect() as conn:
        row = conn.execute(select(targets).where(targets.c.id == fined)).mappings().one()
    assert (found[fined].name, found[fined].credit_code, found[fined].category) == (
        row["name"], row["credit_code"], row["category"])
    # the year before's record only: nothing of 2026 proposes for 2026 or 2028; not Korla's list
    assert by_unit(demo, CHANGJI, 2026) == {} and by_unit(demo, CHANGJI, 2028) == {}
    assert by_unit(demo, KORLA, 2027) == {}


def _complaint(s, unit: dict, officers: list[str], n: int, day: date | None) -> UUID:
    made = s.app.create_targeted_task(BOSS, f"t-complaint-{n}", origin="complaint", target_id=UUID(unit["id"]),
                                      jurisdiction=unit["jurisdiction"], due=date(2026, 11, 30),
                                      reference=f"12369-2026-{n:04d}").aggregate_id
    s.app.command(InspectionTask, made, "assign_officers", BOSS, f"t-complaint-{n}:assign", officers=officers,
                  reason="12369投诉办理")
    if day is not None:
        _inspect(s, made, day, f"t-complaint-{n}")
    return made


def test_three_complaints_of_the_year_before_propose_the_unit(demo):
    with demo.engine.connect() as conn:
        unit = dict(conn.execute(select(targets.c.id, targets.c.jurisdiction).where(
            targets.c.jurisdiction == "652301", targets.c.category == "general",
            targets.c.positive_list.is_(False), targets.c.exclusion_reason.is_(None))
            .order_by(targets.c.credit_code).limit(1)).mappings().one())
        officers = stories._officers(conn, stories.CITY_BRIGADE, stories.TODAY)
    made = [_complaint(demo, unit, officers, 1, date(2026, 3, 2)), _complaint(demo, unit, officers, 2, date(2026, 6, 9))]
    demo.projector.catch_up()
    assert unit["id"] not in by_unit(demo, CHANGJI, 2027)  # two complaints are not enough
    made.append(_complaint(demo, unit, officers, 3, date(2026, 10, 12)))
    demo.projector.catch_up()
    proposal = by_unit(demo, CHANGJI, 2027)[unit["id"]]
    assert proposal.criteria == [COMPLAINTS]
    events = proposal.reasons[COMPLAINTS]
    assert [(e.kind, e.id, e.on, e.number) for e in events] == [
        ("task", made[0].hex, date(2026, 3, 2), "12369-2026-0001"), ("task", made[1].hex, date(2026, 6, 9), "12369-2026-0002"),
        ("task", made[2].hex, date(2026, 10, 12), "12369-2026-0003")]
    assert unit["id"] not in by_unit(demo, CHANGJI, 2026)  # they count for the year after theirs only


def test_a_complaint_not_yet_inspected_counts_on_the_day_it_was_entered_in_shanghai():
    assert special.complaint_day(date(2026, 5, 1), datetime(2027, 2, 1, 3)) == date(2026, 5, 1)
    # stored without a zone (SQLite): UTC; 17:00 UTC on 31 December is 1 January in Shanghai
    assert special.complaint_day(None, datetime(2026, 12, 31, 17, 0)) == date(2027, 1, 1)
    assert special.complaint_day(None, datetime(2026, 12, 31, 15, 59)) == date(2026, 12, 31)


def test_recording_the_decision_makes_the_units_special_for_2027(demo):
    with demo.engine.connect() as conn:
        proposed = special.proposals(conn, CHANGJI, 2027)
    units = [{"target_id": p.target_id, "criteria": p.criteria} for p in proposed]
    outcome = publication.decide_special_list(demo, BOSS, "t-decide", jurisdiction="652300", year=2027,
                                              reference="昌州环联审〔2026〕5号", meeting_on=date(2026, 11, 20),
                                              units=units, today=date(2026, 11, 21))
    demo.projector.catch_up()
    with demo.engine.connect() as conn:
        rows = {r["id"]: r for r in conn.execute(select(targets).where(
            targets.c.id.in_([u["target_id"] for u in units]))).mappings()}
        changes = conn.execute(select(history.c.stream_id, history.c.basis, history.c.payload).where(
            history.c.stream_id.in_(list(rows)), history.c.event == "CategoryChanged")).mappings().all()
        decided = special.decision(conn, "652300", 2027)
    basis = "2026年11月20日联审会（昌州环联审〔2026〕5号）"
    for unit in units:
        row = rows[unit["target_id"]]
        assert (row["category"], row["category_year"], row["category_basis"], row["special_criteria"]) == (
            "special", 2027, basis, unit["criteria"])
    assert sorted((c["stream_id"], c["basis"], c["payload"]["previous"]) for c in changes) == sorted(
        (u["target_id"], basis, "key") for u in units)
    assert decided["id"] == outcome.aggregate_id.hex and decided["reference"] == "昌州环联审〔2026〕5号"
    assert decided["decided_by"] == "zhidui" and decided["recorded_at"] is not None
    assert {u["target_id"]: (u["name"], u["category"]) for u in decided["units"]} == {
        i: (r["name"], "special") for i, r in rows.items()}
    with pytest.raises(AlreadyExistsError, match="2027年度的联审会决定已登记"):
        publication.decide_special_list(demo, BOSS, "t-decide-2", jurisdiction="652300", year=2027,
                                        reference="重复", meeting_on=date(2026, 11, 20), units=units,
                                        today=date(2026, 11, 21))


def test_the_command_prints_and_saves_the_list(sqlite_demo, app, tmp_path):
    demo = sqlite_demo  # the app of the tests runs on the SQLite store
    from webapp.cli_special import special_group

    runner = app.test_cli_runner()
    out_json, out_xlsx = tmp_path / "list.json", tmp_path / "list.xlsx"
    result = runner.invoke(special_group, ["propose", "--year", "2027", "--jurisdiction", "昌吉州", "-o", str(out_json)])
    assert result.exit_code == 0, result.output
    assert "昌吉州2027年度特殊监管对象建议名单（依据2026年度记录）：2家" in result.output
    assert "纳入原因：行政处罚金额在20万元及以上" in result.output and "纳入原因：刑事犯罪" in result.output
    assert "昌州环罚〔2026〕27号（2026-09-25，罚款250,000.00元）" in result.output
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert {u["target_id"] for u in data["units"]} == {story_unit(demo, "order-failed-penalty"),
                                                       story_unit(demo, "hazardous-waste-police")}
    assert any(e["amount"] == "250000.00" for u in data["units"] for e in u["reasons"].get(PENALTY, []))
    result = runner.invoke(special_group, ["propose", "--year", "2027", "--jurisdiction", "652300", "-o", str(out_xlsx)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out_xlsx).active
    assert sheet["A2"].value == "序号" and sheet["F2"].value == "纳入原因"
    assert sorted(sheet.cell(r, 6).value for r in (3, 4)) == sorted([CRIME, PENALTY])
    bad = runner.invoke(special_group, ["propose", "--year", "2027", "--jurisdiction", "火星"])
    assert bad.exit_code == 2 and "辖区“火星”不存在" in bad.output
