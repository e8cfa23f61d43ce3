"""`shuangsui ledger grant-app-role`: the PostgreSQL role the web and worker processes use.

Kept apart from webapp/cli.py: `register(group)` adds the command to the `ledger` group.
Run it as the tables' owner (the migrate step's DATABASE_URL), after `shuangsui migrate`,
and again after every later migrate (new read tables). See docs/operations.md.
"""

from __future__ import annotations

import os
from urllib.parse import quote, urlparse

import click
import psycopg
from flask import current_app
from flask.cli import with_appcontext

from projections.append_only import grant_app_role


def register(group: click.Group) -> None:
    group.add_command(grant_app_role_command)


@click.command("grant-app-role")
@click.argument("role")
@click.option("--login", is_flag=True, help="允许该角色登录（网页与后台进程以它连接数据库）")
@click.option("--password-env", metavar="VAR", help="从环境变量 VAR 读取登录密码（密码不写在命令行上）")
@with_appcontext
def grant_app_role_command(role: str, login: bool, password_env: str | None) -> None:
    """创建应用角色并授权：事件表只能读取与追加，读表可读写。"""
    s = current_app.extensions["shuangsui"]
    if s.settings.embedded:
        raise click.ClickException("SQLite 没有数据库角色：本命令只用于 PostgreSQL 部署（SQLite 上由触发器与账本校验保护事件库）")
    password = None
    if password_env:
        if not login:
            raise click.UsageError("--password-env 需与 --login 一起使用")
        password = os.environ.get(password_env)
        if not password:
            raise click.ClickException(f"环境变量 {password_env} 未设置或为空")
    try:
        grants = grant_app_role(s.settings.database_url, s.settings.schema, role,
                                [s.app.recorder.events_table_name], login=login, password=password)
    except (ValueError, psycopg.Error) as exc:
        raise click.ClickException(f"授权失败：{str(exc).strip()}") from exc
    login_text = "可登录" if grants.login else "不可登录（NOLOGIN）"
    click.echo(f"角色 {role}：{'已新建' if grants.created else '已存在'}，{login_text}")
    for table in grants.event_tables:
        click.echo(f"  事件表 {table}：SELECT、INSERT、UPDATE；不授予 DELETE、TRUNCATE")
    click.echo("    （UPDATE 仅供写入事件时 LOCK TABLE … IN EXCLUSIVE MODE 使用；"
               "触发器拒绝任何实际的修改与删除）")
    for sequence in grants.event_sequences:
        click.echo(f"  事件序列 {sequence}：USAGE")
    click.echo(f"  读表 {len(grants.read_tables)} 张：SELECT、INSERT、UPDATE、DELETE")
    click.echo(f"  读表序列 {len(grants.read_sequences)} 个：USAGE、SELECT")
    if grants.login:
        click.echo(f"网页与后台进程请使用：DATABASE_URL={_url_for(s.settings.database_url, role)}"
                   "  SHUANGSUI_CREATE_TABLES=false")
    else:
        click.echo(f"{role} 不能登录：请把它授予一个可登录、且不是表所有者的用户（GRANT {role} TO 用户），"
                   "网页与后台进程以该用户连接，并设 SHUANGSUI_CREATE_TABLES=false")
    click.echo("迁移（shuangsui migrate）与重建（shuangsui rebuild）仍以表的所有者运行；每次迁移后请重新运行本命令。")


def _url_for(database_url: str, role: str) -> str:
    """The owner's URL with the role as user and the password left as a placeholder."""
    url = urlparse(database_url)
    where = url.netloc.rpartition("@")[2]  # host[:port], as the owner's URL has it
    return f"{url.scheme}://{quote(role, safe='')}:<密码>@{where}{url.path}"
