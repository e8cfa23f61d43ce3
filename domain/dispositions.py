"""处置: what is done about a problem found, each disposition followed to its end.

当场整改 (on_spot) · 行政指导 (guidance) · 责令改正 (order) · 立案处罚 (case) ·
行政强制 (coercive) · 移送 (transfer). This is the disposition half of `Problem`
(domain/problems.py), kept in its own file for length, with the value rules every
disposition shares: amounts (Decimal, non-negative, two decimals), dates of things that
already happened (not after `today`, which the caller passes) and evidence items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from uuid import UUID

from eventsourcing.domain import event

from .base import DomainError, Record, natural_id, require_reason, require_text
from .calendar import add_working_days
from .vocabulary import N_, choice

DISPOSITION_KINDS = {"on_spot": N_("当场整改"), "guidance": N_("行政指导"), "order": N_("责令改正"),
                     "case": N_("立案处罚"), "coercive": N_("行政强制"), "transfer": N_("移送")}
DISPOSITION_STATES = {
    "issued": N_("已下达，待确认"),
    "ordered": N_("待提交整改报告"),
    "reported": N_("已报告整改，待安排回头看"),
    "verification_scheduled": N_("待回头看核查"),
    "opened": N_("已立案，待作出处罚决定"),
    "decided": N_("已作出处罚决定，待执行"),
    "in_force": N_("措施实施中，待解除"),
    "transferred": N_("已移送，待对方接收"),
    "received": N_("对方已接收，待回复"),
    "ended": N_("已办结"),
    "failed": N_("回头看未通过"),
}
COERCIVE_MEASURES = {"seal_up": N_("查封"), "seizure": N_("扣押"),
                     "production_limit": N_("限制生产"), "suspension": N_("停产整治")}
TRANSFER_RECEIVERS = {"police": N_("公安机关"), "department": N_("其他部门")}
REVISION_VIAS = {"hearing": N_("听证"), "reconsideration": N_("行政复议"), "litigation": N_("行政诉讼")}
# Changji 2025: a penalty of 200,000 yuan or more proposes the unit for special supervision
# (the same text as in vocabulary.SPECIAL_CRITERIA, so the read side can match it).
PENALTY_CRITERION = N_("行政处罚金额在20万元及以上")
PENALTY_THRESHOLD = Decimal("200000")
# A failed order is answered by one of these, which must itself end before the problem closes.
FOLLOW_UP_KINDS = ("order", "case", "transfer")
# 行政强制法第二十五条: 查封、扣押不超过三十日；经负责人批准可延长，延长不超过三十日.
SEIZURE_DAYS, SEIZURE_DAYS_APPROVED = 30, 60

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1000000000000")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


# -- values ----------------------------------------------------------------------------
def amount(value: object, label: str) -> Decimal:
    """A sum of money in yuan: Decimal (or int / text), non-negative, at most two decimals."""
    if isinstance(value, float):
        raise DomainError(f"{label}须为精确金额，不能使用浮点数（{value!r}），请以文字或Decimal填写")
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise DomainError(f"{label}须为金额")
    try:
        number = Decimal(value.strip().replace(",", "")) if isinstance(value, str) else Decimal(value)
    except InvalidOperation:
        raise DomainError(f"{label}“{value}”不是有效金额") from None
    if not number.is_finite():
        raise DomainError(f"{label}“{value}”不是有效金额")
    if number < 0:
        raise DomainError(f"{label}不能为负数（{number}元）")
    if number >= MAX_AMOUNT:
        raise DomainError(f"{label}过大（{number}元）")
    if number != number.quantize(CENT):
        raise DomainError(f"{label}最多保留两位小数（{number}元）")
    return number.quantize(CENT) + Decimal(0)  # + 0 turns -0.00 into 0.00


def a_date(value: object, label: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise DomainError(f"{label}须为日期")
    return value


def happened(value: object, label: str, today: object) -> date:
    """The date of something that has already happened: not after today."""
    value, today = a_date(value, label), a_date(today, "当前日期")
    if value > today:
        raise DomainError(f"{label}（{value}）晚于今天（{today}）：已经发生的事项不能登记将来的日期")
    return value


def not_before(value: date, label: str, earlier: date | None, earlier_label: str) -> None:
    if earlier is not None and value < earlier:
        raise DomainError(f"{label}（{value}）不能早于{earlier_label}（{earlier}）")


def evidence_items(items: object, label: str) -> list[dict]:
    """Evidence as the evidence store describes it: {sha256, size, type, name}; at least one."""
    if not items or not isinstance(items, (list, tuple)):
        raise DomainError(f"{label}至少须附一份证据材料（照片、扫描件或监测数据）")
    result, seen = [], set()
    for item in items:
        if not isinstance(item, dict):
            raise DomainError(f"{label}的证据材料格式不正确")
        name = str(item.get("name") or "").strip()
        sha = str(item.get("sha256") or "").lower()
        if not SHA256.match(sha):
            raise DomainError(f"{label}的证据材料“{name}”缺少有效的SHA-256摘要")
        size = item.get("size")
        if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
            raise DomainError(f"{label}的证据材料“{name}”缺少文件大小")
        kind = str(item.get("type") or "").strip()
        if not kind:
            raise DomainError(f"{label}的证据材料“{name}”缺少文件类型")
        if sha in seen:
            raise DomainError(f"{label}的证据材料重复：“{name or sha[:12]}”")
        seen.add(sha)
        kept = {"sha256": sha, "size": size, "type": kind, "name": name}
        if item.get("uploaded_at") is not None:
            kept["uploaded_at"] = item["uploaded_at"]
        result.append(kept)
    return result


def sanctions(values: object) -> list[str]:
    """Other sanctions (警告, 责令停产整治, 没收违法所得 …): distinct, non-empty texts."""
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        raise DomainError("其他处罚须逐项列出")
    result: list[str] = []
    for value in values:
        text = require_text(str(value), "其他处罚事项", 200)
        if text not in result:
            result.append(text)
    return result


def decision_key(text: str) -> str:
    """Decision numbers are typed with any kind of bracket (〔2025〕, [2025], （2025）) and
    stray spaces; the uniqueness key does not care which."""
    text = re.sub(r"\s+", "", text)
    return re.sub(r"[\[［(（【]", "〔", re.sub(r"[\]］)）】]", "〕", text))


# -- the state of one disposition ---------------------------------------------------------
@dataclass
class Disposition:
    """One disposition of a problem. `facts` holds what its events recorded, by kind:
    order: order_no, requirements, ordered_on, deadline, provisional, working_days,
      extensions [{deadline, previous, reason}], report, evidence, reported_on,
      verification_task_id, verified_on, note;
    case: case_no, opened_on, decision (current), decisions (all, original first),
      special_criteria_hit, executed_on, amount_paid, note;
    coercive: measure, document_no, starts_on, ends_on, approval, lifted_on, reason;
    transfer: receiving_body, receiver_kind, document_no, transferred_on, suspected_crime,
      received_on, reply, replied_on; guidance: document_no, content, issued_on,
      acknowledged_on; on_spot: evidence, note, fixed_on."""

    id: str
    kind: str
    state: str
    started_on: date
    facts: dict = field(default_factory=dict)
    ended_on: date | None = None

    @property
    def ended(self) -> bool:
        return self.state in ("ended", "failed")

    @property
    def failed(self) -> bool:
        return self.state == "failed"

    @property
    def kind_label(self) -> str:
        return DISPOSITION_KINDS[self.kind]

    @property
    def state_label(self) -> str:
        return DISPOSITION_STATES[self.state]

    @property
    def deadline(self) -> date | None:
        """An order's deadline. One counted in working days through a year whose holiday
        schedule was not known then is counted again with the calendar as it is now, so a
        schedule recorded later moves it (the event keeps what was counted at the time)."""
        if self.kind != "order":
            return None
        facts = self.facts
        if facts.get("provisional") and facts.get("working_days") and facts.get("ordered_on"):
            return add_working_days(facts["ordered_on"], facts["working_days"]).day
        return facts.get("deadline")

    @property
    def provisional(self) -> bool:
        facts = self.facts
        if self.kind != "order" or not facts.get("provisional") or not facts.get("working_days"):
            return False
        return add_working_days(facts["ordered_on"], facts["working_days"]).provisional

    def describe(self) -> str:
        return f"{self.id}{self.kind_label}（{self.state_label}）"


class DecisionNumberClaim(Record):
    """A penalty decision number taken within its issuing body. Saved in the same
    transaction as the decision: a second decision with the same number in the same body
    fails as a whole (eventsourcing IntegrityError on the claim's id), nothing is written."""

    @staticmethod
    def create_id(issuing_body: str, decision_no: str, **_: object) -> UUID:
        return natural_id("decision", decision_key(issuing_body), decision_key(decision_no))

    @event("Claimed")
    def __init__(self, issuing_body: str, decision_no: str, problem_id: UUID, disposition_id: str,
                 actor_id: str, actor_role: str, command_id: str) -> None:
        self.issuing_body, self.decision_no = issuing_body, decision_no
        self.problem_id, self.disposition_id = problem_id, disposition_id
        self.command_ids = set()

    @property
    def label(self) -> str:
        return f"{self.issuing_body}处罚决定书文号“{self.decision_no}”"


# -- the commands and events of the six kinds ---------------------------------------------
class ProblemDispositions(Record):
    """The disposition commands and events of `Problem` (not used on its own).

    Each command checks the problem is open, the disposition exists with the right kind
    and state, and that its dates happened (on or before `today`, not before the problem
    was found nor before the step they follow); only then is the event triggered."""

    # Set by Problem.__init__: dispositions (dict of Disposition by id), found_on, state.
    # (No class-level annotations here: eventsourcing would take them for event fields.)

    def _require_open(self) -> None:
        if self.state == "closed":
            raise DomainError("问题已办结，不能再登记；如需继续处置，请先重新打开（须说明理由）")

    def _next_id(self) -> str:
        return f"d{len(self.dispositions) + 1}"

    def _on(self, value: object, label: str, today: object) -> date:
        value = happened(value, label, today)
        not_before(value, label, self.found_on, "问题发现日期")
        return value

    def _get(self, disposition_id: str, kind: str, states: tuple[str, ...], doing: str) -> Disposition:
        self._require_open()
        d = self.dispositions.get(disposition_id)
        if d is None:
            raise DomainError(f"处置“{disposition_id}”不存在")
        if d.kind != kind:
            raise DomainError(f"{d.id}是{d.kind_label}，不能{doing}")
        if d.state not in states:
            raise DomainError(f"{d.id}{d.kind_label}当前{d.state_label}，不能{doing}")
        return d

    def _start(self, event: Record.Event, kind: str, state: str, started_on: date, **facts: object) -> None:
        did = event.disposition_id  # type: ignore[attr-defined]
        self.dispositions[did] = Disposition(did, kind, state, started_on, dict(facts),
                                             started_on if state == "ended" else None)

    def _end(self, d: Disposition, on: date, state: str = "ended") -> None:
        d.state, d.ended_on = state, on

    # -- 当场整改 --------------------------------------------------------------------------
    class FixedOnSpot(Record.Event):
        disposition_id: str
        evidence: list[dict]
        note: str
        fixed_on: date

        def apply(self, problem: "ProblemDispositions") -> None:
            problem._start(self, "on_spot", "ended", self.fixed_on, evidence=list(self.evidence),
                           note=self.note, fixed_on=self.fixed_on)

    def fix_on_spot(self, *, evidence: list[dict], note: str, today: date,
                    fixed_on: date | None = None, **by: str) -> None:
        self._require_open()
        fixed_on = self._on(fixed_on or today, "整改日期", today)
        self.trigger_event(self.FixedOnSpot, disposition_id=self._next_id(),
                           evidence=evidence_items(evidence, "当场整改"),
                           note=require_text(note, "整改情况说明", 1000), fixed_on=fixed_on, **by)

    # -- 行政指导 --------------------------------------------------------------------------
    class GuidanceGiven(Record.Event):
        disposition_id: str
        document_no: str
        content: str
        issued_on: date

        def apply(self, problem: "ProblemDispositions") -> None:
            problem._start(self, "guidance", "issued", self.issued_on, document_no=self.document_no,
                           content=self.content, issued_on=self.issued_on)

    class GuidanceAcknowledged(Record.Event):
        disposition_id: str
        acknowledged_on: date

        def apply(self, problem: "ProblemDispositions") -> None:
            d = problem.dispositions[self.disposition_id]
            d.facts["acknowledged_on"] = self.acknowledged_on
            problem._end(d, self.acknowledged_on)

    def give_guidance(self, *, document_no: str, content: str, today: date,
                      issued_on: date | None = None, **by: str) -> None:
        self._require_open()
        issued_on = self._on(issued_on or today, "行政指导日期", today)
        self.trigger_event(self.GuidanceGiven, disposition_id=self._next_id(),
                           document_no=require_text(document_no, "行政指导文书编号", 100),
                           content=require_text(content, "行政指导内容", 2000), issued_on=issued_on, **by)

    def acknowledge_guidance(self, disposition_id: str, *, acknowledged_on: date, today: date,
                             **by: str) -> None:
        d = self._get(disposition_id, "guidance", ("issued",), "登记确认收悉")
        acknowledged_on = self._on(acknowledged_on, "确认收悉日期", today)
        not_before(acknowledged_on, "确认收悉日期", d.facts["issued_on"], "行政指导日期")
        self.trigger_event(self.GuidanceAcknowledged, disposition_id=d.id,
                           acknowledged_on=acknowledged_on, **by)

    # -- 责令改正 → 整改报告 → 回头看 -----------------------------------------------------------
    class RectificationOrdered(Record.Event):
        disposition_id: str
        order_no: str
        requirements: str
        ordered_on: date
        deadline: date
        working_days: int | None
        provisional: bool

        def apply(self, problem: "ProblemDispositions") -> None:
            problem._start(self, "order", "ordered", self.ordered_on, order_no=self.order_no,
                           requirements=self.requirements, ordered_on=self.ordered_on,
                           deadline=self.deadline, working_days=self.working_days,
                           provisional=self.provisional, extensions=[])

    class RectificationReported(Record.Event):
        disposition_id: str
        report: str
        evidence: list[dict]
        reported_on: date

        def apply(self, problem: "ProblemDispositions") -> None:
            d = problem.dispositions[self.disposition_id]
            d.facts.update(report=self.report, evidence=list(self.evidence), reported_on=self.reported_on)
            d.state = "reported"

    class VerificationScheduled(Record.Event):
        disposition_id: str
        task_id: UUID
        previous_task_id: UUID | None

        def apply(self, problem: "ProblemDispositions") -> None:
            d = problem.dispositions[self.disposition_id]
            d.facts["verification_task_id"] = self.task_id
            d.state = "verification_scheduled"

    class VerificationPassed(Record.Event):
        disposition_id: str
        note: str
        verified_on: date

        def apply(self, problem: "ProblemDispositions") -> None:
            d = problem.dispositions[self.disposition_id]
            d.facts.update(verified_on=self.verified_on, note=self.note)
            problem._end(d, self.verified_on)

    class VerificationFailed(Record.Event):
        disposition_id: str
        note: str
        verified_on: date

        def apply(self, problem: "ProblemDispositions") -> None:
            d = problem.dispositions[self.disposition_id]
            d.facts.update(verified_on=self.verified_on, note=self.note)
            problem._end(d, self.verified_on, "failed")

    class DeadlineExtended(Record.Event):
        disposition_id: str
        deadline: date
        previous_deadline: date
        reason: str

        def apply(self, problem: "ProblemDispositions") -> None:
            d = problem.dispositions[self.disposition_id]
            d.facts["extensions"].append({"deadline": self.deadline, "previous": self.previous_deadline,
                                          "reason": self.reason})
            d.facts.update(deadline=self.deadline, provisional=False)

    def order_rectification(self, *, order_no: str, requirements: str, today: date,
                            deadline: date | None = None, working_days: int | None = None,
                            ordered_on: date | None = None, **by: str) -> None:
        """The deadline is a date, or a number of statutory working days after the order."""
        self._require_open()
        ordered_on = self._on(ordered_on or today, "责令改正日期", today)
        if (deadline is None) == (working_days is None):
            raise DomainError("整改期限须填写截止日期或工作日天数（二者选一）")
        provisional = False
        if working_days is not None:
            if isinstance(working_days, bool) or not isinstance(working_days, int) or not 1 <= working_days <= 250:
                raise DomainError("整改期限的工作日天数须为1至250的整数")
            computed = add_working_days(ordered_on, working_days)
            deadline, provisional = computed.day, computed.provisional
        deadline = a_date(deadline, "整改期限")
        if deadline <= ordered_on:
            raise DomainError(f"整改期限（{deadline}）须晚于责令改正日期（{ordered_on}）")
        self.trigger_event(self.RectificationOrdered, disposition_id=self._next_id(),
                           order_no=require_text(order_no, "责令改正决定书文号", 100),
                           requirements=require_text(requirements, "整改要求", 2000), ordered_on=ordered_on,
                           deadline=deadline, working_days=working_days, provisional=provisional, **by)

    def report_rectification(self, disposition_id: str, *, report: str, evidence: list[dict],
                             reported_on: date, today: date, **by: str) -> None:
        d = self._get(disposition_id, "order", ("ordered",), "登记整改报告")
        reported_on = self._on(reported_on, "整改报告日期", today)
        not_before(reported_on, "整改报告日期", d.facts["ordered_on"], "责令改正日期")
        self.trigger_event(self.RectificationReported, disposition_id=d.id,
                           report=require_text(report, "整改报告内容", 5000),
                           evidence=evidence_items(evidence, "整改报告"), reported_on=reported_on, **by)

    def schedule_verification(self, disposition_id: str, *, task_id: UUID, today: date | None = None,
                              **by: str) -> None:
        """Links the 回头看 task (made elsewhere). Before a report only once the deadline has
        passed (the enterprise did not report); naming another task replaces the first."""
        d = self._get(disposition_id, "order", ("ordered", "reported", "verification_scheduled"),
                      "安排回头看")
        if not isinstance(task_id, UUID):
            raise DomainError("回头看任务编号无效")
        if d.state == "ordered" and (today is None or a_date(today, "当前日期") <= d.facts["deadline"]):
            raise DomainError(f"{d.id}责令改正尚未提交整改报告，整改期限（{d.facts['deadline']}）届满前不能安排回头看")
        previous = d.facts.get("verification_task_id")
        if previous == task_id:
            raise DomainError(f"{d.id}已安排该回头看任务")
        self.trigger_event(self.VerificationScheduled, disposition_id=d.id, task_id=task_id,
                           previous_task_id=previous, **by)

    def verify(self, disposition_id: str, *, passed: bool, note: str, verified_on: date, today: date,
               **by: str) -> None:
        """The 回头看 result. Failed: the order ends as failed and the problem needs a new
        order, a case or a transfer."""
        d = self._get(disposition_id, "order", ("verification_scheduled",), "登记回头看结论")
        if not isinstance(passed, bool):
            raise DomainError("回头看结论须为“通过”或“未通过”")
        verified_on = self._on(verified_on, "回头看日期", today)
        not_before(verified_on, "回头看日期", d.facts.get("reported_on") or d.facts["ordered_on"],
                   "整改报告日期" if d.facts.get("reported_on") else "责令改正日期")
        if passed:
            self.trigger_event(self.VerificationPassed, disposition_id=d.id, note=(note or "").strip(),
                               verified_on=verified_on, **by)
        else:
            self.trigger_event(self.VerificationFailed, disposition_id=d.id,
                               note=require_text(note, "回头看未通过的情况说明", 2000),
                               verified_on=verified_on, **by)

    def extend_deadline(self, disposition_id: str, *, new_deadline: date, reason: str, **by: str) -> None:
        d = self._get(disposition_id, "order", ("ordered", "reported", "verification_scheduled"), "延长整改期限")
        new_deadline = a_date(new_deadline, "延长后的整改期限")
        if new_deadline <= d.facts["deadline"]:
            raise DomainError(f"延长后的整改期限（{new_deadline}）须晚于原期限（{d.facts['deadline']}）")
        self.trigger_event(self.DeadlineExtended, disposition_id=d.id, deadline=new_deadline,
                           previous_deadline=d.facts["deadline"],
                           reason=require_text(reason, "延期理由", 500), **by)

    # -- 立案 → 处罚决定 → 听证/复议/诉讼 → 执行 --------------------------------------------------
    class CaseOpened(Record.Event):
        disposition_id: str
        case_no: str
        opened_on: date

        def apply(self, problem: "ProblemDispositions") -> None:
            problem._start(self, "case", "opened", self.opened_on, case_no=self.case_no,
                           opened_on=self.opened_on, decision=None, decisions=[],
                           special_criteria_hit=False)

    class PenaltyDecided(Record.Event):
        disposition_id: str
        decision_no: str
        issuing_body: str
        legal_basis: str
        fine: Decimal
        other_sanctions: list[str]
        decided_on: date
        special_criteria_hit: bool

        def apply(self, problem: "ProblemDispositions") -> None:
            d = problem.dispositions[self.disposition_id]
            decision = {"decision_no": self.decision_no, "issuing_body": self.issuing_body,
                        "legal_basis": self.legal_basis, "fine": self.fine,
                        "other_sanctions": list(self.other_sanctions), "decided_on": self.decided_on,
                        "via": None, "reason": ""}
            d.facts.update(decision=decision, decisions=[decision], special_criteria_hit=self.special_criteria_hit)
            d.state = "decided"
            problem._penalties_changed()

    class DecisionRevised(Record.Event):
        """A hearing, reconsideration or court changed the decision. The decision it
        replaces travels in `previous`; the original stays in the disposition's history."""

        disposition_id: str
        via: str
        decision_no: str
        issuing_body: str
        legal_basis: str
        fine: Decimal
        other_sanctions: list[str]
        decided_on: date
        reason: str
        special_criteria_hit: bool
        previous: dict

        def apply(self, problem: "ProblemDispositions") -> None:
            d = problem.dispositions[self.disposition_id]
            decision = {"decision_no": self.decision_no, "issuing_body": self.issuing_body,
                        "legal_basis": self.legal_basis, "fine": self.fine,
                        "other_sanctions": list(self.other_sanctions), "decided_on": self.decided_on,
                        "via": self.via, "reason": self.reason}
            d.facts["decisions"].append(decision)
            d.facts.update(decision=decision, special_criteria_hit=self.special_criteria_hit)
            problem._penalties_changed()

    class PenaltyExecuted(Record.Event):
        disposition_id: str
        executed_on: date
        amount_paid: Decimal
        note: str

        def apply(self, problem: "ProblemDispositions") -> None:
            d = problem.dispositions[self.disposition_id]
            d.facts.update(executed_on=self.executed_on, amount_paid=self.amount_paid, note=self.note)
            problem._end(d, self.executed_on)

    def _penalties_changed(self) -> None:
        self.special_criteria_hit = any(  # type: ignore[attr-defined]
            d.facts.get("special_criteria_hit") for d in self.dispositions.values() if d.kind == "case")

    def open_case(self, *, case_no: str, today: date, opened_on: date | None = None, **by: str) -> None:
        self._require_open()
        opened_on = self._on(opened_on or today, "立案日期", today)
        self.trigger_event(self.CaseOpened, disposition_id=self._next_id(),
                           case_no=require_text(case_no, "立案编号", 100), opened_on=opened_on, **by)

    def _penalty(self, fine: object, other_sanctions: object) -> tuple[Decimal, list[str]]:
        fine, others = amount(fine, "罚款金额"), sanctions(other_sanctions)
        if not fine and not others:
            raise DomainError("处罚决定须有罚款或其他处罚（如警告、责令停产整治）")
        return fine, others

    def decide_penalty(self, disposition_id: str, *, decision_no: str, issuing_body: str, legal_basis: str,
                       fine: Decimal, other_sanctions: list[str], decided_on: date, today: date,
                       **by: str) -> DecisionNumberClaim:
        """Returns the claim on the decision number, to be saved with this change."""
        d = self._get(disposition_id, "case", ("opened",), "作出处罚决定")
        decided_on = self._on(decided_on, "处罚决定日期", today)
        not_before(decided_on, "处罚决定日期", d.facts["opened_on"], "立案日期")
        fine, others = self._penalty(fine, other_sanctions)
        decision_no = require_text(decision_no, "处罚决定书文号", 100)
        issuing_body = require_text(issuing_body, "作出决定的机关", 100)
        claim = DecisionNumberClaim(issuing_body=issuing_body, decision_no=decision_no, problem_id=self.id,
                                    disposition_id=d.id, **by)
        self.trigger_event(self.PenaltyDecided, disposition_id=d.id, decision_no=decision_no,
                           issuing_body=issuing_body, legal_basis=require_text(legal_basis, "处罚依据", 500),
                           fine=fine, other_sanctions=others, decided_on=decided_on,
                           special_criteria_hit=fine >= PENALTY_THRESHOLD, **by)
        return claim

    def revise_decision(self, disposition_id: str, *, via: str, decision_no: str, fine: Decimal,
                        other_sanctions: list[str], reason: str, decided_on: date, today: date,
                        issuing_body: str | None = None, legal_basis: str | None = None,
                        **by: str) -> DecisionNumberClaim:
        """The revised decision has its own number (claimed like the first); both are kept."""
        d = self._get(disposition_id, "case", ("decided",), "变更处罚决定")
        choice(via, REVISION_VIAS, "变更途径")
        current = d.facts["decision"]
        decided_on = self._on(decided_on, "变更后的决定日期", today)
        not_before(decided_on, "变更后的决定日期", current["decided_on"], "原处罚决定日期")
        fine, others = self._penalty(fine, other_sanctions)
        decision_no = require_text(decision_no, "变更后的决定书文号", 100)
        issuing_body = require_text(issuing_body or current["issuing_body"], "作出决定的机关", 100)
        key = (decision_key(issuing_body), decision_key(decision_no))
        if any((decision_key(x["issuing_body"]), decision_key(x["decision_no"])) == key
               for x in d.facts["decisions"]):
            raise DomainError(f"决定书文号“{decision_no}”已用于本案此前的决定，变更后的决定须使用新的文号")
        if (fine, others) == (current["fine"], current["other_sanctions"]):
            raise DomainError("变更后的罚款和其他处罚与原决定相同，无需登记变更")
        claim = DecisionNumberClaim(issuing_body=issuing_body, decision_no=decision_no, problem_id=self.id,
                                    disposition_id=d.id, **by)
        self.trigger_event(self.DecisionRevised, disposition_id=d.id, via=via, decision_no=decision_no,
                           issuing_body=issuing_body,
                           legal_basis=require_text(legal_basis or current["legal_basis"], "处罚依据", 500),
                           fine=fine, other_sanctions=others, decided_on=decided_on,
                           reason=require_reason(reason), special_criteria_hit=fine >= PENALTY_THRESHOLD,
                           previous=dict(current), **by)
        return claim

    def record_execution(self, disposition_id: str, *, paid_or_executed_on: date, amount_paid: Decimal,
                         today: date, note: str = "", **by: str) -> None:
        d = self._get(disposition_id, "case", ("decided",), "登记执行")
        current = d.facts["decision"]
        executed_on = self._on(paid_or_executed_on, "缴纳或执行日期", today)
        not_before(executed_on, "缴纳或执行日期", current["decided_on"], "处罚决定日期")
        paid = amount(amount_paid, "实缴金额")
        if paid > 2 * current["fine"]:
            raise DomainError(f"实缴金额（{paid}元）超出罚款与加处罚款之和：加处罚款不得超出罚款数额（{current['fine']}元）")
        note = (note or "").strip()
        if paid < current["fine"] and not note:
            raise DomainError(f"实缴金额（{paid}元）少于罚款金额（{current['fine']}元），须说明原因（如分期缴纳、强制执行）")
        self.trigger_event(self.PenaltyExecuted, disposition_id=d.id, executed_on=executed_on,
                           amount_paid=paid, note=note, **by)

    # -- 行政强制 --------------------------------------------------------------------------
    class CoerciveMeasureTaken(Record.Event):
        disposition_id: str
        measure: str
        document_no: str
        starts_on: date
        ends_on: date | None
        approval: str

        def apply(self, problem: "ProblemDispositions") -> None:
            problem._start(self, "coercive", "in_force", self.starts_on, measure=self.measure,
                           document_no=self.document_no, starts_on=self.starts_on, ends_on=self.ends_on,
                           approval=self.approval)

    class CoerciveMeasureLifted(Record.Event):
        disposition_id: str
        lifted_on: date
        reason: str

        def apply(self, problem: "ProblemDispositions") -> None:
            d = problem.dispositions[self.disposition_id]
            d.facts.update(lifted_on=self.lifted_on, reason=self.reason)
            problem._end(d, self.lifted_on)

    def take_coercive_measure(self, *, kind: str, document_no: str, starts_on: date, today: date,
                              ends_on: date | None = None, approval: str = "", **by: str) -> None:
        """Seal-up and seizure last at most 30 days, 60 with the head's approval (`approval`:
        the approval's reference); production limits and suspensions may leave ends_on open."""
        self._require_open()
        choice(kind, COERCIVE_MEASURES, "强制措施种类")
        starts_on = self._on(starts_on, "强制措施开始日期", today)
        approval = (approval or "").strip()
        if ends_on is not None:
            ends_on = a_date(ends_on, "强制措施截止日期")
            not_before(ends_on, "强制措施截止日期", starts_on, "开始日期")
        if kind in ("seal_up", "seizure"):
            if ends_on is None:
                raise DomainError(f"{COERCIVE_MEASURES[kind]}须注明期限（截止日期）")
            limit = SEIZURE_DAYS_APPROVED if approval else SEIZURE_DAYS
            if (ends_on - starts_on).days > limit:
                raise DomainError(f"{COERCIVE_MEASURES[kind]}期限不得超过三十日，经负责人批准延长的合计不得超过六十日"
                                  f"（行政强制法第二十五条），现为{(ends_on - starts_on).days}日")
        self.trigger_event(self.CoerciveMeasureTaken, disposition_id=self._next_id(), measure=kind,
                           document_no=require_text(document_no, "强制措施决定书文号", 100),
                           starts_on=starts_on, ends_on=ends_on, approval=approval, **by)

    def lift_coercive_measure(self, disposition_id: str, *, lifted_on: date, reason: str, today: date,
                              **by: str) -> None:
        d = self._get(disposition_id, "coercive", ("in_force",), "解除强制措施")
        lifted_on = self._on(lifted_on, "解除日期", today)
        not_before(lifted_on, "解除日期", d.facts["starts_on"], "强制措施开始日期")
        self.trigger_event(self.CoerciveMeasureLifted, disposition_id=d.id, lifted_on=lifted_on,
                           reason=require_text(reason, "解除理由", 500), **by)

    # -- 移送 ----------------------------------------------------------------------------
    class CaseTransferred(Record.Event):
        disposition_id: str
        receiving_body: str
        receiver_kind: str
        document_no: str
        transferred_on: date
        suspected_crime: bool

        def apply(self, problem: "ProblemDispositions") -> None:
            problem._start(self, "transfer", "transferred", self.transferred_on,
                           receiving_body=self.receiving_body, receiver_kind=self.receiver_kind,
                           document_no=self.document_no, transferred_on=self.transferred_on,
                           suspected_crime=self.suspected_crime)

    class TransferReceived(Record.Event):
        disposition_id: str
        received_on: date

        def apply(self, problem: "ProblemDispositions") -> None:
            d = problem.dispositions[self.disposition_id]
            d.facts["received_on"] = self.received_on
            d.state = "received"

    class TransferReplied(Record.Event):
        disposition_id: str
        reply: str
        replied_on: date

        def apply(self, problem: "ProblemDispositions") -> None:
            d = problem.dispositions[self.disposition_id]
            d.facts.update(reply=self.reply, replied_on=self.replied_on)
            problem._end(d, self.replied_on)

    def transfer_case(self, *, receiving_body: str, kind: str, transferred_on: date, suspected_crime: bool,
                      document_no: str, today: date, **by: str) -> None:
        self._require_open()
        choice(kind, TRANSFER_RECEIVERS, "移送对象类别")
        if not isinstance(suspected_crime, bool):
            raise DomainError("须注明是否涉嫌犯罪")
        if suspected_crime and kind != "police":
            raise DomainError("涉嫌犯罪的案件应当移送公安机关")
        transferred_on = self._on(transferred_on, "移送日期", today)
        self.trigger_event(self.CaseTransferred, disposition_id=self._next_id(),
                           receiving_body=require_text(receiving_body, "接收机关", 100), receiver_kind=kind,
                           document_no=require_text(document_no, "移送文书编号", 100),
                           transferred_on=transferred_on, suspected_crime=suspected_crime, **by)

    def record_receipt(self, disposition_id: str, *, received_on: date, today: date, **by: str) -> None:
        d = self._get(disposition_id, "transfer", ("transferred",), "登记接收")
        received_on = self._on(received_on, "接收日期", today)
        not_before(received_on, "接收日期", d.facts["transferred_on"], "移送日期")
        self.trigger_event(self.TransferReceived, disposition_id=d.id, received_on=received_on, **by)

    def record_reply(self, disposition_id: str, *, reply: str, replied_on: date, today: date, **by: str) -> None:
        d = self._get(disposition_id, "transfer", ("received",), "登记回复（须先登记对方接收）")
        replied_on = self._on(replied_on, "回复日期", today)
        not_before(replied_on, "回复日期", d.facts["received_on"], "接收日期")
        self.trigger_event(self.TransferReplied, disposition_id=d.id,
                           reply=require_text(reply, "回复内容", 2000), replied_on=replied_on, **by)
