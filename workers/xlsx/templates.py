"""The downloadable import templates (模板), built from the column tables.

Sheet 1 is the form: headers (required ones marked *), one example row that the
reader accepts, dropdowns for the fixed choices. Sheet 2, 填写说明, explains each
column; the reader only ever reads sheet 1.
"""

import datetime as dt
import io
import unicodedata

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from domain.credit_code import make_credit_code
from workers.xlsx.columns import Column, columns_of

_EXAMPLES: dict[str, dict[str, object]] = {
    "targets": {
        "统一社会信用代码": make_credit_code("91652301MA78Y3K2P"),
        "单位名称": "昌吉市示例化工有限公司",
        "厂区名称": "",
        "所在辖区": "昌吉市",
        "详细地址": "新疆维吾尔自治区昌吉回族自治州昌吉市示例路1号",
        "行业类别": "化学原料和化学制品制造业",
        "监管类别": "重点",
        "类别年度": 2025,
        "类别依据": "2025年重点排污单位名录",
        "参与双随机": "是",
        "正面清单": "否",
        "排污许可证编号": "91652301MA78Y3K2P001P",
    },
    "inspectors": {
        "姓名": "张示例",
        "人员类别": "执法人员",
        "执法（工作）证号": "65230100001",
        "证件有效期至": dt.date(2028, 12, 31),
        "所在单位": "昌吉市生态环境保护综合执法大队",
        "职务岗位": "执法队员",
        "工作年限": 5,
        "业务专长": "大气、水",
        "所在部门": "执法一中队",
        "参与双随机": "是",
    },
}
# Codes are typed as text so Excel neither drops leading zeros nor rounds 18 digits.
_TEXT_COLUMNS = {"统一社会信用代码", "执法（工作）证号", "排污许可证编号"}
_DATE_FORMAT = "yyyy-mm-dd"
_LAST_ROW = 100_001  # dropdowns and formats reach as far as an import may go
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def display_width(text: str) -> int:
    """Excel column width units: a CJK character takes about two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def build_template(kind: str) -> bytes:
    """The .xlsx template of the "targets" or "inspectors" directory."""
    columns = columns_of(kind)
    example = _EXAMPLES[kind]
    workbook = Workbook()
    form = workbook.active
    form.title = "导入数据"
    for idx, column in enumerate(columns, start=1):
        _write_column(form, idx, column, example.get(column.header))
    form.freeze_panes = "A2"
    _write_guide(workbook.create_sheet("填写说明"), columns)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_column(form, idx: int, column: Column, example: object) -> None:
    letter = get_column_letter(idx)
    title = column.header + ("*" if column.required else "")
    head = form.cell(row=1, column=idx, value=title)
    head.font = _BOLD
    head.fill = _HEADER_FILL
    cell = form.cell(row=2, column=idx, value=example if example != "" else None)
    shown = example.isoformat() if isinstance(example, dt.date) else str(example or "")
    form.column_dimensions[letter].width = max(display_width(title), display_width(shown), 8) + 2
    if column.header in _TEXT_COLUMNS:
        cell.number_format = "@"
        form.column_dimensions[letter].number_format = "@"
    elif column.key == "cert_valid_until":
        cell.number_format = _DATE_FORMAT
        form.column_dimensions[letter].number_format = _DATE_FORMAT
    if column.allowed and column.key != "special_criteria":  # a list cell holds several values
        choices = DataValidation(type="list", formula1='"' + ",".join(column.allowed) + '"',
                                 allow_blank=True, showErrorMessage=False)
        choices.add(f"{letter}2:{letter}{_LAST_ROW}")
        form.add_data_validation(choices)


def _write_guide(guide, columns: tuple[Column, ...]) -> None:
    guide.append(["列名", "是否必填", "填写规则", "可填写的值"])
    for cell in guide[1]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    for column in columns:
        required = "必填" if column.required else (column.condition or "选填")
        guide.append([column.header, required, column.rule, "、".join(column.allowed)])
    guide.append([])
    guide.append(["说明", "", "第1行为列名，带 * 的为必填列；从第2行起每行一条记录，示例行请改成实际数据。"
                  "请勿合并单元格、勿使用公式；日期请使用日期格式的单元格。只读取第一个工作表。"])
    for letter, width in zip("ABCD", (18, 24, 60, 60), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide.freeze_panes = "A2"
