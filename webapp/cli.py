"""`shuangsui`: the command line. A Flask CLI group, so every command runs with the app
(and its settings) built the same way as the web server's."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from domain.base import Actor

CLI_ACTOR = Actor("cli", "admin")


def _app_for_cli():
    from . import create_app

    # Commands run their own projector when they need one; `serve` starts the thread.
    return create_app({"EMBEDDED_PROJECTOR": False})


@click.group(cls=FlaskGroup, create_app=_app_for_cli, add_default_commands=False,
             help="双随：生态环境“双随机、一公开”执法记录系统")
def main() -> None:
    pass


def system():
    return current_app.extensions["shuangsui"]


@main.command("migrate")
@with_appcontext
def migrate() -> None:
    """建表：事件库与读表（Alembic）。"""
    s = system()
    click.echo(f"事件库与读表已就绪（{s.settings.read_url.split('@')[-1]}）")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve(host: str, port: int) -> None:
    """启动网页服务，并在同一进程内运行投影（内置默认模式）。"""
    from werkzeug.serving import run_simple

    from . import start_background

    s = system()
    if s.settings.embedded:
        s.projector.start_thread()
    start_background(current_app._get_current_object())  # jobs and the schedule, when there is no Redis
    click.echo(f"双随已启动：http://{host}:{port}/  （Ctrl+C 停止）")
    run_simple(host, port, current_app._get_current_object(), threaded=True, use_reloader=False)


@main.command("projector")
@click.option("--batch-size", default=500, show_default=True, type=int)
@click.option("--throttle", default=0.0, type=float, help="每条事件后暂停的秒数（测试与限流用）")
@with_appcontext
def projector(batch_size: int, throttle: float) -> None:
    """持续把事件日志投影到读表（PostgreSQL 部署时单独运行）。"""
    p = system().projector
    p.batch_size, p.throttle = batch_size, throttle
    click.echo("投影进程已启动")
    p.run_forever()


@main.command("rebuild")
@with_appcontext
def rebuild() -> None:
    """清空并从事件日志重建全部读表（带进度条）。"""
    s = system()
    total = s.app.recorder.max_notification_id() or 0
    s.projector.batch_size = 2000  # nothing waits on a rebuild: larger transactions, fewer commits
    with click.progressbar(length=total, label="重建读表", show_pos=True) as bar:
        done = s.projector.rebuild(progress=bar.update)
    click.echo(f"已重建：处理事件 {done} 条，当前位置 {s.projector.position()}")


@main.group("import")
def import_group() -> None:
    """从 Excel 导入名录（先校验全部行，有错误则不写入）。"""


def _run_import(kind: str, path: Path, dry_run: bool) -> None:
    from workers.imports import import_file

    s = system()
    report = import_file(s, kind, path, CLI_ACTOR, f"cli-import:{uuid.uuid4().hex}",
                         dry_run=dry_run, source_name=path.name)
    for error in report.errors:
        click.echo(str(error), err=True)
    click.echo(report.summary(), err=not report.ok)
    for name, count in sorted(report.events.items()):
        click.echo(f"  {name}: {count}")
    if not report.ok:
        sys.exit(1)
    if report.written:
        s.projector.wait_for(report.position, 60) if not s.settings.embedded else s.projector.catch_up()


@import_group.command("targets")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="只校验，不写入")
@with_appcontext
def import_targets(path: Path, dry_run: bool) -> None:
    """导入检查对象名录库（监管对象）。"""
    _run_import("targets", path, dry_run)


@import_group.command("inspectors")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="只校验，不写入")
@with_appcontext
def import_inspectors(path: Path, dry_run: bool) -> None:
    """导入检查人员名录库。"""
    _run_import("inspectors", path, dry_run)


@main.command("template")
@click.argument("kind", type=click.Choice(["targets", "inspectors"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def template(kind: str, output: Path) -> None:
    """下载导入模板（xlsx，中文表头与一行示例）。"""
    from workers.xlsx.templates import build_template

    output.write_bytes(build_template(kind))
    click.echo(f"已写入 {output}")


@main.command("demo")
@click.option("--scale", type=click.Choice(["default", "province"]), default="default", show_default=True)
@with_appcontext
def demo(scale: str) -> None:
    """载入演示数据（再次运行不做任何改动），等读表追上后返回，并打印演示账号。"""
    from workers.demo.load import load_demo

    result = load_demo(system(), scale, echo=click.echo)
    click.echo("演示账号（用户名 / 密码 / 角色）：")
    for username, password, role_label in result.accounts:
        click.echo(f"  {username} / {password} / {role_label}")


@main.group("users")
def users_group() -> None:
    """用户账号（首个管理员等）。"""


@users_group.command("create-admin")
@click.argument("username")
@click.option("--name", "display_name", default="系统管理员")
@click.password_option("--password", prompt="密码")
@with_appcontext
def create_admin(username: str, display_name: str, password: str) -> None:
    """创建管理员账号。"""
    from .auth.credentials import password_problem, set_password

    problem = password_problem(password)
    if problem:
        raise click.ClickException(problem)
    s = system()
    s.app.create_user(CLI_ACTOR, f"cli-admin:{username}", username=username,
                      display_name=display_name, role="admin")
    set_password(s.engine, username, password)
    s.projector.catch_up() if s.settings.embedded else None
    click.echo(f"已创建管理员 {username}")


@main.group("draw")
def draw_group() -> None:
    """双随机抽取：列出计划、导出与验证抽取证据包。"""


def _plan_id(text: str):
    """A plan id, or an unambiguous prefix of one (as `draw list` prints them)."""
    from uuid import UUID

    from sqlalchemy import select

    from projections.tables import plans

    with system().engine.connect() as conn:
        found = conn.execute(select(plans.c.id).where(plans.c.id.startswith(text.replace("-", "").lower()))).scalars().all()
    if len(found) != 1:
        raise click.ClickException(f"找不到计划“{text}”" if not found else f"“{text}”对应多个计划，请写完整编号")
    return UUID(found[0])


@draw_group.command("list")
@with_appcontext
def draw_list() -> None:
    """列出抽查计划：编号、状态、期间、辖区、各类应抽/已抽。"""
    from sqlalchemy import select

    from domain.plans import STATES
    from projections.tables import jurisdictions, plans

    s = system()
    s.projector.catch_up() if s.settings.embedded else None
    with s.engine.connect() as conn:
        names = dict(conn.execute(select(jurisdictions.c.code, jurisdictions.c.name)).all())
        rows = conn.execute(select(plans).order_by(plans.c.created_at)).mappings().all()
    if not rows:
        click.echo("还没有抽查计划")
    for r in rows:
        drawn = "，".join(f"{k} {len(v)}/{r['quotas'].get(k, 0)}" for k, v in r["selected"].items()) or \
            "，".join(f"{k} 应抽{v}" for k, v in r["quotas"].items())
        click.echo(f"{r['id'][:12]}  {STATES[r['state']]:<8} {r['period']:<8} {names.get(r['jurisdiction'], r['jurisdiction'])}  "
                   f"{r['title']}  {drawn}")


@draw_group.command("export")
@click.argument("plan")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@with_appcontext
def draw_export(plan: str, output: Path) -> None:
    """导出计划的抽取证据包（JSON），可在任何地方用 draw verify 验证。"""
    import json

    from domain.base import DomainError
    from workers.draws import bundle

    try:
        data = bundle(system(), _plan_id(plan))
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    output.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    click.echo(f"已写入 {output}（计划 {data['plan_id']}{'，已作废' if data['voided'] else ''}）")


@draw_group.command("verify")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def draw_verify(path: Path) -> None:
    """验证抽取证据包：通过则退出码为0，否则指出第一处不符。"""
    from domain import draw_verify as verifier

    sys.exit(verifier.main([str(path)]))


from .cli_ledger import ledger_group  # noqa: E402 - its own module for length

main.add_command(ledger_group)

from .cli_reports import report_group  # noqa: E402
from .cli_calendar import calendar_group  # noqa: E402
from .cli_special import special_group  # noqa: E402
from .cli_credit import credit_group  # noqa: E402
from .cli_tokens import token_group  # noqa: E402
from . import cli_reports_official  # noqa: E402,F401 - its subcommands join the report group

from .cli_jobs import jobs_group, scheduler  # noqa: E402

main.add_command(scheduler)
main.add_command(jobs_group)
main.add_command(report_group)
main.add_command(calendar_group)
main.add_command(special_group)
main.add_command(credit_group)
main.add_command(token_group)


@main.command("worker")
@click.option("--burst", is_flag=True, help="处理完队列中的任务后退出（测试与运维用）")
@with_appcontext
def worker(burst: bool) -> None:
    """rq 后台任务进程（配置 REDIS_URL 时使用；内置默认模式下任务在进程内运行）。"""
    from redis import Redis
    from rq import Queue, Worker

    url = system().settings.redis_url
    if not url:
        raise click.ClickException("未配置 REDIS_URL：内置默认模式不需要单独的后台任务进程")
    connection = Redis.from_url(url)
    queue = Queue("shuangsui", connection=connection)
    click.echo(f"后台任务进程已启动：队列 {queue.name}（{url.split('@')[-1]}）")
    Worker([queue], connection=connection).work(burst=burst, with_scheduler=not burst)
