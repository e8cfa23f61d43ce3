"""API: 提醒与提醒规则: the caller's own reminders (unread first, as the page lists them) and
the reminder rules of a jurisdiction with their change record.

The same reads and checks as webapp/notifications/routes.py: a user sees only their own
reminders; the rules are for admins, supervisors and reviewers, of a jurisdiction in their
scope (403 otherwise, 404 for an unknown code). Marking read is a command (POST, the bridge)."""

from __future__ import annotations

import os
from datetime import datetime, timezone

from flask_babel import gettext as _, lazy_gettext
from flask_login import current_user
from marshmallow import Schema, fields
from sqlalchemy import case, func, select

from domain.reminder_rules import DAYS_MEANING, EVERYWHERE, KINDS
from projections.history_view import history_of
from projections.job_tables import notifications
from projections.tables import history, jurisdictions
from workers import reminders

from ..auth.users import roles_required
from ..forms import FormSchema, text
from ..history import event_title
from ..notifications.routes import EDITORS, READERS, _chosen, _mine, _places, describe, unread_count
from ..services import system
from .base import DateTime, PageArgs, area, page_of

blp = area("notifications", "提醒与提醒规则")


class NotificationSchema(Schema):
    id = fields.Integer(required=True)
    rule = fields.String(required=True, metadata={"description": "提醒类型代码"})
    rule_label = fields.String(required=True, metadata={"description": "提醒类型"})
    message = fields.String(required=True)
    link = fields.String(required=True, metadata={"description": "提醒所指的页面"})
    subject_kind = fields.String(required=True)
    subject_id = fields.String(required=True)
    occasion = fields.Date(required=True, metadata={"description": "提醒所关于的期限（或日期）"})
    created_at = DateTime(required=True, metadata={"description": "提醒时间"})
    read_at = DateTime(required=True, allow_none=True)
    read = fields.Boolean(required=True)


class NotificationPageSchema(page_of(NotificationSchema)):
    unread = fields.Integer(required=True, metadata={"description": "未读条数"})


class ReminderRulesArgs(FormSchema):
    jurisdiction = text(lazy_gettext("辖区"), 40, required=False,
                        metadata={"description": "辖区代码；“*”为全区默认；不填为本人的辖区"})


class ReminderRuleSchema(Schema):
    kind = fields.String(required=True)
    title = fields.String(required=True, metadata={"description": "提醒事项"})
    meaning = fields.String(required=True, metadata={"description": "天数的含义"})
    enabled = fields.Boolean(required=True)
    days = fields.Integer(required=True, metadata={"description": "天数（工作日）"})
    webhook = fields.Boolean(required=True, metadata={"description": "同时推送"})


class ReminderPlaceSchema(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    depth = fields.Integer(required=True, allow_none=True)


class ReminderRuleChangeSchema(Schema):
    at = DateTime(required=True)
    event = fields.String(required=True)
    title = fields.String(required=True, metadata={"description": "事项"})
    rules = fields.String(required=True, metadata={"description": "该版规则（一行）"})
    reason = fields.String(required=True, allow_none=True)
    actor_id = fields.String(required=True, allow_none=True, metadata={"description": "操作人"})


class ReminderRulesSchema(Schema):
    jurisdiction = fields.String(required=True, metadata={"description": "辖区代码（“*”：全区默认）"})
    name = fields.String(required=True)
    own = fields.Boolean(required=True, metadata={"description": "本辖区单独设置了规则"})
    source = fields.String(required=True, allow_none=True,
                           metadata={"description": "沿用的规则所属辖区代码（“*”：全区默认；null：系统默认）"})
    source_name = fields.String(required=True, allow_none=True)
    source_text = fields.String(required=True, metadata={"description": "规则来源，如页面所述"})
    editable = fields.Boolean(required=True, metadata={"description": "本人可修改"})
    webhook_set = fields.Boolean(required=True, metadata={"description": "已配置推送地址"})
    rules = fields.List(fields.Nested(ReminderRuleSchema), required=True)
    places = fields.List(fields.Nested(ReminderPlaceSchema), required=True, metadata={"description": "可选的辖区"})
    changes = fields.List(fields.Nested(ReminderRuleChangeSchema), required=True, metadata={"description": "变更记录"})


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite: stored as UTC


def _notification(row) -> dict:
    return {**row, "rule_label": _(KINDS[row["rule"]]) if row["rule"] in KINDS else row["rule"],
            "created_at": _utc(row["created_at"]), "read_at": _utc(row["read_at"]), "read": row["read_at"] is not None}


@blp.route("/notifications")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, NotificationPageSchema)
def notification_list(**page):
    """我的提醒（未读在前，再按时间由新到旧）"""
    size = page["per_page"]
    with system().engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(notifications).where(_mine())).scalar()
        rows = conn.execute(select(notifications).where(_mine())
                            .order_by(case((notifications.c.read_at.is_(None), 0), else_=1),
                                      notifications.c.created_at.desc(), notifications.c.id.desc())
                            .limit(size).offset((page["page"] - 1) * size)).mappings().all()
    return {"items": [_notification(r) for r in rows], "total": total, "unread": unread_count(), **page}


def _source_text(code: str, found: dict, source_name: str | None) -> str:
    """Where the rules come from, in the page's words."""
    if found["row"]:
        return _("本辖区单独设置的规则")
    if found["source"] == EVERYWHERE and code != EVERYWHERE:
        return _("本辖区未单独设置，沿用全区默认规则")
    if source_name:
        return _("本辖区未单独设置，沿用%(name)s的规则", name=source_name)
    return _("尚未设置，使用系统默认规则")


@blp.route("/notifications/rules")
@blp.arguments(ReminderRulesArgs, location="query")
@blp.response(200, ReminderRulesSchema)
@roles_required(*READERS)
def reminder_rules(_args):
    """一个辖区的提醒规则、其来源与变更记录（系统管理员、支队、稽查）"""
    with system().engine.connect() as conn:
        places = _places(conn)
        code, name = _chosen(conn, places)  # reads ?jurisdiction=, checks the scope as the page does
        found = reminders.rules_of(conn, code)
        source_name = None
        if found["source"] not in (None, EVERYWHERE, code):
            source_name = conn.execute(select(jurisdictions.c.name)
                                       .where(jurisdictions.c.code == found["source"])).scalar()
        changes = history_of(conn, history.c.stream_id == found["row"]["id"]) if found["row"] else []
    rules = found["rules"]
    return {
        "jurisdiction": code, "name": name, "own": bool(found["row"]), "source": found["source"],
        "source_name": source_name, "source_text": _source_text(code, found, source_name),
        "editable": current_user.role in EDITORS and (code != EVERYWHERE or current_user.role == "admin"),
        "webhook_set": bool(os.environ.get(reminders.WEBHOOK_ENV)),
        "rules": [{"kind": kind, "title": _(title), "meaning": _(DAYS_MEANING[kind]), **rules[kind]}
                  for kind, title in KINDS.items() if kind in rules],
        "places": places,
        "changes": [{"at": _utc(e["at"]), "event": e["event"], "title": event_title(e["kind"], e["event"]),
                     "rules": describe(e["payload"].get("rules") or {}), "reason": e["reason"],
                     "actor_id": e["actor_id"]} for e in changes],
    }
