"""The statistics tables as an .xlsx workbook, laid out like the paper form: a title, who
reports and for which period, the figures (lines) by category (columns), then the officers
on a second sheet. 宋体 throughout; money as exact decimals with two places."""

from __future__ import annotations

import io
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .schemas import COLUMNS, MET, MISSED, NOT_YET, OFFICER_COLUMNS, TABLE_LINES

FONT = "宋体"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def value(row: dict, key: str):
    """A figure as the sheet holds it: a count, a sum of money, or words."""
    if key == "met":
        return _(MET) if row["met"] else _(MISSED)
    if key == "rate":
        return f"{row['rate']}%" if row["rate"] is not None else "—"
    if key in ("disclosed", "disclosed_on_time"):
        return "—"
    return row[key]


def _table(ws, header: list[str], lines: list[list], first_row: int, widths: list[int]) -> int:
    for n, text in enumerate(header, 1):
        cell = ws.cell(first_row, n, text)
        cell.font, cell.border = Font(name=FONT, size=11, bold=True), BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, line in enumerate(lines, first_row + 1):
        for n, item in enumerate(line, 1):
            cell = ws.cell(r, n, item)
            cell.font, cell.border = Font(name=FONT, size=11), BOX
            if isinstance(item, Decimal):
                cell.number_format = "#,##0.00"
            cell.alignment = Alignment(horizontal="left" if n == 1 else "center", vertical="center")
    for n, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(n)].width = width
    return first_row + len(lines) + 1


def _heading(ws, title: str, lines: list[str], span: int) -> None:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=span)
    ws.cell(1, 1, title).font = Font(name=FONT, size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    for n, text in enumerate(lines, 2):
        ws.cell(n, 1, text).font = Font(name=FONT, size=11)


def workbook(rows: list[dict], officers: list[dict], place: str, period: str, made: str,
             brigade_names: dict[str, str]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("情况统计表")
    about = [_("填报单位（辖区）：%(place)s", place=place), _("统计期间：%(period)s", period=period),
             _("制表时间：%(made)s", made=made)]
    _heading(ws, _("生态环境“双随机、一公开”情况统计表"), about, len(COLUMNS) + 1)
    header = [_("指标"), *(_(title) for title in COLUMNS.values())]
    lines = [[_(label), *(value(r, key) for r in rows)] for key, label in TABLE_LINES]
    lines.insert(2, [_("应抽取数来源"), *(_("按规则测算") if r["estimated"] else _("抽查计划") for r in rows)])
    end = _table(ws, header, lines, len(about) + 3, [34] + [16] * len(COLUMNS))
    notes = [_("注：1. 应抽取数为统计期间内已承诺或已抽取的抽查计划的最低抽取数之和；没有计划的类别按新环执法发〔2021〕274号规则和名录库数量测算。"),
             _("2. 检查数按检查日期统计；问题、处置按发现、作出日期统计；罚款金额为统计期间内作出的处罚决定的罚款合计。"),
             _("3. %(note)s，结果公开数暂不统计。", note=_(NOT_YET))]
    for n, text in enumerate(notes, end + 1):
        ws.cell(n, 1, text).font = Font(name=FONT, size=10)

    people = wb.create_sheet(_("执法人员统计"))
    _heading(people, _("执法人员双随机抽查工作量统计"), about, len(OFFICER_COLUMNS) + 4)
    header = [_("序号"), _("执法人员"), _("执法证号"), _("所属执法单位"), *(_(t) for _k, t in OFFICER_COLUMNS)]
    lines = [[n, o["name"], o["cert_no"], brigade_names.get(o["unit"], o["unit"]),
              *(o[key] for key, _t in OFFICER_COLUMNS)] for n, o in enumerate(officers, 1)]
    _table(people, header, lines, len(about) + 3, [6, 14, 16, 28] + [14] * len(OFFICER_COLUMNS))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
