"""A province-scale draw: 100,000 units, 5,000 picks, and two officers drawn for each of the
5,000 tasks from 2,000 officers, each step including the events it records; next to a bare
hash-rank of the same pool (HMAC-SHA256 of every id, then a sort) measured in the same run."""

from __future__ import annotations

import hashlib
import hmac
import time
from pathlib import Path

from domain.base import Actor
from domain.plan_rules import DEFAULT_RULES
from domain.plans import SamplingPlan
from projections.system import Settings, open_system
from workers import draws
from workers.demo.synthetic import population
from workers.imports import import_rows

ACTOR = Actor("bench", "admin")
WITNESS = {"kind": "witness", "format": r"\d{6}", "description": "见证人摇号"}


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def bare_rank(ids: list[str], picks: int) -> float:
    key = hashlib.sha256(b"bench").digest()
    started = time.perf_counter()
    ranked = sorted(ids, key=lambda i: hmac.digest(key, i.encode(), "sha256"))[:picks]
    assert len(ranked) == picks
    return time.perf_counter() - started


def run(work: Path) -> None:
    system = open_system(Settings(var_dir=work / "draw-var"))
    pop = population("province")
    started = time.perf_counter()
    for j in pop["jurisdictions"]:
        system.app.register_jurisdiction(ACTOR, f"j:{j['code']}", **j)
    for b in pop["brigades"]:
        system.app.form_brigade(ACTOR, f"b:{b['code']}", code=b["code"], name=b["name"], kind=b["kind"],
                                jurisdiction=b["jurisdiction"], covers=b["covers"], vehicles=b["vehicles"])
    import_rows(system, "inspectors", pop["inspectors"], ACTOR, "bench-i")
    import_rows(system, "targets", pop["targets"], ACTOR, "bench-t")
    system.projector.catch_up()
    print(f"准备省级数据（100,000 家、2,000 人）：{time.perf_counter() - started:.1f} s（不计入）")

    brigades = [b["code"] for b in pop["brigades"] if b["kind"] == "brigade"]
    plan_id = system.app.create_plan(
        ACTOR, "bench-plan", title="全区2026年第二季度抽查（基准）", period_kind="quarter", period="2026Q2",
        jurisdiction="650000", level="prefecture", brigades=brigades, rules=DEFAULT_RULES["prefecture"],
        requested={"general": 4350}, public_source=WITNESS).aggregate_id
    plan = system.app.load(SamplingPlan, plan_id)
    shown = draws.preview(system, plan)
    picks = sum(v["quota"] for v in shown["strata"].values())
    ids = [e["id"] for s in shown["entries"].values() for e in s]
    baseline = bare_rank(ids, picks)
    print(f"[基线] 裸哈希排序 {len(ids):,} 家取 {picks:,} 家：{baseline:.3f} s")

    started = time.perf_counter()
    draws.commit(system, plan_id, ACTOR, "bench-commit")
    commit_s = time.perf_counter() - started
    plan = system.app.load(SamplingPlan, plan_id)
    started = time.perf_counter()
    system.app.command(SamplingPlan, plan_id, "execute", ACTOR, "bench-exec", public_value="406219",
                       secret=_secret(system, plan_id))
    unit_draw_s = time.perf_counter() - started
    plan = system.app.load(SamplingPlan, plan_id)
    drawn = [(s, u) for s, units in plan.selected.items() for u in units]
    started = time.perf_counter()
    draws.make_tasks(system, plan, drawn, ACTOR, "bench-tasks")
    tasks_s = time.perf_counter() - started
    print(f"[承诺] 冻结对象池、计算最低数、写入承诺事件：{commit_s:.2f} s")
    print(f"[抽取] {picks:,} 家（重算、校验并写入抽取事件）：{unit_draw_s:.3f} s（基线的 {unit_draw_s / baseline:.1f} 倍；"
          f"目标 ≤ 1 s 且 ≤ 5 倍）")
    print(f"[人员] {len(drawn):,} 个任务各抽2人（含建任务、写事件）：{tasks_s:.2f} s，"
          f"{tasks_s / len(drawn) * 1000:.2f} ms/任务")
    print(f"进程峰值内存：{peak_rss_mb():.0f} MB")
    system.close()


def _secret(system, plan_id) -> str:
    from sqlalchemy import select

    from projections.tables import draw_secrets

    with system.engine.connect() as conn:
        return conn.execute(select(draw_secrets.c.secret).where(draw_secrets.c.plan_id == plan_id.hex)).scalar()
