"""一公开: the disclosure of one completed task's result.

The obligation starts when a task is completed: it must be disclosed within 20 working
days (DISCLOSURE_DAYS; the read side counts the due date, projections/disclosures.py). A
supervisor reviews the result — one of the standard phrases (Changji 2025), proposed from
what was done about the problems found — with a description (情况说明), then publishes it.
A result touching state secrets, national or public security is withheld instead, with the
ground, the reason and who decided; it then counts as withheld, not as late.

History: a result already published in a notice before this system (the Korla 2022 table)
is back-entered with that notice's own wording (`as_published`) and its publication date.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .base import DomainError, NoChangeError, Record, natural_id, require_reason, require_text
from .vocabulary import N_, choice

DISCLOSURE_DAYS = 20
# The official wording, printed as is in every language (the public table is an official form).
PHRASES = {
    "no_problem": "未发现问题",
    "order": "发现问题，作出责令改正等行政命令",
    "guidance": "发现问题，作出行政指导",
    "penalty": "发现问题，作出行政处罚决定",
    "coercive": "发现问题，作出行政强制决定",
    "other": "发现问题，作出其他具体行政行为",
    "transfer": "发现问题，但属于其他部门监管，需要移送或通报",
}
WITHHOLD_GROUNDS = {"state_secret": N_("涉及国家秘密"), "national_security": N_("涉及国家安全"),
                    "public_security": N_("涉及公共安全")}
STATES = {"pending": N_("待审核"), "reviewed": N_("已审核，待公开"), "published": N_("已公开"),
          "withheld": N_("不予公开")}
NO_DESCRIPTION = "无"


def propose(result: str, dispositions: list[tuple[str, str]]) -> str:
    """The phrase a task's result suggests, from (kind, measure) of its problems' dispositions.

    The heaviest decision speaks for the task: a penalty, then a coercive measure, an order,
    guidance; a problem passed to another department's remit is the transfer phrase; a minor
    problem fixed on the spot, or a transfer to the police (a crime is our remit too), is
    another specific administrative act. The supervisor may choose differently on review."""
    if result != "problems_found":
        return "no_problem"
    kinds = {k for k, _m in dispositions}
    for kind, phrase in (("case", "penalty"), ("coercive", "coercive"), ("order", "order"),
                         ("guidance", "guidance")):
        if kind in kinds:
            return phrase
    if ("transfer", "department") in dispositions:
        return "transfer"
    return "other"


class Disclosure(Record):
    """One per task. Opened by the first command on it (a review or a withholding), in the
    same transaction as that command, so an opened disclosure always has a decision."""

    @staticmethod
    def create_id(task_id: UUID, **_: object) -> UUID:
        return natural_id("disclosure", task_id.hex)

    class Opened(Record.Event, Aggregate.Created):
        task_id: UUID
        target_id: UUID
        jurisdiction: str
        completed_on: date

    @event(Opened)
    def __init__(self, task_id: UUID, target_id: UUID, jurisdiction: str, completed_on: date, actor_id: str,
                 actor_role: str, command_id: str) -> None:
        self.task_id, self.target_id, self.jurisdiction = task_id, target_id, jurisdiction
        self.completed_on = completed_on
        self.phrase, self.text, self.description = "", "", ""
        self.state = "pending"
        self.published_on: date | None = None
        self.command_ids = set()

    @classmethod
    def open(cls, *, task_id: UUID, target_id: UUID, jurisdiction: str, completed_on: date,
             **by: str) -> "Disclosure":
        return cls(task_id=task_id, target_id=target_id, jurisdiction=jurisdiction, completed_on=completed_on,
                   **{**by, "command_id": f"{by['command_id']}:open"})

    @staticmethod
    def wording(phrase: str, description: str, as_published: str = "") -> dict:
        choice(phrase, PHRASES, "检查结果")
        as_published = (as_published or "").strip()
        text = require_text(as_published, "公告原文", 200) if as_published else PHRASES[phrase]
        return {"phrase": phrase, "text": text,
                "description": require_text(description or NO_DESCRIPTION, "情况说明", 2000)}

    class Reviewed(Record.Event):
        phrase: str
        text: str
        description: str

        def apply(self, d: "Disclosure") -> None:
            d.phrase, d.text, d.description, d.state = self.phrase, self.text, self.description, "reviewed"

    def review(self, *, phrase: str, description: str, as_published: str = "", **by: str) -> None:
        if self.state == "published":
            raise DomainError("结果已公开：如需更正，请登记更正并说明理由")
        if self.state == "withheld":
            raise DomainError("该结果已决定不予公开，不能再审核")
        wording = self.wording(phrase, description, as_published)
        if self.state == "reviewed" and (wording["text"], wording["description"]) == (self.text, self.description):
            raise NoChangeError("审核结果与原审核一致，无需重复审核")
        self.trigger_event(self.Reviewed, **wording, **by)

    class Published(Record.Event):
        published_on: date
        notice: str  # where: the quarterly notice, the portal column

        def apply(self, d: "Disclosure") -> None:
            d.state, d.published_on = "published", self.published_on

    def publish(self, *, published_on: date, today: date, notice: str = "", **by: str) -> None:
        if self.state == "published":
            raise NoChangeError(f"该结果已于{self.published_on}公开")
        if self.state == "withheld":
            raise DomainError("该结果已决定不予公开，不能公开")
        if self.state != "reviewed":
            raise DomainError("检查结果尚未经审核，不能公开：请先审核检查结果和情况说明")
        if published_on > today:
            raise DomainError(f"公开日期（{published_on}）不能晚于今天（{today}）")
        if published_on < self.completed_on:
            raise DomainError(f"公开日期（{published_on}）不能早于任务办结日期（{self.completed_on}）")
        self.trigger_event(self.Published, published_on=published_on, notice=(notice or "").strip()[:200], **by)

    class Corrected(Record.Event):
        phrase: str
        text: str
        description: str
        reason: str

        def apply(self, d: "Disclosure") -> None:
            d.phrase, d.text, d.description = self.phrase, self.text, self.description

    def correct(self, *, phrase: str, description: str, reason: str, **by: str) -> None:
        """A published result found wrong (a report from the public, a review): the corrected
        wording replaces it on the public pages; the history keeps both."""
        if self.state != "published":
            raise DomainError("只有已公开的结果才能更正；未公开的请重新审核")
        wording = self.wording(phrase, description)
        if (wording["text"], wording["description"]) == (self.text, self.description):
            raise NoChangeError("更正内容与已公开内容一致")
        self.trigger_event(self.Corrected, **wording, reason=require_reason(reason), **by)

    class Withheld(Record.Event):
        ground: str
        reason: str
        decided_by: str  # the leader who approved it (name and post), beside the actor who recorded it

        def apply(self, d: "Disclosure") -> None:
            d.state = "withheld"

    def withhold(self, *, ground: str, reason: str, decided_by: str, **by: str) -> None:
        if self.state == "published":
            raise DomainError("结果已公开，不能再决定不予公开")
        if self.state == "withheld":
            raise NoChangeError("该结果已决定不予公开")
        choice(ground, WITHHOLD_GROUNDS, "不予公开的理由类别")
        self.trigger_event(self.Withheld, ground=ground, reason=require_text(reason, "不予公开的具体理由", 1000),
                           decided_by=require_text(decided_by, "批准不予公开的负责人", 100), **by)
