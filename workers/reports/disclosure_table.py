"""随机抽查情况公开表 (附件二 of the Korla 2022 notice) as files: .xlsx laid out like the
government's own table, CSV (UTF-8 with BOM, so Excel opens it in Chinese) and JSON.

Every builder takes the rows of projections.disclosure_views.public_rows (a stream of
tuples 检查地区, 污染源名称, 污染源类型, 检查时间, 检查结果, 情况说明), numbers them from 1,
writes to a binary stream and returns how many rows it wrote. Nothing is held in memory
but the row being written, so a province's quarter (100,000 rows) streams.

The .xlsx uses openpyxl's write-only mode. `merge_cells()` is missing there, but reading
openpyxl 3.1.5 (worksheet/_write_only.py, worksheet/_writer.py) shows that a
WriteOnlyWorksheet runs the ordinary Worksheet's `_setup()`, so it has the same
`merged_cells` (a MultiCellRange), `page_setup`, `print_options`, `page_margins`,
`HeaderFooter`, `row_dimensions` and `column_dimensions`, and borrows the `print_title_rows`
and `freeze_panes` properties. The writer emits them in two places: the sheet properties
(fit to page), views (frozen panes) and column widths with the first appended row
(`write_top`), and merged cells, print options, margins, page setup and header/footer at
save (`write_tail`); the print titles become a defined name when the workbook is written.
So: widths, fit-to-page and panes are set before the first `append`; merges and the rest
may come after the rows. Column widths are fitted to the first SAMPLE rows, which must then
be held back before writing; longer text wraps."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, islice
from typing import IO, Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from domain.calendar import SHANGHAI
from projections.disclosure_views import COLUMNS, TITLE
from workers.xlsx.templates import display_width

FORMATS = ("xlsx", "csv", "json")
MIMETYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "csv": "text/csv; charset=utf-8", "json": "application/json"}
FONT = "宋体"
SHEET = "随机抽查情况公开表"
SAMPLE = 1000  # rows measured for the column widths
CAPS = (6, 24, 44, 12, 12, 30, 40)  # per column, in width units (a CJK character is 2): beyond, text wraps
LEFT = {2, 6}  # 污染源名称, 情况说明: read as text, left-aligned; the rest centred as in the seed
QUARTERS = "一二三四"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def period_words(label: str) -> str:
    """2022Q2 → 2022年第二季度; 2026 → 2026年; 2026-07 → 2026年7月."""
    label = label.strip().upper()
    if "Q" in label:
        year, quarter = label.split("Q")
        return f"{year}年第{QUARTERS[int(quarter) - 1]}季度"
    if "-" in label:
        year, month = label.split("-")
        return f"{year}年{int(month)}月"
    return f"{label}年"


@dataclass(frozen=True)
class Heading:
    """What the table is of: the jurisdiction's name, the period, whether it is still running
    (暂定), and the latest ledger checkpoint (projections.ledger_views.latest_checkpoint)."""
    jurisdiction: str
    label: str  # 2022Q2
    provisional: bool
    checkpoint: dict | None = None
    generated_at: datetime = field(default_factory=lambda: datetime.now(SHANGHAI))

    @property
    def period(self) -> str:
        return period_words(self.label)

    @property
    def subtitle(self) -> str:
        return f"{self.jurisdiction} {self.period}" + ("（暂定）" if self.provisional else "")

    @property
    def made(self) -> str:
        return self.generated_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")

    def footer_lines(self) -> list[str]:
        lines = [f"生成时间：{self.made}（北京时间）" + ("；本期间尚未结束，表中结果为暂定。" if self.provisional else "")]
        if self.checkpoint:
            lines.append(f"账本检查点：位置 {self.checkpoint['position']} · 链哈希 {self.checkpoint['chain_hash']}")
        return lines

    def checkpoint_data(self) -> dict | None:
        if not self.checkpoint:
            return None
        return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in self.checkpoint.items()}


def numbered(rows: Iterable[tuple]) -> Iterator[tuple]:
    """序号 first, from 1."""
    return ((n, *row) for n, row in enumerate(rows, 1))


def filename(heading: Heading, fmt: str) -> str:
    """库尔勒经济技术开发区2022年第二季度随机抽查情况公开表（暂定）.xlsx"""
    return f"{heading.jurisdiction}{heading.period}{SHEET}" + ("（暂定）" if heading.provisional else "") + f".{fmt}"


# -- xlsx ------------------------------------------------------------------------------------
def fitted_widths(sample: list[tuple]) -> list[int]:
    """Each column as wide as its widest text in the sample (header included), within its cap."""
    widths = [display_width(h) + 4 for h in COLUMNS]
    for row in sample:
        for n, value in enumerate(row):
            widths[n] = max(widths[n], display_width(str(value)) + 2)
    return [min(w, cap) for w, cap in zip(widths, CAPS)]


def styled(sheet, value=None, *, size: int = 11, bold: bool = False, box: bool = True,
           horizontal: str = "center") -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    cell.font = Font(name=FONT, size=size, bold=bold)
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
    if box:
        cell.border = BOX
    return cell


def _line(sheet, text: str, row: int, height: float, **style) -> None:
    """One line of text merged across the table's width (title, subtitle, notes)."""
    sheet.row_dimensions[row].height = height
    sheet.append([styled(sheet, text, box=False, **style)])
    sheet.merged_cells.add(f"A{row}:{get_column_letter(len(COLUMNS))}{row}")


def _print_setup(sheet) -> None:
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # written with the first row: set before it
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"  # 7 columns with unit names read better across
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0  # one page wide, as many long as needed
    sheet.print_options.horizontalCentered = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, header=0.3, footer=0.3)
    sheet.print_title_rows = "1:3"  # title, jurisdiction and period, column names on every page
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.oddFooter.center.font = FONT
    sheet.freeze_panes = "A4"


def write_xlsx(rows: Iterable[tuple], heading: Heading, out: IO[bytes] | str) -> int:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    rows = numbered(rows)
    sample = list(islice(rows, SAMPLE))
    for n, width in enumerate(fitted_widths(sample), 1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    _print_setup(sheet)
    _line(sheet, TITLE, 1, 32, size=16, bold=True)
    _line(sheet, heading.subtitle, 2, 22, size=12)
    sheet.row_dimensions[3].height = 24
    sheet.append([styled(sheet, h, bold=True) for h in COLUMNS])
    # One styled cell per column, given each row's value in turn: append() writes the row at
    # once, and styling 700,000 fresh cells would cost twice the time of writing them.
    # 检查时间 stays the ISO text the seed prints (2022-04-09): it sorts and filters as it is,
    # reads the same as in the CSV and JSON, and converting 100,000 dates costs about 10 %.
    cells = [styled(sheet, horizontal="left" if n in LEFT else "center") for n in range(len(COLUMNS))]
    count = 0
    for row in chain(sample, rows):
        for cell, value in zip(cells, row):
            cell.value = value
        sheet.append(cells)
        count += 1
    at = 4 + count
    if not count:
        _line(sheet, "本期间没有已公开的抽查结果。", at, 24)
        at += 1
    for offset, text in enumerate(heading.footer_lines()):
        _line(sheet, text, at + offset, 18, size=9, horizontal="left")
    book.save(out)
    return count


# -- CSV and JSON ------------------------------------------------------------------------------
def write_csv(rows: Iterable[tuple], heading: Heading, out: IO[bytes]) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")  # the BOM: Excel reads UTF-8
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    count = 0
    for row in numbered(rows):
        writer.writerow(row)
        count += 1
    text.flush()
    text.detach()  # the caller's stream stays open
    return count


def write_json(rows: Iterable[tuple], heading: Heading, out: IO[bytes]) -> int:
    """{"title", "jurisdiction", "period", …, "rows": [{"序号": 1, …}]}, written row by row."""
    about = {"title": TITLE, "jurisdiction": heading.jurisdiction, "period": heading.label,
             "period_text": heading.period, "provisional": heading.provisional,
             "generated_at": heading.generated_at.isoformat(timespec="seconds"),
             "checkpoint": heading.checkpoint_data(), "columns": list(COLUMNS)}
    head = json.dumps(about, ensure_ascii=False, indent=1)
    out.write((head[:-2] + ',\n "rows": [').encode("utf-8"))  # the object left open for the rows
    count = 0
    for row in numbered(rows):
        out.write(((",\n  " if count else "\n  ") + json.dumps(dict(zip(COLUMNS, row)), ensure_ascii=False))
                  .encode("utf-8"))
        count += 1
    out.write(("\n ]\n}\n" if count else "]\n}\n").encode("utf-8"))
    return count


WRITERS = {"xlsx": write_xlsx, "csv": write_csv, "json": write_json}


def write(fmt: str, rows: Iterable[tuple], heading: Heading, out: IO[bytes]) -> int:
    return WRITERS[fmt](rows, heading, out)
