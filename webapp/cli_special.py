"""`shuangsui special …` and `shuangsui credit …`: the proposed special-supervision list of a
year, and the credit record entries as they would be pushed to the national system."""

from __future__ import annotations

import click


@click.group("special")
def special_group() -> None:
    """特殊监管对象：按上一年度记录提出建议名单。"""


@click.group("credit")
def credit_group() -> None:
    """信用记录：行政处罚信息（推送国家信用信息系统的内容）。"""
