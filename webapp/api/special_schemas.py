"""The answers of the special-list and corrections endpoints."""

from __future__ import annotations

from flask_babel import lazy_gettext
from marshmallow import Schema, fields

from domain.corrections import STATES

from ..forms import FormSchema, one_of
from .base import DateTime, decimal
from .stats_schemas import PlaceSchema


class EvidenceEventSchema(Schema):
    kind = fields.String(required=True, metadata={"description": "problem / task：该事件所在的记录"})
    id = fields.String(required=True)
    on = fields.Date(required=True)
    number = fields.String(required=True, metadata={"description": "移送文书、处罚决定书或12369投诉编号"})
    amount = decimal("罚款（元）", allow_none=True)
    record = fields.String(required=True, metadata={"description": "执法全过程记录页面地址"})


class ProposalSchema(Schema):
    target_id = fields.String(required=True)
    name = fields.String(required=True)
    site = fields.String(required=True)
    credit_code = fields.String(required=True)
    jurisdiction = fields.String(required=True)
    jurisdiction_name = fields.String(required=True)
    category = fields.String(required=True, metadata={"description": "现监管类别"})
    category_label = fields.String(required=True)
    category_year = fields.Integer(required=True, allow_none=True)
    criteria = fields.List(fields.String(), required=True, metadata={"description": "符合的纳入条件"})
    reasons = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(EvidenceEventSchema)), required=True,
                          metadata={"description": "每项条件及满足它的事件"})


class DecidedUnitSchema(Schema):
    target_id = fields.String(required=True)
    criteria = fields.List(fields.String(), required=True)
    name = fields.String(required=True, allow_none=True)
    site = fields.String(required=True, allow_none=True)
    credit_code = fields.String(required=True, allow_none=True)
    place = fields.String(required=True, allow_none=True)
    category = fields.String(required=True, allow_none=True)
    category_label = fields.String(required=True)
    category_year = fields.Integer(required=True, allow_none=True)


class DecisionSchema(Schema):
    reference = fields.String(required=True, metadata={"description": "会议纪要或文号"})
    meeting_on = fields.Date(required=True)
    decided_by = fields.String(required=True, metadata={"description": "登记人用户名"})
    decided_by_name = fields.String(required=True)
    recorded_at = DateTime(required=True, allow_none=True)
    units = fields.List(fields.Nested(DecidedUnitSchema), required=True)


class SpecialReviewSchema(Schema):
    jurisdiction = fields.Nested(PlaceSchema, required=True, allow_none=True, metadata={"description": "为空：请选择辖区"})
    year = fields.Integer(required=True)
    criteria = fields.List(fields.String(), required=True, metadata={"description": "可选的纳入条件"})
    proposed = fields.List(fields.Nested(ProposalSchema), required=True,
                           metadata={"description": "依据上一年度记录的建议名单"})
    decided = fields.Nested(DecisionSchema, required=True, allow_none=True, metadata={"description": "已登记的联审会决定"})
    may_decide = fields.Boolean(required=True, metadata={"description": "调用者可登记决定"})


class CorrectionSchema(Schema):
    id = fields.String(required=True)
    target_id = fields.String(required=True)
    unit = fields.String(required=True)
    site = fields.String(required=True)
    credit_code = fields.String(required=True)
    jurisdiction = fields.String(required=True)
    place = fields.String(required=True)
    subject = fields.String(required=True)
    subject_label = fields.String(required=True)
    details = fields.String(required=True, metadata={"description": "纠错内容"})
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    submitted_on = fields.Date(required=True)
    age = fields.Integer(required=True, metadata={"description": "用时（工作日）：自提交之日起，已答复的计至答复之日"})
    handled_by = fields.String(required=True)
    answer = fields.String(required=True, metadata={"description": "受理说明、处理结果或不予采纳的理由"})
    corrected = fields.Boolean(required=True, allow_none=True, metadata={"description": "已更正记录"})
    resolved_on = fields.Date(required=True, allow_none=True)


class CorrectionDetailSchema(CorrectionSchema):
    contact = fields.String(required=True, allow_none=True, metadata={
        "description": "联系方式：仅办理的支队（调度）人员可见，其他人为空"})
    actions = fields.List(fields.String(), required=True, metadata={
        "description": "可办理的操作：POST /api/v1/corrections/{correction_id}/<操作>"})


class StateCountSchema(Schema):
    state = fields.String(required=True)
    label = fields.String(required=True)
    count = fields.Integer(required=True)


class CorrectionPageSchema(Schema):
    """数据纠错 by state (待受理, 已受理, 已办结, 不予采纳), oldest first within a state."""

    items = fields.List(fields.Nested(CorrectionSchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    states = fields.List(fields.Nested(StateCountSchema), required=True, metadata={"description": "各办理状态的件数"})


class CorrectionFilters(FormSchema):
    state = one_of(lazy_gettext("办理状态"), STATES, required=False)
