"""`shuangsui ledger …`: checkpoints, the reviewer's bundle and its verification, the
end-to-end check of the store, and the signing key's rotation."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from domain.base import Actor, DomainError

from .cli_ledger_db import register as register_db_commands

CLI_ACTOR = Actor("cli", "admin")


def system():
    return current_app.extensions["shuangsui"]


@click.group("ledger")
def ledger_group() -> None:
    """防篡改账本：检查点、核验文件包的导出与验证、全库核验、签名密钥轮换。"""


@ledger_group.command("checkpoint")
@click.option("--scheduled", is_flag=True, help="由定时任务发起（记为“定时”）")
@with_appcontext
def checkpoint(scheduled: bool) -> None:
    """在事件日志当前末尾签署一个检查点（位置与该处链哈希）。"""
    from workers.ledger import make_checkpoint

    c = make_checkpoint(system(), CLI_ACTOR, "schedule" if scheduled else "demand")
    click.echo(f"检查点：位置 {c['position']}  链哈希 {c['chain_hash']}\n"
               f"签署时间 {c['made_at']}  密钥 {c['key_id']}\n签名 {c['signature']}")


@ledger_group.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--task", "task_id", help="只公开这一检查任务（及其问题）的事件")
@click.option("--unit", "unit_id", help="只公开这一监管对象（及其任务、问题）的事件")
@click.option("--draw", "plan_id", help="只公开这一抽查计划（及其任务）的事件")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="期间起（含），与 --to 一起使用")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="期间止（含）")
@with_appcontext
def export(output: Path, task_id: str | None, unit_id: str | None, plan_id: str | None, start, end) -> None:
    """导出核验文件包（默认为整个事件库），可在任何地方用 ledger verify 验证。"""
    from workers.ledger_export import export_bundle

    chosen = [(k, v) for k, v in (("task", task_id), ("unit", unit_id), ("draw", plan_id)) if v]
    if len(chosen) + bool(start or end) > 1:
        raise click.UsageError("--task、--unit、--draw 与期间只能选一种")
    if bool(start) != bool(end):
        raise click.UsageError("期间须同时给出 --from 与 --to")
    kind, subject = chosen[0] if chosen else (("period", None) if start else ("store", None))
    first, last = (start.date(), end.date()) if start else (None, None)
    if first and first > last:
        raise click.UsageError("期间起不能晚于期间止")
    try:
        with output.open("w", encoding="utf-8") as out:
            made = export_bundle(system(), CLI_ACTOR, out, kind=kind, subject=_hex(subject),
                                 start=first, end=last)
    except DomainError as error:
        output.unlink(missing_ok=True)
        raise click.ClickException(str(error)) from None
    click.echo(f"已写入 {output}：位置 {made['first']}–{made['last']}，共 {made['entries']} 条，"
               f"公开事件 {made['events']} 条（{made['streams']} 个记录），末尾检查点密钥 {made['seal']['key_id']}")


def _hex(text: str | None) -> str | None:
    return text.replace("-", "").lower() if text else None


@ledger_group.command("verify", context_settings={"ignore_unknown_options": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def verify(args: tuple[str, ...]) -> None:
    """验证核验文件包（独立验证程序 domain/ledger_verify.py，只需 Python 标准库）：
    ledger verify bundle.json [--checkpoint 位置:链哈希] [--key 公钥] [--all]"""
    from domain import ledger_verify

    sys.exit(ledger_verify.main(list(args)))


@ledger_group.command("verify-store")
@with_appcontext
def verify_store() -> None:
    """逐条核对事件库与账本（内容哈希、记录链、全局链、检查点签名），结果显示在健康页。"""
    from workers.ledger_check import verify_store as check

    result = check(system())
    if result.ok:
        click.echo(f"核验通过：{result.events} 条事件，至位置 {result.position}，用时 {result.seconds:.1f} 秒")
        return
    click.echo(f"核验未通过：{result.problem}", err=True)
    sys.exit(1)


@ledger_group.command("rotate-key")
@click.option("--reason", required=True, help="轮换原因（记入事件）")
@with_appcontext
def rotate_key(reason: str) -> None:
    """更换检查点签名密钥：新密钥写入密钥文件，旧密钥停用（旧检查点仍可验证）。"""
    from workers.ledger import rotate

    try:
        old, new = rotate(system(), CLI_ACTOR, reason)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"已轮换：旧密钥 {old} 停用，新密钥 {new} 启用")


register_db_commands(ledger_group)  # grant-app-role: the append-only grants on PostgreSQL
