"""The shapes of the organisation forms, with Chinese messages; and the small helpers every
form of ours uses: read the posted form into a schema, or stop with a 422 that says why."""

from __future__ import annotations

import re

from flask import abort, request
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate

from domain.vocabulary import BRIGADE_KINDS, JURISDICTION_LEVELS

REQUIRED = {"required": "必填", "null": "必填", "invalid": "格式不正确"}
VEHICLE_SEPARATORS = re.compile(r"[、,，;；\n]+")


def text(label: str, max_len: int = 200, *, required: bool = True, **kwargs) -> fields.String:
    """A text field: stripped; an empty value counts as missing (so it says 必填)."""
    length = validate.Length(max=max_len, error=f"不能超过{max_len}个字")
    if required:
        return fields.String(required=True, validate=length, error_messages=REQUIRED,
                             metadata={"label": label}, **kwargs)
    return fields.String(load_default="", validate=length, error_messages=REQUIRED,
                         metadata={"label": label}, **kwargs)


def one_of(label: str, choices: dict, *, required: bool = True) -> fields.String:
    allowed = validate.OneOf(list(choices), error=f"{label}不存在，可选：{'、'.join(choices.values())}")
    if required:
        return fields.String(required=True, validate=allowed, error_messages=REQUIRED,
                             metadata={"label": label})
    return fields.String(load_default=None, validate=allowed, error_messages=REQUIRED,
                         metadata={"label": label})


def codes(label: str) -> fields.List:
    return fields.List(fields.String(validate=validate.Length(min=1, max=40)), load_default=list,
                       error_messages=REQUIRED, metadata={"label": label})


class FormSchema(Schema):
    """Posted forms carry csrf_token and command_id too: those are not ours to check."""

    keep_spaces: tuple[str, ...] = ("password",)  # a password is taken exactly as typed

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _tidy(self, data, **_):
        tidy = {}
        for key, value in data.items():
            if isinstance(value, str) and key not in self.keep_spaces:
                value = value.strip()
            if isinstance(value, list):
                value = [v.strip() for v in value if isinstance(v, str) and v.strip()]
            if value not in ("", None):
                tidy[key] = value
        return tidy


def posted(schema: Schema) -> dict:
    """The request's form as the schema wants it: lists for List fields, strings else."""
    data = {}
    for name, field in schema.fields.items():
        if isinstance(field, fields.List):
            data[name] = request.form.getlist(name)
        elif name in request.form:
            data[name] = request.form.get(name)
    return data


def describe(schema: Schema, error: ValidationError) -> list[str]:
    """'用户名：必填' lines, in the order of the schema's fields."""
    lines = []
    for name, field in schema.fields.items():
        messages = error.messages.get(name) if isinstance(error.messages, dict) else None
        if not messages:
            continue
        if isinstance(messages, dict):  # list fields report by index
            messages = [m for ms in messages.values() for m in (ms if isinstance(ms, list) else [ms])]
        lines.append(f"{field.metadata.get('label', name)}：{'；'.join(map(str, messages))}")
    if isinstance(error.messages, dict) and error.messages.get("_schema"):
        lines.extend(error.messages["_schema"])
    return lines or ["提交的内容有误"]


def load_form(schema: Schema) -> dict:
    """Load the posted form, or answer 422 with every problem in Chinese."""
    try:
        return schema.load(posted(schema))
    except ValidationError as error:
        abort(422, description="；".join(describe(schema, error)))


def split_vehicles(value: str) -> list[str]:
    return [v.strip() for v in VEHICLE_SEPARATORS.split(value or "") if v.strip()]


# -- the organisation forms -------------------------------------------------------------
class RenameJurisdiction(FormSchema):
    name = text("辖区名称", 50)
    reason = text("变更理由", 500)


class AddJurisdiction(FormSchema):
    code = fields.String(required=True, error_messages=REQUIRED, metadata={"label": "辖区代码"},
                         validate=validate.Regexp(r"^[A-Za-z0-9-]{2,30}$",
                                                  error="须为2至30位字母、数字或“-”"))
    name = text("辖区名称", 50)
    level = one_of("辖区级别", JURISDICTION_LEVELS)


class FormBrigade(FormSchema):
    code = fields.String(required=True, error_messages=REQUIRED, metadata={"label": "单位代码"},
                         validate=validate.Regexp(r"^[A-Za-z0-9_-]{2,40}$",
                                                  error="须为2至40位字母、数字、“_”或“-”"))
    name = text("单位名称", 80)
    kind = one_of("组织类别", BRIGADE_KINDS)
    jurisdiction = text("所属辖区", 30)
    covers = codes("负责范围")
    vehicles = text("车辆保障", 500, required=False)


class AddMember(FormSchema):
    cert_no = text("执法（工作）证号", 30)
    as_leader = fields.Boolean(load_default=False, metadata={"label": "任组长"})
    reason = text("说明", 500, required=False)


class RemoveMember(FormSchema):
    inspector_id = fields.String(required=True, error_messages=REQUIRED, metadata={"label": "人员"},
                                 validate=validate.Regexp(r"^[0-9a-f]{32}$", error="人员不存在"))
    reason = text("变更理由", 500)


class ChangeCoverage(FormSchema):
    covers = fields.List(fields.String(), required=True, error_messages=REQUIRED,
                         validate=validate.Length(min=1, error="至少选择一个辖区"),
                         metadata={"label": "负责范围"})
    vehicles = text("车辆保障", 500, required=False)
    reason = text("变更理由", 500)


class Dissolve(FormSchema):
    reason = text("撤销理由", 500)
