"""The public 随机抽查情况公开表 as anyone reads it, without logging in: the Korla zone's 2022
Q2 table (the seed's 13 rows) on the page, page by page, and in the .xlsx, CSV and JSON
downloads; bad parameters answered in Chinese; no officer's name anywhere."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import timedelta
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from projections.compliance import quarter_of
from projections.disclosure_views import COLUMNS, TITLE
from projections.tables import inspectors, tasks
from tests.support.pages import text
from webapp.tasks.views import today
from workers.demo.load import load_demo
from workers.demo.seeded import korla_2022q2_inspections

KORLA = "库尔勒经济技术开发区"
ASKED = {"quarter": "2022Q2", "jurisdiction": KORLA}


@pytest.fixture
def demo(system):
    load_demo(system, "default", echo=lambda *_: None)
    return system


def seed_rows() -> list[list[str]]:
    return [[str(r["seq"]), KORLA, r["name"], r["category"], r["date"].isoformat(), r["result"], r["note"]]
            for r in korla_2022q2_inspections()]


def table_rows(response) -> list[list[str]]:
    """The official table's body as a reader sees it, cell by cell."""
    body = re.search(r'<table class="disclosure" id="disclosure-table">.*?<tbody>(.*?)</tbody>', response.text, re.S)
    return [[" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)]


def officer_names(system) -> set[str]:
    """The names of the officers who did the Korla zone's inspections."""
    with system.engine.connect() as conn:
        ids = {i for team in conn.execute(select(tasks.c.officers).where(tasks.c.jurisdiction == "652800-KF")).scalars()
               for i in team}
        return set(conn.execute(select(inspectors.c.name).where(inspectors.c.id.in_(ids))).scalars())


def test_the_page_shows_the_seed_s_13_rows_without_login(demo, client):
    response = client.get("/public/disclosure", query_string=ASKED)
    assert response.status_code == 200
    seen = text(response)
    assert TITLE in seen and f"{KORLA} 2022年第二季度" in seen and "共 13 条" in seen and "暂定" not in seen
    assert table_rows(response) == seed_rows()
    assert "登录" in seen and "退出" not in seen  # nobody is logged in
    assert "账本" in seen  # the ledger checkpoint line at the foot


def test_the_table_is_paged(demo, app, client):
    app.config["PAGE_SIZE"] = 5
    third = client.get("/public/disclosure", query_string={**ASKED, "page": 3})
    assert third.status_code == 200
    assert table_rows(third) == seed_rows()[10:]  # numbered on from 11
    assert "第 3 页，共 13 条" in text(third)


def test_the_downloads_hold_the_same_rows(demo, client):
    xlsx = client.get("/public/disclosure.xlsx", query_string=ASKED)
    assert xlsx.status_code == 200
    disposition = unquote(xlsx.headers["Content-Disposition"])
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{KORLA}2022年第二季度随机抽查情况公开表.xlsx" in disposition
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet["A1"].value == TITLE and [c.value for c in sheet[3]] == list(COLUMNS)
    cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=4, max_row=16)]
    assert [[str(v) for v in row] for row in cells] == seed_rows()

    data = client.get("/public/disclosure.csv", query_string={"quarter": "2022q2", "jurisdiction": "652800-KF"})
    assert data.status_code == 200 and data.data.startswith(b"\xef\xbb\xbf")
    assert "随机抽查情况公开表.csv" in unquote(data.headers["Content-Disposition"])
    lines = list(csv.reader(io.StringIO(data.data.decode("utf-8-sig"))))
    assert lines == [list(COLUMNS), *seed_rows()]

    doc = client.get("/public/disclosure.json", query_string=ASKED)
    assert doc.status_code == 200 and doc.mimetype == "application/json"
    found = json.loads(doc.data)
    assert found["title"] == TITLE and found["period"] == "2022Q2" and found["provisional"] is False
    assert [[str(v) for v in r.values()] for r in found["rows"]] == seed_rows()


@pytest.mark.parametrize("args, message", [
    ({"quarter": "2022Q5", "jurisdiction": KORLA}, "“2022Q5”不是季度，应写作如 2022Q2"),
    ({"quarter": "2022Q2", "jurisdiction": "火星开发区"}, "辖区“火星开发区”不存在"),
    ({"quarter": "2099Q1", "jurisdiction": KORLA}, "2099Q1 尚未开始"),
    ({**ASKED, "page": "0"}, "页码应为正整数"),
])
@pytest.mark.parametrize("path", ["/public/disclosure", "/public/disclosure.xlsx", "/public/disclosure.json"])
def test_bad_parameters_get_a_chinese_error(demo, client, path, args, message):
    response = client.get(path, query_string=args)
    assert response.status_code == 422
    assert "Content-Disposition" not in response.headers
    assert message in text(response)
    assert 'id="disclosure-table"' not in response.text  # no table under an error


def test_by_default_the_last_quarter_ended_of_the_top_jurisdiction(demo, client):
    last = quarter_of(quarter_of(today()).start - timedelta(days=1))
    response = client.get("/public/disclosure")
    assert response.status_code == 200
    assert f'value="{last.label}"' in response.text
    assert re.search(r'<option value="650000" selected>', response.text)
    assert "新疆维吾尔自治区" in text(response)


def test_a_quarter_still_running_is_marked_provisional(demo, client):
    running = quarter_of(today()).label
    response = client.get("/public/disclosure", query_string={"quarter": running, "jurisdiction": "650000"})
    assert response.status_code == 200 and "暂定" in text(response)
    doc = client.get("/public/disclosure.json", query_string={"quarter": running, "jurisdiction": "650000"})
    assert json.loads(doc.data)["provisional"] is True


def test_no_officer_names_appear(demo, client):
    names = officer_names(demo)
    assert names  # the demo's inspections were done by named officers
    seen = [text(client.get("/public/disclosure", query_string=ASKED))]
    for fmt in ("csv", "json"):
        seen.append(client.get(f"/public/disclosure.{fmt}", query_string=ASKED).data.decode("utf-8-sig"))
    sheet = load_workbook(io.BytesIO(client.get("/public/disclosure.xlsx", query_string=ASKED).data)).active
    seen.append(" ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None))
    for name in names:
        assert all(name not in s for s in seen), name
