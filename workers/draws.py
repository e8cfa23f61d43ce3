"""Running a draw: build the pool and the officer candidates from the directory as it
stands (the read tables, brought up to date first), commit, execute, replace, void, and
export the bundle a reviewer verifies offline.

The secret is made here, kept in `draw_secrets` (outside the event log) until execution,
and revealed in the Executed event; before that only its hash is public.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timezone
from uuid import UUID

from sqlalchemy import select

from domain import draw_records, sampling
from domain.base import Actor, DomainError, NotFoundError
from domain.plan_rules import STRATA, explain, minimum
from domain.application import Outcome
from domain.plans import STATES, SamplingPlan
from domain.tasks import InspectionTask
from projections.database import write_transaction
from projections.system import System
from projections.tables import brigades, draw_secrets, inspectors, jurisdictions, plans, targets, tasks


# Tasks for these industries need an officer with this speciality among the two drawn.
SPECIALITY_FOR_INDUSTRY = {"机动车检测": "机动车排放", "核技术利用": "辐射", "危险废物经营": "危废"}
OFFICERS_PER_TASK = 2
# Rotation: an officer who inspected a unit last time is not sent to it again (set False to allow).
ROTATION = True


def _plan_path(conn, code: str) -> str:
    path = conn.execute(select(jurisdictions.c.path).where(jurisdictions.c.code == code)).scalar()
    if path is None:
        raise NotFoundError(f"辖区“{code}”不存在")
    return path


def pools(system: System, plan: SamplingPlan) -> dict:
    """Eligible units per stratum at this moment, and the officers the per-officer rule counts."""
    system.read_side_up_to_date()
    inspected = _inspected_this_year(system, plan)
    with system.engine.connect() as conn:
        path = _plan_path(conn, plan.jurisdiction)
        rows = conn.execute(select(targets.c.id, targets.c.category, targets.c.positive_list)
                            .where(targets.c.jurisdiction_path.startswith(path, autoescape=True),
                                   targets.c.exclusion_reason.is_(None))).all()
        officers = conn.execute(select(inspectors.c.id).where(
            inspectors.c.unit.in_(plan.brigades), inspectors.c.kind == "officer",
            inspectors.c.active.is_(True), inspectors.c.in_draw_pool.is_(True))).scalars().all()
    entries = {s: [] for s in STRATA}
    for unit_id, category, positive in rows:
        # Key units not yet inspected this year come first: every key unit once a year.
        priority = 0 if category == "key" and unit_id not in inspected else 1
        entries[category].append({"id": unit_id, "stratum": category, "priority": priority,
                                  "off_site": bool(positive)})
    return {"entries": entries, "officers": len(officers)}


def _inspected_this_year(system: System, plan: SamplingPlan) -> set[str]:
    """Units with a drawn task in another executed plan of the same year (not cancelled)."""
    year_start = date(plan.period_start.year, 1, 1)
    with system.engine.connect() as conn:
        return set(conn.execute(
            select(tasks.c.target_id).join(plans, plans.c.id == tasks.c.plan_id)
            .where(plans.c.state == "executed", plans.c.id != plan.id.hex, tasks.c.state != "cancelled",
                   plans.c.period_start >= year_start, plans.c.period_start < plan.period_end)).scalars())


def preview(system: System, plan: SamplingPlan) -> dict:
    """Per stratum: pool, minimum with its reasoning and basis, what will be drawn, shortfall."""
    found = pools(system, plan)
    rows = {}
    for stratum in STRATA:
        rule, pool = plan.rules[stratum], len(found["entries"][stratum])
        need = minimum(rule, pool, found["officers"], plan.period_kind)
        quota = min(pool, max(need, plan.requested.get(stratum) or 0))
        rows[stratum] = {"pool": pool, "minimum": need, "quota": quota, "shortfall": max(0, need - pool),
                         "explain": explain(rule, pool, found["officers"], plan.period_kind),
                         "basis": rule["basis"]}
    return {"strata": rows, "officers": found["officers"], "entries": found["entries"]}


def commit(system: System, plan_id: UUID, actor: Actor, command_id: str, *, acknowledge_shortfall: bool = False):
    plan = system.app.load(SamplingPlan, plan_id)
    if plan.has_applied(command_id):
        return Outcome(plan_id, None)  # the same commit submitted again
    if plan.state != "draft":
        raise DomainError(f"计划当前为“{STATES[plan.state]}”，不能再次承诺（承诺后计划不可更改）")
    _refuse_overlap(system, plan)
    shown = preview(system, plan)
    secret = secrets.token_bytes(32)
    document = {
        "version": "shuangsui-draw/1", "plan_id": plan_id.hex, "jurisdiction": plan.jurisdiction,
        "period": {"start": plan.period_start.isoformat(), "end": plan.period_end.isoformat()},
        "cutoff": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "rules": {s: {**plan.rules[s], "minimum": shown["strata"][s]["minimum"]} for s in STRATA},
        "quotas": {s: shown["strata"][s]["quota"] for s in STRATA},
        "pool": sorted((e for s in STRATA for e in shown["entries"][s]), key=lambda e: (e["stratum"], e["id"])),
        "public_source": plan.public_source,
        "secret_hash": sampling.secret_hash(secret),
    }
    outcome = system.app.command(
        SamplingPlan, plan_id, "commit", actor, command_id, document=document,
        minimums={s: shown["strata"][s]["minimum"] for s in STRATA},
        shortfalls={s: shown["strata"][s]["shortfall"] for s in STRATA},
        acknowledge_shortfall=acknowledge_shortfall)
    if outcome.changed:
        with write_transaction(system.engine) as conn:
            conn.execute(draw_secrets.insert().values(plan_id=plan_id.hex, secret=secret.hex(),
                                                      created_at=datetime.now(timezone.utc)))
    return outcome


def _refuse_overlap(system: System, plan: SamplingPlan) -> None:
    """No two live draws of the same jurisdiction for overlapping periods (same strata)."""
    with system.engine.connect() as conn:
        clash = conn.execute(select(plans.c.title, plans.c.period).where(
            plans.c.jurisdiction == plan.jurisdiction, plans.c.id != plan.id.hex,
            plans.c.state.in_(("committed", "executed")),
            plans.c.period_start <= plan.period_end, plans.c.period_end >= plan.period_start)).first()
    if clash:
        raise DomainError(f"与已承诺或已抽取的计划“{clash.title}”（{clash.period}）期间重叠，"
                          "同一辖区同一期间只能抽取一次；如需重抽，请先作废原计划")


def execute(system: System, plan_id: UUID, public_value: str, actor: Actor, command_id: str):
    with system.engine.connect() as conn:
        secret = conn.execute(select(draw_secrets.c.secret).where(draw_secrets.c.plan_id == plan_id.hex)).scalar()
    if secret is None:
        plan = system.app.load(SamplingPlan, plan_id)
        if plan.state == "draft":
            raise DomainError("计划尚未承诺，不能执行抽取（须先承诺）")
        raise DomainError("找不到本计划承诺时生成的密钥，无法执行抽取")
    outcome = system.app.command(SamplingPlan, plan_id, "execute", actor, command_id,
                                 public_value=public_value.strip(), secret=secret)
    if outcome.changed:
        plan = system.app.load(SamplingPlan, plan_id)
        make_tasks(system, plan, [(s, u) for s, ids in plan.selected.items() for u in ids], actor, command_id)
    return outcome


def make_tasks(system: System, plan: SamplingPlan, drawn: list[tuple[str, str]], actor: Actor,
               command_id: str) -> int | None:
    """A task for each drawn unit, with two officers drawn for it from the seed."""
    system.read_side_up_to_date()
    off_site = {e["id"] for e in plan.document["pool"] if e.get("off_site")}
    with system.engine.connect() as conn:
        ids = [u for _, u in drawn]
        units = {r.id: r for r in conn.execute(select(targets.c.id, targets.c.jurisdiction,
                                                      targets.c.jurisdiction_path, targets.c.industry)
                                               .where(targets.c.id.in_(ids)))}
        crews = _crews(conn, plan)
        last_time = _last_officers(conn, plan, ids) if ROTATION else {}
    assistants_wanted = int(plan.requested.get("assistants") or 0)
    new = []
    for stratum, unit_id in drawn:
        unit = units[unit_id]
        task = InspectionTask(origin="random", plan_id=plan.id, target_id=UUID(unit_id), stratum=stratum,
                              jurisdiction=unit.jurisdiction, due=plan.period_end,
                              off_site=unit_id in off_site, **actor.by(f"{command_id}:task:{unit_id}"))
        seed = bytes.fromhex(plan.seed)
        candidates = _candidates(crews, unit, plan, last_time.get(unit_id, ()))
        record = draw_records.officer_draw_record(plan.commitment_hash, seed, task.id.hex, unit_id, candidates,
                                              SPECIALITY_FOR_INDUSTRY.get(unit.industry), OFFICERS_PER_TASK)
        task.record_officer_draw(record=record, **actor.by(f"{command_id}:officers:{unit_id}"))
        if assistants_wanted:  # experts and monitoring staff, drawn separately under their own tag
            helpers = _candidates(crews, unit, plan, (), kind="assistant")
            record = draw_records.officer_draw_record(plan.commitment_hash, seed, task.id.hex, unit_id, helpers,
                                                  None, assistants_wanted, kind="assistant")
            task.record_officer_draw(record=record, **actor.by(f"{command_id}:assistants:{unit_id}"))
        new.append(task)
    return system.app.save_batch(new)


def _crews(conn, plan: SamplingPlan) -> dict[str, dict[str, dict]]:
    """The plan's brigades as {covered jurisdiction path: {person id: person}}: a unit finds
    its people by walking its own path's few ancestors, not by testing every brigade."""
    rows = conn.execute(select(brigades).where(brigades.c.code.in_(plan.brigades))).mappings().all()
    paths = dict(conn.execute(select(jurisdictions.c.code, jurisdictions.c.path)).all())
    people = conn.execute(select(inspectors)).mappings().all()
    covering: dict[str, dict[str, dict]] = {}
    for b in rows:
        members = {p["id"]: p for p in people if p["unit"] == b["code"] or p["id"] in b["members"]}
        for code in b["covers"]:
            if code in paths:
                covering.setdefault(paths[code], {}).update(members)
    return covering


def _last_officers(conn, plan: SamplingPlan, unit_ids: list[str]) -> dict[str, list[str]]:
    """For each unit, the officers of its latest earlier task (any other plan, not cancelled)."""
    rows = conn.execute(select(tasks.c.target_id, tasks.c.officers).where(
        tasks.c.target_id.in_(unit_ids), tasks.c.state != "cancelled",
        (tasks.c.plan_id != plan.id.hex) | tasks.c.plan_id.is_(None)).order_by(tasks.c.created_at)).all()
    return {unit: list(officers) for unit, officers in rows}  # later rows overwrite earlier ones


def _candidates(crews: dict[str, dict[str, dict]], unit, plan: SamplingPlan, last_time=(),
                kind: str = "officer") -> list[dict]:
    """The people of the brigades covering the unit's county, each with why they may not go."""
    pool: dict[str, dict] = {}
    parts = unit.jurisdiction_path.strip("/").split("/")
    for depth in range(1, len(parts) + 1):  # "/650000/", "/650000/652300/", … the unit's own
        for person_id, p in crews.get("/" + "/".join(parts[:depth]) + "/", {}).items():
            if p["kind"] == kind:
                pool[person_id] = p
    out = []
    for person_id, p in sorted(pool.items()):
        reasons = []
        if not p["active"]:
            reasons.append("不在岗")
        if not p["in_draw_pool"]:
            reasons.append("不参与双随机")
        if kind == "officer" and (p["cert_expired"] or p["cert_valid_until"] is None
                                  or p["cert_valid_until"] < plan.period_end):
            reasons.append("执法证在检查期内无效")
        if unit.id in (p["conflicts"] or {}):
            reasons.append("与该单位有利害关系，须回避")
        if person_id in last_time:
            reasons.append("上次检查过该单位（轮换）")
        out.append({"id": person_id, "eligible": not reasons, "reasons": reasons,
                    "specialities": list(p["specialities"] or [])})
    return out


def recuse(system: System, task_id: UUID, officer_id: str, reason: str, actor: Actor, command_id: str):
    """A drawn officer must recuse (回避): a new draw record for the task in which that officer
    is ineligible with the reason; everyone else keeps their rank, so the next in rank goes."""
    task = system.app.load(InspectionTask, task_id)
    plan = system.app.load(SamplingPlan, task.plan_id)
    last = task.last_draw("officer")
    if officer_id not in last["selected"]:
        raise DomainError("该人员不是本任务抽中的检查人员")
    if not (reason or "").strip():
        raise DomainError("回避须注明原因")
    candidates = [dict(c, eligible=False, reasons=[*c["reasons"], f"回避：{reason.strip()}"])
                  if c["id"] == officer_id else c for c in last["candidates"]]
    record = draw_records.officer_draw_record(plan.commitment_hash, bytes.fromhex(plan.seed), task_id.hex,
                                          last["unit_id"], candidates, last["speciality"], last["count"])
    return system.app.command(InspectionTask, task_id, "record_officer_draw", actor, command_id, record=record)


def replace_unit(system: System, plan_id: UUID, unit_id: str, reason: str, actor: Actor, command_id: str):
    outcome = system.app.command(SamplingPlan, plan_id, "replace_unit", actor, command_id,
                                 unit_id=unit_id, reason=reason)
    if outcome.changed:
        plan = system.app.load(SamplingPlan, plan_id)
        latest = plan.replacements[-1]
        old = system.app.load(InspectionTask, InspectionTask.create_id(plan_id=plan_id, target_id=UUID(unit_id)))
        old.cancel(reason=f"抽中对象不符合条件，已由排名下一位替补：{reason}", **actor.by(f"{command_id}:cancel"))
        system.app.save(old)
        make_tasks(system, plan, [(latest["stratum"], latest["by"])], actor, command_id)
    return outcome


def bundle(system: System, plan_id: UUID) -> dict:
    """Everything a reviewer needs to recompute the draw, read from the event store itself.

    The result is recomputed, but each stratum's selection is the one the Executed event
    recorded, so a record that differs from the algorithm's answer fails verification."""
    plan = system.app.load(SamplingPlan, plan_id)
    if plan.state == "draft" or not plan.seed:
        raise DomainError("计划尚未执行抽取，没有可验证的抽取结果（承诺可在计划页面公开）")
    result = plan.result()
    for stratum, ids in plan.drawn.items():
        result["strata"][stratum]["selected"] = list(ids)
    records = []
    with system.engine.connect() as conn:
        task_ids = conn.execute(select(tasks.c.id).where(tasks.c.plan_id == plan_id.hex)
                                .order_by(tasks.c.created_at, tasks.c.id)).scalars().all()
    for task_id in task_ids:
        records.extend(system.app.load(InspectionTask, UUID(task_id)).draw_records)
    out = draw_records.make_bundle(plan.document, bytes.fromhex(plan.secret), plan.public_value, result,
                               officer_draws=records,
                               replacements=plan.replacements, voided=plan.state == "voided",
                               void_reason=plan.void_reason or None)
    out["commitment_hash"] = plan.commitment_hash  # as recorded, not recomputed
    return {"format": "shuangsui-draw-bundle/1", "plan_id": plan_id.hex, "title": plan.title, **out}
