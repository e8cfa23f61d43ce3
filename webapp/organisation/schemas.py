"""The shapes of the organisation forms, with Chinese messages (see webapp/forms.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext
from marshmallow import fields, validate

from domain.vocabulary import BRIGADE_KINDS, JURISDICTION_LEVELS

from ..forms import FormSchema, HexId, Words, codes, field, one_of, reason, text


class RenameJurisdiction(FormSchema):
    name = text(lazy_gettext("辖区名称"), 50)
    reason = reason()


class AddJurisdiction(FormSchema):
    code = field(fields.String, lazy_gettext("辖区代码"), required=True,
                 validate=validate.Regexp(r"^[A-Za-z0-9-]{2,30}$",
                                          error=lazy_gettext("须为2至30位字母、数字或“-”")))
    name = text(lazy_gettext("辖区名称"), 50)
    level = one_of(lazy_gettext("辖区级别"), JURISDICTION_LEVELS, listed=True)


class FormBrigade(FormSchema):
    code = field(fields.String, lazy_gettext("单位代码"), required=True,
                 validate=validate.Regexp(r"^[A-Za-z0-9_-]{2,40}$",
                                          error=lazy_gettext("须为2至40位字母、数字、“_”或“-”")))
    name = text(lazy_gettext("单位名称"), 80)
    kind = one_of(lazy_gettext("组织类别"), BRIGADE_KINDS, listed=True)
    jurisdiction = text(lazy_gettext("所属辖区"), 30)
    covers = codes(lazy_gettext("负责范围"))
    vehicles = field(Words, lazy_gettext("车辆保障"), max_len=500, load_default=list)


class AddMember(FormSchema):
    cert_no = text(lazy_gettext("执法（工作）证号"), 30)
    as_leader = field(fields.Boolean, lazy_gettext("任组长"), load_default=False)
    reason = text(lazy_gettext("说明"), 500, required=False)


class RemoveMember(FormSchema):
    inspector_id = field(HexId, lazy_gettext("人员"), required=True,
                         messages={"invalid": lazy_gettext("人员不存在")})
    reason = reason()


class ChangeCoverage(FormSchema):
    covers = codes(lazy_gettext("负责范围"),
                   validate=validate.Length(min=1, error=lazy_gettext("至少选择一个辖区")))
    vehicles = field(Words, lazy_gettext("车辆保障"), max_len=500, load_default=list)
    reason = reason()


class Dissolve(FormSchema):
    reason = reason(lazy_gettext("撤销理由"))
