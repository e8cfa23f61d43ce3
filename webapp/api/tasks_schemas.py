"""The answers of the task endpoints: a task as the lists show it, an officer's own lists, and
the task page (its officers, inspection records, evidence, problems and the steps open to
the caller). Labels are the pages' words, in the request's language."""

from __future__ import annotations

from flask_babel import lazy_gettext
from marshmallow import Schema, fields

from ..forms import FormSchema, text
from .base import DateTime


class UnitSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    site = fields.String(required=True, metadata={"description": "厂区名称（可为空）"})
    credit_code = fields.String(required=True)
    address = fields.String(required=True)
    positive_list = fields.Boolean(required=True, metadata={"description": "在正面清单内"})
    jurisdiction = fields.String(required=True)
    jurisdiction_name = fields.String(required=True, allow_none=True)


class TaskSchema(Schema):
    """One task as the task list and 我的任务 show it."""

    id = fields.String(required=True)
    origin = fields.String(required=True, metadata={"description": "任务来源代码"})
    origin_label = fields.String(required=True)
    reference = fields.String(required=True, metadata={"description": "来源编号（如12369投诉编号）"})
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    due = fields.Date(required=True, metadata={"description": "完成期限"})
    days_overdue = fields.Integer(required=True, metadata={"description": "逾期天数（未逾期为0）"})
    officers = fields.List(fields.String(), required=True, metadata={"description": "检查人员编号"})
    officer_names = fields.List(fields.String(), required=True, metadata={"description": "姓名（执法证号）"})
    accepted_by = fields.List(fields.String(), required=True, metadata={"description": "已接收任务的检查人员"})
    unit = fields.Nested(UnitSchema, required=True)
    off_site = fields.Boolean(required=True, metadata={"description": "非现场检查（正面清单）"})
    plan_id = fields.String(required=True, allow_none=True)
    followup_of = fields.String(required=True, allow_none=True, metadata={"description": "回头看核查的问题"})
    stratum = fields.String(required=True, metadata={"description": "抽取时的监管类别"})
    category = fields.String(required=True)
    brigade = fields.String(required=True, allow_none=True)
    records = fields.Integer(required=True, metadata={"description": "检查记录份数"})
    evidence = fields.Integer(required=True, metadata={"description": "证据文件数"})
    result = fields.String(required=True, metadata={"description": "no_problem / problems_found，未办结为空"})
    inspected_on = fields.Date(required=True, allow_none=True)
    on_site = fields.Boolean(required=True, allow_none=True)
    completed_on = fields.Date(required=True, allow_none=True)
    closed_on = fields.Date(required=True, allow_none=True)
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True, allow_none=True)


class MyTasksSchema(Schema):
    """我的任务: the tasks of the officer the caller is (open ones due first, the last 20 finished)."""

    officer_id = fields.String(required=True, allow_none=True,
                               metadata={"description": "账号对应的检查人员；未找到为空"})
    officer_name = fields.String(required=True, allow_none=True)
    open = fields.List(fields.Nested(TaskSchema), required=True)
    done = fields.List(fields.Nested(TaskSchema), required=True)


class CrewMemberSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    accepted = fields.Boolean(required=True)
    me = fields.Boolean(required=True, metadata={"description": "即调用者本人"})


class JointSchema(Schema):
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    department = fields.String(required=True)
    members = fields.List(fields.String(), required=True)
    basis = fields.String(required=True)


class ChecklistItemSchema(Schema):
    item = fields.String(required=True, metadata={"description": "十必查检查项"})
    result = fields.String(required=True)
    result_label = fields.String(required=True)


class InspectionSchema(Schema):
    no = fields.Integer(required=True)
    form = fields.String(required=True, metadata={"description": "检查记录表"})
    on_site = fields.Boolean(required=True)
    officer_id = fields.String(required=True)
    officer_name = fields.String(required=True)
    present = fields.List(fields.String(), required=True)
    present_names = fields.List(fields.String(), required=True)
    representative = fields.String(required=True)
    production_status = fields.String(required=True)
    data_sources = fields.List(fields.String(), required=True)
    approval = fields.String(required=True)
    findings = fields.String(required=True)
    inspected_on = fields.Date(required=True)
    checklist = fields.List(fields.Nested(ChecklistItemSchema), required=True)


class EvidenceFileSchema(Schema):
    sha256 = fields.String(required=True)
    name = fields.String(required=True)
    type = fields.String(required=True)
    size = fields.Integer(required=True)
    uploaded_at = fields.String(required=True, allow_none=True, metadata={"description": "上传时间（ISO 8601）"})
    download = fields.String(required=True, metadata={"description": "下载地址（下载时重新校验 SHA-256）"})


class TaskProblemSchema(Schema):
    id = fields.String(required=True)
    description = fields.String(required=True)
    category = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    found_on = fields.Date(required=True)


class FollowupSchema(Schema):
    id = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    due = fields.Date(required=True)
    followup_of = fields.String(required=True)


class TaskDetailSchema(TaskSchema):
    """The task page: the task from its own record, names from the read side."""

    note = fields.String(required=True)
    result_label = fields.String(required=True, allow_none=True)
    crew = fields.List(fields.Nested(CrewMemberSchema), required=True, metadata={"description": "检查人员"})
    joint = fields.List(fields.Nested(JointSchema), required=True, metadata={"description": "联合检查人员"})
    inspections = fields.List(fields.Nested(InspectionSchema), required=True, metadata={"description": "检查记录"})
    evidence_files = fields.List(fields.Nested(EvidenceFileSchema), required=True)
    problems = fields.List(fields.Nested(TaskProblemSchema), required=True, metadata={"description": "发现的问题"})
    followups = fields.List(fields.Nested(FollowupSchema), required=True, metadata={"description": "回头看任务"})
    me = fields.String(required=True, allow_none=True, metadata={"description": "调用者对应的检查人员"})
    assigned = fields.Boolean(required=True, metadata={"description": "调用者是本任务指派的检查人员"})
    supervising = fields.Boolean(required=True, metadata={"description": "调用者是管辖范围内的支队（调度）人员"})
    actions = fields.List(fields.String(), required=True, metadata={
        "description": "调用者在任务当前状态下可办理的操作：POST /api/v1/tasks/{task_id}/<操作>"})


class EvidenceArgs(FormSchema):
    """`in`: the task or problem the file belongs to (the caller must be allowed to see it)."""

    record = text(lazy_gettext("所属记录"), 32, data_key="in")
