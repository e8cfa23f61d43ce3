"""The casework of one quarter of the generated year (bench/history_year.py): tasks
dispatched, accepted, inspected, evidence attached, completed; problems followed through
their dispositions; problems and tasks closed when done.

Everything goes through the domain's own commands, on aggregates held in memory and saved
many per transaction (workers/casework.py loads and saves one per command: too slow for a
million events); its rules (completing lists the problems found and closes a task with
none; a task closes once its problems have; a 回头看 is a follow-up task linked to the
order) are kept the same way. No date falls outside the quarter or after `last` ("today"
for the quarter under way): a later step is left undone, so work stays open in every state."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from domain.base import Actor, Record
from domain.checklists import items
from domain.problems import Problem
from domain.tasks import InspectionTask

from .history_words import CATALOGUE, DATA_SOURCES, PEOPLE_MET, PROBLEM_RATE, SCENARIOS

CID = "y2026"


class Later(Exception):
    """The step would fall after the quarter's last day: it and what follows stay undone."""


@dataclass(frozen=True)
class Quarter:
    label: str
    start: date
    end: date
    last: date  # the end, or "today" for the quarter under way

    def after(self, rng: random.Random, day: date, lo: int, hi: int) -> date:
        found = day + timedelta(days=rng.randint(lo, hi))
        if found > self.last:
            raise Later
        return found


@dataclass
class Job:
    task: InspectionTask | UUID
    start: date  # drawn: near the quarter's start; targeted: the day the complaint came in
    inspected_on: date | None = None
    problems: list[Problem] = field(default_factory=list)


def officer(task: InspectionTask, i: int = 0) -> Actor:
    return Actor(task.officers[i], "inspector")


class Casework:
    """`office` knows the people and numbers (history_year.Office)."""

    def __init__(self, app, rng: random.Random, quarter: Quarter, office) -> None:
        self.app, self.rng, self.q, self.office = app, rng, quarter, office
        self.turn = 0

    def work(self, jobs: list[Job]) -> None:
        """Three transactions, in the order things happen: inspections and the problems
        found; completions; dispositions, follow-up tasks, closures."""
        for job in jobs:  # drawn tasks are loaded when worked: each holds its officer draw's record
            if isinstance(job.task, UUID):
                job.task = self.app.repository.get(job.task, deepcopy_from_cache=False)
            self.inspect(job)
        tasks = [j.task for j in jobs]
        self.app.save(*tasks, *(p for j in jobs for p in j.problems))
        for job in jobs:
            self.complete(job)
        self.app.save(*tasks)
        extra: list[Record] = []  # follow-up tasks, decision-number claims
        for job in jobs:
            for problem in job.problems:
                if self.dispose(job, problem, extra):
                    problem.close(reason="处置措施均已办结，问题整改到位", **self.boss(job).by(f"{CID}:close"))
            if job.problems and job.task.state == "completed" and all(p.closed for p in job.problems):
                job.task.close(open_problems=[], **self.boss(job).by(f"{CID}:close"))
        self.app.save(*extra, *(p for j in jobs for p in j.problems), *tasks)

    def boss(self, job: Job) -> Actor:
        return self.office.boss(job.task.jurisdiction)

    # -- the task ---------------------------------------------------------------------------
    def inspect(self, job: Job) -> None:
        rng, q, task = self.rng, self.q, job.task
        boss, days = self.boss(job), (q.end - q.start).days
        if task.plan_id is None:
            day = job.start + timedelta(days=rng.randint(1, 5))
        else:
            drawn_day = q.start + timedelta(days=int(rng.triangular(5, days - 4, days * .35)))
            day = max(job.start + timedelta(days=3), drawn_day)
        dispatched = max(job.start, day - timedelta(days=rng.randint(1, 30)))
        if task.state == "created":  # a short draw: the dispatch group names two officers
            if dispatched > q.last:
                return
            task.assign_officers(officers=self.office.pair(rng, task.jurisdiction, task.officers),
                                 reason="抽取人员不足，由调度组指派", **boss.by(f"{CID}:assign"))
        if dispatched > q.last:
            return
        task.dispatch(**boss.by(f"{CID}:dispatch"))
        accepted = max(dispatched, day - timedelta(days=rng.randint(0, 10)))  # as the visit is planned
        if accepted > q.last:
            return
        for i, o in enumerate(task.officers):
            task.accept(officer_id=o, **officer(task, i).by(f"{CID}:accept:{i}"))
        if day > q.last:
            return
        rate = PROBLEM_RATE.get(task.origin, 0.35)
        found = rng.sample(CATALOGUE, 2 if rng.random() < .12 else 1) if rng.random() < rate else []
        self.record(task, day, found, off_site=task.off_site or rng.random() < .06)
        for i, (category, _item, description, law, *_rest) in enumerate(found):
            job.problems.append(Problem.find(
                task_id=task.id, target_id=task.target_id, description=description, category=category,
                legal_basis=law, found_on=day, today=day, **officer(task).by(f"{CID}:problem:{task.id.hex}:{i}")))
        job.inspected_on = day

    def record(self, task: InspectionTask, day: date, found: list[tuple], off_site: bool, note: str = "") -> None:
        rng, by = self.rng, officer(task).by
        common = dict(officer_id=task.officers[0], present=list(task.officers), inspected_on=day, today=day,
                      production_status=rng.choice(("正常生产",) * 8 + ("部分停产检修", "季节性停产")))
        wrong = "；".join(f[2] for f in found)
        if off_site:
            task.record_inspection(form="非现场检查记录表", on_site=False, representative="", approval="",
                                   checklist={}, data_sources=rng.sample(DATA_SOURCES, rng.randint(2, 4)),
                                   findings=note or (f"非现场核查发现：{wrong}" if found else "核查在线数据与执行报告，未发现环境违法行为"),
                                   **common, **by(f"{CID}:record"))
            for n, item in enumerate(self.office.evidence(rng, 1, day, "data")):
                task.attach_evidence(officer_id=task.officers[0], evidence=item, **by(f"{CID}:data:{n}"))
            return
        bad = {f[1] for f in found}
        checklist = {i: "problem" if i in bad else rng.choice(("ok",) * 9 + ("na",)) for i in items()}
        task.record_inspection(form="污染源现场检查记录表", on_site=True, representative=rng.choice(PEOPLE_MET),
                               checklist=checklist, data_sources=[], approval="",
                               findings=note or (f"现场检查发现：{wrong}；其余检查事项未发现问题" if found else "检查事项均符合要求，未发现环境违法行为"),
                               **common, **by(f"{CID}:record"))
        if found and rng.random() < .3:
            task.record_inspection(form="现场检查（勘察）笔录", on_site=True, representative=rng.choice(PEOPLE_MET),
                                   checklist={}, data_sources=[], approval="", findings=f"勘察记录：{wrong}",
                                   **common, **by(f"{CID}:record2"))
        for n, item in enumerate(self.office.evidence(rng, rng.randint(2, 4), day, "photo")):
            task.attach_evidence(officer_id=task.officers[0], evidence=item, **by(f"{CID}:photo:{n}"))

    def complete(self, job: Job) -> None:
        task = job.task
        if job.inspected_on is None:
            return
        if job.inspected_on + timedelta(days=self.rng.randint(0, 10)) > self.q.last:
            return  # inspected, written up later
        found = [p.id.hex for p in job.problems]
        summary = f"发现问题{len(found)}项：" + "；".join(p.description for p in job.problems) if found else "未发现问题"
        task.complete(officer_id=task.officers[0], result="problems_found" if found else "no_problem",
                      summary=summary, problems=found, **officer(task).by(f"{CID}:complete"))
        if not found:
            task.close(open_problems=[], **officer(task).by(f"{CID}:complete:close"))

    # -- the problems -----------------------------------------------------------------------
    def dispose(self, job: Job, p: Problem, extra: list[Record]) -> bool:
        """Run the problem's scenario as far as the quarter goes; True when it may close."""
        if job.task.state != "completed":
            return False
        names = list(SCENARIOS)
        scenario = names[self.turn] if self.turn < len(names) else self.rng.choices(names, SCENARIOS.values())[0]
        self.turn += 1
        try:
            if scenario == "on_spot":
                p.fix_on_spot(evidence=self.office.evidence(self.rng, 1, p.found_on, "photo"), today=p.found_on,
                              note="企业当场整改到位", fixed_on=p.found_on, **officer(job.task).by(f"{CID}:fix"))
                return True
            return getattr(self, "_" + scenario.split("_")[0])(job, p, extra, scenario)
        except Later:
            return False

    def _number(self, job: Job, kind: str) -> str:
        return self.office.number(job.task.jurisdiction, kind)

    def _guidance(self, job: Job, p: Problem, extra, scenario) -> bool:
        by, rng = self.boss(job).by, self.rng
        issued = self.q.after(rng, p.found_on, 0, 3)
        p.give_guidance(document_no=self._number(job, "指"), content=f"建议企业{_catalogue(p)[5]}",
                        issued_on=issued, today=issued, **by(f"{CID}:guidance"))
        acknowledged = self.q.after(rng, issued, 1, 7)
        p.acknowledge_guidance(f"d{len(p.dispositions)}", acknowledged_on=acknowledged, today=acknowledged,
                               **by(f"{CID}:guidance:ack"))
        return True

    def _order(self, job: Job, p: Problem, extra: list[Record], scenario: str) -> bool:
        by, rng = self.boss(job).by, self.rng
        ordered = self.q.after(rng, p.found_on, 0, 3)
        p.order_rectification(order_no=self._number(job, "责改"), requirements=_catalogue(p)[5], ordered_on=ordered,
                              working_days=rng.choice((10, 15, 20)), today=ordered, **by(f"{CID}:order"))
        did = f"d{len(p.dispositions)}"
        deadline = p.disposition(did).deadline
        if scenario == "order_unreported":
            return False  # no report: overdue once the deadline passes
        if scenario == "order_extended":
            p.extend_deadline(did, new_deadline=deadline + timedelta(days=15), reason="企业申请：整改设备采购周期较长",
                              **by(f"{CID}:extend"))
            deadline += timedelta(days=15)
        reported = self.q.after(rng, ordered, max(1, (deadline - ordered).days // 2), (deadline - ordered).days)
        p.report_rectification(did, report=f"已按要求{_catalogue(p)[5]}", reported_on=reported, today=reported,
                               evidence=self.office.evidence(rng, 2, reported, "photo"), **by(f"{CID}:report"))
        visit = self.followup(job, p, did, self.q.after(rng, reported, 1, 3), extra)
        passed = scenario != "order_failed"
        p.verify(did, passed=passed, verified_on=visit, today=visit, **by(f"{CID}:verify"),
                 note="经回头看核查，整改到位" if passed else "回头看核查：整改不到位，问题仍然存在，转立案查处")
        return passed or self._case(job, p, extra, scenario, start=visit)

    def followup(self, job: Job, p: Problem, did: str, day: date, extra: list[Record]) -> date:
        """The 回头看: a follow-up task linked to the order, worked by the same two officers."""
        boss, rng = self.boss(job), self.rng
        t = InspectionTask.targeted(origin="followup", target_id=p.target_id, jurisdiction=job.task.jurisdiction,
                                    due=day + timedelta(days=15), reference=p.disposition(did).facts["order_no"],
                                    followup_of=p.id, **boss.by(f"{CID}:followup:{p.id.hex}:{did}"))
        extra.append(t)
        t.assign_officers(officers=job.task.officers, reason="整改核查（回头看）", **boss.by(f"{CID}:assign"))
        p.schedule_verification(did, task_id=t.id, today=day, **boss.by(f"{CID}:schedule:{did}"))
        t.dispatch(**boss.by(f"{CID}:dispatch"))
        for i, o in enumerate(t.officers):
            t.accept(officer_id=o, **officer(t, i).by(f"{CID}:accept:{i}"))
        visit = self.q.after(rng, day, 1, 8)
        # The verdict goes on the order (Problem.verify); the follow-up task itself finds nothing new.
        self.record(t, visit, [], off_site=False, note=f"回头看：核查{p.disposition(did).facts['order_no']}整改情况")
        t.complete(officer_id=t.officers[0], result="no_problem", summary="回头看核查完毕，结论见原问题",
                   problems=[], **officer(t).by(f"{CID}:complete"))
        t.close(open_problems=[], **officer(t).by(f"{CID}:complete:close"))
        return visit

    def _case(self, job: Job, p: Problem, extra: list[Record], scenario: str, start: date | None = None) -> bool:
        by, rng = self.boss(job).by, self.rng
        opened = self.q.after(rng, start or p.found_on, 2, 10)
        p.open_case(case_no=self._number(job, "立"), opened_on=opened, today=opened, **by(f"{CID}:case"))
        did = f"d{len(p.dispositions)}"
        decided = self.q.after(rng, opened, 10, 35)
        fine, others = self.fine()
        body = self.office.penalty_body(job.task.jurisdiction)
        extra.append(p.decide_penalty(did, decision_no=self._number(job, "罚"), issuing_body=body,
                                      legal_basis=_catalogue(p)[4], fine=fine, other_sanctions=others,
                                      decided_on=decided, today=decided, **by(f"{CID}:penalty")))
        if fine >= 50_000 and rng.random() < .1:  # a hearing lowers the fine
            decided = self.q.after(rng, decided, 7, 20)
            fine = (fine * Decimal("0.7")).quantize(Decimal(1))
            extra.append(p.revise_decision(did, via="hearing", decision_no=self._number(job, "罚"), fine=fine,
                                           other_sanctions=others, reason="听证后认定企业积极整改，依法从轻处罚",
                                           decided_on=decided, today=decided, **by(f"{CID}:revise")))
        paid_on = self.q.after(rng, decided, 5, 30)
        instalment = fine > 0 and rng.random() < .05
        paid = (fine / 2).quantize(Decimal(1)) if instalment else fine
        p.record_execution(did, paid_or_executed_on=paid_on, amount_paid=paid,
                           note="经批准分期缴纳，首期已缴" if instalment else "", today=paid_on, **by(f"{CID}:paid"))
        return True

    def fine(self) -> tuple[Decimal, list[str]]:
        r = self.rng.random()
        if r < .08:  # ≥ 200,000 yuan: the unit is proposed for special supervision
            return Decimal(self.rng.randrange(200_000, 1_000_001, 10_000)), []
        if r < .13:
            return Decimal(0), ["警告"]
        return Decimal(self.rng.randrange(5_000, 150_001, 1_000)), ["责令改正"] if r < .4 else []

    def _coercive(self, job: Job, p: Problem, extra: list[Record], scenario: str) -> bool:
        by, rng = self.boss(job).by, self.rng
        kind = rng.choices(("seal_up", "production_limit", "suspension"), (60, 25, 15))[0]
        starts = p.found_on
        p.take_coercive_measure(kind=kind, document_no=self._number(job, "封" if kind == "seal_up" else "限"),
                                starts_on=starts, ends_on=starts + timedelta(days=30) if kind == "seal_up" else None,
                                today=starts, **by(f"{CID}:coercive"))
        lifted = self.q.after(rng, starts, 8, 28)
        p.lift_coercive_measure(f"d{len(p.dispositions)}", lifted_on=lifted, today=lifted,
                                reason="污染防治设施已修复，复查达标，解除强制措施", **by(f"{CID}:lift"))
        return rng.random() < .4 or self._case(job, p, extra, scenario, start=lifted)

    def _transfer(self, job: Job, p: Problem, extra: list[Record], scenario: str) -> bool:
        by, rng = self.boss(job).by, self.rng
        police = rng.random() < .6
        place = self.office.place(job.task.jurisdiction)
        body = place + ("公安局" if police else rng.choice(("自然资源局", "市场监督管理局", "住房和城乡建设局")))
        sent = self.q.after(rng, p.found_on, 2, 7)
        p.transfer_case(receiving_body=body, kind="police" if police else "department", suspected_crime=police,
                        document_no=self._number(job, "移"), transferred_on=sent, today=sent, **by(f"{CID}:transfer"))
        did = f"d{len(p.dispositions)}"
        received = self.q.after(rng, sent, 1, 3)
        p.record_receipt(did, received_on=received, today=received, **by(f"{CID}:receipt"))
        replied = self.q.after(rng, received, 10, 40)
        p.record_reply(did, replied_on=replied, today=replied, **by(f"{CID}:reply"),
                       reply="已立案侦查" if police else "已按职责受理并依法处理")
        return True


def _catalogue(p: Problem) -> tuple:
    return next(c for c in CATALOGUE if c[2] == p.description)
