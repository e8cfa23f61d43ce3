"""The answers of the report endpoints: what each report's page shows (the same figures as
its .xlsx), and the choices of the reports' pickers."""

from __future__ import annotations

from marshmallow import Schema, fields

from .base import decimal
from .stats_schemas import CategoryRowSchema, PeriodSchema, PlaceSchema, integers, make_schema


class OptionSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)


class PlaceOptionSchema(OptionSchema):
    depth = fields.Integer(required=True, metadata={"description": "层级深度（缩进用）"})


class UnitOptionSchema(OptionSchema):
    kind = fields.String(required=True, metadata={"description": "brigade 执法大队 / inspection_group 检查组"})


class ReportChoicesSchema(Schema):
    """The reports page: the defaults and choices of its pickers, within the caller's scope."""

    quarter = fields.String(required=True, metadata={"description": "本季度，如 2026Q4"})
    year = fields.Integer(required=True)
    month = fields.String(required=True)
    today = fields.Date(required=True)
    places = fields.List(fields.Nested(PlaceOptionSchema), required=True, metadata={"description": "可选辖区"})
    groups = fields.List(fields.Nested(OptionSchema), required=True, metadata={"description": "检查组（日报）"})
    units = fields.List(fields.Nested(UnitOptionSchema), required=True,
                        metadata={"description": "执法大队和检查组（执法检查数据统计表）"})


class ReportSchema(Schema):
    period = fields.Nested(PeriodSchema, required=True)
    jurisdiction = fields.Nested(PlaceSchema, required=True, allow_none=True, metadata={"description": "为空：全部管辖范围"})
    provisional = fields.Boolean(required=True, metadata={"description": "统计期间尚未结束：暂定"})


DisclosureFiguresSchema = make_schema("DisclosureFiguresSchema", module=__name__, attributes={
    "code": fields.String(required=True, metadata={"description": "辖区代码；合计为 total"}),
    "name": fields.String(required=True),
    "rate": fields.Float(required=True, allow_none=True, metadata={"description": "按期公开率（%）"}),
    "published_rate": decimal("公开率（%）", allow_none=True),
    **integers("due", "published", "on_time", "withheld", "overdue")})


class YearlySchema(ReportSchema):
    """年度工作汇总: the statistics table of the year, and disclosure per jurisdiction."""

    year = fields.Integer(required=True)
    due = fields.Date(required=True, metadata={"description": "报送期限"})
    categories = fields.List(fields.Nested(CategoryRowSchema), required=True)
    disclosure = fields.Nested(DisclosureFiguresSchema, required=True, metadata={"description": "结果公开合计"})
    places = fields.List(fields.Nested(DisclosureFiguresSchema), required=True)


class VisitProblemSchema(Schema):
    id = fields.String(required=True)
    description = fields.String(required=True)
    found_on = fields.Date(required=True)
    requirements = fields.List(fields.String(), required=True, metadata={"description": "检查要求（整改要求）"})
    cases = fields.List(fields.String(), required=True, metadata={"description": "立案编号"})


class VisitSchema(Schema):
    task_id = fields.String(required=True)
    unit = fields.String(required=True)
    place = fields.String(required=True)
    on_site = fields.Boolean(required=True, allow_none=True)
    category = fields.String(required=True)
    problems = fields.List(fields.Nested(VisitProblemSchema), required=True)
    cases = fields.List(fields.String(), required=True)


class ReportDaySchema(Schema):
    day = fields.Date(required=True)
    units = fields.List(fields.Nested(VisitSchema), required=True)


class DailyGroupSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    days = fields.List(fields.Nested(ReportDaySchema), required=True)


class DailySchema(ReportSchema):
    """检查组日报: per group, per day it inspected, each unit with its problems, requirements and cases."""

    groups = fields.List(fields.Nested(DailyGroupSchema), required=True)


CampaignRowSchema = make_schema("CampaignRowSchema", module=__name__, attributes={
    "code": fields.String(required=True, allow_none=True, metadata={"description": "执法单位代码；合计为 total"}),
    "name": fields.String(required=True), "kind": fields.String(required=True),
    "fines": decimal("罚款金额（元）"),
    **integers("inspected", "on_site", "off_site", "problems", "orders", "guidance", "cases", "penalties",
              "coercive", "transfers", "fines_fen")})


class DeadlineSchema(Schema):
    day = fields.Date(required=True)
    provisional = fields.Boolean(required=True)


class CampaignSchema(ReportSchema):
    """执法检查数据统计表: the figures per inspection group (or brigade), and the total."""

    due = fields.Nested(DeadlineSchema, required=True, metadata={"description": "报送期限：结束后5个工作日"})
    rows = fields.List(fields.Nested(CampaignRowSchema), required=True)
    total = fields.Nested(CampaignRowSchema, required=True)
