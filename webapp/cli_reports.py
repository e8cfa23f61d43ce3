"""`shuangsui report …`: the official reports as .xlsx files, one subcommand each, all of
the same shape: a period (`--quarter 2022Q2`, `--year 2026`, `--month 2026-07` or
`--period` with any of those), `--jurisdiction NAME|CODE`, `-o FILE`. A period not yet
ended is allowed and the report is marked provisional (暂定)."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from domain.calendar import SHANGHAI
from domain.plans import PERIOD, period_dates


@click.group("report")
def report_group() -> None:
    """公开与统计报表：随机抽查情况公开表、情况统计表、年度汇总、检查组日报、执法检查数据统计表。"""


def system():
    return current_app.extensions["shuangsui"]


@dataclass(frozen=True)
class ReportArgs:
    label: str  # 2022Q2 / 2026 / 2026-07
    start: date
    end: date
    jurisdiction: dict  # the jurisdictions row (code, name, path, level …)
    provisional: bool  # the period has not ended yet

    @property
    def path(self) -> str:
        return self.jurisdiction["path"]


def fail(message: str) -> None:
    click.echo(f"错误：{message}", err=True)
    sys.exit(2)


def today() -> date:
    from datetime import datetime

    return datetime.now(SHANGHAI).date()


def period(label: str) -> tuple[date, date]:
    text = (label or "").strip().upper()
    for kind, pattern in PERIOD.items():
        if pattern.match(text):
            return period_dates(kind, text)
    fail(f"统计期间“{label}”格式不正确，应写作如 2026Q3（季度）、2026（年度）或 2026-07（月份）")
    raise AssertionError


def report_options(view):
    """The options every report shares; the command receives one `args: ReportArgs`."""
    @click.option("--quarter", "quarter", default=None, help="季度，如 2022Q2")
    @click.option("--year", "year", default=None, help="年度，如 2026")
    @click.option("--month", "month", default=None, help="月份，如 2026-07")
    @click.option("--period", "period_", default=None, help="任一种期间写法")
    @click.option("--jurisdiction", "jurisdiction", required=True, help="辖区名称或代码，如 库尔勒经济技术开发区")
    @functools.wraps(view)
    def wrapped(quarter, year, month, period_, jurisdiction, **kwargs):
        from projections.disclosure_views import jurisdiction_by_name

        given = [p for p in (quarter, year, month, period_) if p]
        if len(given) != 1:
            fail("须且只能给出一个统计期间：--quarter、--year、--month 或 --period")
        start, end = period(given[0])
        system().read_side_up_to_date()
        with system().engine.connect() as conn:
            row = jurisdiction_by_name(conn, jurisdiction)
        if row is None:
            fail(f"辖区“{jurisdiction}”不存在（可填写辖区名称或代码）")
        args = ReportArgs(given[0].strip().upper(), start, end, row, end >= today())
        if args.provisional:
            click.echo(f"提示：统计期间 {args.label} 尚未结束，报表标注为“暂定”。", err=True)
        return view(args=args, **kwargs)
    return wrapped


@report_group.command("disclosure")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="输出文件（.xlsx、.csv 或 .json）")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv", "json"]), default=None,
              help="文件格式；不填则按输出文件的扩展名")
@with_appcontext
@report_options
def disclosure(args: ReportArgs, output: Path, fmt: str | None) -> None:
    """随机抽查情况公开表（序号、检查地区、污染源名称、污染源类型、检查时间、检查结果、情况说明）。"""
    from projections import ledger_views
    from projections.disclosure_views import public_rows
    from workers.reports import disclosure_table as table

    fmt = fmt or output.suffix.lower().lstrip(".")
    if fmt not in table.FORMATS:
        fail(f"无法从文件名“{output.name}”判断格式，请使用 .xlsx、.csv 或 .json 扩展名，或给出 --format")
    if not output.parent.is_dir():
        fail(f"目录“{output.parent}”不存在")
    # written beside the target and renamed at the end: a failure leaves no half-written table
    partial = output.with_name(f".{output.name}.partial")
    try:
        with system().engine.connect() as conn, partial.open("wb") as out:
            heading = table.Heading(args.jurisdiction["name"], args.label, args.provisional,
                                    ledger_views.latest_checkpoint(conn))
            count = table.write(fmt, public_rows(conn, args.path, args.start, args.end), heading, out)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    click.echo(f"随机抽查情况公开表：{heading.subtitle} · 已写入 {count} 行 → {output}")
