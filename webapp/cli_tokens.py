"""`shuangsui token …`: API tokens for machine clients, issued and revoked by an operator
(the same as the 「API令牌」 page, for any account)."""

from __future__ import annotations

import sys
import uuid

import click
from flask import current_app
from flask.cli import with_appcontext

from domain.base import DomainError


@click.group("token")
def token_group() -> None:
    """API令牌：签发、列出、吊销（令牌以账号本人的角色和管辖范围调用 /api/v1）。"""


def _system():
    system = current_app.extensions["shuangsui"]
    system.read_side_up_to_date()
    return system


def _fail(message: str) -> None:
    click.echo(f"错误：{message}", err=True)
    sys.exit(2)


@token_group.command("issue")
@click.argument("username")
@click.option("--name", required=True, help="令牌名称（用途），如“省平台对接”")
@with_appcontext
def issue_token(username: str, name: str) -> None:
    """为账号签发令牌，打印一次完整令牌（之后无法再次查看）。"""
    from .auth.tokens import issue
    from .cli import CLI_ACTOR

    try:
        issued = issue(_system(), CLI_ACTOR, f"cli-token:{uuid.uuid4().hex}", username.strip().lower(), name)
    except DomainError as error:
        _fail(str(error))
    click.echo(f"已为 {username} 签发令牌“{issued.name}”（编号 {issued.token_id}）。请立即保存：")
    click.echo(issued.token)


@token_group.command("list")
@click.argument("username")
@with_appcontext
def list_tokens(username: str) -> None:
    """列出账号的令牌（编号、名称、签发时间、最近使用、状态）。"""
    from .auth.tokens import tokens_of

    found = tokens_of(_system().engine, username.strip().lower())
    if not found:
        click.echo(f"{username} 没有令牌")
    for t in found:
        state = f"已吊销 {t['revoked_at']:%Y-%m-%d %H:%M}" if t["revoked_at"] else "有效"
        used = f"{t['last_used_at']:%Y-%m-%d %H:%M}" if t["last_used_at"] else "未使用"
        click.echo(f"{t['token_id']}  {t['name']}  签发 {t['created_at']:%Y-%m-%d %H:%M}  最近使用 {used}  {state}")


@token_group.command("revoke")
@click.argument("username")
@click.argument("token_id")
@click.option("--reason", required=True, help="吊销原因")
@with_appcontext
def revoke_token(username: str, token_id: str, reason: str) -> None:
    """吊销账号的一个令牌（立即失效）。"""
    from .auth.tokens import revoke
    from .cli import CLI_ACTOR

    try:
        revoke(_system(), CLI_ACTOR, f"cli-revoke:{uuid.uuid4().hex}", username.strip().lower(), token_id, reason)
    except DomainError as error:
        _fail(str(error))
    click.echo(f"已吊销令牌 {token_id}")
