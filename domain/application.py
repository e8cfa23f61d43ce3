"""The service layer: one entry per use case, `get → call → save`, returning positions.

Every command carries a client-made command id; an aggregate that has already applied
that id ignores the resubmission. A concurrent write to the same aggregate is retried
on a fresh copy a bounded number of times.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from .corrections import Correction
from .disclosure import Disclosure
from .holiday_schedule import HolidaySchedule
from .reminder_rules import ReminderRules
from .jobs import Job
from .special_review import SpecialReview
from .base import Actor, AlreadyExistsError, DateAsISO, DomainError, NotFoundError, Record
from .inspectors import Inspector
from .ledger import Checkpoint, SigningKey
from .organisation import Brigade, Jurisdiction
from .plans import SamplingPlan
from .problems import Problem
from .targets import Target
from .tasks import InspectionTask
from .users import User

A = TypeVar("A", bound=Record)

# The commands each aggregate accepts from outside, by name: the web layer and the CLI
# name a command, the application looks it up here (nothing else is callable).
COMMANDS: dict[type[Record], frozenset[str]] = {
    Target: frozenset({"change_details", "change_category", "exclude_from_draws", "lift_exclusion",
                       "add_to_positive_list", "remove_from_positive_list"}),
    Inspector: frozenset({"change_details", "renew_certificate", "expire_certificate", "transfer",
                          "deactivate", "reactivate", "declare_conflict", "withdraw_conflict"}),
    Jurisdiction: frozenset({"rename"}),
    Brigade: frozenset({"add_member", "remove_member", "change_coverage", "dissolve"}),
    User: frozenset({"change_role", "reset_password", "disable", "enable", "issue_token", "revoke_token"}),
    SamplingPlan: frozenset({"change_rules", "commit", "execute", "replace_unit", "void"}),
    Problem: frozenset({"fix_on_spot", "give_guidance", "acknowledge_guidance", "order_rectification",
                        "report_rectification", "schedule_verification", "verify", "extend_deadline",
                        "open_case", "decide_penalty", "revise_decision", "record_execution",
                        "take_coercive_measure", "lift_coercive_measure", "transfer_case", "record_receipt",
                        "record_reply", "close", "reopen"}),
    InspectionTask: frozenset({"record_officer_draw", "assign_officers", "dispatch", "accept",
                               "record_inspection", "attach_evidence", "complete", "close", "reopen",
                               "record_joint_members",
                               "extend_due", "cancel"}),
    SigningKey: frozenset({"retire"}),
    Disclosure: frozenset({"review", "publish", "correct", "withhold"}),
    HolidaySchedule: frozenset({"revise"}),
    Correction: frozenset({"accept", "resolve", "reject"}),
    Job: frozenset({"finish", "fail", "retry"}),
    ReminderRules: frozenset({"change"}),
}
LABELS = {Target: "监管对象", Inspector: "检查人员", Jurisdiction: "辖区", Brigade: "执法单位", User: "用户",
          SamplingPlan: "抽查计划", InspectionTask: "检查任务", Problem: "问题", SigningKey: "签名密钥",
          Checkpoint: "检查点", Disclosure: "结果公开记录", HolidaySchedule: "节假日安排", SpecialReview: "联审会决定",
          Correction: "纠错", Job: "后台任务", ReminderRules: "提醒规则"}


@dataclass(frozen=True)
class Outcome:
    aggregate_id: UUID
    position: int | None  # notification id of the last event written; None: nothing new

    @property
    def changed(self) -> bool:
        return self.position is not None


class Shuangsui(Application[UUID]):
    name = "shuangsui"
    # Events are few and small; the store keeps them as JSON so a reviewer can read them.
    env = {"AGGREGATE_CACHE_MAXSIZE": "2000", "DEEPCOPY_FROM_AGGREGATE_CACHE": "y"}

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # -- reading ---------------------------------------------------------------------
    def load(self, cls: type[A], aggregate_id: UUID) -> A:
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFoundError(f"{LABELS.get(cls, '记录')}不存在") from None
        if not isinstance(aggregate, cls):
            raise NotFoundError(f"{LABELS.get(cls, '记录')}不存在") from None
        return aggregate

    def exists(self, aggregate_id: UUID) -> bool:
        return bool(self.recorder.select_events(aggregate_id, limit=1))

    # -- writing ---------------------------------------------------------------------
    def create(self, cls: type[A], factory: Callable[..., A], actor: Actor, command_id: str, /,
               **fields: object) -> Outcome:
        """Register a new aggregate; resubmitting the same command is a no-op."""
        aggregate_id = cls.create_id(**fields)
        if self.exists(aggregate_id):
            existing = self.repository.get(aggregate_id)  # may be a claim on the same key
            if isinstance(existing, cls) and existing.has_applied(command_id):
                return Outcome(aggregate_id, None)
            raise AlreadyExistsError(f"{LABELS.get(cls, '记录')}已存在，不能重复登记")
        aggregate = factory(**fields, **actor.by(command_id))
        try:
            recordings = self.save(aggregate)
        except IntegrityError:
            raise AlreadyExistsError(f"{LABELS.get(cls, '记录')}已存在，不能重复登记") from None
        return Outcome(aggregate_id, recordings[-1].notification.id)

    def command(self, cls: type[A], aggregate_id: UUID, name: str, actor: Actor, command_id: str, /,
                **arguments: object) -> Outcome:
        """Run the named command on an aggregate, retrying on a concurrent write."""
        if name not in COMMANDS.get(cls, ()):
            raise DomainError(f"不支持的操作：{name}")
        for attempt in range(5):
            aggregate = self.load(cls, aggregate_id)
            if aggregate.has_applied(command_id):
                return Outcome(aggregate_id, None)
            # A command may return a companion aggregate (a claim on a unique number) that
            # must be written in the same transaction as the change itself.
            companion = getattr(aggregate, name)(**arguments, **actor.by(command_id))
            companions = [companion] if isinstance(companion, Record) else []
            for claimed in companions:
                if self.exists(claimed.id):
                    name = getattr(claimed, "label", None) or getattr(claimed, "cert_no", "该编号")
                    raise AlreadyExistsError(f"{name}已被登记使用，不能重复")
            try:
                recordings = self.save(aggregate, *companions)
            except IntegrityError:
                # Someone else wrote this aggregate in between (or took the number). The cache
                # hands out deep copies and fast-forwards from the store: the next try is fresh.
                continue
            return Outcome(aggregate_id, recordings[-1].notification.id if recordings else None)
        raise DomainError("该记录正被他人同时修改，请稍后重试")

    # -- convenience for the use cases with a natural key ---------------------------------
    def _require_jurisdictions(self, *codes: object) -> None:
        for code in codes:
            if code and not self.exists(Jurisdiction.create_id(code=str(code))):
                raise NotFoundError(f"辖区“{code}”不存在")

    def register_jurisdiction(self, actor: Actor, command_id: str, /, **fields: object) -> Outcome:
        self._require_jurisdictions(fields.get("parent"))
        return self.create(Jurisdiction, Jurisdiction.register, actor, command_id, **fields)

    def form_brigade(self, actor: Actor, command_id: str, /, **fields: object) -> Outcome:
        self._require_jurisdictions(fields.get("jurisdiction"), *(fields.get("covers") or []))
        return self.create(Brigade, Brigade.form, actor, command_id, **fields)

    def register_target(self, actor: Actor, command_id: str, /, **fields: object) -> Outcome:
        return self.create(Target, Target.register, actor, command_id, **fields)

    def register_inspector(self, actor: Actor, command_id: str, /, **fields: object) -> Outcome:
        return self.create(Inspector, Inspector.register, actor, command_id, **fields)

    def create_user(self, actor: Actor, command_id: str, /, **fields: object) -> Outcome:
        return self.create(User, User.create, actor, command_id, **fields)

    def create_plan(self, actor: Actor, command_id: str, /, **fields: object) -> Outcome:
        """A plan has no natural key: its id is made from the command id, so a resubmitted
        form finds the plan it made instead of making a second one."""
        self._require_jurisdictions(fields.get("jurisdiction"))
        plan_id = SamplingPlan.create_id(command_id=command_id)
        if self.exists(plan_id):
            return Outcome(plan_id, None)
        plan = SamplingPlan.plan(**fields, **actor.by(command_id))
        return Outcome(plan.id, self.save(plan)[-1].notification.id)

    def create_targeted_task(self, actor: Actor, command_id: str, /, **fields: object) -> Outcome:
        """A targeted inspection (针对性检查): its id comes from the command id, so a form sent
        twice makes one task."""
        task_id = InspectionTask.create_id(plan_id=None, target_id=fields["target_id"], command_id=command_id)
        if self.exists(task_id):
            return Outcome(task_id, None)
        task = InspectionTask.targeted(**fields, **actor.by(command_id))
        return Outcome(task.id, self.save(task)[-1].notification.id)

    def create_problem(self, actor: Actor, command_id: str, /, **fields: object) -> Outcome:
        """A problem found on a task; its id comes from the command id (a phone that retries
        records it once). The task and the unit must exist."""
        problem_id = Problem.create_id(command_id=command_id)
        if self.exists(problem_id):
            return Outcome(problem_id, None)
        task = self.load(InspectionTask, fields["task_id"])
        if task.target_id != fields["target_id"]:
            raise DomainError("问题所属单位与任务的检查对象不一致")
        problem = Problem.find(**fields, **actor.by(command_id))
        return Outcome(problem.id, self.save(problem)[-1].notification.id)

    def save_batch(self, aggregates: Sequence[Record]) -> int | None:
        """Save many aggregates in one transaction (imports); the last position or None."""
        if not aggregates:
            return None
        recordings = self.save(*aggregates)
        return recordings[-1].notification.id if recordings else None
