"""The official reports as .xlsx, laid out like the paper forms they replace: 宋体 throughout,
a title, who reports for which period and by when, a header (two rows, merged, where the
form groups its columns), bordered cells, and A4 print setup (the header repeated on every
page, the width fitted to the paper). The statistics table's export (webapp/stats/export.py)
uses the same helpers. The forms are Chinese documents: their words are written here as the
forms word them; what varies by language (the statistics lines) comes from the caller."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

FONT = "宋体"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
PROVISIONAL = "（暂定）"
PROVISIONAL_NOTE = "注：统计期间尚未结束，本表数据为暂定数，以期间结束后重新生成的报表为准。"
CATEGORY_WORDS = {"key": "重点", "special": "特殊", "general": "一般"}


# -- the shared layout ----------------------------------------------------------------------
def heading(ws, title: str, lines: list[str], span: int) -> int:
    """The title (merged over the table's width) and the lines under it; returns the next row."""
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=span)
    ws.cell(1, 1, title).font = Font(name=FONT, size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 30
    for n, text in enumerate(lines, 2):
        ws.cell(n, 1, text).font = Font(name=FONT, size=11)
    return len(lines) + 3


def _head_cell(ws, row: int, column: int, text: str) -> None:
    cell = ws.cell(row, column, text)
    cell.font, cell.border = Font(name=FONT, size=11, bold=True), BOX
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def header(ws, columns: list, first_row: int) -> int:
    """Column titles; a (title, [sub-titles]) groups columns under a merged title, and then
    every plain title spans both rows. Returns the number of header rows."""
    depth = 2 if any(isinstance(c, tuple) for c in columns) else 1
    n = 1
    for column in columns:
        title, subs = column if isinstance(column, tuple) else (column, ())
        _head_cell(ws, first_row, n, title)
        if subs:
            ws.merge_cells(start_row=first_row, start_column=n, end_row=first_row, end_column=n + len(subs) - 1)
            for i, sub in enumerate(subs):
                _head_cell(ws, first_row + 1, n + i, sub)
                if i:
                    ws.cell(first_row, n + i).border = BOX
            n += len(subs)
            continue
        if depth == 2:
            ws.cell(first_row + 1, n).border = BOX
            ws.merge_cells(start_row=first_row, start_column=n, end_row=first_row + 1, end_column=n)
        n += 1
    return depth


def table(ws, columns: list, lines: list[list], first_row: int, widths: list[int], *,
          left: tuple[int, ...] = (1,)) -> int:
    """A bordered table under `columns` (see header); `left`: the columns of text, aligned left
    and wrapped. Returns the row after it."""
    depth = header(ws, columns, first_row)
    for r, line in enumerate(lines, first_row + depth):
        for n, item in enumerate(line, 1):
            cell = ws.cell(r, n, item)
            cell.font, cell.border = Font(name=FONT, size=11), BOX
            if isinstance(item, Decimal):
                cell.number_format = "#,##0.00"
            cell.alignment = Alignment(horizontal="left" if n in left else "center", vertical="center",
                                       wrap_text=True)
    for n, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(n)].width = width
    return first_row + depth + len(lines)


def notes(ws, first_row: int, texts: list[str]) -> int:
    for n, text in enumerate(texts, first_row):
        ws.cell(n, 1, text).font = Font(name=FONT, size=10)
    return first_row + len(texts)


def print_setup(ws, header_rows: tuple[int, int] | None = None, *, landscape: bool = False) -> None:
    """A4, fitted to the paper's width, the header repeated on every printed page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    if header_rows:
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"


def save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rate(value) -> str:
    return "—" if value is None else f"{value}%"


def about(who: str, place: str, period: str, due: str, made: str) -> list[str]:
    return [f"{who}：{place}", f"统计期间：{period}", f"报送期限：{due}", f"制表时间：{made}"]


def _titled(title: str, provisional: bool) -> str:
    return title + (PROVISIONAL if provisional else "")


# -- 年度汇总 ------------------------------------------------------------------------------------
DISCLOSURE_COLUMNS = ("辖区", "应公开数", "已公开数", "其中：按期公开", "不予公开", "逾期未公开", "公开率",
                      "按期公开率")


def yearly_workbook(summary: dict, category: tuple[list[str], list[list]], made: str) -> bytes:
    """The yearly summary: the statistics table of the year (`category`: its header and lines,
    as the statistics export words them) and the disclosure of the year's results by place."""
    wb = Workbook()
    ws = wb.active
    ws.title = "年度汇总"
    j, year = summary["jurisdiction"], summary["year"]
    lines = about("填报单位（辖区）", j["name"], f"{year}年1月1日至12月31日",
                  f"{summary['due'].isoformat()}前（县市分局、园区11月30日前，州执法支队12月5日前）", made)
    title = _titled(f"{year}年度生态环境“双随机、一公开”工作情况汇总表", summary["provisional"])
    row = heading(ws, title, lines, max(len(category[0]), len(DISCLOSURE_COLUMNS)))
    ws.cell(row, 1, "一、随机抽查和执法情况").font = Font(name=FONT, size=12, bold=True)
    first = row + 1
    row = table(ws, category[0], category[1], first, [34] + [16] * (len(category[0]) - 1)) + 1
    ws.cell(row, 1, "二、检查结果公开情况").font = Font(name=FONT, size=12, bold=True)
    places = [*summary["places"], summary["disclosure"]]
    table(ws, list(DISCLOSURE_COLUMNS), [[p["name"], p["due"], p["published"], p["on_time"], p["withheld"],
                                          p["overdue"], rate(p["published_rate"]), rate(p["rate"])] for p in places],
          row + 1, [34] + [16] * 7)
    texts = ["注：1. 检查结果公开情况按本年度检查、已办结的任务统计；按期公开指办结后20个工作日内公开；"
             "涉及国家秘密、国家安全、公共安全的不予公开，不计入公开率。",
             "2. 逾期未公开为制表日已超过公开期限仍未公开的检查结果。"]
    if summary["provisional"]:
        texts.append(PROVISIONAL_NOTE)
    notes(ws, row + 3 + len(places), texts)
    print_setup(ws, (first, first))
    return save(wb)


# -- 检查组日报 -----------------------------------------------------------------------------------
DAILY_COLUMNS = ("序号", "检查日期", "检查对象名称", "检查地区", "检查方式", "存在的问题", "检查要求", "立案情况")


def daily_lines(group: dict) -> list[list]:
    lines, n = [], 0
    for day in group["days"]:
        for unit in day["units"]:
            n += 1
            found = unit["problems"]
            problems = "\n".join(f"{i}. {p['description']}" for i, p in enumerate(found, 1)) or "未发现问题"
            asked = [r for p in found for r in p["requirements"]]
            required = "\n".join(f"{i}. {r}" for i, r in enumerate(asked, 1)) or "—"
            cases = "已立案：" + "、".join(unit["cases"]) if unit["cases"] else "未立案"
            lines.append([n, day["day"].isoformat(), unit["unit"], unit["place"],
                          "现场检查" if unit["on_site"] else "非现场检查", problems, required, cases])
    return lines


def daily_workbook(report: list[dict], period: str, made: str, provisional: bool) -> bytes:
    """One sheet per inspection group: what it reports to the dispatch group each day (检查对象
    名称、存在的问题、检查要求、立案情况, Ili 2026)."""
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for group in report or [{"code": "", "name": "检查组", "days": []}]:
        name = group["name"][:31] if group["name"][:31] not in used else group["code"][:31]
        used.add(name)
        ws = wb.create_sheet("".join(c for c in name if c not in "[]:*?/\\") or "检查组")
        lines = about("报送单位（检查组）", group["name"], period, "每日检查结束后报送调度组", made)
        row = heading(ws, _titled("帮扶检查情况日报", provisional), lines, len(DAILY_COLUMNS))
        body = daily_lines(group) or [["", "", "本期间无检查记录", "", "", "", "", ""]]
        end = table(ws, list(DAILY_COLUMNS), body, row, [6, 12, 30, 14, 12, 40, 40, 24], left=(3, 6, 7, 8))
        if provisional:
            notes(ws, end + 1, [PROVISIONAL_NOTE])
        print_setup(ws, (row, row), landscape=True)
    return save(wb)


# -- 执法检查数据统计表 ---------------------------------------------------------------------------
CAMPAIGN_COLUMNS = ["序号", "检查组（执法单位）", ("检查企业数（家次）", ("合计", "现场检查", "非现场检查")),
                    "发现问题数", "责令改正", "行政指导", "立案", ("行政处罚", ("决定数", "罚款金额（元）")),
                    "行政强制", "移送"]
CAMPAIGN_KEYS = ("inspected", "on_site", "off_site", "problems", "orders", "guidance", "cases", "penalties",
                 "fines", "coercive", "transfers")


def campaign_workbook(found: dict, place: str, period: str, made: str, provisional: bool) -> bytes:
    """The campaign's table, per group, within 5 days after the campaign (Ili 2026)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "执法检查数据统计表"
    due: date = found["due"].day
    lines = about("填报单位", place, period,
                  f"检查结束后5个工作日内（{due.isoformat()}前{'，暂定' if found['due'].provisional else ''}）", made)
    row = heading(ws, _titled("执法检查数据统计表", provisional), lines, len(CAMPAIGN_KEYS) + 2)
    body = [[n, r["name"], *(r[k] for k in CAMPAIGN_KEYS)] for n, r in enumerate(found["rows"], 1)]
    body.append(["", found["total"]["name"], *(found["total"][k] for k in CAMPAIGN_KEYS)])
    end = table(ws, CAMPAIGN_COLUMNS, body, row, [6, 26] + [10] * 8 + [16, 10, 10], left=(2,))
    texts = ["注：检查企业数按检查日期统计；问题、处置按发现、作出日期统计；罚款金额为统计期间内作出的处罚决定的罚款合计。"]
    if provisional:
        texts.append(PROVISIONAL_NOTE)
    notes(ws, end + 1, texts)
    print_setup(ws, (row, row + 1), landscape=True)
    return save(wb)
