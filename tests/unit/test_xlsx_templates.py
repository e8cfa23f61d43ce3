"""The import templates: what a user downloads must pass the reader as it is."""

import datetime as dt
import io

import openpyxl
import pytest

from workers.xlsx import build_template, read_directory
from workers.xlsx.columns import DIRECTORIES
from workers.xlsx.templates import display_width


@pytest.mark.parametrize("kind", sorted(DIRECTORIES))
def test_the_template_passes_its_own_reader(kind):
    result = read_directory(kind, build_template(kind))
    assert result.errors == []
    assert [r["row"] for r in result.rows] == [2]
    assert set(result.rows[0]) == {"row"} | {c.key for c in DIRECTORIES[kind]}


@pytest.mark.parametrize("kind", sorted(DIRECTORIES))
def test_headers_are_bold_marked_and_frozen(kind):
    form = openpyxl.load_workbook(io.BytesIO(build_template(kind))).worksheets[0]
    expected = [c.header + ("*" if c.required else "") for c in DIRECTORIES[kind]]
    assert [cell.value for cell in form[1]] == expected
    assert all(cell.font.bold for cell in form[1])
    assert form.freeze_panes == "A2"


@pytest.mark.parametrize("kind", sorted(DIRECTORIES))
def test_columns_are_wide_enough_for_chinese_text(kind):
    form = openpyxl.load_workbook(io.BytesIO(build_template(kind))).worksheets[0]
    for header, example in zip(form[1], form[2], strict=True):
        width = form.column_dimensions[header.column_letter].width
        assert width >= display_width(header.value) + 2
        if isinstance(example.value, str):
            assert width >= display_width(example.value)


def test_display_width_counts_cjk_as_two():
    assert display_width("所在辖区") == 8
    assert display_width("ab1") == 3
    assert display_width("执法（工作）证号") == 16


def test_the_targets_example_is_a_real_jurisdiction_with_a_valid_code():
    row = read_directory("targets", build_template("targets")).rows[0]
    assert row["jurisdiction"] == "昌吉市"
    assert row["credit_code"] == "91652301MA78Y3K2PD"


def test_the_inspectors_example_has_a_real_date_cell_and_an_11_digit_cert():
    form = openpyxl.load_workbook(io.BytesIO(build_template("inspectors"))).worksheets[0]
    by_header = {h.value.rstrip("*"): c for h, c in zip(form[1], form[2], strict=True)}
    assert isinstance(by_header["证件有效期至"].value, dt.datetime)
    cert = by_header["执法（工作）证号"].value
    assert isinstance(cert, str) and len(cert) == 11 and cert.isdigit()


@pytest.mark.parametrize("kind", sorted(DIRECTORIES))
def test_the_guide_sheet_lists_every_column_and_is_ignored_by_the_reader(kind):
    workbook = openpyxl.load_workbook(io.BytesIO(build_template(kind)))
    assert workbook.sheetnames[1] == "填写说明"
    guide = {row[0]: row for row in workbook["填写说明"].iter_rows(min_row=2, values_only=True) if row[0]}
    for column in DIRECTORIES[kind]:
        _, required, _, allowed = guide[column.header]
        assert required == ("必填" if column.required else column.condition or "选填")
        assert (allowed or "") == "、".join(column.allowed)
    # Only the guide's own content would make a second record; the reader never sees it.
    assert len(read_directory(kind, build_template(kind)).rows) == 1


def test_the_guide_names_the_allowed_categories():
    workbook = openpyxl.load_workbook(io.BytesIO(build_template("targets")))
    rows = {r[0]: r for r in workbook["填写说明"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert rows["监管类别"][3] == "重点、特殊、一般"
    assert "刑事犯罪" in rows["特殊监管原因"][3]
    assert rows["类别年度"][1] == "监管类别为重点或特殊时必填"


def test_templates_are_built_the_same_way_each_time():
    for kind in DIRECTORIES:
        first = read_directory(kind, build_template(kind))
        assert read_directory(kind, build_template(kind)) == first
