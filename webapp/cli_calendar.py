"""`shuangsui calendar …`: the working-day calendar (节假日安排) from the command line.

    shuangsui calendar show 2027
    shuangsui calendar record 2027 --holiday 2027-01-01~2027-01-03 --workday 2027-02-07 \\
        --notice "国办发明电〔2026〕X号" [--reason 理由]
    shuangsui calendar add 2026-09-18 20        # → 2026-10-22

A schedule with a bad date or a contradiction is refused with the reason in Chinese and a
non-zero exit code, and nothing is written."""

from __future__ import annotations

import sys
import uuid
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from domain.base import DomainError


def _system():
    return current_app.extensions["shuangsui"]


def _refuse(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


@click.group("calendar")
def calendar_group() -> None:
    """法定工作日日历：查看某年的安排、登记国务院公布的节假日安排、计算工作日期限。"""


@calendar_group.command("show")
@click.argument("year", type=int)
@with_appcontext
def show(year: int) -> None:
    """查看某年的节假日安排及其来源。"""
    from .calendar_admin import years as y
    from .calendar_admin.schemas import SOURCE_LABELS
    from .templating import local_time

    s = _system()
    s.projector.catch_up() if s.settings.embedded else None
    with s.engine.connect() as conn:
        record = y.recorded(conn).get(year)
        pending = y.provisional_counts(conn).get(year, 0)
    kind = y.source(year, {year: record} if record else {})
    click.echo(f"{year}年：{SOURCE_LABELS[kind]}")
    if record:
        click.echo(f"通知文号：{record['notice']}；登记人：{record['recorded_name'] or record['recorded_by']}；"
                   f"登记时间：{local_time(record['recorded_at'])}")
    shown = y.described(year, record)
    if kind == "unknown":
        click.echo("尚未登记：按周一至周五计算，经过该年的期限均为暂定")
    else:
        click.echo("放假：" + ("、".join(shown["holidays"]) or "—"))
        click.echo("调休上班：" + ("、".join(shown["workdays"]) or "—"))
    click.echo(f"落在该年的暂定期限（未办结）：{pending}")


@calendar_group.command("record")
@click.argument("year", type=int)
@click.option("--holiday", "holidays", multiple=True, required=True,
              help="放假日期或范围，可重复：2027-01-01 或 2027-01-01~2027-01-03（或“至”）")
@click.option("--workday", "workdays", multiple=True, help="调休上班日期（星期六或星期日），可重复")
@click.option("--notice", required=True, help="通知文号，如 国办发明电〔2026〕X号")
@click.option("--reason", default="", help="修订已登记的年份时填写理由")
@with_appcontext
def record(year: int, holidays: tuple[str, ...], workdays: tuple[str, ...], notice: str, reason: str) -> None:
    """登记（或修订）某年的节假日安排；有误则不写入，退出码非零。"""
    from workers.publication import record_schedule

    from .calendar_admin.days import parse_lines
    from .cli import CLI_ACTOR

    try:
        off = parse_lines(list(holidays), "--holiday ", options=True)
        worked = parse_lines(list(workdays), "--workday ", options=True)
        s = _system()
        outcome = record_schedule(s, CLI_ACTOR, f"cli-calendar:{uuid.uuid4().hex}", year=year, holidays=off,
                                  workdays=worked, notice=notice, reason=reason)
    except (ValueError, DomainError) as error:
        _refuse(f"未登记：{error}")
        return
    s.projector.wait_for(outcome.position, 60) if not s.settings.embedded else s.projector.catch_up()
    click.echo(f"已登记{year}年节假日安排：放假{len(off)}天，调休上班{len(worked)}天（{notice.strip()}）")


@calendar_group.command("add")
@click.argument("start")
@click.argument("days", type=int)
@with_appcontext
def add(start: str, days: int) -> None:
    """计算某日之后第 N 个工作日（经过未公布安排的年份时标注“暂定”）。"""
    from domain.calendar import add_working_days

    try:
        deadline = add_working_days(date.fromisoformat(start), days)
    except ValueError:
        _refuse(f"“{start} {days}”有误：日期应写作“年-月-日”，天数应为非负整数")
        return
    click.echo(deadline.day.isoformat() + ("（暂定：经过节假日安排尚未公布的年份）" if deadline.provisional else ""))
