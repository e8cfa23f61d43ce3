"""The shapes of the directory forms (commands and list filters), with Chinese messages
(see webapp/forms.py)."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate

from domain.credit_code import credit_code_problem, normalise_credit_code
from domain.vocabulary import CATEGORIES, EXCLUSION_REASONS, INSPECTOR_KINDS, SPECIAL_CRITERIA

from ..forms import NOT_A_CHOICE, FormSchema, HexId, Words, field, one_of, reason, text, yes_no

DATE = "日期格式不正确，应为“年-月-日”"


# -- 监管对象 (targets) ----------------------------------------------------------------
class ReasonForm(FormSchema):
    """Lift an exclusion, mark a certificate expired, deactivate, reactivate."""

    reason = reason()


class CategoryForm(FormSchema):
    category = one_of("监管类别", CATEGORIES)
    year = field(fields.Integer, "类别年度", load_default=None, validate=validate.Range(
        min=2000, max=2100, error="年度应在2000至2100之间"))
    basis = text("依据", 500, required=False)
    special_criteria = field(fields.List, "特殊监管条件", load_default=list, cls_or_instance=fields.String(
        validate=validate.OneOf(SPECIAL_CRITERIA, error=NOT_A_CHOICE)))
    reason = reason()


class ExclusionForm(FormSchema):
    exclusion_reason = one_of("不参与原因", EXCLUSION_REASONS)
    note = text("说明", 500, required=False)
    reason = reason()


class PositiveListForm(FormSchema):
    basis = text("依据", 500)
    reason = reason()


class TargetDetailsForm(FormSchema):
    name = text("名称", 100)
    address = text("详细地址", 200)
    industry = text("行业类别", 100, required=False)
    permit_no = text("排污许可证编号", 60, required=False)
    jurisdiction = text("所在辖区", 30)
    reason = reason()


# -- 检查人员 (inspectors) -------------------------------------------------------------
class RenewForm(FormSchema):
    cert_no = text("执法（工作）证号", 30, required=False)  # blank: keep the current number
    valid_until = field(fields.Date, "有效期至", required=True, messages={"invalid": DATE, "format": DATE})
    basis = text("依据", 500)


class TransferForm(FormSchema):
    unit = text("调入单位", 40)
    basis = text("依据", 500, required=False)
    reason = reason()


def _credit_code_ok(code: str) -> None:
    problem = credit_code_problem(code)
    if problem:
        raise ValidationError(problem)


class ConflictForm(FormSchema):
    credit_code = field(fields.Function, "统一社会信用代码", deserialize=normalise_credit_code, required=True,
                        validate=_credit_code_ok)
    site = text("厂区名称", 100, required=False)
    relation = text("利害关系", 500)


class WithdrawConflictForm(FormSchema):
    target_id = field(HexId, "利害关系单位", required=True)
    reason = reason()


class InspectorDetailsForm(FormSchema):
    name = text("姓名", 50)
    post = text("职务岗位", 50, required=False)
    years_of_service = field(fields.Integer, "工作年限", load_default=None, validate=validate.Range(
        min=0, max=60, error="工作年限应在0至60年之间"))
    specialities = field(Words, "业务专长", load_default=list)
    department = text("所在部门", 80, required=False)
    in_draw_pool = field(fields.Boolean, "参与双随机", load_default=False)
    reason = reason()


# -- list filters (GET) ----------------------------------------------------------------
class PageFilters(FormSchema):
    q = text("搜索", 100, required=False)
    page = field(fields.Integer, "页码", load_default=1, messages={"invalid": "页码应为正整数"},
                 validate=validate.Range(min=1, error="页码应为正整数"))


class TargetFilters(PageFilters):
    jurisdiction = text("所在辖区", 30, required=False)
    category = one_of("监管类别", CATEGORIES, required=False)
    industry = text("行业类别", 100, required=False)
    excluded = yes_no("参与双随机")
    positive = yes_no("正面清单")


class InspectorFilters(PageFilters):
    unit = text("执法单位", 40, required=False)
    kind = one_of("人员类别", INSPECTOR_KINDS, required=False)
    cert = one_of("证件状态", ("valid", "invalid"), required=False)
    active = yes_no("在岗状态")
    pool = yes_no("参与双随机")
