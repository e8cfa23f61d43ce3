"""`shuangsui special …`: the proposed special-supervision list of a year from the year
before's record."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

FONT = "宋体"
# The columns of the Changji list (2025年特殊监管企业台账, 附件2), plus what the meeting needs to check.
COLUMNS = ("序号", "企业名称", "统一社会信用代码", "所在县市", "现监管类别", "纳入原因", "依据（记录）")


@click.group("special")
def special_group() -> None:
    """特殊监管对象：按上一年度记录提出建议名单。"""


def _fail(message: str) -> None:
    click.echo(f"错误：{message}", err=True)
    sys.exit(2)


def _evidence(e) -> str:
    amount = f"，罚款{e.amount:,.2f}元" if e.amount is not None else ""
    return f"{e.number or e.id[:8]}（{e.on.isoformat()}{amount}）{e.record}"


def _xlsx(path: Path, title: str, lines: list[list]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "建议名单"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    ws.cell(1, 1, title).font = Font(name=FONT, size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    for r, line in enumerate([list(COLUMNS), *lines], 2):
        for c, value in enumerate(line, 1):
            cell = ws.cell(r, c, value)
            cell.font = Font(name=FONT, size=11, bold=r == 2)
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    for c, width in enumerate((6, 36, 22, 14, 12, 28, 60), 1):
        ws.column_dimensions[chr(64 + c)].width = width
    wb.save(path)


@special_group.command("propose")
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="名单年度，如 2027（依据上一年度记录）")
@click.option("--jurisdiction", required=True, help="辖区名称或代码（含下级辖区），如 昌吉州 或 652300")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="另存为 .xlsx 或 .json 文件")
@with_appcontext
def propose(year: int, jurisdiction: str, output: Path | None) -> None:
    """打印某辖区某年度的特殊监管对象建议名单：每家单位及其纳入原因和依据。"""
    from domain.vocabulary import CATEGORIES
    from projections import special
    from projections.disclosure_views import jurisdiction_by_name
    from projections.scope import Scope

    if output is not None and output.suffix.lower() not in (".xlsx", ".json"):
        _fail(f"输出文件“{output.name}”须为 .xlsx 或 .json")
    system = current_app.extensions["shuangsui"]
    system.read_side_up_to_date()
    with system.engine.connect() as conn:
        place = jurisdiction_by_name(conn, jurisdiction)
        if place is None:
            _fail(f"辖区“{jurisdiction}”不存在（可填写辖区名称或代码）")
        found = special.proposals(conn, Scope((place["path"],)), year)
    title = f"{place['name']}{year}年度特殊监管对象建议名单（依据{year - 1}年度记录）"
    click.echo(f"{title}：{len(found)}家")
    lines = []
    for n, p in enumerate(found, 1):
        name = p.name + (f"（{p.site}）" if p.site else "")
        click.echo(f"{n}. {name}  {p.credit_code}  {p.jurisdiction_name}  纳入原因：{'、'.join(p.criteria)}")
        for criterion, events in p.reasons.items():
            for e in events:
                click.echo(f"     {criterion}：{_evidence(e)}")
        lines.append([n, name, p.credit_code, p.jurisdiction_name, CATEGORIES.get(p.category, p.category), "、".join(p.criteria),
                      "\n".join(f"{c}：{_evidence(e)}" for c, events in p.reasons.items() for e in events)])
    if output is None:
        return
    if output.suffix.lower() == ".json":
        data = {"title": title, "jurisdiction": place["code"], "year": year, "units": [p.plain() for p in found]}
        output.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    else:
        _xlsx(output, title, lines)
    click.echo(f"已写入 {output}")
