"""Draws through the real store, as a supervisor runs them and a reviewer checks them."""

from datetime import date
from uuid import UUID

import pytest
from sqlalchemy import select

from domain import sampling
from domain.base import Actor, DomainError
from domain.credit_code import make_credit_code
from domain.inspectors import Inspector
from domain.plan_rules import DEFAULT_RULES
from domain.plans import SamplingPlan
from domain.targets import Target
from projections.tables import plans, tasks
from tests.support.history import credit_code
from workers import draws

BOSS = Actor("zhidui", "supervisor")
WITNESS = {"kind": "witness", "format": r"\d{6}", "description": "现场见证人摇号6位数字"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request):
    """One county, its brigade of four officers, 40 general, 8 key and 6 special units."""
    s = request.getfixturevalue("system" if request.param == "sqlite" else "pg_system")
    app = s.app
    app.register_jurisdiction(BOSS, "j0", code="650000", name="新疆", level="province", parent=None)
    app.register_jurisdiction(BOSS, "j1", code="652300", name="昌吉州", level="prefecture", parent="650000")
    app.register_jurisdiction(BOSS, "j2", code="652301", name="昌吉市", level="county", parent="652300")
    app.form_brigade(BOSS, "b", code="BR-652301", name="昌吉市分局执法大队", kind="brigade", jurisdiction="652301")
    officers = [app.register_inspector(BOSS, f"o{i}", name=f"执法员{i}", kind="officer", cert_no=f"3105009000{i}",
                                       cert_valid_until=date(2028, 1, 1), unit="BR-652301").aggregate_id for i in range(4)]
    units = []
    for i in range(54):
        category = "general" if i < 40 else ("key" if i < 48 else "special")
        extra = {} if category == "general" else {"category_year": 2026, "category_basis": "名录"}
        if category == "special":
            extra["special_criteria"] = ["刑事犯罪"]
        units.append(app.register_target(BOSS, f"t{i}", credit_code=credit_code(i), site="", name=f"企业{i:02d}",
                                         jurisdiction="652301", address="某路", category=category, **extra).aggregate_id)
    s.projector.catch_up()
    return s, officers, units


def new_plan(s, cid="p1", period="2026Q2", **overrides):
    fields = dict(title="昌吉市2026年第二季度抽查", period_kind="quarter", period=period, jurisdiction="652301",
                  level="county", brigades=["BR-652301"], rules=DEFAULT_RULES["county"], public_source=WITNESS)
    return s.app.create_plan(BOSS, cid, **{**fields, **overrides}).aggregate_id


def test_commit_execute_and_verify(world):
    s, officers, units = world
    plan_id = new_plan(s)
    shown = draws.preview(s, s.app.load(SamplingPlan, plan_id))["strata"]
    # key 8 × 25 % = 2; special 6 × 50 % = 3; general: 4 officers × 10 a year, a quarter of it = 10
    assert {k: v["minimum"] for k, v in shown.items()} == {"key": 2, "special": 3, "general": 10}
    draws.commit(s, plan_id, BOSS, "c1")
    draws.execute(s, plan_id, "406219", BOSS, "x1")
    plan = s.app.load(SamplingPlan, plan_id)
    assert {k: len(v) for k, v in plan.selected.items()} == {"key": 2, "special": 3, "general": 10}
    s.projector.catch_up()
    with s.engine.connect() as conn:
        made = conn.execute(select(tasks.c.officers, tasks.c.short).where(tasks.c.plan_id == plan_id.hex)).all()
    assert len(made) == 15 and all(len(o) == 2 and not short for o, short in made)
    assert sampling.verify_bundle(draws.bundle(s, plan_id)) == []


def test_no_second_draw_and_no_draw_before_commit(world):
    s, *_ = world
    plan_id = new_plan(s)
    with pytest.raises(DomainError, match="须先承诺"):
        draws.execute(s, plan_id, "406219", BOSS, "x0")
    draws.commit(s, plan_id, BOSS, "c1")
    draws.commit(s, plan_id, BOSS, "c1")  # the same command again: nothing happens
    with pytest.raises(DomainError, match="不能再次承诺"):
        draws.commit(s, plan_id, BOSS, "c2")
    with pytest.raises(DomainError, match="承诺后计划不可更改"):
        s.app.command(SamplingPlan, plan_id, "change_rules", BOSS, "r1", rules=DEFAULT_RULES["prefecture"], reason="改")
    head = s.app.recorder.max_notification_id()
    with pytest.raises(DomainError, match=r"公开随机数.*格式"):
        draws.execute(s, plan_id, "12ab", BOSS, "x1")
    assert s.app.recorder.max_notification_id() == head
    draws.execute(s, plan_id, "406219", BOSS, "x2")
    with pytest.raises(DomainError, match="已抽取"):
        draws.execute(s, plan_id, "999999", BOSS, "x3")
    s.projector.catch_up()
    overlapping = new_plan(s, cid="p2", period="2026-05", period_kind="month")
    with pytest.raises(DomainError, match="期间重叠"):
        draws.commit(s, overlapping, BOSS, "c3")


def test_a_pool_smaller_than_the_minimum_is_refused_until_acknowledged(world):
    s, *_ = world
    rules = {**DEFAULT_RULES["county"], "general": {**DEFAULT_RULES["county"]["general"], "per_officer": 100}}
    plan_id = new_plan(s, rules=rules)  # 4 officers × 100 / 4 = 100 general units; only 40 exist
    with pytest.raises(DomainError, match="可抽对象不足"):
        draws.commit(s, plan_id, BOSS, "c1")
    draws.commit(s, plan_id, BOSS, "c2", acknowledge_shortfall=True)
    draws.execute(s, plan_id, "406219", BOSS, "x1")
    assert len(s.app.load(SamplingPlan, plan_id).selected["general"]) == 40


def test_excluded_units_never_drawn_and_conflicted_officers_never_sent(world):
    s, officers, units = world
    for unit in units[:40]:
        s.app.command(Target, unit, "exclude_from_draws", BOSS, f"e{unit}", exclusion_reason="suspended", note="", reason="停产")
    for unit in units[40:]:
        for officer in officers[:2]:
            s.app.command(Inspector, officer, "declare_conflict", BOSS, f"d{unit}{officer}", target_id=unit, relation="亲属")
    s.projector.catch_up()
    plan_id = new_plan(s)
    draws.commit(s, plan_id, BOSS, "c1", acknowledge_shortfall=True)
    draws.execute(s, plan_id, "406219", BOSS, "x1")
    plan = s.app.load(SamplingPlan, plan_id)
    assert plan.selected["general"] == []
    s.projector.catch_up()
    with s.engine.connect() as conn:
        sent = conn.execute(select(tasks.c.officers).where(tasks.c.plan_id == plan_id.hex)).scalars().all()
    assert sent and all(set(o) == {officers[2].hex, officers[3].hex} for o in sent)


def test_too_few_officers_flags_the_task(world):
    s, officers, _ = world
    for officer in officers[1:]:
        s.app.command(Inspector, officer, "deactivate", BOSS, f"off{officer}", reason="借调")
    s.projector.catch_up()
    plan_id = new_plan(s)
    draws.commit(s, plan_id, BOSS, "c1")
    draws.execute(s, plan_id, "406219", BOSS, "x1")
    s.projector.catch_up()
    with s.engine.connect() as conn:
        flagged = conn.execute(select(tasks.c.short, tasks.c.shortage, tasks.c.officers)
                               .where(tasks.c.plan_id == plan_id.hex)).all()
    assert flagged and all(short and shortage and len(o) < 2 for short, shortage, o in flagged)


def test_replacement_is_the_next_in_rank_and_voiding_keeps_the_record(world):
    s, *_ = world
    plan_id = new_plan(s)
    draws.commit(s, plan_id, BOSS, "c1")
    draws.execute(s, plan_id, "406219", BOSS, "x1")
    plan = s.app.load(SamplingPlan, plan_id)
    gone = plan.selected["special"][0]
    expected = next(u for u in plan.result()["strata"]["special"]["order"] if u not in plan.selected["special"])
    draws.replace_unit(s, plan_id, gone, "已破产注销", BOSS, "r1")
    plan = s.app.load(SamplingPlan, plan_id)
    assert gone not in plan.selected["special"] and expected in plan.selected["special"]
    assert sampling.verify_bundle(draws.bundle(s, plan_id)) == []
    s.app.command(SamplingPlan, plan_id, "void", BOSS, "v1", reason="见证人未到场，程序不合规")
    s.projector.catch_up()
    bundle = draws.bundle(s, plan_id)
    assert bundle["voided"] and sampling.verify_bundle(bundle) == []
    with s.engine.connect() as conn:
        row = conn.execute(select(plans.c.state, plans.c.void_reason).where(plans.c.id == plan_id.hex)).one()
    assert tuple(row) == ("voided", "见证人未到场，程序不合规")
    with s.engine.connect() as conn:
        cancelled = conn.execute(select(tasks.c.state).where(tasks.c.target_id == gone)).scalar()
    assert cancelled == "cancelled"


def test_rotation_keeps_last_times_officers_away(world):
    s, officers, units = world
    first = new_plan(s, cid="q2")
    draws.commit(s, first, BOSS, "c1")
    draws.execute(s, first, "406219", BOSS, "x1")
    s.projector.catch_up()
    second = new_plan(s, cid="q3", period="2026Q3", title="第三季度")
    draws.commit(s, second, BOSS, "c2")
    draws.execute(s, second, "120045", BOSS, "x2")
    s.projector.catch_up()
    with s.engine.connect() as conn:
        rows = conn.execute(select(tasks.c.target_id, tasks.c.plan_id, tasks.c.officers)).all()
    before = {t: set(o) for t, p, o in rows if p == first.hex}
    again = [(t, set(o)) for t, p, o in rows if p == second.hex and t in before]
    assert again, "some unit must be drawn in both quarters for the test to mean anything"
    assert all(not (officers_now & before[t]) for t, officers_now in again)


def test_a_recusing_officer_is_replaced_by_the_next_in_rank(world):
    s, officers, units = world
    plan_id = new_plan(s)
    draws.commit(s, plan_id, BOSS, "c1")
    draws.execute(s, plan_id, "406219", BOSS, "x1")
    s.projector.catch_up()
    with s.engine.connect() as conn:
        task_id, sent = conn.execute(select(tasks.c.id, tasks.c.officers).where(tasks.c.plan_id == plan_id.hex)).first()
    task = UUID(task_id)
    record = draws.recuse(s, task, sent[0], "其配偶在该企业任职", BOSS, "rc1")
    from domain.tasks import InspectionTask

    now = s.app.load(InspectionTask, task)
    assert sent[0] not in now.officers and sent[1] in now.officers and len(now.officers) == 2
    assert len(now.draw_records) == 2
    assert sampling.verify_bundle(draws.bundle(s, plan_id)) == []
    with pytest.raises(DomainError, match="不是本任务抽中的检查人员"):
        draws.recuse(s, task, sent[0], "again", BOSS, "rc2")


def test_assistants_are_drawn_separately_when_asked(world):
    s, officers, units = world
    for i in range(3):
        s.app.register_inspector(BOSS, f"a{i}", name=f"监测站专家{i}", kind="assistant", cert_no=f"JC-2026-00{i}",
                                 cert_valid_until=None, unit="BR-652301")
    s.projector.catch_up()
    plan_id = new_plan(s, requested={"assistants": 1})
    draws.commit(s, plan_id, BOSS, "c1")
    draws.execute(s, plan_id, "406219", BOSS, "x1")
    s.projector.catch_up()
    from domain.tasks import InspectionTask

    with s.engine.connect() as conn:
        task_ids = conn.execute(select(tasks.c.id).where(tasks.c.plan_id == plan_id.hex)).scalars().all()
    for task_id in task_ids:
        task = s.app.load(InspectionTask, UUID(task_id))
        assert len(task.assistants) == 1 and len(task.officers) == 2
    assert sampling.verify_bundle(draws.bundle(s, plan_id)) == []
