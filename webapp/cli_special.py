"""`shuangsui special …`: the proposed special-supervision list of a year from the year
before's record."""

from __future__ import annotations

import click


@click.group("special")
def special_group() -> None:
    """特殊监管对象：按上一年度记录提出建议名单。"""
