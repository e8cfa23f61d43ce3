"""The statistics tables as an .xlsx workbook, laid out like the paper form: a title, who
reports, for which period and by when (the last 5 working days of the quarter), the figures
(lines) by category (columns), then the officers on a second sheet. A period not yet ended is
marked 暂定. 宋体 throughout; money as exact decimals with two places. The layout helpers are
the official reports' (workers/reports/official.py)."""

from __future__ import annotations

from flask_babel import gettext as _
from openpyxl import Workbook

from workers.reports.official import heading, notes, print_setup, save, table

from .labels import deadline_text, period_text, provisional
from .schemas import COLUMNS, MET, MISSED, OFFICER_COLUMNS, TABLE_LINES, Period


def value(row: dict, key: str):
    """A figure as the sheet holds it: a count, a sum of money, or words."""
    if key == "met":
        return _(MET) if row["met"] else _(MISSED)
    if key == "rate":
        return f"{row['rate']}%" if row["rate"] is not None else "—"
    return row[key]


def category_lines(rows: list[dict]) -> tuple[list[str], list[list]]:
    """The table's header and lines (also the yearly summary's first table)."""
    header = [_("指标"), *(_(title) for title in COLUMNS.values())]
    lines = [[_(label), *(value(r, key) for r in rows)] for key, label in TABLE_LINES]
    lines.insert(2, [_("应抽取数来源"), *(_("按规则测算") if r["estimated"] else _("抽查计划") for r in rows)])
    return header, lines


def workbook(rows: list[dict], officers: list[dict], place: str, chosen: Period | None, made: str,
             brigade_names: dict[str, str]) -> bytes:
    words, unsure = period_text(chosen), provisional(chosen)
    about = [_("填报单位（辖区）：%(place)s", place=place), _("统计期间：%(period)s", period=words),
             _("报送期限：%(due)s", due=deadline_text(chosen)), _("制表时间：%(made)s", made=made)]
    title = _("生态环境“双随机、一公开”情况统计表") + (_("（暂定）") if unsure else "")
    wb = Workbook()
    ws = wb.active
    ws.title = _("情况统计表")
    from_row = heading(ws, title, about, len(COLUMNS) + 1)
    header, lines = category_lines(rows)
    end = table(ws, header, lines, from_row, [34] + [16] * len(COLUMNS))
    texts = [_("注：1. 应抽取数为统计期间内已承诺或已抽取的抽查计划的最低抽取数之和；没有计划的类别按新环执法发〔2021〕274号规则和名录库数量测算。"),
             _("2. 检查数按检查日期统计；问题、处置按发现、作出日期统计；罚款金额为统计期间内作出的处罚决定的罚款合计。"),
             _("3. 结果公开数为统计期间内检查、已公开检查结果的任务数；按期公开指在任务办结后20个工作日内公开。")]
    if unsure:
        texts.append(_("4. 统计期间尚未结束，本表数据为暂定数。"))
    notes(ws, end + 1, texts)
    print_setup(ws, (from_row, from_row))

    people = wb.create_sheet(_("执法人员统计"))
    from_row = heading(people, _("执法人员双随机抽查工作量统计"), about, len(OFFICER_COLUMNS) + 4)
    header = [_("序号"), _("执法人员"), _("执法证号"), _("所属执法单位"), *(_(t) for _k, t in OFFICER_COLUMNS)]
    lines = [[n, o["name"], o["cert_no"], brigade_names.get(o["unit"], o["unit"]),
              *(o[key] for key, _t in OFFICER_COLUMNS)] for n, o in enumerate(officers, 1)]
    table(people, header, lines, from_row, [6, 14, 16, 28] + [14] * len(OFFICER_COLUMNS), left=(2, 4))
    print_setup(people, (from_row, from_row), landscape=True)
    return save(wb)

