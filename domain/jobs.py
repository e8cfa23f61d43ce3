"""后台任务: a long piece of work someone asked for (an import of 100,000 units, a province's
quarterly tables, a ledger bundle), kept as a record of its own.

The request is an event, written by the command that asks for it; the dispatcher
(workers/jobs/dispatch.py) follows the event log and hands every request to the queue, so
a request made while Redis was down is queued when it returns. Progress (rows done, rows
with errors) is not an event: it changes many times a second and lives in a table of its
own. The end is an event again: finished with its result (a file, counts), or failed with
the reason; a failed job may be retried, which is a new request on the same record.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from .base import DomainError, NoChangeError, Record, natural_id, require_reason
from .vocabulary import N_

KINDS = {
    "import_targets": N_("导入检查对象名录"),
    "import_inspectors": N_("导入检查人员名录"),
    "export_disclosure_table": N_("导出随机抽查情况公开表"),
    "export_statistics": N_("导出情况统计表"),
    "export_ledger_bundle": N_("导出账本核验文件包"),
}
STATES = {"requested": N_("排队中"), "finished": N_("已完成"), "failed": N_("失败")}


class Job(Record):
    @staticmethod
    def create_id(command_id: str, **_: object) -> UUID:
        return natural_id("job", command_id)

    class Requested(Record.Event, Aggregate.Created):
        kind: str
        params: dict  # primitive values only: what the job function is called with

    @event(Requested)
    def __init__(self, kind: str, params: dict, actor_id: str, actor_role: str, command_id: str) -> None:
        self.kind, self.params = kind, dict(params)
        self.state, self.attempts = "requested", 1
        self.result: dict = {}
        self.error = ""
        self.requested_by = actor_id
        self.command_ids = set()

    @classmethod
    def request(cls, *, kind: str, params: dict, **by: str) -> "Job":
        if kind not in KINDS:
            raise DomainError(f"后台任务类型“{kind}”不存在")
        if any(not isinstance(v, (str, int, bool, type(None))) for v in params.values()):
            raise DomainError("后台任务的参数只能是文字、数字或是非")
        return cls(kind=kind, params=params, **by)

    class Finished(Record.Event):
        result: dict  # e.g. {"file": "jobs/…xlsx", "name": "…", "rows": 13, "errors": 0}

        def apply(self, job: "Job") -> None:
            job.state, job.result, job.error = "finished", dict(self.result), ""

    def finish(self, *, result: dict, **by: str) -> None:
        if self.state != "requested":
            raise NoChangeError("后台任务已结束")
        self.trigger_event(self.Finished, result=dict(result), **by)

    class Failed(Record.Event):
        error: str  # in Chinese: what the user can do about it
        result: dict  # what there is to show (an import's row errors)

        def apply(self, job: "Job") -> None:
            job.state, job.error, job.result = "failed", self.error, dict(self.result)

    def fail(self, *, error: str, result: dict | None = None, **by: str) -> None:
        if self.state != "requested":
            raise NoChangeError("后台任务已结束")
        self.trigger_event(self.Failed, error=(error or "未知错误")[:2000], result=dict(result or {}), **by)

    class Retried(Record.Event):
        reason: str

        def apply(self, job: "Job") -> None:
            job.state, job.attempts, job.error, job.result = "requested", job.attempts + 1, "", {}

    def retry(self, *, reason: str, **by: str) -> None:
        if self.state != "failed":
            raise DomainError("只有失败的后台任务才能重试")
        self.trigger_event(self.Retried, reason=require_reason(reason), **by)
