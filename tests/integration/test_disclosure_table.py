"""`shuangsui report disclosure`: the Korla zone's 2022 Q2 public table (附件二 of the seed)
comes out of the demo as the seed's 13 rows, laid out like the government's table; a bad
quarter or an unknown jurisdiction is refused in Chinese and writes nothing; a quarter still
running is marked 暂定."""

from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from domain.base import Actor
from projections.compliance import quarter_of
from projections.disclosure_views import COLUMNS, TITLE
from webapp.cli_reports import report_group, today
from workers.demo.load import load_demo
from workers.demo.seeded import korla_2022q2_inspections
from workers.ledger import make_checkpoint

KORLA = "库尔勒经济技术开发区"


@pytest.fixture
def demo(system):
    load_demo(system, "default", echo=lambda *_: None)
    return system


def report(app, *args: str):
    """`shuangsui report disclosure …` in the app's context (tests/e2e/test_cli.py runs the script)."""
    return app.test_cli_runner().invoke(report_group, ["disclosure", *args])


def seed_rows() -> list[tuple]:
    return [(r["seq"], KORLA, r["name"], r["category"], r["date"], r["result"], r["note"])
            for r in korla_2022q2_inspections()]


def test_the_korla_2022q2_table_is_the_seed_s_13_rows_laid_out_like_the_official_one(demo, app, tmp_path):
    signed = make_checkpoint(demo, Actor("jicha", "reviewer"))
    path = tmp_path / "table.xlsx"
    result = report(app, "--quarter", "2022Q2", "--jurisdiction", KORLA, "-o", str(path))
    assert result.exit_code == 0, result.output
    assert "已写入 13 行" in result.output

    sheet = load_workbook(path).active
    assert sheet["A1"].value == TITLE and "A1:G1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == f"{KORLA} 2022年第二季度"  # the quarter is over: not 暂定
    assert [c.value for c in sheet[3]] == list(COLUMNS)
    assert all(c.font.b and c.border.left.style == "thin" and c.alignment.wrap_text for c in sheet[3])
    data = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=4, max_row=16)]
    assert data == [(n, p, name, kind, day.isoformat(), t, note) for n, p, name, kind, day, t, note in seed_rows()]
    assert {r[3] for r in data} == {"特殊源", "重点源", "一般污染源"}
    footer = " ".join(str(c.value) for row in sheet.iter_rows(min_row=17) for c in row if c.value)
    assert f"位置 {signed['position']}" in footer and signed["chain_hash"] in footer

    # 宋体 throughout, thin borders on every cell of the table, widths fitted to CJK text
    cells = [c for row in sheet.iter_rows(min_row=1, max_row=16) for c in row if c.value is not None]
    assert {c.font.name for c in cells} == {"宋体"}
    assert all(c.border.bottom.style == "thin" for row in sheet.iter_rows(min_row=3, max_row=16) for c in row)
    longest = max(len(r[2]) for r in seed_rows())
    assert sheet.column_dimensions["C"].width >= 2 * longest
    assert sheet.column_dimensions["A"].width < sheet.column_dimensions["C"].width

    # printed on A4, one page wide, the heading on every page, centred
    setup = sheet.page_setup  # paper size 9 is A4 in SpreadsheetML
    assert setup.paperSize == 9 and setup.orientation == "landscape"
    assert setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$1:$3" and sheet.print_options.horizontalCentered
    assert sheet.freeze_panes == "A4"


def test_csv_and_json_hold_the_same_rows(demo, app, tmp_path):
    assert report(app, "--quarter", "2022Q2", "--jurisdiction", "652800-KF", "-o", str(tmp_path / "t.csv")).exit_code == 0
    raw = (tmp_path / "t.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 with a BOM in Chinese
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert lines[0] == list(COLUMNS)
    assert [tuple(r) for r in lines[1:]] == [tuple(str(v) for v in r) for r in seed_rows()]

    signed = make_checkpoint(demo, Actor("jicha", "reviewer"))
    out = tmp_path / "t.data"
    result = report(app, "--quarter", "2022Q2", "--jurisdiction", KORLA, "--format", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["title"] == TITLE and doc["jurisdiction"] == KORLA and doc["period"] == "2022Q2"
    assert doc["provisional"] is False and doc["columns"] == list(COLUMNS)
    assert doc["checkpoint"]["position"] == signed["position"]
    assert doc["checkpoint"]["chain_hash"] == signed["chain_hash"]
    assert [tuple(r.values()) for r in doc["rows"]] == [
        (n, p, name, kind, day.isoformat(), t, note) for n, p, name, kind, day, t, note in seed_rows()]


@pytest.mark.parametrize("args, message", [
    (["--quarter", "2022Q2", "--jurisdiction", "不存在的开发区"], "辖区“不存在的开发区”不存在"),
    (["--quarter", "2022Q5", "--jurisdiction", KORLA], "统计期间“2022Q5”格式不正确"),
    (["--jurisdiction", KORLA], "须且只能给出一个统计期间"),
])
def test_bad_parameters_are_refused_in_chinese_and_write_nothing(demo, app, tmp_path, args, message):
    out = tmp_path / "out"
    out.mkdir()
    result = report(app, *args, "-o", str(out / "table.xlsx"))
    assert result.exit_code != 0 and message in result.output
    assert list(out.iterdir()) == []


def test_an_unknown_suffix_is_refused(demo, app, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = report(app, "--quarter", "2022Q2", "--jurisdiction", KORLA, "-o", str(out / "table.pdf"))
    assert result.exit_code != 0 and "无法从文件名" in result.output
    assert list(out.iterdir()) == []


def test_a_quarter_not_yet_over_is_marked_provisional(demo, app, tmp_path):
    running = quarter_of(today()).label
    path = tmp_path / "now.xlsx"
    result = report(app, "--quarter", running, "--jurisdiction", "新疆维吾尔自治区", "-o", str(path))
    assert result.exit_code == 0, result.output
    assert "暂定" in result.output
    sheet = load_workbook(path).active
    assert sheet["A2"].value.endswith("（暂定）")
    assert report(app, "--quarter", running, "--jurisdiction", "新疆维吾尔自治区",
                  "-o", str(tmp_path / "now.json")).exit_code == 0
    assert json.loads((tmp_path / "now.json").read_text(encoding="utf-8"))["provisional"] is True
