"""The record as a download: an .xlsx workbook (宋体, bold frozen header, A4 landscape, the
header repeated on every printed page) and a JSON document with the same rows plus the
ids a reviewer cross-checks against an exported ledger (log positions, stream versions)."""

from __future__ import annotations

import io
import json
import re

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from workers.xlsx.templates import display_width

from .rows import cells
from .words import COLUMNS

FONT = "宋体"
WIDEST = (6, 20, 36, 20, 24, 14, 26, 66, 60, 40)  # per column: long text wraps instead
UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def filename(title: str, extension: str) -> str:
    """执法全过程记录_检查任务_<name>.xlsx: no characters a file system refuses."""
    return UNSAFE.sub("_", f"{_('执法全过程记录')}_{title}")[:80].strip("_") + f".{extension}"


def workbook(heading: str, facts: list[tuple[str, str]], rows: list[dict]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("执法全过程记录")
    plain, bold = Font(name=FONT, size=10), Font(name=FONT, size=10, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append([_(c) for c in COLUMNS])
    for row in rows:
        sheet.append(cells(row))
    for line in sheet.iter_rows():
        for cell in line:
            cell.font, cell.alignment = (bold if cell.row == 1 else plain), wrap
    for n, cap in enumerate(WIDEST, 1):
        longest = max((display_width(part) for c in sheet.iter_cols(min_col=n, max_col=n) for cell in c
                       for part in str(cell.value or "").split("\n")), default=4)
        sheet.column_dimensions[get_column_letter(n)].width = min(longest + 2, cap)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation, sheet.page_setup.paperSize = "landscape", sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    about = book.create_sheet(_("说明"))
    for label, value in [(_("标题"), heading), *facts]:
        about.append([label, value])
    for line in about.iter_rows():
        line[0].font, line[1].font = bold, plain
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = 16, 80
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def document(record: dict, heading: str, as_of: int | None, rows: list[dict]) -> bytes:
    data = {"title": heading, "kind": record["kind"], "id": record["id"], "name": record["name"],
            "ids": record["ids"], "data_as_of_position": as_of, "timezone": "Asia/Shanghai",
            "columns": [_(c) for c in COLUMNS], "rows": rows}
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
