"""The answers of the problem endpoints: the board (问题台账) with its groups and counts per
place, and a problem with its dispositions, closure blockers and the steps open to the caller."""

from __future__ import annotations

from marshmallow import Schema, fields

from .base import decimal
from .tasks_schemas import EvidenceFileSchema


class DispositionBriefSchema(Schema):
    """A disposition as the board lists it (the problem's read row)."""

    id = fields.String(required=True, metadata={"description": "处置编号，如 d1"})
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    number = fields.String(required=True, metadata={"description": "文书编号"})
    decision_no = fields.String(required=True)
    deadline = fields.Date(required=True, allow_none=True)
    ended_on = fields.Date(required=True, allow_none=True)


class ProblemSchema(Schema):
    id = fields.String(required=True)
    task_id = fields.String(required=True)
    target_id = fields.String(required=True)
    description = fields.String(required=True)
    category = fields.String(required=True)
    category_label = fields.String(required=True)
    legal_basis = fields.String(required=True)
    found_on = fields.Date(required=True)
    state = fields.String(required=True, metadata={"description": "open 处置中 / closed 已办结"})
    state_label = fields.String(required=True)
    open_kinds = fields.List(fields.String(), required=True, metadata={"description": "尚未办结的处置方式"})
    next_deadline = fields.Date(required=True, allow_none=True, metadata={"description": "最近的整改期限"})
    days_overdue = fields.Integer(required=True)
    days_left = fields.Integer(required=True, allow_none=True)
    special_criteria_hit = fields.Boolean(required=True, metadata={"description": "处罚20万元及以上"})
    suspected_crime = fields.Boolean(required=True)
    fines = decimal("现行处罚决定的罚款合计（元）")
    closed_on = fields.Date(required=True, allow_none=True)
    closed_on_time = fields.Boolean(required=True, allow_none=True)
    unit_name = fields.String(required=True, allow_none=True)
    unit_site = fields.String(required=True, allow_none=True)
    credit_code = fields.String(required=True, allow_none=True)
    jurisdiction = fields.String(required=True, allow_none=True)
    jurisdiction_name = fields.String(required=True, allow_none=True)
    dispositions = fields.List(fields.Nested(DispositionBriefSchema), required=True)


class GroupSchema(Schema):
    kind = fields.String(required=True, metadata={"description": "处置方式；waiting 待确定处置方式；closed 已办结"})
    label = fields.String(required=True)
    count = fields.Integer(required=True)


class PlaceCountSchema(Schema):
    code = fields.String(required=True, allow_none=True)
    name = fields.String(required=True, allow_none=True)
    open = fields.Integer(required=True)
    overdue = fields.Integer(required=True)
    closed = fields.Integer(required=True)


class BoardSchema(Schema):
    """问题台账: the problems in the order of the board's groups (each problem once, at its
    first group; a group: most overdue first, then the nearest deadline), a page at a time."""

    items = fields.List(fields.Nested(ProblemSchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    groups = fields.List(fields.Nested(GroupSchema), required=True, metadata={"description": "页面上的分组及问题数"})
    counts = fields.List(fields.Nested(PlaceCountSchema), required=True, metadata={"description": "各辖区问题数"})


class DispositionSchema(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    started_on = fields.Date(required=True)
    ended_on = fields.Date(required=True, allow_none=True)
    deadline = fields.Date(required=True, allow_none=True, metadata={"description": "责令改正的整改期限"})
    provisional = fields.Boolean(required=True, metadata={"description": "期限暂定：节假日安排尚未公布"})
    days_overdue = fields.Integer(required=True)
    facts = fields.Dict(required=True, metadata={"description": "处置记录的事实（日期为ISO文本，金额为文本）"})
    evidence_files = fields.List(fields.Nested(EvidenceFileSchema), required=True)
    actions = fields.List(fields.String(), required=True, metadata={
        "description": "可办理的操作：POST /api/v1/problems/{problem_id}/d/{disposition_id}/<操作>"})


class VerificationTaskSchema(Schema):
    id = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    due = fields.Date(required=True)
    officers = fields.List(fields.String(), required=True)
    officer_names = fields.List(fields.String(), required=True)


class TaskBriefSchema(Schema):
    origin = fields.String(required=True)
    origin_label = fields.String(required=True)
    reference = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    officers = fields.List(fields.String(), required=True)


class ProblemDetailSchema(ProblemSchema):
    """The problem page: the problem from its own record, its dispositions in full."""

    task = fields.Nested(TaskBriefSchema, required=True, metadata={"description": "所属检查任务"})
    closed_reason = fields.String(required=True)
    reopen_reasons = fields.List(fields.String(), required=True)
    dispositions = fields.List(fields.Nested(DispositionSchema), required=True)
    blockers = fields.List(fields.String(), required=True, metadata={"description": "尚不能办结的原因"})
    verification_tasks = fields.List(fields.Nested(VerificationTaskSchema), required=True,
                                     metadata={"description": "回头看任务"})
    assigned = fields.Boolean(required=True, metadata={"description": "调用者是所属任务指派的检查人员"})
    supervising = fields.Boolean(required=True)
    actions = fields.List(fields.String(), required=True, metadata={
        "description": "可办理的操作：POST /api/v1/problems/{problem_id}/<操作>"})
