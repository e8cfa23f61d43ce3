"""A year of work (2026) on top of the demo, written through the real domain commands: the
data set of the read-side bench (`python -m bench readside`).

Each quarter: expiring certificates renewed; a random draw per prefecture-level
jurisdiction (州/地区/市 and the Corps divisions: plan, commit, execute, a task per drawn
unit with its two officers drawn; a few drawn units found closed and replaced by the next
in rank); targeted inspections (12369 complaints mostly); then every task worked as far as
the quarter goes (bench/history_casework.py). The quarter under way ends on the demo's
"today" (20 November 2026), so its later work is still open.

`random.Random(seed)` decides what people do (dates, findings, dispositions); draws use the
system's own algorithm. Usage: python -m bench.history_year [--size province|tiny] [--fresh]
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import shutil
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID

from sqlalchemy import select

from domain.base import Actor
from domain.inspectors import Inspector
from domain.plan_rules import DEFAULT_RULES
from domain.plans import SamplingPlan
from domain.targets import Target
from domain.tasks import InspectionTask
from projections.system import Settings, System, open_system
from projections.tables import brigades, inspectors, jurisdictions, plans, targets, tasks
from workers import draws, evidence
from workers.demo.load import load_demo
from workers.demo.plans import WITNESS
from workers.demo.stories import TODAY, _png

from .history_casework import CID, Casework, Job, Quarter

VERSION = "history-year/2"  # change it when the generated history changes: the cache is remade
ADMIN = Actor("bench", "admin")
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Size:
    scale: str  # the demo's population
    shares: dict  # part of each stratum's eligible pool drawn per quarter
    targeted: float  # targeted inspections per quarter per 1,000 units
    replaced: float  # chance that a plan has a drawn unit found closed and replaced
    photos: int  # evidence files in the pool the inspections draw on
    chunk: int = 250  # tasks worked per three transactions


SIZES = {
    "province": Size("province", {"key": .25, "special": .5, "general": .18}, 12, .3, 400),
    "tiny": Size("default", {"key": .05, "special": .25, "general": .01}, 8, 1, 30),
}


def quarters(today: date = TODAY) -> list[Quarter]:
    starts = [date(2026, m, 1) for m in (1, 4, 7, 10)]
    ends = [s - timedelta(days=1) for s in (*starts[1:], date(2027, 1, 1))]
    return [Quarter(f"2026Q{n + 1}", s, e, min(e, today)) for n, (s, e) in enumerate(zip(starts, ends)) if s <= today]


class Office:
    """Who works where and the numbering of documents, from the read tables as the quarter
    starts; `evidence` hands out files of a pool stored once, under a name of the day."""

    def __init__(self, system: System, quarter: Quarter, pool: dict, counters: dict) -> None:
        self.pool, self.counters = pool, counters
        with system.engine.connect() as conn:
            self.places = {r.code: r for r in conn.execute(select(jurisdictions))}
            units = conn.execute(select(brigades.c.code, brigades.c.covers, brigades.c.jurisdiction_path)).all()
            people = conn.execute(select(inspectors.c.id, inspectors.c.unit).where(
                inspectors.c.kind == "officer", inspectors.c.active.is_(True), inspectors.c.cert_expired.is_(False),
                inspectors.c.cert_valid_until >= quarter.end)).all()
            self.units = conn.execute(select(targets.c.id, targets.c.jurisdiction, targets.c.jurisdiction_path,
                                             targets.c.category).where(targets.c.exclusion_reason.is_(None))).all()
        # "/650000/652300/652301/" → 652300: the prefecture-level jurisdiction of a path
        self.pools = Counter((u.jurisdiction_path.split("/")[2], u.category) for u in self.units)
        staff: dict[str, list[str]] = {}
        for person, unit in people:
            staff.setdefault(unit, []).append(person)
        self.officers: dict[str, list[str]] = {}
        self.brigades: dict[str, list[str]] = {}
        for code, covers, path in units:
            self.brigades.setdefault(path.split("/")[2], []).append(code)
            for j in covers:
                self.officers.setdefault(j, []).extend(staff.get(code, []))
        self.prefectures = sorted(c for c, r in self.places.items() if r.level in ("prefecture", "corps_division"))

    def prefecture(self, code: str) -> str:
        parts = self.places[code].path.strip("/").split("/")
        return parts[1] if len(parts) > 1 else parts[0]

    def boss(self, code: str) -> Actor:
        return Actor(supervisor(self.prefecture(code)), "supervisor")

    def pair(self, rng: random.Random, code: str, instead_of: list[str] = ()) -> list[str]:
        """Two officers who may go to a unit in `code` (others than `instead_of` if possible)."""
        near, wide = set(self.officers.get(code, [])), set(self.officers.get(self.prefecture(code), []))
        for crew in (near, near | wide, set().union(*self.officers.values())):  # county, prefecture, anyone
            crew = sorted(crew - set(instead_of))
            if len(crew) >= 2:
                return rng.sample(crew, 2)
        raise RuntimeError("没有可派的执法人员")

    def place(self, code: str) -> str:
        return self.places[code].name

    def penalty_body(self, code: str) -> str:
        return self.place(self.prefecture(code)) + "生态环境局"

    def number(self, code: str, kind: str) -> str:
        pref = self.prefecture(code)
        self.counters[pref, kind] = n = self.counters.get((pref, kind), 0) + 1
        return f"{self.place(pref).removesuffix('地区')}环{kind}〔2026〕{n}号"

    def evidence(self, rng: random.Random, k: int, day: date, kind: str) -> list[dict]:
        label = "现场照片" if kind == "photo" else "在线监测数据"
        return [dict(item, name=f"{label}{i + 1}{Path(item['name']).suffix}",
                     uploaded_at=f"{day.isoformat()}T{rng.randint(9, 19):02d}:{rng.randint(0, 59):02d}:00+08:00")
                for i, item in enumerate(rng.sample(self.pool[kind], k))]


def supervisor(prefecture: str) -> str:  # the dispatch group's account of a prefecture
    return "zd" + prefecture.lower()


def evidence_pool(system: System, photos: int) -> dict:
    var = system.settings.var_dir
    data = ["时间,颗粒物(mg/m3)\n" + "".join(f"2026-{m:02d},{(i * 7 + m) % 30 + 5}\n" for m in range(1, 13))
            for i in range(max(4, photos // 8))]
    return {"photo": [evidence.store(var, _png(f"{VERSION}:{i}", 48, 36), f"p{i}.png") for i in range(photos)],
            "data": [evidence.store(var, text.encode(), f"d{i}.csv") for i, text in enumerate(data)]}


def generate(system: System, size: str = "province", seed: int = 2026, echo=print) -> int:
    """Write the year; returns how many events it wrote."""
    chosen, rng, app = SIZES[size], random.Random(seed), system.app
    before, started = app.recorder.max_notification_id() or 0, time.perf_counter()
    pool, counters = evidence_pool(system, chosen.photos), {}
    for q in quarters():
        renew_certificates(system, q, rng)
        system.read_side_up_to_date()
        office = Office(system, q, pool, counters)
        if q.label == "2026Q1":
            for pref in office.prefectures:
                app.create_user(ADMIN, f"{CID}:user:{pref}", username=supervisor(pref), role="supervisor",
                                display_name=f"{office.place(pref)}支队调度员", jurisdiction=pref)
        plan_ids = draw_quarter(system, office, q, chosen, rng)
        jobs = [Job(UUID(t), q.start + timedelta(days=rng.randint(0, 6))) for t in drawn_tasks(system, plan_ids)]
        jobs += targeted(office, q, chosen, rng)
        rng.shuffle(jobs)
        work = Casework(app, rng, q, office)
        for n in range(0, len(jobs), chosen.chunk):
            work.work(jobs[n:n + chosen.chunk])
            if n // chosen.chunk % 20 == 19 or n + chosen.chunk >= len(jobs):
                written = (app.recorder.max_notification_id() or 0) - before
                echo(f"[{q.label}] {min(n + chosen.chunk, len(jobs)):,}/{len(jobs):,} 个任务；已写入 {written:,} 条事件，"
                     f"{written / (time.perf_counter() - started):,.0f} 条/s")
    return (app.recorder.max_notification_id() or 0) - before


def renew_certificates(system: System, q: Quarter, rng: random.Random) -> None:
    """Certificates that would lapse within the quarter: most are renewed for three years."""
    with system.engine.connect() as conn:
        due = conn.execute(select(inspectors.c.id, inspectors.c.cert_no, inspectors.c.cert_valid_until).where(
            inspectors.c.kind == "officer", inspectors.c.cert_expired.is_(False),
            inspectors.c.cert_valid_until < q.end)).all()
    for person, cert_no, until in due:
        if rng.random() < .85:
            system.app.command(Inspector, UUID(person), "renew_certificate", ADMIN, f"{CID}:renew:{q.label}",
                               cert_no=cert_no, valid_until=until.replace(year=until.year + 3),
                               basis=f"{q.start.year}年执法证年审换证")


def draw_quarter(system: System, office: Office, q: Quarter, size: Size, rng: random.Random) -> list[str]:
    """A plan per prefecture-level jurisdiction (unless one is drawn already), committed and
    executed; a few drawn units found closed and replaced. Returns the quarter's plans."""
    with system.engine.connect() as conn:
        done = set(conn.execute(select(plans.c.jurisdiction).where(plans.c.period == q.label,
                                                                    plans.c.state == "executed")).scalars())
    for n, pref in enumerate(p for p in office.prefectures if p not in done):
        boss, cid = office.boss(pref), f"{CID}:plan:{q.label}:{pref}"
        plan_id = system.app.create_plan(
            boss, cid, title=f"{office.place(pref)}{q.start.year}年第{q.label[-1]}季度双随机抽查", period_kind="quarter",
            period=q.label, jurisdiction=pref, level="prefecture", brigades=sorted(office.brigades.get(pref, [])),
            rules=DEFAULT_RULES["prefecture"], public_source=WITNESS,
            requested={s: math.ceil(office.pools[pref, s] * share) for s, share in size.shares.items()}).aggregate_id
        draws.commit(system, plan_id, boss, f"{cid}:commit", acknowledge_shortfall=True)
        draws.execute(system, plan_id, f"{rng.randrange(10 ** 6):06d}", boss, f"{cid}:execute")
        if n == 0 or rng.random() < size.replaced:
            replace_one(system, plan_id, boss, cid, rng)
    with system.engine.connect() as conn:
        return list(conn.execute(select(plans.c.id).where(plans.c.period == q.label, plans.c.state == "executed"))
                    .scalars())


def replace_one(system: System, plan_id: UUID, boss: Actor, cid: str, rng: random.Random) -> None:
    """On the first visit a drawn unit turns out to have stopped production for good: it is
    excluded from draws and the next in rank takes its place (its task is cancelled)."""
    units = sorted(system.app.load(SamplingPlan, plan_id).selected.get("general", []))  # the one with spares
    if not units:
        return
    unit = rng.choice(units)
    draws.replace_unit(system, plan_id, unit, "现场核实该单位已长期停产", boss, f"{cid}:replace")
    system.app.command(Target, UUID(unit), "exclude_from_draws", boss, f"{cid}:exclude", exclusion_reason="suspended",
                       note="抽查时核实已长期停产", reason="双随机抽查现场核实")


def drawn_tasks(system: System, plan_ids: list[str]) -> list[str]:
    system.read_side_up_to_date()
    with system.engine.connect() as conn:
        return sorted(conn.execute(select(tasks.c.id).where(
            tasks.c.plan_id.in_(plan_ids), tasks.c.state.in_(("created", "assigned")))).scalars())


def targeted(office: Office, q: Quarter, size: Size, rng: random.Random) -> list[Job]:
    """Complaints on 12369 mostly, some referrals and monitoring alarms, each assigned to
    two officers of the unit's county the day it comes in."""
    jobs = []
    days = (q.last - q.start).days
    for n in range(round(len(office.units) * size.targeted / 1000)):
        unit = rng.choice(office.units)
        came = q.start + timedelta(days=rng.randint(0, max(0, days - 5)))
        origin = rng.choices(("complaint", "monitoring", "assigned", "transfer"), (70, 15, 10, 5))[0]
        ref = {"complaint": f"12369-{came:%Y%m%d}-{rng.randrange(10 ** 4):04d}",
               "monitoring": f"自动监控超标预警〔2026〕{n + 1}号", "assigned": f"上级交办〔2026〕第{n + 1}号",
               "transfer": f"部门移送〔2026〕{n + 1}号"}[origin]
        boss = office.boss(unit.jurisdiction)
        task = InspectionTask.targeted(origin=origin, target_id=UUID(unit.id), jurisdiction=unit.jurisdiction,
                                       due=came + timedelta(days=15), reference=ref, note="群众反映企业排污扰民",
                                       **boss.by(f"{CID}:targeted:{q.label}:{n}"))
        task.assign_officers(officers=office.pair(rng, unit.jurisdiction), reason="针对性检查：指派属地执法人员",
                             **boss.by(f"{CID}:assign"))
        jobs.append(Job(task, came))
    return jobs


# -- the cache ------------------------------------------------------------------------------
def open_cached(size: str = "province", fresh: bool = False, var: Path | None = None, echo=print) -> System:
    """The generated store under var/bench/<scale>-year/, made on first use (or --fresh)."""
    var = var or ROOT / "var" / "bench" / f"{SIZES[size].scale}-year"
    marker, wanted = var / "GENERATED", f"{VERSION} size={size}"
    if not fresh and marker.exists() and marker.read_text().splitlines()[0] == wanted:
        _, summary, code = marker.read_text().splitlines()
        echo(f"使用已生成的数据：{var}（{summary}）")
        if code != read_side_code():
            echo("注意：读表代码自生成以来已改动，增量维护的读表可能与重建结果不同（核对请加 --fresh 重新生成）")
        system = open_system(Settings(var_dir=var))
        system.read_side_up_to_date()  # a projection added since is brought up to date here
        return system
    shutil.rmtree(var, ignore_errors=True)
    code = read_side_code()  # of the code this process runs, not what is on disk when it ends
    system = open_system(Settings(var_dir=var))
    started = time.perf_counter()
    load_demo(system, SIZES[size].scale, echo=echo)
    demo_s = time.perf_counter() - started
    written = generate(system, size, echo=echo)
    system.read_side_up_to_date()
    total, seconds = system.app.recorder.max_notification_id(), time.perf_counter() - started
    summary = (f"共 {total:,} 条事件（演示数据 {total - written:,}，一年业务 {written:,}）；"
               f"生成 {seconds:.0f} s（其中演示数据 {demo_s:.0f} s）")
    marker.write_text(f"{wanted}\n{summary}\n{code}\n")
    echo(summary)
    return system


def read_side_code() -> str:
    """A digest of the code that built the read tables (projections and migrations)."""
    digest = hashlib.sha256()
    for path in sorted([*ROOT.glob("projections/*.py"), *ROOT.glob("migrations/versions/*.py")]):
        digest.update(path.read_bytes())
    return "read-side " + digest.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="province")
    parser.add_argument("--fresh", action="store_true", help="regenerate even if a matching cache exists")
    parser.add_argument("--var", type=Path, help="where to keep it (default var/bench/<scale>-year/)")
    args = parser.parse_args()
    open_cached(args.size, args.fresh, args.var).close()


if __name__ == "__main__":
    main()
