"""The caller's own API tokens: list, issue (the secret is in the answer, once), revoke."""

from __future__ import annotations

from flask_babel import lazy_gettext
from flask_login import current_user
from marshmallow import Schema, fields

from ..auth import tokens
from ..auth.token_routes import RevokeForm, TokenForm
from ..services import actor, command_id, system
from .base import DateTime, area

blp = area("tokens", "API令牌：机器客户端以用户本人的角色和范围调用接口")


class TokenSchema(Schema):
    token_id = fields.String(required=True)
    name = fields.String(required=True)
    created_at = DateTime(required=True)
    last_used_at = DateTime(allow_none=True)
    revoked_at = DateTime(allow_none=True)


class IssuedSchema(Schema):
    token_id = fields.String(required=True)
    name = fields.String(required=True)
    token = fields.String(required=True, metadata={"description": str(lazy_gettext("完整令牌，仅此一次返回"))})


@blp.route("/tokens", methods=["GET"])
@blp.response(200, TokenSchema(many=True))
def list_tokens():
    """我的API令牌（含已吊销的）"""
    return tokens.tokens_of(system().engine, current_user.username)


@blp.route("/tokens", methods=["POST"])
@blp.arguments(TokenForm)
@blp.response(201, IssuedSchema)
def issue_token(form: dict):
    """签发一个令牌（以本人的角色和范围）"""
    return tokens.issue(system(), actor(), command_id(), current_user.username, form["name"])


@blp.route("/tokens/<token_id>/revoke", methods=["POST"])
@blp.arguments(RevokeForm)
@blp.response(204)
def revoke_token(form: dict, token_id: str):
    """吊销一个令牌（立即失效）"""
    tokens.revoke(system(), actor(), command_id(), current_user.username, token_id, form["reason"])
    return ""
