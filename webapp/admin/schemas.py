"""The shapes of the user-management forms, with Chinese messages (see webapp/forms.py)."""

from __future__ import annotations

from flask_babel import gettext, lazy_gettext
from marshmallow import ValidationError, fields, validate

from domain.users import USERNAME
from domain.vocabulary import ROLES

from ..auth.credentials import password_problem
from ..forms import FormSchema, field, one_of, reason, text, too_long


def _strong(password: str) -> None:
    problem = password_problem(password, gettext)
    if problem:
        raise ValidationError(problem)


def password(label: str) -> fields.Field:
    return field(fields.String, label, required=True, validate=_strong, load_only=True)


def scope_code(label: str) -> fields.Field:
    return field(fields.String, label, load_default=None,
                 validate=validate.Length(max=40, error=too_long(40)))


class Lowercase(fields.String):
    def _deserialize(self, value, attr, data, **kwargs) -> str:
        return super()._deserialize(value, attr, data, **kwargs).lower()


class Scope(FormSchema):
    role = one_of(lazy_gettext("角色"), ROLES, listed=True)
    jurisdiction = scope_code(lazy_gettext("管辖辖区"))
    brigade = scope_code(lazy_gettext("所属大队/检查组"))


class CreateUser(Scope):
    username = field(Lowercase, lazy_gettext("用户名"), required=True, validate=validate.Regexp(
        USERNAME, error=lazy_gettext("须以小写字母开头，由3至32位小写字母、数字、“_”“.”“-”组成")))
    display_name = text(lazy_gettext("姓名"), 50)
    password = password(lazy_gettext("初始密码"))


class ChangeRole(Scope):
    reason = reason()


class ResetPassword(FormSchema):
    password = password(lazy_gettext("新密码"))
    reason = text(lazy_gettext("说明"), 500, required=False)


class Reason(FormSchema):
    reason = reason(lazy_gettext("理由"))
