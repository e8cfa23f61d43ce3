"""The answers of the directory endpoints: a unit and an officer as their pages show them."""

from __future__ import annotations

from marshmallow import Schema, fields

from .base import DateTime

YUAN = {"description": "金额（元），两位小数", "format": "decimal", "example": "200000.00"}


class TargetSchema(Schema):
    id = fields.String(required=True)
    credit_code = fields.String(required=True, metadata={"description": "统一社会信用代码"})
    site = fields.String(required=True, metadata={"description": "厂区名称（可为空）"})
    name = fields.String(required=True)
    jurisdiction = fields.String(required=True, metadata={"description": "所在辖区代码"})
    jurisdiction_name = fields.String(required=True, allow_none=True)
    jurisdiction_path = fields.String(required=True)
    address = fields.String(required=True)
    industry = fields.String(required=True)
    permit_no = fields.String(required=True, metadata={"description": "排污许可证编号"})
    category = fields.String(required=True, metadata={"description": "监管类别：key / special / general"})
    category_year = fields.Integer(required=True, allow_none=True)
    category_basis = fields.String(required=True)
    special_criteria = fields.List(fields.String(), required=True)
    exclusion_reason = fields.String(required=True, allow_none=True,
                                     metadata={"description": "不参与双随机的原因；为空表示参与"})
    exclusion_note = fields.String(required=True)
    positive_list = fields.Boolean(required=True, metadata={"description": "在正面清单内"})
    registered_at = DateTime(required=True)
    updated_at = DateTime(required=True)
    version = fields.Integer(required=True)


class ComplianceQuarterSchema(Schema):
    label = fields.String(required=True, metadata={"description": "如 2026Q3"})
    start = fields.Date(required=True)
    end = fields.Date(required=True)


class ComplianceRowSchema(Schema):
    cells = fields.List(fields.Integer(), required=True, metadata={"description": "每季度的数量，与 quarters 对应"})
    total = fields.Integer(required=True)


class ComplianceSchema(Schema):
    """The unit's last twelve quarters (检查、发现问题、责令改正、处罚、移送), as on its page."""

    quarters = fields.List(fields.Nested(ComplianceQuarterSchema), required=True)
    rows = fields.Dict(keys=fields.String(), values=fields.Nested(ComplianceRowSchema), required=True,
                       metadata={"description": "inspected / problems / orders_open / penalties / transfers"})
    # yuan as text ("200000.00"): apispec documents Decimal(as_string=True) as a number
    fines = fields.List(fields.String(metadata=YUAN), required=True, metadata={"description": "每季度罚款（元）"})
    fines_total = fields.String(required=True, metadata=YUAN)
    start = fields.Date(required=True)
    end = fields.Date(required=True)


class TargetDetailSchema(TargetSchema):
    compliance = fields.Nested(ComplianceSchema, required=True)


class InspectorSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "officer（执法人员）/ assistant（辅助人员）"})
    cert_no = fields.String(required=True, metadata={"description": "执法（工作）证号"})
    cert_valid_until = fields.Date(required=True, allow_none=True)
    cert_expired = fields.Boolean(required=True, metadata={"description": "已登记为证件失效"})
    cert_ok = fields.Boolean(required=True, metadata={"description": "证件今日有效（辅助人员总为有效）"})
    unit = fields.String(required=True)
    unit_name = fields.String(required=True, allow_none=True)
    unit_path = fields.String(required=True)
    post = fields.String(required=True)
    years_of_service = fields.Integer(required=True, allow_none=True)
    specialities = fields.List(fields.String(), required=True)
    department = fields.String(required=True)
    in_draw_pool = fields.Boolean(required=True, metadata={"description": "参与双随机"})
    active = fields.Boolean(required=True, metadata={"description": "在岗"})
    updated_at = DateTime(required=True)
    version = fields.Integer(required=True)


class DeclaredConflictSchema(Schema):
    id = fields.String(required=True, metadata={"description": "利害关系单位的id"})
    name = fields.String(required=True)
    site = fields.String(required=True)
    credit_code = fields.String(required=True)
    relation = fields.String(required=True)


class InspectorDetailSchema(InspectorSchema):
    conflicts = fields.List(fields.Nested(DeclaredConflictSchema), required=True, attribute="conflict_list",
                            metadata={"description": "申报的利害关系（回避）"})


class JurisdictionChoiceSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    path = fields.String(required=True)
    depth = fields.Integer(required=True)


class BrigadeChoiceSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)


class DirectoryChoicesSchema(Schema):
    jurisdictions = fields.List(fields.Nested(JurisdictionChoiceSchema), required=True)
    industries = fields.List(fields.String(), required=True)
    brigades = fields.List(fields.Nested(BrigadeChoiceSchema), required=True)
