"""The shapes of the organisation forms, with Chinese messages (see webapp/forms.py)."""

from __future__ import annotations

from marshmallow import fields, validate

from domain.vocabulary import BRIGADE_KINDS, JURISDICTION_LEVELS

from ..forms import FormSchema, HexId, Words, codes, field, one_of, reason, text


class RenameJurisdiction(FormSchema):
    name = text("辖区名称", 50)
    reason = reason()


class AddJurisdiction(FormSchema):
    code = field(fields.String, "辖区代码", required=True,
                 validate=validate.Regexp(r"^[A-Za-z0-9-]{2,30}$", error="须为2至30位字母、数字或“-”"))
    name = text("辖区名称", 50)
    level = one_of("辖区级别", JURISDICTION_LEVELS, listed=True)


class FormBrigade(FormSchema):
    code = field(fields.String, "单位代码", required=True,
                 validate=validate.Regexp(r"^[A-Za-z0-9_-]{2,40}$", error="须为2至40位字母、数字、“_”或“-”"))
    name = text("单位名称", 80)
    kind = one_of("组织类别", BRIGADE_KINDS, listed=True)
    jurisdiction = text("所属辖区", 30)
    covers = codes("负责范围")
    vehicles = field(Words, "车辆保障", max_len=500, load_default=list)


class AddMember(FormSchema):
    cert_no = text("执法（工作）证号", 30)
    as_leader = field(fields.Boolean, "任组长", load_default=False)
    reason = text("说明", 500, required=False)


class RemoveMember(FormSchema):
    inspector_id = field(HexId, "人员", required=True, messages={"invalid": "人员不存在"})
    reason = reason()


class ChangeCoverage(FormSchema):
    covers = codes("负责范围", validate=validate.Length(min=1, error="至少选择一个辖区"))
    vehicles = field(Words, "车辆保障", max_len=500, load_default=list)
    reason = reason()


class Dissolve(FormSchema):
    reason = reason("撤销理由")
