"""`shuangsui report stats|yearly|daily|campaign`: the official reports as .xlsx, the same
files the 报表 pages give (webapp/reports/routes.py), for a jurisdiction's whole subtree.

    shuangsui report stats --quarter 2026Q3 --jurisdiction 昌吉回族自治州 -o s.xlsx
    shuangsui report yearly --year 2026 --jurisdiction 昌吉市 -o y.xlsx
    shuangsui report daily --period 2026-09 --jurisdiction 伊犁哈萨克自治州 [--group CODE] -o d.xlsx
    shuangsui report campaign --period 2026Q2 --jurisdiction 伊犁哈萨克自治州 [--group CODE ...] -o c.xlsx
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from domain.calendar import SHANGHAI
from projections import reports, statistics
from projections.scope import Scope
from projections.tables import brigades
from workers.reports import official

from .cli_reports import ReportArgs, fail, report_group, report_options, system, today
from .stats import export, labels
from .stats.schemas import DAILY_MAX_DAYS, Period

OUTPUT = click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
                      help="输出文件（.xlsx）")
GROUPS = click.option("--group", "group", multiple=True, help="检查组或执法单位代码，可重复；不填即全部")


def _made() -> str:
    return datetime.now(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def _period(args: ReportArgs) -> Period:
    return Period(args.label, args.start, args.end)


def _words(args: ReportArgs) -> str:
    return labels.period_text(_period(args))


def _write(output: str, content: bytes, what: str, args: ReportArgs, summary: str) -> None:
    Path(output).write_bytes(content)
    mark = "（暂定）" if args.provisional else ""
    click.echo(f"{what}{mark}：{args.jurisdiction['name']} · {_words(args)} · {summary} → {output}")


def _groups(conn, args: ReportArgs, codes: tuple[str, ...]) -> list[str] | None:
    if not codes:
        return None
    found = {g["code"] for g in reports.groups(conn, Scope((args.path,)), list(codes))}
    for code in codes:
        if code not in found:
            fail(f"检查组“{code}”不存在，或不在{args.jurisdiction['name']}的范围内")
    return list(codes)


@report_group.command("stats")
@OUTPUT
@with_appcontext
@report_options
def stats(args: ReportArgs, output: str) -> None:
    """生态环境“双随机、一公开”情况统计表（按类别、按执法人员）。"""
    scope = Scope((args.path,))
    with system().engine.connect() as conn:
        rows = statistics.category_table(conn, scope, args.start, args.end)
        officers = statistics.officer_table(conn, scope, args.start, args.end)
        names = dict(conn.execute(select(brigades.c.code, brigades.c.name)).all())
    content = export.workbook(rows, officers, args.jurisdiction["name"], _period(args), _made(), names)
    total = rows[-1]
    _write(output, content, "情况统计表", args,
           f"检查 {total['inspected']} 家次，发现问题 {total['problems']} 个，结果公开 {total['disclosed']} 条")


@report_group.command("yearly")
@OUTPUT
@with_appcontext
@report_options
def yearly(args: ReportArgs, output: str) -> None:
    """年度工作汇总（县市分局、园区11月30日前；州执法支队12月5日前）。"""
    if len(args.label) != 4:
        fail("年度汇总须按年度生成，请使用 --year，如 --year 2026")
    with system().engine.connect() as conn:
        summary = reports.yearly_summary(conn, args.jurisdiction, int(args.label), today())
    content = official.yearly_workbook(summary, export.category_lines(summary["rows"]), _made())
    d = summary["disclosure"]
    _write(output, content, "年度工作汇总", args,
           f"报送期限 {summary['due'].isoformat()}，应公开 {d['due']} 条，已公开 {d['published']} 条")


@report_group.command("daily")
@OUTPUT
@GROUPS
@with_appcontext
@report_options
def daily(args: ReportArgs, output: str, group: tuple[str, ...]) -> None:
    """检查组日报：检查对象名称、存在的问题、检查要求、立案情况（每组一页）。"""
    if (args.end - args.start).days >= DAILY_MAX_DAYS:
        fail(f"检查组日报的期间不能超过{DAILY_MAX_DAYS}天，请使用 --month 或更短的期间")
    with system().engine.connect() as conn:
        report = reports.daily_report(conn, Scope((args.path,)), args.start, args.end, _groups(conn, args, group))
    content = official.daily_workbook(report, _words(args), _made(), args.provisional)
    visits = sum(len(d["units"]) for g in report for d in g["days"])
    _write(output, content, "检查组日报", args, f"检查组 {len(report)} 个，检查 {visits} 家次")


@report_group.command("campaign")
@OUTPUT
@GROUPS
@with_appcontext
@report_options
def campaign(args: ReportArgs, output: str, group: tuple[str, ...]) -> None:
    """执法检查数据统计表（按检查组，检查结束后5日内报送）。"""
    with system().engine.connect() as conn:
        table = reports.campaign_table(conn, Scope((args.path,)), args.start, args.end, _groups(conn, args, group))
    content = official.campaign_workbook(table, args.jurisdiction["name"], _words(args), _made(), args.provisional)
    total = table["total"]
    _write(output, content, "执法检查数据统计表", args,
           f"检查组（单位）{len(table['rows'])} 个，检查 {total['inspected']} 家次，立案 {total['cases']} 件")

