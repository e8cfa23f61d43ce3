"""The answers of the status board, the lists its figures open and the statistics tables; and
what the stats, disclosure and reports endpoints share: a period, a jurisdiction picked, and
a filter the query itself refuses answered like the schema's own checks."""

from __future__ import annotations

from marshmallow import Schema, fields

from .base import decimal


def period_dict(period) -> dict | None:
    return None if period is None else {"label": period.label, "start": period.start, "end": period.end}


def place_dict(picked: dict | None) -> dict | None:
    return None if picked is None else {"code": picked["code"], "name": picked["name"]}


def integers(*names: str) -> dict:
    return {name: fields.Integer(required=True) for name in names}


def make_schema(name: str, attributes: dict, module: str = __name__) -> type[Schema]:
    """A schema class made from a dict of fields, named for its area's OpenAPI components."""
    return type(name, (Schema,), {"__module__": module, **attributes})


class PeriodSchema(Schema):
    label = fields.String(required=True, allow_none=True, metadata={"description": "如 2026Q3、2026、2026-07；起止日期时为空"})
    start = fields.Date(required=True)
    end = fields.Date(required=True)


class PlaceSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)


# -- the status board -------------------------------------------------------------------------------
class StateCountSchema(Schema):
    state = fields.String(required=True)
    label = fields.String(required=True)
    count = fields.Integer(required=True)


class KindCountSchema(Schema):
    kind = fields.String(required=True)
    label = fields.String(required=True)
    count = fields.Integer(required=True)
    states = fields.List(fields.Nested(StateCountSchema), required=True, metadata={"description": "有数量的各状态"})


class LateSchema(Schema):
    overdue = fields.Integer(required=True, metadata={"description": "已逾期"})
    le5 = fields.Integer(required=True, metadata={"description": "逾期5个工作日以内"})
    from6to20 = fields.Integer(required=True, data_key="6to20", metadata={"description": "逾期6至20个工作日"})
    gt20 = fields.Integer(required=True, metadata={"description": "逾期20个工作日以上"})
    week = fields.Integer(required=True, metadata={"description": "本周到期"})


class WorstTaskSchema(Schema):
    id = fields.String(required=True)
    target_id = fields.String(required=True)
    unit_name = fields.String(required=True, allow_none=True)
    due = fields.Date(required=True)
    late_days = fields.Integer(required=True, metadata={"description": "逾期工作日数"})


class WorstDispositionSchema(Schema):
    id = fields.String(required=True)
    problem_id = fields.String(required=True)
    target_id = fields.String(required=True)
    unit_name = fields.String(required=True, allow_none=True)
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    number = fields.String(required=True)
    deadline = fields.Date(required=True)
    late_days = fields.Integer(required=True)


class BoardSchema(Schema):
    period = fields.Nested(PeriodSchema, required=True, allow_none=True, metadata={"description": "为空：全部时间"})
    jurisdiction = fields.Nested(PlaceSchema, required=True, allow_none=True, metadata={"description": "为空：全部管辖范围"})
    brigade = fields.String(required=True, allow_none=True, metadata={"description": "限定的执法单位（检查人员为本单位）"})
    today = fields.Date(required=True)
    week_end = fields.Date(required=True)
    tasks = fields.List(fields.Nested(StateCountSchema), required=True)
    tasks_total = fields.Integer(required=True)
    problems = fields.List(fields.Nested(StateCountSchema), required=True)
    problems_total = fields.Integer(required=True)
    dispositions = fields.List(fields.Nested(KindCountSchema), required=True)
    tasks_late = fields.Nested(LateSchema, required=True, metadata={"description": "检查任务（完成期限）"})
    dispositions_late = fields.Nested(LateSchema, required=True, metadata={"description": "责令改正（整改期限）"})
    worst_tasks = fields.List(fields.Nested(WorstTaskSchema), required=True)
    worst_dispositions = fields.List(fields.Nested(WorstDispositionSchema), required=True)


# -- the lists a figure opens ------------------------------------------------------------------------
class ListedSchema(Schema):
    id = fields.String(required=True)
    target_id = fields.String(required=True)
    unit_name = fields.String(required=True, allow_none=True)
    unit_site = fields.String(required=True, allow_none=True)
    jurisdiction_name = fields.String(required=True, allow_none=True)
    state = fields.String(required=True)
    state_label = fields.String(required=True)
    late_days = fields.Integer(required=True, allow_none=True, metadata={"description": "逾期工作日数；未逾期为空"})


class ListedTaskSchema(ListedSchema):
    category = fields.String(required=True)
    origin = fields.String(required=True)
    origin_label = fields.String(required=True)
    due = fields.Date(required=True)
    inspected_on = fields.Date(required=True, allow_none=True)
    on_site = fields.Boolean(required=True, allow_none=True)
    officers = fields.List(fields.String(), required=True)
    officer_names = fields.List(fields.String(), required=True)


class ListedProblemSchema(ListedSchema):
    task_id = fields.String(required=True)
    description = fields.String(required=True)
    category = fields.String(required=True)
    found_on = fields.Date(required=True)
    closed_on = fields.Date(required=True, allow_none=True)
    closed_on_time = fields.Boolean(required=True, allow_none=True)


class ListedDispositionSchema(ListedSchema):
    problem_id = fields.String(required=True)
    disposition_id = fields.String(required=True)
    problem = fields.String(required=True, allow_none=True, metadata={"description": "问题描述"})
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    number = fields.String(required=True)
    started_on = fields.Date(required=True)
    deadline = fields.Date(required=True, allow_none=True)
    ended_on = fields.Date(required=True, allow_none=True)
    decision_no = fields.String(required=True)
    decided_on = fields.Date(required=True, allow_none=True)
    fine = decimal("罚款（元）", allow_none=True)


def listing_page(item: type[Schema], extra: dict | None = None) -> type[Schema]:
    """A page of a figure's rows: {items, total, page, per_page, measure, title, …}."""
    return make_schema(f"{item.__name__.removesuffix('Schema')}PageSchema", {
        "items": fields.List(fields.Nested(item), required=True), "total": fields.Integer(required=True),
        "page": fields.Integer(required=True), "per_page": fields.Integer(required=True),
        "measure": fields.String(required=True, metadata={"description": "统计口径"}),
        "title": fields.String(required=True), **(extra or {})})


# -- the statistics tables ---------------------------------------------------------------------------
# One row per category and the total, the figures of the 情况统计表 (projections/statistics.py).
CategoryRowSchema = make_schema("CategoryRowSchema", {
    "category": fields.String(required=True, metadata={"description": "key / special / general / total"}),
    "label": fields.String(required=True),
    "minimum": fields.Integer(required=True, allow_none=True, metadata={"description": "应抽取数"}),
    "estimated": fields.Boolean(required=True, metadata={"description": "应抽取数按规则测算（无对应抽查计划）"}),
    "basis": fields.String(required=True),
    "met": fields.Boolean(required=True, metadata={"description": "抽取比例达标"}),
    "rate": decimal("问题发现率（%），如 66.7", allow_none=True),
    "fines": decimal("罚款金额（元）"),
    **integers("directory", "drawn", "inspected", "on_site", "off_site", "targeted", "problems", "orders", "guidance",
              "cases", "penalties", "coercive", "transfers", "closed", "closed_on_time", "disclosed",
              "disclosed_on_time")})

OfficerRowSchema = make_schema("OfficerRowSchema", {
    "id": fields.String(required=True), "name": fields.String(required=True), "cert_no": fields.String(required=True),
    "unit": fields.String(required=True, allow_none=True), "unit_name": fields.String(required=True, allow_none=True),
    **integers("random", "targeted", "inspected", "completed", "problems", "workload")})


class WindowSchema(Schema):
    first = fields.Date(required=True)
    last = fields.Date(required=True)
    provisional = fields.Boolean(required=True)


class TablesSchema(Schema):
    period = fields.Nested(PeriodSchema, required=True)
    jurisdiction = fields.Nested(PlaceSchema, required=True, allow_none=True)
    provisional = fields.Boolean(required=True, metadata={"description": "统计期间尚未结束：暂定数"})
    report_window = fields.Nested(WindowSchema, required=True, allow_none=True, metadata={
        "description": "报送期限：季度结束前5个工作日；期间不以季度末结束时为空"})
    categories = fields.List(fields.Nested(CategoryRowSchema), required=True)
    officers = fields.List(fields.Nested(OfficerRowSchema), required=True)
