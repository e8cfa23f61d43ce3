"""Read one directory file (名录库 .xlsx) into parsed rows and Chinese errors.

`read_directory` never raises for a bad file: every problem, from "this is a
renamed PDF" to "row 8 has a formula", becomes a `RowError`. It reads the first
sheet once, in read-only mode and without `data_only`, so that a formula shows as
its text ("=A1") and can be refused: an import must store what the user sees,
not a value Excel computed from other cells that may change.
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

import openpyxl
from openpyxl.utils.cell import get_column_letter, range_boundaries

from workers.xlsx.archive import FileProblem, merged_ranges, open_source
from workers.xlsx.columns import columns_of
from workers.xlsx.headers import HeaderMatch, match_headers
from workers.xlsx.rows import RowReader

MAX_ERRORS = 1000
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class RowError:
    row: int | None  # 1-based sheet row; None for the file as a whole
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"第{self.row}行"] if self.row is not None else []
        if self.column:
            where.append(self.column)
        return " · ".join([*where, self.message])


@dataclass
class ReadResult:
    rows: list[dict] = field(default_factory=list)  # only rows without any error
    errors: list[RowError] = field(default_factory=list)
    total: int = 0  # non-blank data rows in the file, with or without errors

    @property
    def ok(self) -> bool:
        return not self.errors


class _Errors:
    """Keeps the first MAX_ERRORS and counts the rest: a wrong column in a
    100k-row file must not produce a 100k-line page."""

    def __init__(self, cap: int = MAX_ERRORS):
        self.items: list[RowError] = []
        self.cap = cap
        self.left_out = 0

    def __call__(self, row: int | None, column: str | None, message: str) -> None:
        if len(self.items) < self.cap:
            self.items.append(RowError(row, column, message))
        else:
            self.left_out += 1

    def finish(self) -> list[RowError]:
        if self.left_out:
            self.items.append(RowError(
                None, None, f"另有 {self.left_out} 条错误未列出（只列出前 {self.cap} 条），请改正后重新导入"))
        return self.items


def read_directory(
    kind: str,
    source: str | os.PathLike | bytes | BinaryIO,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_row: Callable[[dict], None] | None = None,
) -> ReadResult:
    """Parse and validate a "targets" or "inspectors" file (docs/import-format.md).

    `rows` holds only rows without errors (or stays empty when `on_row` takes each good
    row as it is read); an import writes nothing unless `errors` is empty. An unknown
    `kind` is a programming error (ValueError)."""
    columns_of(kind)
    errors = _Errors()
    try:
        stream = open_source(source, max_bytes)
    except FileProblem as problem:
        return ReadResult([], [RowError(None, None, problem.message)])
    try:
        rows, total = _read_workbook(kind, stream, errors, on_row)
    finally:
        if stream is not source:  # a caller's stream stays open
            stream.close()
    return ReadResult(rows, errors.finish(), total)


def _read_workbook(kind: str, stream: BinaryIO, report: _Errors,
                   on_row: Callable[[dict], None] | None = None) -> tuple[list[dict], int]:
    try:
        workbook = openpyxl.load_workbook(stream, read_only=True)
    except Exception:  # openpyxl raises zip, XML and key errors alike for broken files
        report(None, None, "文件已损坏或不是有效的 .xlsx 文件；请用 Excel 打开确认后“另存为”Excel 工作簿（.xlsx）")
        return [], 0
    try:
        if not workbook.worksheets:
            report(None, None, "工作簿中没有工作表")
            return [], 0
        sheet = workbook.worksheets[0]  # only the first: the template's 填写说明 sheet is not data
        # The stored <dimension> is often wrong in files from other tools and would cut rows off.
        sheet.reset_dimensions()
        lines = _undamaged(sheet.iter_rows(values_only=True))
        row_no = 1
        try:
            header_row = next(lines, None)
            if header_row is None:
                report(None, None, "第一个工作表是空的，没有列名和数据；请使用导入模板填写")
                return [], 0
            match = match_headers(kind, header_row, report)
            _report_merges(stream, sheet, match, report)
            if match.fatal:  # columns cannot be told apart: row errors would only be noise
                return [], 0
            read_row = RowReader(kind, match, report, on_row)
            for row_no, values in enumerate(lines, start=2):  # noqa: B007 - used in the except
                if values and any(values):  # any(): a cheap skip of fully empty rows
                    read_row(row_no, values)
        except _Damaged:
            report(None, None, f"读到第{row_no}行附近时文件内容出错，文件可能已损坏；"
                               "请用 Excel 打开后另存为 .xlsx 再导入")
            return [], 0
        if not read_row.data_rows:
            report(None, None, "没有数据：第1行是列名，请从第2行起每行填写一条记录")
        return read_row.rows, read_row.data_rows
    finally:
        workbook.close()


class _Damaged(Exception):
    """The zip or XML broke while reading: the file, not our code, is at fault."""


def _undamaged(items: Iterator) -> Iterator:
    """Re-raise what a damaged file makes openpyxl, zipfile or zlib throw as
    `_Damaged`, so that a bug in the parsing code still surfaces as a bug."""
    items = iter(items)
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except Exception as exc:
            raise _Damaged from exc
        yield item


def _report_merges(stream: BinaryIO, sheet, match: HeaderMatch, report: _Errors) -> None:
    path = getattr(sheet, "_worksheet_path", None)  # openpyxl keeps the sheet's zip member here
    if not path:
        return
    for ref in _undamaged(merged_ranges(stream, path)):
        try:
            min_col, min_row, _, _ = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        column = match.by_index.get(min_col - 1) or f"第{get_column_letter(min_col)}列"
        where = "列名行" if min_row == 1 else ""
        report(min_row, column, f"{where}合并了单元格 {ref}：请取消合并，并在每个单元格填写完整的值")
