"""发现的问题: one stream per problem found on an inspection, followed until it is closed
(闭环管理). The dispositions (当场整改, 行政指导, 责令改正, 立案处罚, 行政强制, 移送) and their
events live in domain/dispositions.py; here: finding, closing, reopening, and what the
read side asks (what is still open, the next deadline, overdue or not)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from .base import DomainError, NoChangeError, Record, natural_id, require_text
from .dispositions import FOLLOW_UP_KINDS, Disposition, ProblemDispositions, a_date, happened
from .vocabulary import N_, choice

PROBLEM_CATEGORIES = {
    "air": N_("大气"),
    "water": N_("水"),
    "solid_waste": N_("固体废物"),
    "hazardous_waste": N_("危险废物"),
    "noise": N_("噪声"),
    "radiation": N_("辐射"),
    "permit": N_("排污许可"),
    "eia": N_("环评与“三同时”"),
    "monitoring": N_("自动监控与数据造假"),
    "emergency": N_("应急预案"),
    "other": N_("其他"),
}
PROBLEM_STATES = {"open": N_("处置中"), "closed": N_("已办结")}


class Problem(ProblemDispositions):
    @staticmethod
    def create_id(command_id: str, **_: object) -> UUID:
        # No natural key: the id comes from the command, so a resubmitted form finds the
        # problem it made instead of recording it twice.
        return natural_id("problem", command_id)

    @event("Found")
    def __init__(self, task_id: UUID, target_id: UUID, description: str, category: str, legal_basis: str,
                 found_on: date, actor_id: str, actor_role: str, command_id: str) -> None:
        self.task_id, self.target_id = task_id, target_id
        self.description, self.category, self.legal_basis = description, category, legal_basis
        self.found_on = found_on
        self.state = "open"
        self.dispositions: dict[str, Disposition] = {}
        self.special_criteria_hit = False  # a current penalty of 200,000 yuan or more
        self.closed_reason = ""
        self.reopen_reasons: list[str] = []
        self.command_ids = set()

    @classmethod
    def find(cls, *, task_id: UUID, target_id: UUID, description: str, category: str, legal_basis: str,
             found_on: date, today: date, **by: str) -> "Problem":
        """An officer records a problem found on the inspection `task_id` of unit `target_id`."""
        if not isinstance(task_id, UUID) or not isinstance(target_id, UUID):
            raise DomainError("问题须关联检查任务和监管对象")
        choice(category, PROBLEM_CATEGORIES, "问题类别")
        return cls(task_id=task_id, target_id=target_id,
                   description=require_text(description, "问题描述", 2000), category=category,
                   legal_basis=require_text(legal_basis, "违反的法律依据", 500),
                   found_on=happened(found_on, "发现日期", today), **by)

    # -- closing and reopening ----------------------------------------------------------
    class Closed(Record.Event):
        reason: str

        def apply(self, problem: "Problem") -> None:
            problem.state, problem.closed_reason = "closed", self.reason

    class Reopened(Record.Event):
        reason: str

        def apply(self, problem: "Problem") -> None:
            problem.state, problem.closed_reason = "open", ""
            problem.reopen_reasons.append(self.reason)

    def close(self, *, reason: str, **by: str) -> None:
        """办结: only when every disposition has ended and a failed order was answered."""
        if self.state == "closed":
            raise NoChangeError("问题已办结")
        blockers = self.closure_blockers()
        if blockers:
            raise DomainError(f"问题尚不能办结：{'；'.join(blockers)}")
        self.trigger_event(self.Closed, reason=require_text(reason, "办结说明", 500), **by)

    def reopen(self, *, reason: str, **by: str) -> None:
        if self.state != "closed":
            raise NoChangeError("问题尚未办结，无需重新打开")
        self.trigger_event(self.Reopened, reason=require_text(reason, "重新打开的理由", 500), **by)

    # -- what the read side asks ----------------------------------------------------------
    @property
    def closed(self) -> bool:
        return self.state == "closed"

    def disposition(self, disposition_id: str) -> Disposition:
        try:
            return self.dispositions[disposition_id]
        except KeyError:
            raise DomainError(f"处置“{disposition_id}”不存在") from None

    def open_dispositions(self) -> list[Disposition]:
        return [d for d in self.dispositions.values() if not d.ended]

    def needs_follow_up(self) -> list[Disposition]:
        """Failed orders not yet answered by a later order, case or transfer."""
        ordered = list(self.dispositions.values())
        return [d for i, d in enumerate(ordered) if d.failed
                and not any(later.kind in FOLLOW_UP_KINDS for later in ordered[i + 1:])]

    def closure_blockers(self) -> list[str]:
        """What keeps the problem from closing, in Chinese (empty: it may close)."""
        if not self.dispositions:
            return ["尚无任何处置措施"]
        blockers = [f"{d.describe()}尚未办结" for d in self.open_dispositions()]
        blockers += [f"{d.id}责令改正回头看未通过，须另行责令改正、立案处罚或移送并办结"
                     for d in self.needs_follow_up()]
        return blockers

    def next_deadline(self) -> date | None:
        """The earliest rectification deadline among the open orders."""
        deadlines = [d.deadline for d in self.open_dispositions() if d.kind == "order"]
        return min(deadlines, default=None)

    def days_overdue(self, today: date) -> int:
        """Calendar days past the earliest open order deadline (0: not overdue)."""
        deadline = self.next_deadline()
        return max(0, (a_date(today, "当前日期") - deadline).days) if deadline else 0

    def is_overdue(self, today: date) -> bool:
        """An open order past its deadline, or a seal-up / seizure still in force past its end."""
        today = a_date(today, "当前日期")
        return self.days_overdue(today) > 0 or any(
            d.kind == "coercive" and d.facts["ends_on"] and d.facts["ends_on"] < today
            for d in self.open_dispositions())
