"""The shapes of the user-management forms, with Chinese messages."""

from __future__ import annotations

from marshmallow import ValidationError, fields, pre_load, validate

from domain.users import USERNAME
from domain.vocabulary import ROLES

from ..auth.credentials import password_problem
from ..organisation.schemas import REQUIRED, FormSchema, one_of, text


def _strong(password: str) -> None:
    problem = password_problem(password)
    if problem:
        raise ValidationError(problem)


def password(label: str) -> fields.String:
    return fields.String(required=True, validate=_strong, error_messages=REQUIRED,
                         metadata={"label": label}, load_only=True)


def scope_code(label: str) -> fields.String:
    return fields.String(load_default=None, validate=validate.Length(max=40, error="不能超过40个字"),
                         error_messages=REQUIRED, metadata={"label": label})


class Scope(FormSchema):
    role = one_of("角色", ROLES)
    jurisdiction = scope_code("管辖辖区")
    brigade = scope_code("所属大队/检查组")


class CreateUser(Scope):
    username = fields.String(
        required=True, error_messages=REQUIRED, metadata={"label": "用户名"},
        validate=validate.Regexp(USERNAME, error="须以小写字母开头，由3至32位小写字母、数字、“_”“.”“-”组成"))
    display_name = text("姓名", 50)
    password = password("初始密码")

    @pre_load
    def _lower(self, data, **_):
        if isinstance(data.get("username"), str):
            data = {**data, "username": data["username"].strip().lower()}
        return data


class ChangeRole(Scope):
    reason = text("变更理由", 500)


class ResetPassword(FormSchema):
    password = password("新密码")
    reason = text("说明", 500, required=False)


class Reason(FormSchema):
    reason = text("理由", 500)
