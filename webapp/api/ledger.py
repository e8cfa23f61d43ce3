"""API: 账本：检查点与核验: the ledger's status and signing keys, the checkpoints, the results of
the whole-store verifications, and the 核验文件包 downloads.

Who may read: admins, supervisors and reviewers, as on the ledger page. A bundle is the
page's own download (same checks: a whole-store or period bundle only for a scope without
limit; a task's, unit's or draw's for whoever may read that record); the standalone
verifier is public, as on the page. Signing and verifying are commands (POST, the bridge)."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from marshmallow import Schema, fields
from sqlalchemy import select

from domain.ledger import OCCASIONS
from projections import ledger_views
from projections.tables import ledger_checks
from workers.ledger import LedgerAlarm

from ..auth.users import roles_required
from ..forms import Invalid
from ..ledger.downloads import may_have_everything
from ..ledger.routes import READERS
from ..services import system
from ..stats.schemas import PeriodFilters
from .base import DateTime, PageArgs, area, page_of, paginate, public
from .bridge import file_doc, page_file

blp = area("ledger", "账本：检查点与核验")
BUNDLE = file_doc("application/json")
FIRST_YEAR, LAST_YEAR = 1970, 2100  # the period of a bundle: within what the store can hold


class LedgerHeadSchema(Schema):
    position = fields.Integer(required=True)
    chain_hash = fields.String(required=True)


class LedgerCheckSchema(Schema):
    at = fields.String(required=True, metadata={"description": "核验时间（ISO 8601）"})
    ok = fields.Boolean(required=True, metadata={"description": "通过"})
    problem = fields.String(required=True, metadata={"description": "未通过的原因"})
    events = fields.Integer(required=True, metadata={"description": "核验事件数"})
    position = fields.Integer(required=True, metadata={"description": "核验至位置"})
    seconds = fields.Integer(required=True, metadata={"description": "用时（秒）"})


class LedgerMarkSchema(Schema):
    position = fields.Integer(required=True)
    made_at = fields.String(required=True, metadata={"description": "签署时间（ISO 8601）"})


class LedgerSigningKeySchema(Schema):
    key_id = fields.String(required=True, metadata={"description": "密钥编号"})
    public_key = fields.String(required=True)
    introduced_at = fields.Integer(required=True, metadata={"description": "启用于位置"})
    retired = fields.Boolean(required=True, metadata={"description": "已停用"})


class LedgerStatusSchema(Schema):
    head = fields.Nested(LedgerHeadSchema, required=True, allow_none=True, metadata={"description": "账本末端"})
    last_check = fields.Nested(LedgerCheckSchema, required=True, allow_none=True,
                               metadata={"description": "上次全库核验"})
    last_checkpoint = fields.Nested(LedgerMarkSchema, required=True, allow_none=True,
                                    metadata={"description": "上次检查点"})
    keys = fields.List(fields.Nested(LedgerSigningKeySchema), required=True, metadata={"description": "签名密钥"})
    whole_bundles = fields.Boolean(required=True,
                                   metadata={"description": "本人可下载整库与期间核验文件包（不受辖区限制的账号）"})


class LedgerCheckpointSchema(Schema):
    position = fields.Integer(required=True)
    chain_hash = fields.String(required=True)
    made_at = fields.String(required=True, metadata={"description": "签署时间（ISO 8601）"})
    key_id = fields.String(required=True)
    occasion = fields.String(required=True, metadata={"description": "来由代码：schedule / demand / export"})
    occasion_label = fields.String(required=True, metadata={"description": "来由"})
    actor_id = fields.String(required=True)
    display_name = fields.String(required=True, allow_none=True, metadata={"description": "签署人"})
    pair = fields.String(required=True, metadata={"description": "位置:链哈希（用于 ledger_verify.py --checkpoint）"})


class LedgerStoreCheckSchema(Schema):
    id = fields.Integer(required=True)
    checked_at = DateTime(required=True)
    ok = fields.Boolean(required=True)
    problem = fields.String(required=True)
    events = fields.Integer(required=True)
    position = fields.Integer(required=True)
    seconds = fields.Integer(required=True)


@blp.route("/ledger")
@blp.response(200, LedgerStatusSchema)
@roles_required(*READERS)
def ledger_status():
    """账本状态：末端位置、上次全库核验、上次检查点与签名密钥"""
    with system().engine.connect() as conn:
        state, keys = ledger_views.status(conn), ledger_views.keys(conn)
    return {**state, "keys": keys, "whole_bundles": may_have_everything()}


@blp.route("/ledger/checkpoints")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(LedgerCheckpointSchema))
@roles_required(*READERS)
def checkpoints(**page):
    """检查点（最新的在前），含来由与签署人"""
    with system().engine.connect() as conn:
        rows, total = ledger_views.checkpoints_page(conn, page["page"], page["per_page"])
    items = [{**r, "occasion_label": _(OCCASIONS[r["occasion"]]) if r["occasion"] in OCCASIONS else r["occasion"],
              "pair": f"{r['position']}:{r['chain_hash']}"} for r in rows]
    return {"items": items, "total": total, **page}


@blp.route("/ledger/checks")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, page_of(LedgerStoreCheckSchema))
@roles_required(*READERS)
def store_checks(**page):
    """全库核验结果（最新的在前；账本页显示其中最近一次）"""
    with system().engine.connect() as conn:
        found = paginate(conn, select(ledger_checks).order_by(ledger_checks.c.id.desc()), page,
                         row=lambda r: {**r, "checked_at": ledger_views._utc(r["checked_at"])})
    return found


def _bundle(page_endpoint: str, **kwargs):
    """The page's bundle; a store changed since its last checkpoint is refused (409) as there."""
    try:
        return page_file(page_endpoint, **kwargs)
    except LedgerAlarm as alarm:
        abort(409, description=str(alarm))


@blp.route("/ledger/bundle/store")
@blp.doc(**BUNDLE)
@roles_required(*READERS)
def store_bundle():
    """下载整个事件库的核验文件包（仅限不受辖区限制的账号）"""
    return _bundle("ledger.store_bundle")


@blp.route("/ledger/bundle/period")
@blp.arguments(PeriodFilters(only=("start", "end")), location="query")
@blp.doc(**BUNDLE)
@roles_required(*READERS)
def period_bundle(period: dict):
    """下载期间核验文件包（from、to 为起止日期；仅限不受辖区限制的账号）"""
    for key, name in (("start", "from"), ("end", "to")):
        day = period.get(key)
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:  # 0001-01-01 in UTC: out of range
            message = _("日期应在%(first)s年至%(last)s年之间", first=FIRST_YEAR, last=LAST_YEAR)
            raise Invalid([message], {"query": {name: [message]}})
    return _bundle("ledger.period_bundle")


@blp.route("/ledger/bundle/<any(task, unit, draw):kind>/<subject_id>")
@blp.doc(**BUNDLE)
def subject_bundle(kind: str, subject_id: str):
    """下载一个检查任务、监管对象或抽查计划的核验文件包（可查看其执法全过程记录者）"""
    return _bundle("ledger.subject_bundle", kind=kind, subject_id=subject_id)


@blp.route("/ledger/ledger_verify.py")
@blp.doc(security=[], **file_doc("text/x-python"))
@public
def verifier():
    """下载独立验证程序 ledger_verify.py（无需登录）"""
    return page_file("ledger.verifier")
