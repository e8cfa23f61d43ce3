"""Import jobs: a directory file of up to 100,000 rows, validated whole before anything is written.

Parameters: `path`, the uploaded file relative to var/ (uploads/…), and `name`, the file's
name as the user had it. The import itself is workers.imports.import_file: every row is
checked first, and the file is written in one transaction or not at all. A file with errors
ends the job as failed, with its rows with errors as an .xlsx beside the job's other files:
the uploaded sheet's rows under the official column names, and a 错误说明 column saying
what is wrong, one line per problem."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from workers.imports import KINDS, import_file
from workers.xlsx.columns import DIRECTORIES
from workers.xlsx.headers import header_name

from .exports import requester, write_file
from .handlers import JobFailed, handler

ERRORS_COLUMN = "错误说明"
SHOWN = 200  # row errors kept in the job's result for its page (the .xlsx has them all)
FONT = "宋体"


@handler("import_targets")
def import_targets(system, job, progress) -> dict:
    return run_import(system, job, progress, "targets")


@handler("import_inspectors")
def import_inspectors(system, job, progress) -> dict:
    return run_import(system, job, progress, "inspectors")


def source_path(system, given: str) -> Path:
    """The uploaded file, which must lie under var/ (a parameter never reaches elsewhere)."""
    var = Path(system.settings.var_dir).resolve()
    path = (var / str(given or "")).resolve()
    if var not in path.parents or not path.is_file():
        raise JobFailed("上传的文件已不存在（可能已被清理），请重新上传后再导入")
    return path


def run_import(system, job, progress, kind: str) -> dict:
    path = source_path(system, job.params.get("path"))
    name = str(job.params.get("name") or path.name)
    progress.update(total=estimated_rows(path), message="正在读取并校验", force=True)

    def told(stage: str, rows: int, errors: int) -> None:
        if stage == "checked":
            progress.update(done=rows, errors=errors, message=f"已读取并校验 {rows} 行")
        elif stage == "writing":
            progress.update(done=rows, total=rows, errors=0, message=f"校验通过，正在写入 {rows} 行", force=True)
        else:
            progress.update(message=f"已写入 {rows} 行", force=True)

    report = import_file(system, kind, path, requester(system, job), f"job:{job.id.hex}:{job.attempts}",
                         source_name=name, progress=told)
    if not report.ok:
        errors_file, _ = write_file(system, job, "-errors.xlsx",
                                    lambda out: write_errors(kind, path, report.errors, out))
        rows_wrong = report.error_rows
        if rows_wrong:
            message = f"{KINDS[kind]}：共 {report.total} 行，其中 {rows_wrong} 行有错误，未写入任何数据。请下载错误清单，改正后重新上传。"
        else:
            message = f"{KINDS[kind]}：文件无法导入，未写入任何数据：{report.errors[0].message}"
        raise JobFailed(message, {"rows": report.total, "errors": rows_wrong, "errors_file": errors_file,
                                  "problems": len(report.errors),
                                  "row_errors": [[e.row, e.column, e.message] for e in report.errors[:SHOWN]]})
    # The upload stays: if recording the end fails for a moment, the retry must find it again
    # (the second run then finds every row unchanged). var/uploads/ is cleaned by age.
    return {"rows": report.total, "new": report.created, "changed": report.changed, "unchanged": report.unchanged,
            "events": sum(report.events.values())}


def estimated_rows(path: Path) -> int | None:
    """Data rows in the first sheet, for the progress bar before reading: the sheet's <row>
    elements counted in the zip stream (files written by openpyxl carry no dimension).
    None when the file cannot be read this way (the import then says why)."""
    try:
        with path.open("rb") as raw:  # a stream: openpyxl refuses a path not named .xlsx
            book = openpyxl.load_workbook(raw, read_only=True)
            sheet_path = book.worksheets[0]._worksheet_path.lstrip("/")
            book.close()
        count, tail = 0, b""
        with zipfile.ZipFile(path) as archive, archive.open(sheet_path) as xml:
            while chunk := xml.read(1 << 20):
                data = tail + chunk
                count += data.count(b"<row ") - tail.count(b"<row ")
                tail = data[-4:]
        return max(count - 1, 0)
    except Exception:  # a broken file: the reader reports it properly
        return None


def write_errors(kind: str, path: Path, errors: list, out) -> int:
    """The rows with errors as an .xlsx: official columns, then 错误说明; problems of the file
    as a whole (no row, or the header row) on a second sheet. Returns the rows written."""
    by_row: dict[int, list[str]] = {}
    whole: list[str] = []
    for e in errors:
        (by_row.setdefault(e.row, []) if e.row is not None and e.row > 1 else whole).append(str(e))
    headers = [c.header for c in DIRECTORIES[kind]]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(KINDS[kind])
    sheet.freeze_panes = "A2"
    for n in range(len(headers)):
        sheet.column_dimensions[get_column_letter(n + 1)].width = 18
    sheet.column_dimensions[get_column_letter(len(headers) + 1)].width = 60
    sheet.append([_cell(sheet, h, bold=True) for h in [*headers, ERRORS_COLUMN]])
    written = 0
    for row_no, values in _rows_of(path, headers, set(by_row)):
        sheet.append([*(_cell(sheet, v) for v in values), _cell(sheet, "\n".join(by_row[row_no]), red=True)])
        written += 1
    if whole:
        other = book.create_sheet("文件问题")
        other.column_dimensions["A"].width = 100
        other.append([_cell(other, ERRORS_COLUMN, bold=True)])
        for line in whole:
            other.append([_cell(other, line, red=True)])
    book.save(out)
    return written


def _rows_of(path: Path, headers: list[str], wanted: set[int]):
    """(sheet row, values in the official column order) of the wanted rows, as uploaded."""
    if not wanted:
        return
    raw = path.open("rb")
    try:
        book = openpyxl.load_workbook(raw, read_only=True)
    except Exception:
        raw.close()
        return
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        lines = sheet.iter_rows(values_only=True)
        head = next(lines, None) or ()
        where = {header_name(v): i for i, v in enumerate(head) if v is not None}
        index = [where.get(h) for h in headers]
        last = max(wanted)
        for row_no, values in enumerate(lines, start=2):
            if row_no in wanted:
                yield row_no, [values[i] if i is not None and i < len(values) else None for i in index]
            if row_no >= last:
                break
    except Exception:  # a damaged file: the rows read so far are what there is
        return
    finally:
        book.close()
        raw.close()


def _cell(sheet, value, *, bold: bool = False, red: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # a formula the user typed stays the text it was, not a formula
    cell.font = Font(name=FONT, bold=bold, color="C00000" if red else None)
    if red:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell
