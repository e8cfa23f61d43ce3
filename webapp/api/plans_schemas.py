"""The answers of the sampling-plan endpoints: a plan as the list, the plan page and the
new-plan form show it."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields

from .base import DateTime

STRATUM = {"description": "类别：key（重点）/ special（特殊）/ general（一般）"}


def per_stratum(values: fields.Field, what: str) -> fields.Dict:
    return fields.Dict(keys=fields.String(metadata=STRATUM), values=values, required=True,
                       metadata={"description": what})


class StratumCountSchema(Schema):
    stratum = fields.String(required=True, metadata=STRATUM)
    quota = fields.Integer(required=True, allow_none=True, metadata={"description": "应抽（承诺时固定）"})
    drawn = fields.Integer(required=True, allow_none=True, metadata={"description": "已抽（抽取后）"})


class PlanSummarySchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    period_kind = fields.String(required=True, metadata={"description": "month / quarter / year"})
    period = fields.String(required=True, metadata={"description": "如 2026Q2"})
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    jurisdiction = fields.String(required=True)
    jurisdiction_name = fields.String(required=True, allow_none=True)
    level = fields.String(required=True, metadata={"description": "prefecture（州本级）/ county（县市分局/园区）"})
    state = fields.String(required=True, metadata={"description": "draft / committed / executed / voided"})
    brigades = fields.List(fields.String(), required=True, metadata={"description": "承担检查的执法单位代码"})
    commitment_hash = fields.String(required=True)
    strata = fields.List(fields.Nested(StratumCountSchema), required=True)
    created_at = DateTime(required=True)
    updated_at = DateTime(required=True)


class PlanRuleSchema(Schema):
    ratio = fields.String(allow_none=True, metadata={"description": "比例（每季度），如 1/4"})
    per_officer = fields.Integer(allow_none=True, metadata={"description": "每名执法人员每年抽查数"})
    basis = fields.String(metadata={"description": "依据"})
    minimum = fields.Integer(metadata={"description": "最低应抽（承诺时计算）"})


class PublicSourceSchema(Schema):
    kind = fields.String(required=True, metadata={"description": "witness / lottery / other"})
    format = fields.String(required=True, metadata={"description": "公开随机数格式（正则表达式）"})
    description = fields.String(required=True)


class DrawWindowSchema(Schema):
    first = fields.Date(required=True)
    last = fields.Date(required=True)
    provisional = fields.Boolean(required=True, metadata={"description": "节假日安排尚未公布，暂定"})


class DrawPreviewRowSchema(Schema):
    pool = fields.Integer(required=True, metadata={"description": "可抽对象（截止当前）"})
    minimum = fields.Integer(required=True)
    quota = fields.Integer(required=True, metadata={"description": "本次应抽"})
    shortfall = fields.Integer(required=True)
    explain = fields.String(required=True, metadata={"description": "计算方法"})
    basis = fields.String(required=True)


class DrawPreviewSchema(Schema):
    officers = fields.Integer(required=True, metadata={"description": "承担检查的单位中参与双随机的执法人员数"})
    strata = per_stratum(fields.Nested(DrawPreviewRowSchema), "按当前名录计算的各类应抽数")


class PlanUnitSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    site = fields.String(required=True)
    credit_code = fields.String(required=True)
    category = fields.String(required=True)
    jurisdiction = fields.String(required=True)
    jurisdiction_name = fields.String(required=True, allow_none=True)


class DrawnUnitSchema(PlanUnitSchema):
    off_site = fields.Boolean(required=True, metadata={"description": "非现场检查（正面清单）"})
    task = fields.Boolean(required=True, metadata={"description": "已建立检查任务"})
    officers = fields.List(fields.String(), required=True, metadata={"description": "抽中的检查人员（姓名）"})
    short = fields.Boolean(required=True, metadata={"description": "人员不足"})
    shortage = fields.String(required=True)


class DrawReplacementSchema(Schema):
    stratum = fields.String(required=True, metadata=STRATUM)
    replaced = fields.String(required=True)
    by = fields.String(required=True)
    reason = fields.String(required=True)
    digest = fields.String(required=True, metadata={"description": "记录摘要"})
    replaced_unit = fields.Nested(PlanUnitSchema, required=True)
    by_unit = fields.Nested(PlanUnitSchema, required=True)


class PlanSchema(Schema):
    """The plan page: facts, preview (draft), commitment, the units drawn and the proof."""

    id = fields.String(required=True)
    title = fields.String(required=True)
    period_kind = fields.String(required=True)
    period = fields.String(required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    draw_window = fields.Nested(DrawWindowSchema, required=True, allow_none=True,
                                metadata={"description": "季度计划的抽取时间：上一季度最后5个工作日"})
    jurisdiction = fields.String(required=True)
    jurisdiction_name = fields.String(required=True)
    level = fields.String(required=True)
    brigades = fields.List(fields.String(), required=True, metadata={"description": "承担检查的执法单位（名称）"})
    rules = per_stratum(fields.Nested(PlanRuleSchema), "抽查规则")
    requested = per_stratum(fields.Integer(), "本次计划抽取数（填写了的类别）")
    public_source = fields.Nested(PublicSourceSchema, required=True)
    state = fields.String(required=True)
    created_at = DateTime(required=True)
    void_reason = fields.String(required=True)
    can_edit = fields.Boolean(required=True, metadata={"description": "调用者可修改、承诺、抽取、替补或作废"})
    preview = fields.Nested(DrawPreviewSchema, required=True, allow_none=True, metadata={"description": "草稿时的抽取预览"})
    commitment_hash = fields.String(required=True, metadata={"description": "承诺哈希（承诺后）"})
    version = fields.String(required=True, metadata={"description": "算法版本"})
    cutoff = fields.String(required=True, metadata={"description": "对象名录截止时点（ISO 8601）"})
    committed_rules = per_stratum(fields.Nested(PlanRuleSchema), "承诺的规则（含最低应抽）")
    pool_sizes = per_stratum(fields.Integer(), "可抽对象数（截止时点）")
    minimums = per_stratum(fields.Integer(), "最低应抽")
    quotas = per_stratum(fields.Integer(), "本次应抽")
    shortfalls = per_stratum(fields.Integer(), "不足")
    executed = fields.Boolean(required=True)
    public_value = fields.String(required=True, metadata={"description": "公开随机数（抽取后）"})
    secret = fields.String(required=True, metadata={"description": "揭示的密钥（抽取后）"})
    seed = fields.String(required=True, metadata={"description": "种子（抽取后）"})
    drawn = per_stratum(fields.List(fields.Nested(DrawnUnitSchema)), "抽取结果：各类抽中的对象（替补后），按抽取顺序")
    replacements = fields.List(fields.Nested(DrawReplacementSchema), required=True, metadata={"description": "替补记录"})
    bundle_file = fields.String(required=True, metadata={"description": "抽取证据包文件名"})
    verify_commands = fields.List(fields.String(), required=True, metadata={"description": "验证方法（命令行）"})


class PlanPlaceSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    level = fields.String(required=True)
    path = fields.String(required=True)
    depth = fields.Integer(required=True)


class PlanBrigadeSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    jurisdiction = fields.String(required=True)
    covers = fields.List(fields.String(), required=True)


class NewPlanSchema(Schema):
    """What the new-plan form offers and how it is filled for the jurisdiction chosen."""

    jurisdictions = fields.List(fields.Nested(PlanPlaceSchema), required=True)
    brigades = fields.List(fields.Nested(PlanBrigadeSchema), required=True)
    jurisdiction = fields.String(required=True, allow_none=True, metadata={"description": "选定的辖区"})
    level = fields.String(required=True)
    picked = fields.List(fields.String(), required=True, metadata={"description": "预选的执法单位（设在或负责该辖区）"})
    rules = per_stratum(fields.Nested(PlanRuleSchema), "该层级的默认规则")
    period_kind = fields.String(required=True)
    period = fields.String(required=True, metadata={"description": "默认为本季度"})
    source = fields.Nested(PublicSourceSchema, required=True, metadata={"description": "默认的公开随机数来源"})
    source_kinds = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class NewPlanArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    jurisdiction = fields.String(load_default=None, metadata={"description": "辖区代码（默认为本人的辖区）"})
    level = fields.String(load_default=None, metadata={"description": "prefecture / county（默认随辖区级别）"})
