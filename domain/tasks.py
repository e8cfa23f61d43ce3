"""检查任务: one inspection of one unit. Here: a task made by a draw, with its officers drawn
(issue 4 grows the rest of the lifecycle: accept, inspect, record, complete …)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import event

from .base import DomainError, Record, natural_id, require_reason

ORIGINS = {"random": "双随机抽查"}
STATES = {"created": "已创建", "cancelled": "已取消"}


class InspectionTask(Record):
    @staticmethod
    def create_id(plan_id: UUID, target_id: UUID, **_: object) -> UUID:
        # One task per unit per plan: a draw cannot make a second task for the same unit.
        return natural_id("task", plan_id.hex, target_id.hex)

    @event("Created")
    def __init__(self, origin: str, plan_id: UUID, target_id: UUID, stratum: str, jurisdiction: str,
                 due: date, off_site: bool, actor_id: str, actor_role: str, command_id: str) -> None:
        self.origin, self.plan_id, self.target_id, self.stratum = origin, plan_id, target_id, stratum
        self.jurisdiction, self.due, self.off_site = jurisdiction, due, off_site
        self.officers: list[str] = []
        self.short = False
        self.assistants: list[str] = []
        self.draw_records: list[dict] = []
        self.state = "created"
        self.command_ids = set()

    class OfficersDrawn(Record.Event):
        """The draw's record as the verifier reads it: who could go, why the others could
        not, the rank order, who was drawn, and the record's digest."""

        record: dict

        def apply(self, task: "InspectionTask") -> None:
            task.draw_records.append(self.record)
            if self.record["kind"] == "officer":
                task.officers, task.short = list(self.record["selected"]), bool(self.record["short"])
            else:
                task.assistants = list(self.record["selected"])

    def record_officer_draw(self, *, record: dict, **by: str) -> None:
        if self.state != "created":
            raise DomainError("任务已取消，不能再抽取人员")
        self.trigger_event(self.OfficersDrawn, record=record, **by)

    def last_draw(self, kind: str = "officer") -> dict:
        found = [r for r in self.draw_records if r["kind"] == kind]
        if not found:
            raise DomainError("该任务尚未抽取人员")
        return found[-1]

    class Cancelled(Record.Event):
        reason: str

        def apply(self, task: "InspectionTask") -> None:
            task.state = "cancelled"

    def cancel(self, *, reason: str, **by: str) -> None:
        if self.state == "cancelled":
            raise DomainError("任务已取消")
        self.trigger_event(self.Cancelled, reason=require_reason(reason), **by)
