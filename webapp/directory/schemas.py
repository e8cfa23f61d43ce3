"""The shapes of the directory forms (commands and list filters), with Chinese messages
(see webapp/forms.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext
from marshmallow import ValidationError, fields, validate

from domain.credit_code import credit_code_problem, normalise_credit_code
from domain.vocabulary import CATEGORIES, EXCLUSION_REASONS, INSPECTOR_KINDS, SPECIAL_CRITERIA

from ..forms import NOT_A_CHOICE, FormSchema, HexId, Words, field, one_of, reason, text, yes_no

DATE = lazy_gettext("日期格式不正确，应为“年-月-日”")


# -- 监管对象 (targets) ----------------------------------------------------------------
class ReasonForm(FormSchema):
    """Lift an exclusion, mark a certificate expired, deactivate, reactivate."""

    reason = reason()


class CategoryForm(FormSchema):
    category = one_of(lazy_gettext("监管类别"), CATEGORIES)
    year = field(fields.Integer, lazy_gettext("类别年度"), load_default=None, validate=validate.Range(
        min=2000, max=2100, error=lazy_gettext("年度应在2000至2100之间")))
    basis = text(lazy_gettext("依据"), 500, required=False)
    special_criteria = field(fields.List, lazy_gettext("特殊监管条件"), load_default=list,
                             cls_or_instance=fields.String(validate=validate.OneOf(SPECIAL_CRITERIA,
                                                                                   error=NOT_A_CHOICE)))
    reason = reason()


class ExclusionForm(FormSchema):
    exclusion_reason = one_of(lazy_gettext("不参与原因"), EXCLUSION_REASONS)
    note = text(lazy_gettext("说明"), 500, required=False)
    reason = reason()


class PositiveListForm(FormSchema):
    basis = text(lazy_gettext("依据"), 500)
    reason = reason()


class TargetDetailsForm(FormSchema):
    name = text(lazy_gettext("名称"), 100)
    address = text(lazy_gettext("详细地址"), 200)
    industry = text(lazy_gettext("行业类别"), 100, required=False)
    permit_no = text(lazy_gettext("排污许可证编号"), 60, required=False)
    jurisdiction = text(lazy_gettext("所在辖区"), 30)
    reason = reason()


# -- 检查人员 (inspectors) -------------------------------------------------------------
class RenewForm(FormSchema):
    cert_no = text(lazy_gettext("执法（工作）证号"), 30, required=False)  # blank: keep the current number
    valid_until = field(fields.Date, lazy_gettext("有效期至"), required=True,
                        messages={"invalid": DATE, "format": DATE})
    basis = text(lazy_gettext("依据"), 500)


class TransferForm(FormSchema):
    unit = text(lazy_gettext("调入单位"), 40)
    basis = text(lazy_gettext("依据"), 500, required=False)
    reason = reason()


def _credit_code_ok(code: str) -> None:
    problem = credit_code_problem(code)
    if problem:
        raise ValidationError(problem)


class ConflictForm(FormSchema):
    credit_code = field(fields.Function, lazy_gettext("统一社会信用代码"), deserialize=normalise_credit_code,
                        required=True, validate=_credit_code_ok)
    site = text(lazy_gettext("厂区名称"), 100, required=False)
    relation = text(lazy_gettext("利害关系"), 500)


class WithdrawConflictForm(FormSchema):
    target_id = field(HexId, lazy_gettext("利害关系单位"), required=True)
    reason = reason()


class InspectorDetailsForm(FormSchema):
    name = text(lazy_gettext("姓名"), 50)
    post = text(lazy_gettext("职务岗位"), 50, required=False)
    years_of_service = field(fields.Integer, lazy_gettext("工作年限"), load_default=None,
                             validate=validate.Range(min=0, max=60, error=lazy_gettext("工作年限应在0至60年之间")))
    specialities = field(Words, lazy_gettext("业务专长"), load_default=list)
    department = text(lazy_gettext("所在部门"), 80, required=False)
    in_draw_pool = field(fields.Boolean, lazy_gettext("参与双随机"), load_default=False)
    reason = reason()


# -- list filters (GET) ----------------------------------------------------------------
class PageFilters(FormSchema):
    q = text(lazy_gettext("搜索"), 100, required=False)
    page = field(fields.Integer, lazy_gettext("页码"), load_default=1,
                 messages={"invalid": lazy_gettext("页码应为正整数")},
                 validate=validate.Range(min=1, error=lazy_gettext("页码应为正整数")))


class TargetFilters(PageFilters):
    jurisdiction = text(lazy_gettext("所在辖区"), 30, required=False)
    category = one_of(lazy_gettext("监管类别"), CATEGORIES, required=False)
    industry = text(lazy_gettext("行业类别"), 100, required=False)
    excluded = yes_no(lazy_gettext("参与双随机"))
    positive = yes_no(lazy_gettext("正面清单"))


class InspectorFilters(PageFilters):
    unit = text(lazy_gettext("执法单位"), 40, required=False)
    kind = one_of(lazy_gettext("人员类别"), INSPECTOR_KINDS, required=False)
    cert = one_of(lazy_gettext("证件状态"), ("valid", "invalid"), required=False)
    active = yes_no(lazy_gettext("在岗状态"))
    pool = yes_no(lazy_gettext("参与双随机"))
