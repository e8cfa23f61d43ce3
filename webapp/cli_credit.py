"""`shuangsui credit …`: the credit record entries (行政处罚信息) as they would be pushed to the
national credit information system."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


@click.group("credit")
def credit_group() -> None:
    """信用记录：行政处罚信息（推送国家信用信息系统的内容）。"""


def _fail(message: str) -> None:
    click.echo(f"错误：{message}", err=True)
    sys.exit(2)


@credit_group.command("export")
@click.option("--since", "since", default=None, help="只导出该日期（含）以后作出的处罚决定，如 2026-01-01")
@click.option("--jurisdiction", "jurisdiction", default=None, help="辖区名称或代码（含下级辖区）")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="输出的 JSON 文件")
@with_appcontext
def export(since: str | None, jurisdiction: str | None, output: Path) -> None:
    """导出行政处罚信息（JSON，字段同国家信用信息系统），每条一个对象，并打印条数。

    导出的是现行有效的处罚决定（经听证、复议、诉讼变更的，为变更后的决定），公示期已满的
    也一并导出：公示截止期随每条给出，由接收方据此停止公示。"""
    from projections.disclosure_views import jurisdiction_by_name
    from projections.public_unit import credit_record, entries

    start = None
    if since:
        try:
            start = date.fromisoformat(since.strip())
        except ValueError:
            _fail(f"日期“{since}”格式不正确，应写作如 2026-01-01")
    system = current_app.extensions["shuangsui"]
    system.read_side_up_to_date()
    with system.engine.connect() as conn:
        place = None
        if jurisdiction:
            place = jurisdiction_by_name(conn, jurisdiction)
            if place is None:
                _fail(f"辖区“{jurisdiction}”不存在（可填写辖区名称或代码）")
        rows, total = entries(conn, path=place["path"] if place else None, start=start)
    # Oldest first: the order they were decided, the order a push would send them.
    records = [credit_record(r) for r in reversed(rows)]
    output.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    click.echo(f"已导出行政处罚信息 {total} 条：{output}")
