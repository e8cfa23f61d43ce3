"""The answers of the public endpoints (webapp/api/public.py): only what the public pages print.
No officer, no reviewer, no case handler, no reporter's contact; units are not persons."""

from __future__ import annotations

from flask_babel import gettext as _
from marshmallow import Schema, fields

from domain.plan_rules import STRATA
from domain.plans import LEVELS, PERIOD_KINDS, STATES

from ..plans.routes import VERIFY_COMMANDS, bundle_name
from ..plans.schemas import SOURCE_KINDS
from ..templating import label
from .base import page_of


class PublicCheckpointSchema(Schema):
    position = fields.Integer(required=True)
    chain_hash = fields.String(required=True)
    made_at = fields.String(required=True, metadata={"description": "签署时间（ISO 8601）"})
    key_id = fields.String(required=True)


class PublicOverviewSchema(Schema):
    units = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                        metadata={"description": "检查对象名录库现有监管对象：按类别（key / special / general）"})
    places = fields.Integer(required=True, metadata={"description": "覆盖的辖区数"})
    plans = fields.Integer(required=True, metadata={"description": "已公开的抽查计划数"})


# -- plans ----------------------------------------------------------------------------------------
class PublicPlanRowSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    period_kind = fields.String(required=True)
    period_kind_label = fields.String(required=True)
    period = fields.String(required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    jurisdiction = fields.String(required=True)
    jurisdiction_name = fields.String(required=True, allow_none=True)
    state = fields.String(required=True, metadata={"description": "committed / executed / voided"})
    state_label = fields.String(required=True)
    commitment_hash = fields.String(required=True)


class PublicSourceSchema(Schema):
    kind = fields.String(required=True, allow_none=True)
    kind_label = fields.String(required=True, allow_none=True)
    description = fields.String(required=True, allow_none=True)
    format = fields.String(required=True, allow_none=True, metadata={"description": "格式（正则表达式）"})


class PublicDrawnUnitSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    site = fields.String(required=True, allow_none=True)


class PublicStratumSchema(Schema):
    stratum = fields.String(required=True)
    label = fields.String(required=True)
    pool_size = fields.Integer(required=True, metadata={"description": "可抽对象（截止时点）"})
    minimum = fields.Integer(required=True, allow_none=True, metadata={"description": "最低应抽"})
    quota = fields.Integer(required=True, allow_none=True, metadata={"description": "本次应抽"})
    shortfall = fields.Integer(required=True, metadata={"description": "不足"})
    ratio = fields.String(required=True, allow_none=True, metadata={"description": "比例"})
    per_officer = fields.Integer(required=True, allow_none=True, metadata={"description": "每名执法人员每年抽查数"})
    basis = fields.String(required=True, allow_none=True, metadata={"description": "依据"})
    drawn = fields.List(fields.Nested(PublicDrawnUnitSchema), required=True, allow_none=True,
                        metadata={"description": "抽中对象（未抽取：null）"})


class PublicReplacementSchema(Schema):
    stratum = fields.String(required=True)
    label = fields.String(required=True)
    replaced = fields.String(required=True, metadata={"description": "被替换的对象"})
    by = fields.String(required=True, metadata={"description": "替补对象（排名下一位）"})
    reason = fields.String(required=True, allow_none=True)


class PublicProofSchema(Schema):
    secret = fields.String(required=True, allow_none=True, metadata={"description": "揭示的密钥"})
    public_value = fields.String(required=True, allow_none=True, metadata={"description": "公开随机数"})
    seed = fields.String(required=True, allow_none=True, metadata={"description": "种子"})
    bundle = fields.String(required=True, metadata={"description": "抽取证据包的下载地址"})
    bundle_file = fields.String(required=True)
    verify_commands = fields.List(fields.String(), required=True)


class PublicPlanSchema(PublicPlanRowSchema):
    level = fields.String(required=True)
    level_label = fields.String(required=True)
    draw_window = fields.List(fields.String(), required=True, allow_none=True,
                              metadata={"description": "抽取时间：[首日, 末日]（季度计划）"})
    draw_window_provisional = fields.Boolean(required=True, metadata={"description": "暂定：节假日安排尚未公布"})
    void_reason = fields.String(required=True, allow_none=True)
    cutoff = fields.String(required=True, allow_none=True, metadata={"description": "对象名录截止时点"})
    version = fields.String(required=True, allow_none=True, metadata={"description": "算法版本"})
    public_source = fields.Nested(PublicSourceSchema, required=True)
    executed = fields.Boolean(required=True)
    strata = fields.List(fields.Nested(PublicStratumSchema), required=True)
    replacements = fields.List(fields.Nested(PublicReplacementSchema), required=True)
    proof = fields.Nested(PublicProofSchema, required=True, allow_none=True, metadata={"description": "抽取证明"})
    checkpoint = fields.Nested(PublicCheckpointSchema, required=True, allow_none=True)


# -- 随机抽查情况公开表 ------------------------------------------------------------------------------
class PublicDisclosureRowSchema(Schema):
    no = fields.Integer(required=True, metadata={"description": "序号"})
    place = fields.String(required=True, metadata={"description": "检查地区"})
    unit = fields.String(required=True, metadata={"description": "污染源名称"})
    source_type = fields.String(required=True, metadata={"description": "污染源类型"})
    inspected_on = fields.String(required=True, metadata={"description": "检查时间"})
    result = fields.String(required=True, metadata={"description": "检查结果"})
    description = fields.String(required=True, allow_none=True, metadata={"description": "情况说明"})


class PublicPlaceSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)


class PublicDisclosureSchema(page_of(PublicDisclosureRowSchema)):
    title = fields.String(required=True)
    columns = fields.List(fields.String(), required=True)
    quarter = fields.String(required=True)
    period = fields.String(required=True, metadata={"description": "如“2022年第二季度”"})
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    provisional = fields.Boolean(required=True, metadata={"description": "暂定：本季度尚未结束"})
    jurisdiction = fields.Nested(PublicPlaceSchema, required=True)
    downloads = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                            metadata={"description": "xlsx / csv / json 下载地址"})
    checkpoint = fields.Nested(PublicCheckpointSchema, required=True, allow_none=True)


# -- penalties and units --------------------------------------------------------------------------
class PublicPenaltySchema(Schema):
    target_id = fields.String(required=True)
    unit_name = fields.String(required=True, metadata={"description": "行政相对人名称"})
    credit_code = fields.String(required=True, metadata={"description": "统一社会信用代码"})
    decision_no = fields.String(required=True, metadata={"description": "行政处罚决定书文号"})
    revised = fields.Boolean(required=True, metadata={"description": "已变更（经听证、复议或诉讼）"})
    facts = fields.String(required=True, metadata={"description": "违法事实"})
    legal_basis = fields.String(required=True, metadata={"description": "处罚依据"})
    fine = fields.String(required=True, metadata={"description": "罚款金额（元），如 250000.00"})
    other_sanctions = fields.List(fields.String(), required=True, metadata={"description": "其他处罚"})
    content = fields.String(required=True, metadata={"description": "处罚内容"})
    decided_on = fields.Date(required=True, metadata={"description": "处罚决定日期"})
    issuing_body = fields.String(required=True, metadata={"description": "处罚机关"})
    publish_until = fields.Date(required=True, metadata={"description": "公示截止期"})


class PublicPenaltiesSchema(page_of(PublicPenaltySchema)):
    year = fields.Integer(required=True, allow_none=True)
    jurisdiction = fields.Nested(PublicPlaceSchema, required=True, allow_none=True)
    years = fields.List(fields.Integer(), required=True, metadata={"description": "有公示期内处罚决定的年度"})
    csv = fields.String(required=True, metadata={"description": "CSV 下载地址（国家信用信息系统字段）"})
    checkpoint = fields.Nested(PublicCheckpointSchema, required=True, allow_none=True)


class PublicUnitRowSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    site = fields.String(required=True, allow_none=True)
    credit_code = fields.String(required=True)
    jurisdiction = fields.String(required=True)
    jurisdiction_name = fields.String(required=True, allow_none=True)
    industry = fields.String(required=True, allow_none=True)
    category = fields.String(required=True)
    category_label = fields.String(required=True)


class PublicResultSchema(Schema):
    inspected_on = fields.Date(required=True, allow_none=True, metadata={"description": "检查时间"})
    result = fields.String(required=True, metadata={"description": "检查结果"})
    description = fields.String(required=True, allow_none=True, metadata={"description": "情况说明"})
    published_on = fields.Date(required=True, allow_none=True, metadata={"description": "公开日期"})


class PublicGridRowSchema(Schema):
    cells = fields.List(fields.Integer(), required=True)
    total = fields.Integer(required=True)


class PublicGridSchema(Schema):
    quarters = fields.List(fields.String(), required=True)
    inspected = fields.Nested(PublicGridRowSchema, required=True, metadata={"description": "抽查（已公开结果）"})
    problems = fields.Nested(PublicGridRowSchema, required=True, metadata={"description": "发现问题"})
    penalties = fields.Nested(PublicGridRowSchema, required=True, metadata={"description": "行政处罚"})
    fines = fields.List(fields.String(), required=True, metadata={"description": "各季度罚款（元）"})
    fines_total = fields.String(required=True)


class PublicSubjectSchema(Schema):
    code = fields.String(required=True)
    title = fields.String(required=True)


class PublicUnitSchema(PublicUnitRowSchema):
    address = fields.String(required=True, allow_none=True)
    category_year = fields.Integer(required=True, allow_none=True, metadata={"description": "列入年度（特殊监管对象）"})
    category_basis = fields.String(required=True, allow_none=True, metadata={"description": "联审依据（特殊监管对象）"})
    special_criteria = fields.List(fields.String(), required=True, metadata={"description": "列入情形（特殊监管对象）"})
    results = fields.List(fields.Nested(PublicResultSchema), required=True, metadata={"description": "抽查结果公开"})
    penalties = fields.List(fields.Nested(PublicPenaltySchema), required=True, metadata={"description": "行政处罚信息"})
    grid = fields.Nested(PublicGridSchema, required=True, metadata={"description": "近十二个季度公开记录"})
    correction_subjects = fields.List(fields.Nested(PublicSubjectSchema), required=True,
                                      metadata={"description": "数据纠错的类别（在监管对象的公开页面提交）"})
    checkpoint = fields.Nested(PublicCheckpointSchema, required=True, allow_none=True)


# -- a plan as the public plan page shows it (webapp/templates/public/plan.html) ----------------------
def plan_row(r: dict) -> dict:
    return {**r, "period_kind_label": _(PERIOD_KINDS[r["period_kind"]]), "state_label": _(STATES[r["state"]])}


def plan_answer(p: dict, drawn: dict, replaced: list[dict], checkpoint: dict | None, bundle_url: str) -> dict:
    """`p` from webapp/plans/routes.view: what the public page prints of it, no more (not the
    brigades, not the officers drawn, not the replacements' record digests)."""
    window, source = p["draw_window"], p["public_source"] or {}
    strata = [{"stratum": st, "label": label("category", st), "pool_size": p["pool_sizes"].get(st, 0),
               "minimum": p["minimums"].get(st), "quota": p["quotas"].get(st), "shortfall": p["shortfalls"].get(st, 0),
               **{k: p["committed_rules"].get(st, {}).get(k) for k in ("ratio", "per_officer", "basis")},
               "drawn": [{"id": u["id"], "name": u["name"], "site": u["site"]} for u in drawn.get(st, [])]
               if p["executed"] else None} for st in STRATA]
    proof = {"secret": p["secret"], "public_value": p["public_value"], "seed": p["seed"], "bundle": bundle_url,
             "bundle_file": bundle_name(p["id"]),
             "verify_commands": [c.format(file=bundle_name(p["id"])) for c in VERIFY_COMMANDS]}
    kind = source.get("kind")
    return {**plan_row(p), "level_label": _(LEVELS[p["level"]]),
            "draw_window": [window[0].isoformat(), window[1].isoformat()] if window else None,
            "draw_window_provisional": bool(window and window[2]), "void_reason": p["void_reason"] or None,
            "public_source": {**{k: source.get(k) for k in ("kind", "description", "format")},
                              "kind_label": _(SOURCE_KINDS[kind]) if kind in SOURCE_KINDS else kind},
            "strata": strata, "proof": proof if p["executed"] else None, "checkpoint": checkpoint,
            "replacements": [{"stratum": r["stratum"], "label": label("category", r["stratum"]),
                              "replaced": r["replaced_unit"]["name"], "by": r["by_unit"]["name"],
                              "reason": r.get("reason")} for r in replaced]}
