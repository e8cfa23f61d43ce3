"""A quarter of casework written with real commands, and the statistics counted from its
rows one by one: shared by the statistics tests (integration) and the statistics pages (e2e)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal
from uuid import UUID

from sqlalchemy import select

from domain.base import Actor
from domain.checklists import items
from domain.plan_rules import DEFAULT_RULES
from domain.problems import Problem
from domain.targets import Target
from domain.tasks import InspectionTask
from projections.tables import dispositions, plans, problems, tasks
from tests.support.history import credit_code
from workers import casework, draws

BOSS = Actor("zhidui", "supervisor")
TODAY = date(2026, 11, 20)
Q3 = (date(2026, 7, 1), date(2026, 9, 30))
WITNESS = {"kind": "witness", "format": r"\d{6}", "description": "现场见证人摇号6位数字"}
FINES = (Decimal("12345.67"), Decimal("0.05"))  # decided in Q3; 100.00 is decided in Q4
RANDOM = ("random", "random_record")


def build_quarter(s) -> dict:
    """The history; returns the ids a test looks at."""
    app, ids = s.app, {}
    app.register_jurisdiction(BOSS, "j0", code="650000", name="新疆维吾尔自治区", level="province", parent=None)
    app.register_jurisdiction(BOSS, "j1", code="652300", name="昌吉回族自治州", level="prefecture", parent="650000")
    app.register_jurisdiction(BOSS, "j2", code="652301", name="昌吉市", level="county", parent="652300")
    app.register_jurisdiction(BOSS, "j3", code="652302", name="阜康市", level="county", parent="652300")
    app.register_jurisdiction(BOSS, "j4", code="652800", name="巴音郭楞蒙古自治州", level="prefecture", parent="650000")
    app.form_brigade(BOSS, "b1", code="BR-652301", name="昌吉市分局执法大队", kind="brigade", jurisdiction="652301")
    app.form_brigade(BOSS, "b2", code="BR-652302", name="阜康市分局执法大队", kind="brigade", jurisdiction="652302")
    ids["officers"] = [app.register_inspector(BOSS, f"o{i}", name=f"执法员{i}", kind="officer",
                                              cert_no=f"3105009100{i}", cert_valid_until=date(2030, 1, 1),
                                              unit="BR-652301" if i < 4 else "BR-652302").aggregate_id.hex
                       for i in range(6)]
    n = 0
    for county, counts in (("652301", {"general": 12, "key": 4, "special": 2}), ("652302", {"general": 4, "key": 2})):
        for category, many in counts.items():
            for _ in range(many):
                extra = {} if category == "general" else {"category_year": 2026, "category_basis": "2026年名录"}
                if category == "special":
                    extra["special_criteria"] = ["刑事犯罪"]
                made = app.register_target(BOSS, f"t{n}", credit_code=credit_code(n), site="", name=f"测试企业{n:02d}",
                                           jurisdiction=county, address=f"工业园{n}号", category=category, **extra)
                ids.setdefault(county, {}).setdefault(category, []).append(made.aggregate_id)
                n += 1
    excluded = app.register_target(BOSS, "t-x", credit_code=credit_code(99), site="", name="停产企业",
                                   jurisdiction="652301", address="工业园99号").aggregate_id
    app.command(Target, excluded, "exclude_from_draws", BOSS, "x1", exclusion_reason="suspended", note="",
                reason="长期停产")
    s.projector.catch_up()
    plan = app.create_plan(BOSS, "plan-q3", title="昌吉市2026年第三季度双随机抽查", period_kind="quarter",
                           period="2026Q3", jurisdiction="652301", level="county", brigades=["BR-652301"],
                           rules=DEFAULT_RULES["county"], public_source=WITNESS).aggregate_id
    draws.commit(s, plan, BOSS, "plan-q3:commit")
    draws.execute(s, plan, "406219", BOSS, "plan-q3:execute")
    s.projector.catch_up()
    with s.engine.connect() as conn:
        drawn = conn.execute(select(tasks.c.id, tasks.c.stratum).where(tasks.c.plan_id == plan.hex)
                             .order_by(tasks.c.target_id)).all()
    by_stratum: dict[str, list[UUID]] = {}
    for task_id, stratum in drawn:
        by_stratum.setdefault(stratum, []).append(UUID(task_id))
    ids.update(plan=plan, drawn=by_stratum)
    _work(s, ids)
    s.projector.catch_up()
    return ids


def _inspect(s, task: UUID, day: date, cid: str, *, on_site: bool = True) -> list[str]:
    app = s.app
    officers = list(app.load(InspectionTask, task).officers)
    app.command(InspectionTask, task, "dispatch", BOSS, f"{cid}:dispatch")
    for i, officer in enumerate(officers):
        app.command(InspectionTask, task, "accept", Actor(officer, "inspector"), f"{cid}:accept{i}", officer_id=officer)
    form = "污染源现场检查记录表" if on_site else "非现场检查记录表"
    app.command(InspectionTask, task, "record_inspection", Actor(officers[0], "inspector"), f"{cid}:record",
                officer_id=officers[0], form=form, on_site=on_site, present=officers, representative="环保负责人",
                production_status="正常生产", checklist={i: "ok" for i in items()} if on_site else {},
                data_sources=[] if on_site else ["自动监控"], approval="", findings="检查情况", inspected_on=day,
                today=TODAY)
    return officers


def _problem(s, task: UUID, day: date, cid: str, category: str = "air") -> UUID:
    officer = s.app.load(InspectionTask, task).officers[0]
    return casework.record_problem(s, task, Actor(officer, "inspector"), cid, description=f"问题{cid}",
                                   category=category, legal_basis="《环境保护法》", found_on=day,
                                   today=TODAY).aggregate_id


def _complete(s, task: UUID, cid: str) -> None:
    officer = s.app.load(InspectionTask, task).officers[0]
    casework.complete_task(s, task, officer, "检查完毕", Actor(officer, "inspector"), cid)


def _penalty(s, problem: UUID, cid: str, opened: date, decided: date, fine: Decimal, d: str) -> None:
    s.app.command(Problem, problem, "open_case", BOSS, f"{cid}:case", case_no=f"立{cid}", opened_on=opened,
                  today=TODAY)
    s.app.command(Problem, problem, "decide_penalty", BOSS, f"{cid}:decide", disposition_id=d,
                  decision_no=f"罚{cid}", issuing_body="昌吉州生态环境局", legal_basis="《大气污染防治法》",
                  fine=fine, other_sanctions=[], decided_on=decided, today=TODAY)


def _work(s, ids: dict) -> None:
    app, drawn = s.app, ids["drawn"]
    key, special, general = drawn["key"][0], drawn["special"][0], drawn["general"]
    # a key unit: an order left open past its deadline, and a penalty of 12345.67 in August
    _inspect(s, key, date(2026, 7, 10), "k")
    ids["penalised_problem"] = p1 = _problem(s, key, date(2026, 7, 10), "p1")
    app.command(Problem, p1, "order_rectification", BOSS, "p1:order", order_no="昌市环责改〔2026〕1号",
                requirements="限期整改", deadline=date(2026, 8, 10), ordered_on=date(2026, 7, 11), today=TODAY)
    _penalty(s, p1, "p1", date(2026, 7, 20), date(2026, 8, 20), FINES[0], "d2")
    _complete(s, key, "k:done")
    # a special unit: nothing found
    _inspect(s, special, date(2026, 8, 5), "s")
    _complete(s, special, "s:done")
    # general units: guidance acknowledged and closed; an off-site inspection with a 0.05 fine and a
    # seal-up; an inspection in October (Q4) with a fine of 100.00
    _inspect(s, general[0], date(2026, 8, 12), "g0")
    p2 = _problem(s, general[0], date(2026, 8, 12), "p2", "water")
    app.command(Problem, p2, "give_guidance", BOSS, "p2:guide", document_no="指导1号", content="加强管理",
                issued_on=date(2026, 8, 13), today=TODAY)
    app.command(Problem, p2, "acknowledge_guidance", BOSS, "p2:ack", disposition_id="d1",
                acknowledged_on=date(2026, 8, 20), today=TODAY)
    _complete(s, general[0], "g0:done")
    casework.close_problem(s, p2, "已按指导整改", BOSS, "p2:close")
    _inspect(s, general[1], date(2026, 9, 2), "g1", on_site=False)
    p3 = _problem(s, general[1], date(2026, 9, 2), "p3")
    _penalty(s, p3, "p3", date(2026, 9, 3), date(2026, 9, 30), FINES[1], "d1")
    app.command(Problem, p3, "take_coercive_measure", BOSS, "p3:seal", kind="seal_up", document_no="封1号",
                starts_on=date(2026, 9, 3), ends_on=date(2026, 9, 30), today=TODAY)
    _complete(s, general[1], "g1:done")
    _inspect(s, general[2], date(2026, 10, 2), "g2")
    p4 = _problem(s, general[2], date(2026, 10, 2), "p4")
    _penalty(s, p4, "p4", date(2026, 10, 3), date(2026, 10, 8), Decimal("100.00"), "d1")
    # 阜康市: a 12369 complaint about a key unit, transferred to the police
    complaint = app.create_targeted_task(BOSS, "c", origin="complaint", target_id=ids["652302"]["key"][0],
                                         jurisdiction="652302", due=date(2026, 9, 20),
                                         reference="12369-2026-0901").aggregate_id
    app.command(InspectionTask, complaint, "assign_officers", BOSS, "c:assign", officers=ids["officers"][4:],
                reason="12369投诉办理")
    _inspect(s, complaint, date(2026, 9, 1), "c")
    p5 = _problem(s, complaint, date(2026, 9, 1), "p5", "hazardous_waste")
    app.command(Problem, p5, "transfer_case", BOSS, "p5:transfer", receiving_body="阜康市公安局", kind="police",
                suspected_crime=True, document_no="移1号", transferred_on=date(2026, 9, 5), today=TODAY)
    ids.update(complaint=complaint, overdue_order=p1)


# -- what the test counts itself, from the rows -------------------------------------------------
def in_q3(day) -> bool:
    return day is not None and Q3[0] <= day <= Q3[1]


def expected_table(conn, path: str, plan_minimums: dict) -> dict[str, Counter]:
    """Per category, every figure counted row by row in Python."""
    task_rows = [r for r in conn.execute(select(tasks)).mappings() if r["jurisdiction_path"].startswith(path)]
    category_of = dict(conn.execute(select(tasks.c.id, tasks.c.category)).all())
    live = {r.id for r in conn.execute(select(plans.c.id).where(plans.c.state.in_(("committed", "executed")),
                                                                plans.c.period_start >= Q3[0],
                                                                plans.c.period_end <= Q3[1]))}
    counted: dict[str, Counter] = {}
    for r in task_rows:
        c = counted.setdefault(r["category"], Counter())
        c["drawn"] += r["origin"] == "random" and r["plan_id"] in live and r["state"] != "cancelled"
        if in_q3(r["inspected_on"]):
            c["inspected"] += 1
            c["on_site"] += r["on_site"] is True
            c["off_site"] += r["on_site"] is False
            c["targeted"] += r["origin"] not in RANDOM
    for r in conn.execute(select(problems)).mappings():
        if not r["jurisdiction_path"].startswith(path):
            continue
        c = counted.setdefault(category_of[r["task_id"]], Counter())
        c["problems"] += in_q3(r["found_on"])
        c["closed"] += r["state"] == "closed" and in_q3(r["closed_on"])
        c["closed_on_time"] += r["state"] == "closed" and in_q3(r["closed_on"]) and r["closed_on_time"] is True
    names = {"order": "orders", "guidance": "guidance", "case": "cases", "coercive": "coercive",
             "transfer": "transfers"}
    for r in conn.execute(select(dispositions)).mappings():
        if not r["jurisdiction_path"].startswith(path):
            continue
        c = counted.setdefault(category_of[r["task_id"]], Counter())
        if r["kind"] in names and in_q3(r["started_on"]):
            c[names[r["kind"]]] += 1
        if r["kind"] == "case" and in_q3(r["decided_on"]):
            c["penalties"] += 1
            c["fines_fen"] += r["fine_fen"]
    for category, n in plan_minimums.items():
        counted.setdefault(category, Counter())["minimum"] = n
    return counted


def add_readers(s) -> None:
    """The users the statistics and report pages are read by: supervisors of 昌吉州, 阜康市 and
    巴州, a reviewer of the region, and an inspector of the 昌吉市 brigade."""
    admin = Actor("cli", "admin")
    for username, role, where in (("zhidui", "supervisor", "652300"), ("qian", "supervisor", "652302"),
                                  ("bazhou", "supervisor", "652800"), ("jicha", "reviewer", "650000")):
        s.app.create_user(admin, f"u-{username}", username=username, display_name=username, role=role,
                          jurisdiction=where)
    s.app.create_user(admin, "u-officer", username="zhifa0", display_name="执法员0", role="inspector",
                      brigade="BR-652301")
    s.projector.catch_up()
