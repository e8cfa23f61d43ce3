"""The shapes of the directory forms (commands and list filters), with Chinese messages.

Form values arrive as strings: they are trimmed, and an empty field counts as not given,
so a required field says "必填" and an optional one takes its default. Rules that need
the record (a special unit needs criteria …) stay in the domain; these only check shape.
"""

from __future__ import annotations

import re
from uuid import UUID

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate

from domain.credit_code import credit_code_problem, normalise_credit_code
from domain.vocabulary import CATEGORIES, EXCLUSION_REASONS, INSPECTOR_KINDS, SPECIAL_CRITERIA

MESSAGES = {"required": "必填", "null": "必填", "invalid": "格式不正确"}
NOT_A_CHOICE = "“{input}”不在可选范围内"

# Field name → the label a user sees next to the message.
LABELS = {
    "reason": "变更理由", "category": "监管类别", "year": "类别年度", "basis": "依据",
    "special_criteria": "特殊监管条件", "exclusion_reason": "不参与原因", "note": "说明",
    "name": "名称", "address": "详细地址", "industry": "行业类别", "permit_no": "排污许可证编号",
    "jurisdiction": "所在辖区", "cert_no": "执法（工作）证号", "valid_until": "有效期至",
    "unit": "调入单位", "credit_code": "统一社会信用代码", "site": "厂区名称", "relation": "利害关系",
    "target_id": "利害关系单位", "post": "职务岗位", "years_of_service": "工作年限",
    "specialities": "业务专长", "department": "所在部门", "in_draw_pool": "参与双随机",
    "q": "搜索", "kind": "人员类别", "excluded": "参与双随机", "positive": "正面清单",
    "cert": "证件状态", "active": "在岗状态", "pool": "参与双随机", "page": "页码",
}


def _messages(**extra: str) -> dict[str, str]:
    return {**MESSAGES, **extra}


def text(max_len: int = 200, required: bool = False) -> fields.String:
    size = validate.Length(max=max_len, error=f"不能超过{max_len}个字")
    if required:
        return fields.String(required=True, validate=size, error_messages=_messages())
    return fields.String(load_default="", validate=size, error_messages=_messages())


def one_of(choices, required: bool = False) -> fields.String:
    rule = validate.OneOf(list(choices), error=NOT_A_CHOICE)
    if required:
        return fields.String(required=True, validate=rule, error_messages=_messages())
    return fields.String(load_default=None, validate=rule, error_messages=_messages())


def yes_no() -> fields.String:
    return one_of(("yes", "no"))


class Words(fields.Field):
    """A list typed as one line: "废气、废水, 固废" → ["废气", "废水", "固废"]."""

    default_error_messages = {"invalid": "格式不正确"}

    def _deserialize(self, value, attr, data, **kwargs) -> list[str]:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        return [w for w in (p.strip() for p in re.split(r"[,，、;；\n]", value)) if w]


class HexId(fields.Field):
    default_error_messages = {"invalid": "格式不正确"}

    def _deserialize(self, value, attr, data, **kwargs) -> UUID:
        try:
            return UUID(hex=str(value))
        except ValueError:
            raise self.make_error("invalid") from None


class FormSchema(Schema):
    """Reads a request.form (a MultiDict) or a plain dict; blank fields count as absent."""

    LISTS: tuple[str, ...] = ()

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _from_form(self, data, **_):
        values = {}
        for key in data:
            if key in self.LISTS:
                raw = data.getlist(key) if hasattr(data, "getlist") else data[key]
                values[key] = [v.strip() for v in (raw if isinstance(raw, list) else [raw]) if v.strip()]
                continue
            value = data[key]
            value = value.strip() if isinstance(value, str) else value
            if value not in ("", None):
                values[key] = value
        return values


def reason() -> fields.String:
    return text(500, required=True)


# -- 监管对象 (targets) ----------------------------------------------------------------
class ReasonForm(FormSchema):
    """Lift an exclusion, mark a certificate expired, deactivate, reactivate."""

    reason = reason()


class CategoryForm(FormSchema):
    LISTS = ("special_criteria",)
    category = one_of(CATEGORIES, required=True)
    year = fields.Integer(load_default=None, validate=validate.Range(
        min=2000, max=2100, error="年度应在2000至2100之间"), error_messages=_messages())
    basis = text(500)
    special_criteria = fields.List(fields.String(validate=validate.OneOf(
        SPECIAL_CRITERIA, error=NOT_A_CHOICE)), load_default=list, error_messages=_messages())
    reason = reason()


class ExclusionForm(FormSchema):
    exclusion_reason = one_of(EXCLUSION_REASONS, required=True)
    note = text(500)
    reason = reason()


class PositiveListForm(FormSchema):
    basis = text(500, required=True)
    reason = reason()


class TargetDetailsForm(FormSchema):
    name = text(100, required=True)
    address = text(200, required=True)
    industry = text(100)
    permit_no = text(60)
    jurisdiction = text(30, required=True)
    reason = reason()


# -- 检查人员 (inspectors) -------------------------------------------------------------
class RenewForm(FormSchema):
    cert_no = text(30)  # blank: keep the current number
    valid_until = fields.Date(required=True, error_messages=_messages(
        invalid="日期格式不正确，应为“年-月-日”", format="日期格式不正确，应为“年-月-日”"))
    basis = text(500, required=True)


class TransferForm(FormSchema):
    unit = text(40, required=True)
    basis = text(500)
    reason = reason()


def _credit_code_ok(code: str) -> None:
    problem = credit_code_problem(code)
    if problem:
        raise ValidationError(problem)


class ConflictForm(FormSchema):
    credit_code = fields.Function(deserialize=normalise_credit_code, required=True,
                                  validate=_credit_code_ok, error_messages=_messages())
    site = text(100)
    relation = text(500, required=True)


class WithdrawConflictForm(FormSchema):
    target_id = HexId(required=True, error_messages=_messages())
    reason = reason()


class InspectorDetailsForm(FormSchema):
    name = text(50, required=True)
    post = text(50)
    years_of_service = fields.Integer(load_default=None, validate=validate.Range(
        min=0, max=60, error="工作年限应在0至60年之间"), error_messages=_messages())
    specialities = Words(load_default=list)
    department = text(80)
    in_draw_pool = fields.Boolean(load_default=False, error_messages=_messages())
    reason = reason()


# -- list filters (GET) ----------------------------------------------------------------
class PageFilters(FormSchema):
    q = text(100)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, error="页码应为正整数"),
                          error_messages=_messages(invalid="页码应为正整数"))


class TargetFilters(PageFilters):
    jurisdiction = text(30)
    category = one_of(CATEGORIES)
    industry = text(100)
    excluded = yes_no()
    positive = yes_no()


class InspectorFilters(PageFilters):
    unit = text(40)
    kind = one_of(INSPECTOR_KINDS)
    cert = one_of(("valid", "invalid"))
    active = yes_no()
    pool = yes_no()


def flat_messages(error: ValidationError) -> list[str]:
    """"标签：消息" lines from a ValidationError, however deeply nested."""
    lines: list[str] = []

    def walk(field: str, value) -> None:
        if isinstance(value, dict):
            for inner in value.values():
                walk(field, inner)
        elif isinstance(value, list):
            for inner in value:
                walk(field, inner)
        else:
            label = LABELS.get(field, field)
            plain = field == "_schema" or str(value).startswith(label)
            lines.append(str(value) if plain else f"{label}：{value}")

    messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
    for field, value in messages.items():
        walk(field, value)
    return lines
