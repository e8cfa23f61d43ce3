"""Our forms, one way for every page: a marshmallow schema per form whose fields carry a
Chinese label and Chinese messages; the posted form read into it; and what is wrong said
field by field ("标签：消息"), with 422 and nothing changed.

Form values arrive as strings: they are trimmed (a password is taken exactly as typed),
and an empty field counts as not given, so a required field says "必填" and an optional
one takes its default. List fields take every value posted under their name. Rules that
need the record (a special unit needs criteria …) stay in the domain; these check shape.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextlib import contextmanager
from datetime import date
from typing import Iterator
from uuid import UUID

from flask import flash, g, redirect, request
from flask_babel import LazyString, gettext as _, lazy_gettext
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates_schema
from werkzeug.exceptions import UnprocessableEntity

from .services import wait_for

# Labels and messages are lazy strings (made at import time, translated when shown) and
# stay Chinese outside a request. Marshmallow fills "{input}" into a message itself.
MESSAGES = {"required": lazy_gettext("必填"), "null": lazy_gettext("必填"),
            "invalid": lazy_gettext("格式不正确")}
NOT_A_CHOICE = lazy_gettext("“{input}”不在可选范围内")
SEPARATORS = re.compile(r"[、,，;；\n]+")
FIRST_YEAR, LAST_YEAR = 1900, 2200


# -- fields ---------------------------------------------------------------------------------
def too_long(max_len: int) -> LazyString:
    return lazy_gettext("不能超过%(n)s个字", n=max_len)


def field(cls: type[fields.Field], label: str, *, messages: dict[str, str] | None = None,
          **kwargs) -> fields.Field:
    """A field of any kind with its label and our messages (plus any of its own)."""
    metadata = {"label": label, **kwargs.pop("metadata", {})}  # a description for the API document
    return cls(error_messages={**MESSAGES, **(messages or {})}, metadata=metadata, **kwargs)


def _presence(required: bool, default: object) -> dict:
    return {"required": True} if required else {"load_default": default}


def text(label: str, max_len: int = 200, *, required: bool = True, **kwargs) -> fields.Field:
    """A line of text; optional text defaults to ""."""
    length = validate.Length(max=max_len, error=too_long(max_len))
    return field(fields.String, label, validate=length, **_presence(required, ""), **kwargs)


def reason(label: str | None = None) -> fields.Field:
    return text(label or lazy_gettext("变更理由"), 500)


def _not_listed(label: str, choices: dict) -> str:
    return _("%(label)s不存在，可选：%(choices)s", label=str(label),
             choices=_("、").join(_(title) for title in choices.values()))


def one_of(label: str, choices, *, required: bool = True, listed: bool = False) -> fields.Field:
    """One of the codes in `choices`; `listed` names the allowed ones in the message."""
    error = LazyString(_not_listed, label, choices) if listed else NOT_A_CHOICE
    return field(fields.String, label, validate=validate.OneOf(list(choices), error=error),
                 **_presence(required, None))


def yes_no(label: str) -> fields.Field:
    return one_of(label, ("yes", "no"), required=False)


def codes(label: str, **kwargs) -> fields.Field:
    """Codes ticked or selected several at a time (a list, empty when none)."""
    return field(fields.List, label, cls_or_instance=fields.String(validate=validate.Length(min=1, max=40)),
                 load_default=list, **kwargs)


class Words(fields.Field):
    """A list typed as one line: "废气、废水, 固废" → ["废气", "废水", "固废"]."""

    def __init__(self, max_len: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.max_len = max_len

    def _deserialize(self, value, attr, data, **kwargs) -> list[str]:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        if self.max_len is not None and len(value) > self.max_len:
            raise ValidationError(str(too_long(self.max_len)))
        return [w.strip() for w in SEPARATORS.split(value) if w.strip()]


class HexId(fields.Field):
    """A record's id as the pages show it (32 hex digits), loaded as a UUID."""

    default_error_messages = {"invalid": lazy_gettext("编号格式不正确")}  # also where no field() gives ours

    def _deserialize(self, value, attr, data, **kwargs) -> UUID:
        try:
            return UUID(hex=str(value))
        except ValueError:
            raise self.make_error("invalid") from None


# -- schemas ----------------------------------------------------------------------------------
class FormSchema(Schema):
    """Reads a request.form (a MultiDict) or a plain dict. Posted forms carry csrf_token and
    command_id too: those are not ours to check."""

    keep_spaces: tuple[str, ...] = ("password",)  # a password is taken exactly as typed

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _tidy(self, data, **_kwargs):
        if not isinstance(data, Mapping):  # a JSON body that is a list, a string or null
            raise ValidationError(_("请求体应为JSON对象"))
        values = {}
        for key, value in self.fields.items():
            if isinstance(value, fields.List):
                raw = data.getlist(key) if hasattr(data, "getlist") else data.get(key, [])
                values[key] = [v.strip() for v in ([raw] if isinstance(raw, str) else raw)
                               if isinstance(v, str) and v.strip()]
        for key in data:
            if key in values:
                continue
            value = data[key]
            if isinstance(value, str) and key not in self.keep_spaces:
                value = value.strip()
            if value not in ("", None):
                values[key] = value
        return values

    @validates_schema(skip_on_field_errors=True)
    def _plausible_dates(self, data, **_kwargs):
        # No record of the regime is dated outside these years; past them date arithmetic
        # (deadlines, the UTC offset) overflows.
        for name, value in data.items():
            if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR and name in self.fields:
                raise ValidationError(_("日期应在%(first)s年至%(last)s年之间", first=FIRST_YEAR, last=LAST_YEAR),
                                      field_name=self.fields[name].data_key or name)

    def labels(self) -> dict[str, str]:
        return {name: str(f.metadata.get("label", name)) for name, f in self.fields.items()}

    def handle_error(self, error: ValidationError, data, **_kwargs) -> None:
        error.labels = self.labels()  # so that the error can be told without the schema


def flat_messages(error: ValidationError, schema: Schema | None = None) -> list[str]:
    """"标签：消息" lines from a ValidationError, however deeply nested. A message that
    starts with its label stands alone ("页码应为正整数"). The labels come with an error the
    schema raised; an error raised after loading (a check of the same form) needs it."""
    labels = {**(schema.labels() if isinstance(schema, FormSchema) else {}), **getattr(error, "labels", {})}
    lines: list[str] = []

    def walk(name: str, value) -> None:
        if isinstance(value, (dict, list)):
            for inner in (value.values() if isinstance(value, dict) else value):
                walk(name, inner)
            return
        label = labels.get(name, name)
        plain = name == "_schema" or str(value).startswith(label)
        lines.append(str(value) if plain else _("%(label)s：%(message)s", label=label, message=str(value)))

    messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
    for name, value in messages.items():
        walk(name, value)
    return lines


# -- a posted form --------------------------------------------------------------------------
class Invalid(UnprocessableEntity):
    """422: the form's problems, a line each (the error page shows them joined); the API
    answers them field by field too (`fields`: marshmallow's messages)."""

    def __init__(self, lines: list[str], fields: dict | None = None):
        self.lines = lines or [_("提交的内容有误")]
        self.fields = fields or {}
        super().__init__(description=_("；").join(self.lines))


@contextmanager
def reporting(schema: Schema) -> Iterator[None]:
    """Inside: a ValidationError, the schema's or a later check's, becomes Invalid."""
    try:
        yield
    except ValidationError as error:
        fields_ = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        raise Invalid(flat_messages(error, schema), fields_) from None


def load_form(schema: Schema, data=None) -> dict:
    """The posted form (or `data`) as the schema wants it, or Invalid."""
    g.form_schema = type(schema)  # the API bridge checks that it documented this one
    with reporting(schema):
        return schema.load(request.form if data is None else data)


def answer(position: int | None, done: str, back: str):
    """After a command: wait until the read side shows it, say so, and go back."""
    g.api_outcome = {"position": position, "repeated": position is None}
    shown = wait_for(position)
    if position is None:
        flash(_("该表单已提交过，未重复执行"), "ok")
    else:
        flash(done if shown else _("%(done)s（列表数据正在更新，请稍后刷新）", done=done), "ok")
    return redirect(back)
