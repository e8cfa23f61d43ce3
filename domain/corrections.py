"""数据纠错: anyone may report that a disclosed record about a unit is wrong. The report
reaches the supervisors of the unit's jurisdiction as an item with a closed loop of its
own: submitted → accepted (someone is on it) → resolved (with the answer, and whether the
record was corrected) or rejected (with the reason). The reporter's contact is kept for
the answer and never shown on a public page."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .base import DomainError, NoChangeError, Record, natural_id, require_reason, require_text
from .vocabulary import N_

STATES = {"submitted": N_("待受理"), "accepted": N_("已受理，处理中"), "resolved": N_("已办结"),
          "rejected": N_("不予采纳")}
SUBJECTS = {"result": N_("检查结果有误"), "penalty": N_("处罚信息有误"), "unit": N_("单位信息有误"),
            "other": N_("其他")}


class Correction(Record):
    @staticmethod
    def create_id(command_id: str, **_: object) -> UUID:
        return natural_id("correction", command_id)

    class Submitted(Record.Event, Aggregate.Created):
        target_id: UUID
        jurisdiction: str
        subject: str
        details: str
        contact: str
        submitted_on: date

    @event(Submitted)
    def __init__(self, target_id: UUID, jurisdiction: str, subject: str, details: str, contact: str,
                 submitted_on: date, actor_id: str, actor_role: str, command_id: str) -> None:
        self.target_id, self.jurisdiction, self.subject = target_id, jurisdiction, subject
        self.details, self.contact, self.submitted_on = details, contact, submitted_on
        self.state = "submitted"
        self.command_ids = set()

    @classmethod
    def submit(cls, *, target_id: UUID, jurisdiction: str, subject: str, details: str, contact: str,
               submitted_on: date, **by: str) -> "Correction":
        if subject not in SUBJECTS:
            raise DomainError(f"纠错类别“{subject}”不存在")
        return cls(target_id=target_id, jurisdiction=jurisdiction, subject=subject,
                   details=require_text(details, "纠错内容", 2000), contact=(contact or "").strip()[:100],
                   submitted_on=submitted_on, **by)

    def _require(self, *states: str, doing: str) -> None:
        if self.state not in states:
            raise DomainError(f"该纠错当前为“{STATES[self.state]}”，不能{doing}")

    class Accepted(Record.Event):
        note: str

        def apply(self, c: "Correction") -> None:
            c.state = "accepted"

    def accept(self, *, note: str = "", **by: str) -> None:
        if self.state == "accepted":
            raise NoChangeError("该纠错已受理")
        self._require("submitted", doing="受理")
        self.trigger_event(self.Accepted, note=(note or "").strip()[:500], **by)

    class Resolved(Record.Event):
        answer: str
        corrected: bool  # whether the record was corrected (by its own events, which the answer names)
        resolved_on: date

        def apply(self, c: "Correction") -> None:
            c.state = "resolved"

    def resolve(self, *, answer: str, corrected: bool, today: date, **by: str) -> None:
        self._require("accepted", doing="办结（须先受理）")
        self.trigger_event(self.Resolved, answer=require_text(answer, "处理结果", 2000), corrected=bool(corrected),
                           resolved_on=today, **by)

    class Rejected(Record.Event):
        reason: str
        resolved_on: date

        def apply(self, c: "Correction") -> None:
            c.state = "rejected"

    def reject(self, *, reason: str, today: date, **by: str) -> None:
        self._require("submitted", "accepted", doing="不予采纳")
        self.trigger_event(self.Rejected, reason=require_reason(reason), resolved_on=today, **by)
