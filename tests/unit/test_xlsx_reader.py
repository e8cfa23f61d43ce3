"""read_directory against real .xlsx files written to tmp_path (no mocks).

Each bad-input test asserts that the message names the row and the column a
user would look for, in Chinese, as `第N行 · 列名 · 说明`."""

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest

from domain.credit_code import make_credit_code
from workers.xlsx import ReadResult, RowError, read_directory
from workers.xlsx.columns import INSPECTOR_COLUMNS, TARGET_COLUMNS

TARGET_HEADERS = [c.header for c in TARGET_COLUMNS]
INSPECTOR_HEADERS = [c.header for c in INSPECTOR_COLUMNS]
CODE = make_credit_code("91652301MA78Y3K2P")


def code(i: int) -> str:
    return make_credit_code(f"916523010000{i:05d}")


def target(**cells) -> dict:
    """A valid 一般 target row by header; keyword arguments override cells."""
    row = {"统一社会信用代码": CODE, "单位名称": "昌吉市示例化工有限公司", "所在辖区": "昌吉市",
           "详细地址": "昌吉市示例路1号", "监管类别": "一般"}
    row.update(cells)
    return row


def inspector(**cells) -> dict:
    row = {"姓名": "张示例", "人员类别": "执法人员", "执法（工作）证号": "65230100001",
           "证件有效期至": dt.date(2028, 12, 31), "所在单位": "昌吉市执法大队"}
    row.update(cells)
    return row


def write(path, headers, rows, edit=None):
    """An .xlsx with `headers` in row 1 and one line per dict (or list) below."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers] if isinstance(row, dict) else row)
    if edit:
        edit(sheet)
    workbook.save(path)
    return path


def read_targets(tmp_path, *rows, headers=TARGET_HEADERS, edit=None) -> ReadResult:
    return read_directory("targets", write(tmp_path / "t.xlsx", headers, rows, edit))


def read_inspectors(tmp_path, *rows, headers=INSPECTOR_HEADERS, edit=None) -> ReadResult:
    return read_directory("inspectors", write(tmp_path / "i.xlsx", headers, rows, edit))


def lines(result: ReadResult) -> list[str]:
    return [str(e) for e in result.errors]


def only_error(result: ReadResult) -> str:
    assert len(result.errors) == 1, lines(result)
    return str(result.errors[0])


# ---- good files ------------------------------------------------------------

def test_good_targets_round_trip(tmp_path):
    result = read_targets(tmp_path, target(
        统一社会信用代码=f" {CODE.lower()} ", 厂区名称="二厂区", 行业类别="化学原料和化学制品制造业",
        监管类别="特殊监管对象", 类别年度=2025, 类别依据="联审会〔2025〕3号",
        特殊监管原因="刑事犯罪、信访投诉3次及以上，其他", 参与双随机="否", 不参与原因="其他",
        不参与说明="厂房改建", 正面清单="是", 排污许可证编号="91652301MA78Y3K2P001P"))
    assert result.errors == []
    assert result.rows == [{
        "row": 2, "credit_code": CODE, "name": "昌吉市示例化工有限公司", "site": "二厂区",
        "jurisdiction": "昌吉市", "address": "昌吉市示例路1号", "industry": "化学原料和化学制品制造业",
        "category": "special", "category_year": 2025, "category_basis": "联审会〔2025〕3号",
        "special_criteria": ["刑事犯罪", "信访投诉3次及以上", "其他"], "excluded": True,
        "exclusion_reason": "other", "exclusion_note": "厂房改建", "positive_list": True,
        "permit_no": "91652301MA78Y3K2P001P",
    }]


def test_blank_optional_cells_and_left_out_columns_take_the_documented_defaults(tmp_path):
    headers = ["统一社会信用代码*", " 单位名称 ", "所在辖区", "详细地址", "监管类别"]
    result = read_targets(tmp_path, [CODE, "甲公司", "昌吉市", "路1号", "一般"], headers=headers)
    assert result.errors == []
    assert result.rows[0] == {
        "row": 2, "credit_code": CODE, "name": "甲公司", "site": "", "jurisdiction": "昌吉市",
        "address": "路1号", "industry": "", "category": "general", "category_year": None,
        "category_basis": "", "special_criteria": [], "excluded": False, "exclusion_reason": "",
        "exclusion_note": "", "positive_list": False, "permit_no": "",
    }


def test_good_inspectors_round_trip(tmp_path):
    result = read_inspectors(
        tmp_path,
        inspector(职务岗位="执法队员", 工作年限=5, 业务专长="大气、水；固废", 所在部门="一中队", 参与双随机="否"),
        inspector(姓名="李辅助", 人员类别="辅助检查人员", 证件有效期至=None, **{"执法（工作）证号": "FZ-2025-01"},
                  工作年限="３"),
    )
    assert result.errors == []
    assert result.rows == [
        {"row": 2, "name": "张示例", "kind": "officer", "cert_no": "65230100001",
         "cert_valid_until": dt.date(2028, 12, 31), "unit": "昌吉市执法大队", "post": "执法队员",
         "years_of_service": 5, "specialities": ["大气", "水", "固废"], "department": "一中队",
         "in_draw_pool": False},
        {"row": 3, "name": "李辅助", "kind": "assistant", "cert_no": "FZ-2025-01",
         "cert_valid_until": None, "unit": "昌吉市执法大队", "post": "", "years_of_service": 3,
         "specialities": [], "department": "", "in_draw_pool": True},
    ]


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_sheet(tmp_path):
    result = read_targets(tmp_path, target(), {}, {"单位名称": "   "}, target(统一社会信用代码=code(2)))
    assert result.errors == []
    assert [r["row"] for r in result.rows] == [2, 5]
    assert result.total == 2


def test_every_source_kind_reads_the_same_and_rereading_is_deterministic(tmp_path):
    path = write(tmp_path / "t.xlsx", TARGET_HEADERS, [target(), target(统一社会信用代码=code(1))])
    data = path.read_bytes()
    results = [read_directory("targets", src) for src in (path, str(path), data, io.BytesIO(data), path)]
    assert all(r == results[0] for r in results)
    assert len(results[0].rows) == 2
    stream = io.BytesIO(data)
    read_directory("targets", stream)
    assert not stream.closed  # the caller's stream is the caller's to close


def test_a_wrong_stored_dimension_does_not_cut_rows(tmp_path):
    path = write(tmp_path / "t.xlsx", TARGET_HEADERS, [target(), target(统一社会信用代码=code(1))])
    fixed = tmp_path / "dim.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(fixed, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="A1:O3"\s*/>', b'<dimension ref="A1"/>', data)
                assert count == 1
            dst.writestr(item, data)
    assert len(read_directory("targets", fixed).rows) == 2


# ---- the file as a whole ----------------------------------------------------

@pytest.mark.parametrize(("content", "words"), [
    ("统一社会信用代码,单位名称\n91652301MA78Y3K2PD,甲公司\n".encode(), ["CSV", "另存为", ".xlsx"]),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", ["PDF"]),
    (b"<html><table><tr><td>1</td></tr></table></html>", ["网页", ".xlsx"]),
    (bytes(range(256)) * 4, ["无法识别", ".xlsx"]),
])
def test_a_file_that_is_not_xlsx_is_named_for_what_it_is(tmp_path, content, words):
    path = tmp_path / "renamed.xlsx"
    path.write_bytes(content)
    message = only_error(read_directory("targets", path))
    assert all(w in message for w in words), message
    assert not message.startswith("第")


def test_an_old_xls_file_is_refused_with_save_as_advice(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000)
    message = only_error(read_directory("targets", path))
    assert ".xls" in message and "不支持" in message and "另存为" in message and ".xlsx" in message


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "不是有效的 .xlsx" in only_error(read_directory("targets", buffer.getvalue()))


def test_a_damaged_sheet_inside_a_valid_zip_is_reported_not_raised(tmp_path):
    path = write(tmp_path / "t.xlsx", TARGET_HEADERS, [target()])
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut in the middle of the rows
            dst.writestr(item, data)
    assert "损坏" in only_error(read_directory("targets", broken))


def test_an_empty_file_and_an_empty_workbook_are_refused(tmp_path):
    assert "空的" in only_error(read_directory("targets", b""))
    workbook = openpyxl.Workbook()
    workbook.save(tmp_path / "empty.xlsx")
    assert "工作表是空的" in only_error(read_directory("targets", tmp_path / "empty.xlsx"))


def test_headers_without_data_rows_are_refused(tmp_path):
    assert "没有数据" in only_error(read_targets(tmp_path))


def test_a_file_over_the_limit_is_refused_before_it_is_opened(tmp_path):
    big = b"PK\x03\x04" + b"\0" * (3 * 1024 * 1024 // 2)  # not even a valid zip: never parsed
    path = tmp_path / "big.xlsx"
    path.write_bytes(big)
    for source in (path, big, io.BytesIO(big)):
        message = only_error(read_directory("targets", source, max_bytes=1024 * 1024))
        assert "1.5 MB" in message and "超过上限 1 MB" in message, message


def test_an_unknown_directory_is_a_programming_error():
    with pytest.raises(ValueError):
        read_directory("vehicles", b"")


# ---- headers ----------------------------------------------------------------

def test_each_missing_required_header_is_named(tmp_path):
    headers = [h for h in TARGET_HEADERS if h not in ("单位名称", "详细地址")]
    assert lines(read_targets(tmp_path, target(), headers=headers)) == [
        "第1行 · 单位名称 · 缺少必填列", "第1行 · 详细地址 · 缺少必填列"]


def test_each_unknown_header_is_named_with_its_column(tmp_path):
    result = read_targets(tmp_path, target(), headers=[*TARGET_HEADERS, "备注", "联系人"])
    assert lines(result)[:2] == ["第1行 · 备注 · 未知的列名（第P列）：请改为模板中的列名，或删除该列",
                                 "第1行 · 联系人 · 未知的列名（第Q列）：请改为模板中的列名，或删除该列"]
    assert "可用的列名" in lines(result)[2]


def test_a_duplicate_header_names_both_columns(tmp_path):
    result = read_targets(tmp_path, target(), headers=[*TARGET_HEADERS, "单位名称"])
    assert lines(result) == ["第1行 · 单位名称 · 列名重复：第B列和第P列，请只保留一列"]


def test_headers_marked_required_and_ascii_brackets_are_accepted(tmp_path):
    headers = [h.replace("（", "(").replace("）", ")") + "*" for h in INSPECTOR_HEADERS]
    row = [inspector().get(h) for h in INSPECTOR_HEADERS]
    result = read_inspectors(tmp_path, row, headers=headers)
    assert result.errors == []
    assert result.rows[0]["cert_no"] == "65230100001"


def test_the_other_directory_file_gets_one_clear_line(tmp_path):
    result = read_inspectors(tmp_path, target(), headers=TARGET_HEADERS)
    assert lines(result) == ["第1行 · 这是检查对象名录库的文件，请在检查对象名录库的导入页面上传"]


# ---- cells --------------------------------------------------------------------

def test_missing_required_cells_are_each_reported(tmp_path):
    result = read_targets(tmp_path, target(单位名称=None, 详细地址="  "))
    assert lines(result) == ["第2行 · 单位名称 · 必填，不能为空", "第2行 · 详细地址 · 必填，不能为空"]
    assert result.rows == []


@pytest.mark.parametrize(("cells", "expected"), [
    ({"监管类别": "重点"}, ["第2行 · 类别年度 · 监管类别为重点时必填", "第2行 · 类别依据 · 监管类别为重点时必填"]),
    ({"监管类别": "特殊", "类别年度": 2025, "类别依据": "联审会"}, ["第2行 · 特殊监管原因 · 监管类别为特殊时必填"]),
    ({"参与双随机": "否"}, ["第2行 · 不参与原因 · 参与双随机为“否”时必填"]),
    ({"参与双随机": "否", "不参与原因": "其他"}, ["第2行 · 不参与说明 · 不参与原因为“其他”时必填"]),
])
def test_conditional_requirements_of_targets(tmp_path, cells, expected):
    assert lines(read_targets(tmp_path, target(**cells))) == expected


def test_an_officer_needs_a_cert_expiry_date(tmp_path):
    result = read_inspectors(tmp_path, inspector(证件有效期至=None))
    assert only_error(result) == "第2行 · 证件有效期至 · 人员类别为执法人员时必填"


def test_a_bad_credit_code_gets_the_domain_message(tmp_path):
    wrong_check = CODE[:17] + ("0" if CODE[17] != "0" else "1")
    result = read_targets(tmp_path, target(统一社会信用代码=wrong_check),
                          target(统一社会信用代码="91652301MA78Y3K2"),
                          target(统一社会信用代码=9.16523011234568e17))
    first, short, number = lines(result)
    assert first.startswith("第2行 · 统一社会信用代码 · 统一社会信用代码校验位错误：第18位应为 " + CODE[17])
    assert short.startswith("第3行 · 统一社会信用代码 · 统一社会信用代码应为18位，实际为16位")
    assert number.startswith("第4行 · 统一社会信用代码 · ") and "文本" in number


@pytest.mark.parametrize(("cells", "expected"), [
    ({"执法（工作）证号": "6523010001"}, "第2行 · 执法（工作）证号 · 执法人员的执法证号应为11位数字，填写的是“6523010001”"),
    ({"人员类别": "辅助检查人员", "执法（工作）证号": "F#1"},
     "第2行 · 执法（工作）证号 · 辅助检查人员的工作证号应为4–30位字母、数字或“-”，填写的是“F#1”"),
])
def test_cert_numbers_of_the_wrong_shape(tmp_path, cells, expected):
    assert only_error(read_inspectors(tmp_path, inspector(**cells))) == expected


def test_an_officer_cert_number_stored_as_a_number_is_accepted(tmp_path):
    assert read_inspectors(tmp_path, inspector(**{"执法（工作）证号": 65230100001})).rows[0]["cert_no"] == "65230100001"


def test_unknown_enumerated_values_list_the_allowed_ones(tmp_path):
    result = read_targets(tmp_path, target(监管类别="重点单位", 正面清单="Y", 参与双随机="否", 不参与原因="停业"),
                          target(统一社会信用代码=code(1), 监管类别="特殊", 类别年度=2025, 类别依据="联审会",
                                 特殊监管原因="刑事犯罪、偷排"))
    assert lines(result) == [
        "第2行 · 监管类别 · “重点单位”不是有效的监管类别，可填写：重点、特殊、一般",
        "第2行 · 不参与原因 · “停业”不是有效的不参与原因，可填写：搬迁、长期停产、破产注销、其他",
        "第2行 · 正面清单 · “Y”不是有效的正面清单，可填写：是、否",
        "第3行 · 特殊监管原因 · “偷排”不是有效的特殊监管原因，可填写：刑事犯罪、行政处罚金额在20万元及以上、"
        "信访投诉3次及以上、严重违法违规记录、环境风险等级高、信用评价等级低、污染防治不能稳定达标、其他（多项用“、”分隔）",
    ]
    inspectors = read_inspectors(tmp_path, inspector(人员类别="协管员"))
    assert only_error(inspectors) == "第2行 · 人员类别 · “协管员”不是有效的人员类别，可填写：执法人员、辅助检查人员"


def test_a_date_typed_as_text_is_refused_and_shown(tmp_path):
    result = read_inspectors(tmp_path, inspector(证件有效期至="2027-12-31"),
                             inspector(证件有效期至=46387, **{"执法（工作）证号": "65230100002"}))
    assert lines(result) == [
        "第2行 · 证件有效期至 · 请使用日期格式的单元格，填写的是“2027-12-31”",
        "第3行 · 证件有效期至 · 请使用日期格式的单元格，填写的是数字 46387",
    ]


def test_numbers_typed_as_words_are_refused_but_numeric_text_is_read(tmp_path):
    result = read_targets(tmp_path, target(监管类别="重点", 类别年度="二〇二五", 类别依据="名录"),
                          target(统一社会信用代码=code(1), 监管类别="重点", 类别年度="2025", 类别依据="名录"),
                          target(统一社会信用代码=code(2), 监管类别="重点", 类别年度=1999, 类别依据="名录"))
    assert lines(result) == ["第2行 · 类别年度 · 类别年度应填写数字，填写的是“二〇二五”",
                             "第4行 · 类别年度 · 类别年度应在2000到2100之间，填写的是 1999"]
    assert [r["category_year"] for r in result.rows] == [2025]
    years = read_inspectors(tmp_path, inspector(工作年限="五年"),
                            inspector(工作年限=2.5, **{"执法（工作）证号": "65230100002"}))
    assert lines(years) == ["第2行 · 工作年限 · 工作年限应填写数字，填写的是“五年”",
                            "第3行 · 工作年限 · 工作年限应为整数，填写的是 2.5"]


def test_formulas_are_refused_where_they_are(tmp_path):
    result = read_targets(tmp_path, target(单位名称="=B1&\"公司\"", 类别年度="=YEAR(TODAY())"))
    assert lines(result) == ["第2行 · 单位名称 · 单元格含公式，请粘贴为数值",
                             "第2行 · 类别年度 · 单元格含公式，请粘贴为数值"]


def test_merged_cells_in_the_data_area_are_named_by_range(tmp_path):
    def merge(sheet):
        sheet.merge_cells("D2:D3")

    result = read_targets(tmp_path, target(), target(统一社会信用代码=code(1)), edit=merge)
    assert lines(result)[0] == "第2行 · 所在辖区 · 合并了单元格 D2:D3：请取消合并，并在每个单元格填写完整的值"
    assert "第3行 · 所在辖区 · 必填，不能为空" in lines(result)


def test_duplicate_targets_name_the_earlier_row(tmp_path):
    result = read_targets(tmp_path, target(), target(厂区名称="二厂区"), target(统一社会信用代码=CODE.lower()))
    assert only_error(result) == "第4行 · 统一社会信用代码 · 与第2行重复（统一社会信用代码和厂区名称都相同）"


def test_duplicate_inspectors_name_the_earlier_row(tmp_path):
    result = read_inspectors(tmp_path, inspector(), inspector(姓名="王示例"), inspector(姓名="赵示例"))
    assert lines(result) == ["第3行 · 执法（工作）证号 · 与第2行重复（证号相同）",
                             "第4行 · 执法（工作）证号 · 与第2行重复（证号相同）"]


def test_every_error_of_every_row_is_reported(tmp_path):
    result = read_targets(tmp_path, target(单位名称=None, 监管类别="其它"), target(统一社会信用代码="X", 详细地址=None))
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "单位名称"), (2, "监管类别"), (3, "统一社会信用代码"), (3, "详细地址")]


def test_errors_are_capped_with_a_count_of_the_rest(tmp_path):
    rows = [target(统一社会信用代码=code(i), 监管类别="无") for i in range(1200)]
    result = read_targets(tmp_path, *rows)
    assert len(result.errors) == 1001
    assert result.errors[999].row == 1001
    assert (result.rows, result.total) == ([], 1200)
    assert str(result.errors[-1]) == "另有 200 条错误未列出（只列出前 1000 条），请改正后重新导入"


def test_row_error_text_omits_the_parts_it_does_not_have():
    assert str(RowError(3, "姓名", "必填")) == "第3行 · 姓名 · 必填"
    assert str(RowError(None, None, "文件是空的")) == "文件是空的"
    assert str(RowError(1, None, "应为列名")) == "第1行 · 应为列名"
