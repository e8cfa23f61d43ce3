"""The answers of the disclosure endpoints: the supervisors' lists, the on-time table and one
task's disclosure (the task, its result as reviewed or published, its problems' dispositions)."""

from __future__ import annotations

from marshmallow import Schema, fields

from .stats_schemas import PeriodSchema, PlaceSchema


class DisclosureSchema(Schema):
    """A task's result to be disclosed (one row of projections/public_tables.disclosures)."""

    id = fields.String(required=True)
    task_id = fields.String(required=True)
    target_id = fields.String(required=True)
    jurisdiction = fields.String(required=True)
    category = fields.String(required=True, metadata={"description": "污染源类型（任务的监管类别）"})
    origin = fields.String(required=True)
    inspected_on = fields.Date(required=True, allow_none=True, metadata={"description": "检查时间"})
    completed_on = fields.Date(required=True, metadata={"description": "办结日期"})
    due = fields.Date(required=True, metadata={"description": "公开期限：办结后20个工作日"})
    provisional = fields.Boolean(required=True, metadata={"description": "期限暂定：该年度节假日安排尚未公布"})
    state = fields.String(required=True, metadata={"description": "pending / reviewed / published / withheld"})
    state_label = fields.String(required=True)
    phrase = fields.String(required=True, metadata={"description": "检查结果规范用语代码"})
    text = fields.String(required=True, metadata={"description": "检查结果"})
    description = fields.String(required=True, metadata={"description": "情况说明"})
    reviewed_by = fields.String(required=True)
    reviewed_on = fields.Date(required=True, allow_none=True)
    published_on = fields.Date(required=True, allow_none=True)
    notice = fields.String(required=True, metadata={"description": "公开载体"})
    on_time = fields.Boolean(required=True, allow_none=True, metadata={"description": "按期公开；未公开为空"})
    withheld_ground = fields.String(required=True)
    withheld_ground_label = fields.String(required=True)
    withheld_reason = fields.String(required=True)
    withheld_by = fields.String(required=True)
    withheld_on = fields.Date(required=True, allow_none=True)
    left = fields.Integer(required=True, allow_none=True, metadata={"description": "距公开期限的工作日数（未公开的）"})
    late = fields.Integer(required=True, allow_none=True, metadata={"description": "逾期工作日数（未公开的）"})


class ListedDisclosureSchema(DisclosureSchema):
    unit = fields.String(required=True, metadata={"description": "检查对象名称"})
    site = fields.String(required=True)
    place = fields.String(required=True, metadata={"description": "检查地区"})


class ListCountsSchema(Schema):
    review = fields.Integer(required=True, metadata={"description": "待审核"})
    reviewed = fields.Integer(required=True, metadata={"description": "待公开"})
    due_week = fields.Integer(required=True, metadata={"description": "本周到期"})
    overdue = fields.Integer(required=True, metadata={"description": "已逾期"})
    withheld = fields.Integer(required=True, metadata={"description": "不予公开"})
    published = fields.Integer(required=True, metadata={"description": "已公开"})


class DisclosureListSchema(Schema):
    listing = fields.String(required=True, metadata={"description": "所列的列表"})
    jurisdiction = fields.Nested(PlaceSchema, required=True, allow_none=True)
    counts = fields.Nested(ListCountsSchema, required=True, metadata={"description": "各列表的条数"})
    items = fields.List(fields.Nested(ListedDisclosureSchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


class OnTimeRowSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    due = fields.Integer(required=True, metadata={"description": "应公开"})
    published = fields.Integer(required=True)
    on_time = fields.Integer(required=True, metadata={"description": "其中按期公开"})
    withheld = fields.Integer(required=True)
    overdue = fields.Integer(required=True, metadata={"description": "逾期未公开"})
    rate = fields.Float(required=True, allow_none=True, metadata={
        "description": "按期公开率（%）= 按期公开 ÷（应公开 − 不予公开），保留一位小数"})


class OnTimeSchema(Schema):
    period = fields.Nested(PeriodSchema, required=True, metadata={"description": "按公开期限所在期间统计"})
    jurisdiction = fields.Nested(PlaceSchema, required=True, allow_none=True)
    rows = fields.List(fields.Nested(OnTimeRowSchema), required=True)


class DisclosedTaskSchema(Schema):
    id = fields.String(required=True)
    target_id = fields.String(required=True)
    unit = fields.String(required=True)
    site = fields.String(required=True)
    credit_code = fields.String(required=True)
    place = fields.String(required=True)
    origin = fields.String(required=True)
    origin_label = fields.String(required=True)
    reference = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    category = fields.String(required=True)
    due = fields.Date(required=True)
    inspected_on = fields.Date(required=True, allow_none=True)
    on_site = fields.Boolean(required=True, allow_none=True)
    completed_on = fields.Date(required=True, allow_none=True)
    closed_on = fields.Date(required=True, allow_none=True)
    result = fields.String(required=True)
    result_label = fields.String(required=True, allow_none=True)


class StepSchema(Schema):
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    number = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    deadline = fields.Date(required=True, allow_none=True)
    provisional = fields.Boolean(required=True)
    ended_on = fields.Date(required=True, allow_none=True)


class DisclosedProblemSchema(Schema):
    id = fields.String(required=True)
    description = fields.String(required=True)
    category = fields.String(required=True)
    category_label = fields.String(required=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    found_on = fields.Date(required=True)
    dispositions = fields.List(fields.Nested(StepSchema), required=True)


class PhraseSchema(Schema):
    phrase = fields.String(required=True)
    text = fields.String(required=True)


class TaskDisclosureSchema(Schema):
    task = fields.Nested(DisclosedTaskSchema, required=True)
    disclosure = fields.Nested(DisclosureSchema, required=True, allow_none=True,
                               metadata={"description": "任务办结前为空"})
    problems = fields.List(fields.Nested(DisclosedProblemSchema), required=True)
    proposed = fields.Nested(PhraseSchema, required=True, allow_none=True,
                             metadata={"description": "系统依据任务结论和处置方式建议的检查结果"})
    days = fields.Integer(required=True, metadata={"description": "公开期限：办结后的工作日数"})
