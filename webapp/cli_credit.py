"""`shuangsui credit …`: the credit record entries (行政处罚信息) as they would be pushed to the
national credit information system."""

from __future__ import annotations

import click


@click.group("credit")
def credit_group() -> None:
    """信用记录：行政处罚信息（推送国家信用信息系统的内容）。"""
