"""The answers of the dashboard endpoints: the shapes projections/dashboards returns (dates as
ISO text, money and percentages as decimal text), plus the counts the home pages show above
them (the directory, the disclosure lists, the ledger)."""

from __future__ import annotations

from marshmallow import Schema, fields

from .ledger import LedgerStatusSchema


def _s(**kw):
    return fields.String(required=True, **kw)


def _n(**kw):
    return fields.Integer(required=True, **kw)


class DashSpanSchema(Schema):
    label = _s(metadata={"description": "期间（列表的 period 参数）"})
    start = _s()
    end = _s()


class DashDirectorySchema(Schema):
    by_category = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                              metadata={"description": "监管对象（按类别）"})
    excluded = _n(metadata={"description": "不参与双随机"})
    officers = _n(metadata={"description": "在岗执法人员"})


class DashRatioSchema(Schema):
    category = _s()
    directory = _n(metadata={"description": "可抽对象"})
    minimum = _n(metadata={"description": "最低应抽"})
    drawn = _n(metadata={"description": "已抽取"})
    met = fields.Boolean(required=True)
    estimated = fields.Boolean(required=True, metadata={"description": "无计划：按默认规则估算"})
    basis = _s(allow_none=True)
    percent = _s(allow_none=True, metadata={"description": "已抽取占最低应抽的百分比"})


class DashRatiosSchema(Schema):
    quarter = fields.List(fields.Nested(DashRatioSchema), required=True)
    year = fields.List(fields.Nested(DashRatioSchema), required=True)


class DashProblemMonthSchema(Schema):
    month = _s()
    found = _n()
    closed = _n()


class DashInspectedSchema(Schema):
    inspected = _n()
    on_site = _n()
    off_site = _n()
    off_site_share = _s(allow_none=True, metadata={"description": "非现场占比（%）"})


class DashInspectedMonthSchema(DashInspectedSchema):
    month = _s()


class DashInspectedPeriodSchema(DashInspectedSchema):
    period = _s()


class DashInspectionsSchema(Schema):
    by_month = fields.List(fields.Nested(DashInspectedMonthSchema), required=True)
    quarter = fields.Nested(DashInspectedPeriodSchema, required=True)
    year = fields.Nested(DashInspectedPeriodSchema, required=True)


class DashPenaltyMonthSchema(Schema):
    month = _s()
    decisions = _n()
    fines = _s(metadata={"description": "罚款金额（元）"})


class DashOverdueSchema(Schema):
    problems = _n(metadata={"description": "逾期问题"})
    tasks = _n(metadata={"description": "逾期任务"})
    disclosures = _n(metadata={"description": "逾期未公开"})


class DashPlaceSchema(DashOverdueSchema):
    code = _s()
    name = _s()
    level = _s(allow_none=True)
    region = _s(allow_none=True, metadata={"description": "所属州（地区）"})


class DashCountiesSchema(Schema):
    places = fields.List(fields.Nested(DashPlaceSchema), required=True)
    total = fields.Nested(DashOverdueSchema, required=True)


class SupervisorDashboardSchema(Schema):
    today = _s()
    quarter = fields.Nested(DashSpanSchema, required=True)
    year = fields.Nested(DashSpanSchema, required=True)
    months = fields.List(fields.String(), required=True)
    ratios = fields.Nested(DashRatiosSchema, required=True, metadata={"description": "最低抽查比例（本季度、本年度）"})
    problems_by_month = fields.List(fields.Nested(DashProblemMonthSchema), required=True)
    inspections = fields.Nested(DashInspectionsSchema, required=True)
    penalties_by_month = fields.List(fields.Nested(DashPenaltyMonthSchema), required=True)
    counties = fields.Nested(DashCountiesSchema, required=True, metadata={"description": "各县市逾期情况"})
    directory = fields.Nested(DashDirectorySchema, required=True)
    disclosing = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                             metadata={"description": "结果公开各列表的条数（待审核、本周到期、逾期……）"})
    ledger = fields.Nested(LedgerStatusSchema(exclude=("keys", "whole_bundles")), required=True)


# -- the officer's day ----------------------------------------------------------------------------
class DashOfficerSchema(Schema):
    id = _s()
    name = _s()
    cert_no = _s(allow_none=True)
    unit = _s(allow_none=True)


class DashTaskSchema(Schema):
    id = _s()
    unit_name = _s(allow_none=True)
    unit_site = _s(allow_none=True)
    address = _s(allow_none=True)
    place = _s(allow_none=True)
    origin = _s()
    state = _s()
    due = _s()
    reference = _s(allow_none=True)
    off_site = fields.Boolean(required=True)
    late_days = _n(allow_none=True, metadata={"description": "逾期工作日数"})
    days_left = _n(allow_none=True)


class DashStepSchema(Schema):
    kind = _s()
    state = _s()
    deadline = _s(allow_none=True)


class DashProblemSchema(Schema):
    id = _s()
    task_id = _s()
    description = _s()
    category = _s(allow_none=True)
    unit_name = _s(allow_none=True)
    next_deadline = _s(allow_none=True)
    late_days = _n(allow_none=True)
    dispositions = fields.List(fields.Nested(DashStepSchema), required=True)


class OfficerDashboardSchema(Schema):
    officer = fields.Nested(DashOfficerSchema, required=True, allow_none=True,
                            metadata={"description": "未找到对应的检查人员记录时为 null（见 notice）"})
    notice = _s(allow_none=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True, allow_none=True,
                         metadata={"description": "open / today / overdue / week / problems_open / problems_overdue"})
    today = fields.List(fields.Nested(DashTaskSchema), required=True, metadata={"description": "今日待办"})
    later = fields.List(fields.Nested(DashTaskSchema), required=True)
    problems = fields.List(fields.Nested(DashProblemSchema), required=True)
    directory = fields.Nested(DashDirectorySchema, required=True)


# -- the reviewer's second look -------------------------------------------------------------------
class DashDrawSchema(Schema):
    id = _s()
    title = _s()
    period = _s()
    jurisdiction = _s()
    state = _s()
    commitment_hash = _s(allow_none=True)
    executed = fields.Boolean(required=True)
    public_value = _s(allow_none=True)
    replacements = _n()
    void_reason = _s(allow_none=True)
    updated_at = _s(allow_none=True)
    version = _n()
    chained_version = _n()
    chained = fields.Boolean(required=True)
    checked = fields.Boolean(required=True, allow_none=True)
    signed = fields.Boolean(required=True)
    status = _s(metadata={"description": "verified / check_failed / chained / unchained"})
    status_label = _s()


class DashRecordSchema(Schema):
    kind = _s()
    id = _s(allow_none=True)
    title = _s(allow_none=True)


class DashChangeSchema(Schema):
    position = _n()
    at = _s(allow_none=True)
    kind = _s()
    record = fields.Nested(DashRecordSchema, required=True)
    actor = _s(allow_none=True)
    actor_role = _s(allow_none=True)
    reason = _s(allow_none=True)
    change = fields.Dict(required=True, allow_none=True, metadata={"description": "{from, to}：变更前后"})


class DashChangesSchema(Schema):
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    titles = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    rows = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(DashChangeSchema)), required=True)


class ReviewerDashboardSchema(Schema):
    since = _s()
    days = _n()
    draws = fields.List(fields.Nested(DashDrawSchema), required=True)
    ledger = fields.Nested(LedgerStatusSchema(exclude=("keys", "whole_bundles")), required=True)
    changes = fields.Nested(DashChangesSchema, required=True, metadata={"description": "值得复核的变更"})
    directory = fields.Nested(DashDirectorySchema, required=True)
    disclosing = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class DashboardLinkSchema(Schema):
    role = _s()
    dashboard = _s(allow_none=True, metadata={"description": "本人角色的首页看板地址"})
