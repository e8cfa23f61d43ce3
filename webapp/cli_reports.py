"""`shuangsui report …`: the official reports as .xlsx files, one subcommand each, all of
the same shape (`--quarter 2022Q2` or `--year 2026` … `--jurisdiction NAME|CODE -o FILE`)."""

from __future__ import annotations

import click


@click.group("report")
def report_group() -> None:
    """公开与统计报表：随机抽查情况公开表、情况统计表、年度汇总、检查组日报、执法检查数据统计表。"""
