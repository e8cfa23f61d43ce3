"""检查任务: one inspection of one unit, from a draw or targeted (针对性检查), worked from
assignment to closure: created → assigned → dispatched → accepted → inspected → completed
→ closed (when every problem it found is closed); cancelled with a reason at any point
before completion. Only the officers assigned to a task record on it."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .calendar import local_day
from .base import DomainError, NoChangeError, Record, natural_id, require_reason, require_text
from .checklists import RESULTS, items

ORIGINS = {"random": "双随机抽查", "random_record": "双随机抽查（历史补录）", "complaint": "12369投诉举报", "assigned": "上级交办",
           "transfer": "部门移送", "incident": "突发事件", "monitoring": "监测数据异常",
           "campaign": "专项行动", "followup": "回头看（整改核查）"}
STATES = {"created": "已创建", "assigned": "已分配人员", "dispatched": "已派发", "accepted": "已接收",
          "inspected": "已检查", "completed": "已办结", "closed": "已闭环", "cancelled": "已取消"}
FORMS = {  # the official record forms, and whether each is for on-site work
    "污染源现场检查记录表": True, "非现场检查记录表": False, "排污许可现场执法检查记录单": True,
    "现场检查（勘察）笔录": True, "调查询问笔录": True, "污染源简单事项现场“一表通查”记录表": True,
}
RESULTS_OF_TASK = {"no_problem": "未发现问题", "problems_found": "发现问题"}
OPEN_FOR_RECORDS = ("accepted", "inspected")


class InspectionTask(Record):
    @staticmethod
    def create_id(plan_id: UUID | None, target_id: UUID, command_id: str = "", **_: object) -> UUID:
        # A drawn task: one per unit per plan. A targeted task: one per creating command.
        if plan_id is not None:
            return natural_id("task", plan_id.hex, target_id.hex)
        return natural_id("task", "targeted", command_id)

    class Created(Record.Event, Aggregate.Created):
        """Version 2 added reference, note and followup_of (targeted tasks); events stored
        before that are upcast with their empty values."""

        origin: str
        plan_id: UUID | None
        target_id: UUID
        stratum: str
        jurisdiction: str
        due: date
        off_site: bool
        reference: str
        note: str
        followup_of: UUID | None
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state.update(reference="", note="", followup_of=None)

    @event(Created)
    def __init__(self, origin: str, plan_id: UUID | None, target_id: UUID, stratum: str, jurisdiction: str,
                 due: date, off_site: bool, actor_id: str, actor_role: str, command_id: str,
                 reference: str = "", note: str = "", followup_of: UUID | None = None) -> None:
        self.origin, self.plan_id, self.target_id, self.stratum = origin, plan_id, target_id, stratum
        self.jurisdiction, self.due, self.off_site = jurisdiction, due, off_site
        self.reference, self.note, self.followup_of = reference, note, followup_of
        self.officers: list[str] = []
        self.short = False
        self.assistants: list[str] = []
        self.draw_records: list[dict] = []
        self.accepted_by: list[str] = []
        self.joint: list[dict] = []  # other departments' members in a joint inspection
        self.records: list[dict] = []
        self.evidence: list[dict] = []
        self.result = ""
        self.problems: list[str] = []
        self.state = "created"
        self.completed_on: date | None = None
        self.command_ids = set()

    @classmethod
    def targeted(cls, *, origin: str, target_id: UUID, jurisdiction: str, due: date, off_site: bool = False,
                 reference: str = "", note: str = "", followup_of: UUID | None = None, stratum: str = "",
                 **by: str) -> "InspectionTask":
        """A targeted inspection (针对性检查): not drawn, does not count toward the ratios.

        Also the way to record a random inspection made before this system (random_record,
        with its category as the stratum and the published table as the reference)."""
        if origin not in ORIGINS or origin == "random":
            raise DomainError(f"任务来源“{origin}”不存在，可选：{'、'.join(v for k, v in ORIGINS.items() if k != 'random')}")
        if origin == "complaint" and not (reference or "").strip():
            raise DomainError("12369投诉举报来源的任务须填写投诉编号")
        if origin == "followup" and followup_of is None:
            raise DomainError("回头看任务须关联所核查的问题")
        if origin == "random_record" and not (stratum and reference):
            raise DomainError("补录的双随机抽查须注明监管类别和原公开文件")
        return cls(origin=origin, plan_id=None, target_id=target_id, stratum=stratum if origin == "random_record" else "",
                   jurisdiction=jurisdiction,
                   due=due, off_site=off_site, reference=(reference or "").strip(), note=note or "",
                   followup_of=followup_of, **by)

    def _require(self, *states: str, doing: str) -> None:
        if self.state not in states:
            raise DomainError(f"任务当前为“{STATES[self.state]}”，不能{doing}")

    def _require_officer(self, officer_id: str) -> None:
        if officer_id not in self.officers:
            raise DomainError("只有本任务指派的检查人员才能记录")

    # -- officers -------------------------------------------------------------------------
    class OfficersDrawn(Record.Event):
        """The draw's record as the verifier reads it: who could go, why the others could
        not, the rank order, who was drawn, and the record's digest."""

        record: dict

        def apply(self, task: "InspectionTask") -> None:
            task.draw_records.append(self.record)
            if self.record["kind"] == "officer":
                task.officers, task.short = list(self.record["selected"]), bool(self.record["short"])
                if not task.short and task.state == "created":
                    task.state = "assigned"
            else:
                task.assistants = list(self.record["selected"])

    def record_officer_draw(self, *, record: dict, **by: str) -> None:
        self._require("created", "assigned", doing="抽取人员")
        self.trigger_event(self.OfficersDrawn, record=record, **by)

    def last_draw(self, kind: str = "officer") -> dict:
        found = [r for r in self.draw_records if r["kind"] == kind]
        if not found:
            raise DomainError("该任务尚未抽取人员")
        return found[-1]

    class OfficersAssigned(Record.Event):
        officers: list
        previous: list
        reason: str

        def apply(self, task: "InspectionTask") -> None:
            task.officers, task.short = list(self.officers), False
            task.accepted_by = [o for o in task.accepted_by if o in self.officers]
            if task.state == "created":
                task.state = "assigned"

    def assign_officers(self, *, officers: list[str], reason: str, **by: str) -> None:
        """A supervisor assigns (targeted tasks) or reassigns officers; always at least two."""
        self._require("created", "assigned", "dispatched", "accepted", doing="调整检查人员")
        if len(set(officers)) < 2:
            raise DomainError("每项检查至少须有两名执法人员")
        if sorted(set(officers)) == sorted(self.officers):
            raise NoChangeError("检查人员未变化")
        self.trigger_event(self.OfficersAssigned, officers=sorted(set(officers)), previous=self.officers,
                           reason=require_reason(reason), **by)

    class JointMembersRecorded(Record.Event):
        """A joint inspection (部门联合 with housing, market regulation, police …; 兵地联合 with a
        Corps division): the other side's members as that department names them."""

        department: str
        kind: str
        members: list
        basis: str

        def apply(self, task: "InspectionTask") -> None:
            task.joint.append({"department": self.department, "kind": self.kind, "members": list(self.members),
                               "basis": self.basis})

    JOINT_KINDS = {"department": "部门联合抽查", "corps": "兵地联合检查"}

    def record_joint_members(self, *, department: str, kind: str, members: list[str], basis: str, **by: str) -> None:
        self._require("created", "assigned", "dispatched", "accepted", "inspected", doing="登记联合检查人员")
        if kind not in self.JOINT_KINDS:
            raise DomainError("联合检查类别须为部门联合抽查或兵地联合检查")
        names = [require_text(m, "联合检查人员姓名", 50) for m in members if (m or "").strip()]
        if not names:
            raise DomainError("须填写对方部门派出的人员")
        self.trigger_event(self.JointMembersRecorded, department=require_text(department, "联合检查部门", 80),
                           kind=kind, members=names, basis=basis or "", **by)

    # -- dispatch and acceptance -----------------------------------------------------------
    class Dispatched(Record.Event):
        def apply(self, task: "InspectionTask") -> None:
            task.state = "dispatched"

    class Accepted(Record.Event):
        officer_id: str

        def apply(self, task: "InspectionTask") -> None:
            task.accepted_by.append(self.officer_id)
            task.state = "accepted"

    def dispatch(self, **by: str) -> None:
        self._require("assigned", doing="派发（须先分配至少两名人员）")
        self.trigger_event(self.Dispatched, **by)

    def accept(self, *, officer_id: str, **by: str) -> None:
        self._require("dispatched", "accepted", doing="接收")
        self._require_officer(officer_id)
        if officer_id in self.accepted_by:
            raise NoChangeError("您已接收该任务")
        self.trigger_event(self.Accepted, officer_id=officer_id, **by)

    # -- the inspection record -------------------------------------------------------------
    class InspectionRecorded(Record.Event):
        record: dict

        def apply(self, task: "InspectionTask") -> None:
            task.records.append(self.record)
            task.state = "inspected"

    def record_inspection(self, *, officer_id: str, form: str, on_site: bool, present: list[str],
                          representative: str, production_status: str, checklist: dict[str, str],
                          data_sources: list[str], approval: str, findings: str, inspected_on: date,
                          today: date, **by: str) -> None:
        self._require(*OPEN_FOR_RECORDS, doing="记录检查情况（须先接收任务）")
        self._require_officer(officer_id)
        if form not in FORMS:
            raise DomainError(f"检查记录表“{form}”不存在，可选：{'、'.join(FORMS)}")
        if FORMS[form] != on_site:
            raise DomainError(f"“{form}”用于{'现场' if FORMS[form] else '非现场'}检查，与检查方式不符")
        if inspected_on > today:
            raise DomainError("检查日期不能晚于今天")
        if on_site:
            officers_there = [p for p in present if p in self.officers]
            if len(set(officers_there)) < 2:
                raise DomainError("现场检查记录须有至少两名本任务执法人员在场")
            if self.off_site and not (approval or "").strip():
                raise DomainError("正面清单单位原则上非现场检查；现场检查须记录本单位负责同志的同意")
            unknown = [i for i in checklist if i not in items()]
            if unknown:
                raise DomainError(f"检查项“{'、'.join(unknown)}”不在“十必查”清单中")
            missing = [i for i in items() if i not in checklist]
            if form == "污染源现场检查记录表" and missing:
                raise DomainError(f"“十必查”尚有{len(missing)}项未填写：{'、'.join(missing)}")
            bad = [v for v in checklist.values() if v not in RESULTS]
            if bad:
                raise DomainError(f"检查结果只能填写：{'、'.join(RESULTS.values())}")
        elif not data_sources:
            raise DomainError("非现场检查须注明所用数据来源（自动监控、排污许可平台、远程视频等）")
        record = {"no": len(self.records) + 1, "form": form, "on_site": on_site, "officer_id": officer_id,
                  "present": sorted(set(present)), "representative": representative or "",
                  "production_status": production_status or "", "checklist": dict(checklist),
                  "data_sources": list(data_sources), "approval": approval or "",
                  "findings": require_text(findings, "检查情况", 4000), "inspected_on": inspected_on.isoformat()}
        self.trigger_event(self.InspectionRecorded, record=record, **by)

    class EvidenceAttached(Record.Event):
        evidence: dict  # {sha256, size, type, name}: the file is stored under its hash

        def apply(self, task: "InspectionTask") -> None:
            task.evidence.append(self.evidence)

    def attach_evidence(self, *, officer_id: str, evidence: dict, **by: str) -> None:
        self._require(*OPEN_FOR_RECORDS, "completed", doing="上传证据")
        self._require_officer(officer_id)
        if any(e["sha256"] == evidence["sha256"] for e in self.evidence):
            raise NoChangeError("该文件已上传过")
        self.trigger_event(self.EvidenceAttached, evidence=dict(evidence), **by)

    # -- completion and closure ------------------------------------------------------------
    class Completed(Record.Event):
        """Version 2 added completed_on, the day the task was done (the disclosure deadline
        counts from it); a version 1 event's day is the Beijing day it was stored."""

        result: str
        summary: str
        problems: list  # problem ids (hex) found by this inspection
        completed_on: date | None
        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict) -> None:
            state["completed_on"] = None

        def apply(self, task: "InspectionTask") -> None:
            task.state, task.result = "completed", self.result
            task.problems = list(self.problems)
            task.completed_on = self.completed_on or local_day(self.timestamp)

    def complete(self, *, officer_id: str, result: str, summary: str, problems: list[str],
                 completed_on: date | None = None, today: date | None = None, **by: str) -> None:
        """`completed_on` defaults to today (Beijing); an earlier day is work entered late."""
        self._require("inspected", doing="办结（须先记录检查情况）")
        self._require_officer(officer_id)
        if result not in RESULTS_OF_TASK:
            raise DomainError("检查结果须为“未发现问题”或“发现问题”")
        if (result == "problems_found") != bool(problems):
            raise DomainError("发现问题的任务须登记问题；未发现问题的任务不能登记问题")
        if completed_on is not None:
            if today is not None and completed_on > today:
                raise DomainError(f"办结日期（{completed_on}）不能晚于今天（{today}）")
            inspected = min(date.fromisoformat(r["inspected_on"]) for r in self.records)
            if completed_on < inspected:
                raise DomainError(f"办结日期（{completed_on}）不能早于检查日期（{inspected}）")
        self.trigger_event(self.Completed, result=result, summary=require_text(summary, "检查结论", 2000),
                           problems=list(problems), completed_on=completed_on, **by)

    class Closed(Record.Event):
        def apply(self, task: "InspectionTask") -> None:
            task.state = "closed"

    class Reopened(Record.Event):
        reason: str

        def apply(self, task: "InspectionTask") -> None:
            task.state = "completed"

    def close(self, *, open_problems: list[str], **by: str) -> None:
        """Closed when every problem the task found is closed (the caller reads their states)."""
        self._require("completed", doing="闭环")
        if open_problems:
            raise DomainError(f"尚有{len(open_problems)}个问题未闭环，任务不能闭环")
        self.trigger_event(self.Closed, **by)

    def reopen(self, *, reason: str, **by: str) -> None:
        self._require("closed", doing="重新打开")
        self.trigger_event(self.Reopened, reason=require_reason(reason), **by)

    # -- supervisor's changes ---------------------------------------------------------------
    class DueExtended(Record.Event):
        due: date
        previous: date
        reason: str

        def apply(self, task: "InspectionTask") -> None:
            task.due = self.due

    class Cancelled(Record.Event):
        reason: str

        def apply(self, task: "InspectionTask") -> None:
            task.state = "cancelled"

    def extend_due(self, *, due: date, reason: str, **by: str) -> None:
        self._require("created", "assigned", "dispatched", "accepted", "inspected", doing="延期")
        if due <= self.due:
            raise DomainError("延期后的期限须晚于原期限")
        self.trigger_event(self.DueExtended, due=due, previous=self.due, reason=require_reason(reason), **by)

    def cancel(self, *, reason: str, **by: str) -> None:
        if self.state in ("completed", "closed", "cancelled"):
            raise DomainError(f"任务当前为“{STATES[self.state]}”，不能取消")
        self.trigger_event(self.Cancelled, reason=require_reason(reason), **by)
