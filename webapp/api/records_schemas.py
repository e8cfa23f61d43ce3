"""The answers of the record and time-travel endpoints (webapp/api/records.py), and the history
entries as the shared history table shows them (templates/shared/history.html): the same
labels, the same before → after lines."""

from __future__ import annotations

from datetime import datetime, timezone

from flask_babel import gettext as _
from marshmallow import Schema, fields

from domain.vocabulary import ROLES

from ..history import event_title, field_label, show_value
from ..templating import label
from .base import DateTime

CREATING = ("Registered", "Formed", "Created")  # the history table lists their facts


# -- 执法全过程记录 ----------------------------------------------------------------------------
class FullRecordRowSchema(Schema):
    no = fields.Integer(required=True, metadata={"description": "序号"})
    position = fields.Integer(required=True, metadata={"description": "事件库位置"})
    stream_id = fields.String(required=True)
    stream_kind = fields.String(required=True)
    version = fields.Integer(required=True)
    event = fields.String(required=True)
    command_id = fields.String(required=True, allow_none=True)
    at = fields.String(required=True, metadata={"description": "时间（北京时间，ISO 8601）"})
    time = fields.String(required=True, metadata={"description": "时间（北京时间）"})
    record = fields.String(required=True, metadata={"description": "记录"})
    title = fields.String(required=True, metadata={"description": "事项"})
    actor = fields.String(required=True, metadata={"description": "操作人"})
    actor_id = fields.String(required=True, allow_none=True)
    actor_role = fields.String(required=True, allow_none=True)
    role = fields.String(required=True, allow_none=True, metadata={"description": "角色"})
    documents = fields.List(fields.String(), required=True, metadata={"description": "文书编号"})
    hashes = fields.List(fields.String(), required=True, metadata={"description": "证据哈希（SHA-256）"})
    changes = fields.List(fields.String(), required=True, metadata={"description": "变更内容"})
    reason = fields.List(fields.String(), required=True, metadata={"description": "理由/依据"})


class FullRecordSchema(Schema):
    title = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "task / problem / unit / officer / draw"})
    id = fields.String(required=True)
    name = fields.String(required=True)
    ids = fields.Dict(required=True, metadata={"description": "相关记录的编号（任务、对象、计划、问题……）"})
    data_as_of_position = fields.Integer(required=True, allow_none=True, metadata={"description": "数据截至事件"})
    timezone = fields.String(required=True)
    columns = fields.List(fields.String(), required=True)
    rows = fields.List(fields.Nested(FullRecordRowSchema), required=True)


# -- 时间回溯 ----------------------------------------------------------------------------------
class AsOfHistoryEntrySchema(Schema):
    position = fields.Integer(required=True)
    version = fields.Integer(required=True)
    at = DateTime(required=True)
    event = fields.String(required=True)
    title = fields.String(required=True, metadata={"description": "事项"})
    content = fields.List(fields.String(), required=True, metadata={"description": "内容（变更前 → 变更后）"})
    reason = fields.String(required=True, allow_none=True)
    basis = fields.String(required=True, allow_none=True, metadata={"description": "依据"})
    actor = fields.String(required=True, allow_none=True, metadata={"description": "操作人"})
    role = fields.String(required=True, allow_none=True)


class AsOfVersionSchema(Schema):
    version = fields.Integer(required=True)
    at = DateTime(required=True)
    event = fields.String(required=True)
    title = fields.String(required=True)


class AsOfFactSchema(Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    value = fields.String(required=True)


class AsOfChangeSchema(Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    before = fields.String(required=True)
    after = fields.String(required=True)


class AsOfRecordSchema(Schema):
    kind = fields.String(required=True, metadata={"description": "task / problem / target"})
    kind_label = fields.String(required=True)
    record_id = fields.String(required=True)
    heading = fields.String(required=True)
    versions = fields.Integer(required=True, metadata={"description": "共几版"})


class AsOfVersionsSchema(AsOfRecordSchema):
    items = fields.List(fields.Nested(AsOfVersionSchema), required=True)


class AsOfSchema(AsOfRecordSchema):
    moment = fields.String(required=True, metadata={"description": "回溯时间（北京时间）"})
    version = fields.Integer(required=True, metadata={"description": "当时的版本"})
    facts = fields.List(fields.Nested(AsOfFactSchema), required=True)
    entries = fields.List(fields.Nested(AsOfHistoryEntrySchema), required=True, metadata={"description": "至当时的变更记录"})


class AsOfCompareSchema(AsOfRecordSchema):
    start = fields.String(required=True, metadata={"description": "起始时间"})
    end = fields.String(required=True, metadata={"description": "结束时间（或“现在”）"})
    start_version = fields.Integer(required=True)
    end_version = fields.Integer(required=True)
    changes = fields.List(fields.Nested(AsOfChangeSchema), required=True, metadata={"description": "有变化的事项"})
    entries = fields.List(fields.Nested(AsOfHistoryEntrySchema), required=True, metadata={"description": "其间的事件"})


class AsOfStepSchema(AsOfRecordSchema):
    version = fields.Integer(required=True)
    facts = fields.List(fields.Nested(AsOfFactSchema), required=True, metadata={"description": "本条事件后的状态"})
    changes = fields.List(fields.Nested(AsOfChangeSchema), required=True, metadata={"description": "本条事件改变的事项"})
    entries = fields.List(fields.Nested(AsOfHistoryEntrySchema), required=True, metadata={"description": "本条事件"})


def utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite: stored as UTC


def entry(e: dict) -> dict:
    """One history entry as the history table shows it."""
    kind = e["kind"]
    lines = [f"{field_label(f, kind)}{_('：')}{show_value(f, b, kind)} → {show_value(f, a, kind)}"
             for f, b, a in e["changes"]]
    if e["event"] in CREATING or not e["changes"]:
        lines += [f"{field_label(f, kind)}{_('：')}{show_value(f, v, kind)}" for f, v in e["facts"]]
    role = e["actor_role"]
    return {"position": e["position"], "version": e["version"], "at": utc(e["at"]), "event": e["event"],
            "title": event_title(kind, e["event"]), "content": lines, "reason": e["reason"], "basis": e["basis"],
            "actor": None if e["actor_id"] is None else str(e["actor_id"]),
            "role": label("role", role) if role in ROLES else role}
