"""`shuangsui calendar …`: the working-day calendar (节假日安排) from the command line."""

from __future__ import annotations

import click


@click.group("calendar")
def calendar_group() -> None:
    """法定工作日日历：查看某年的安排、登记国务院公布的节假日安排、计算工作日期限。"""
