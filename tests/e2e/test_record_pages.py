"""执法全过程记录 as a reader gets it, on the demo: the 阜康 monitoring case (order failed on
the 回头看, case opened, 250,000 yuan fine paid) read as one record, in log order, with
the document numbers and evidence hashes; the same rows in the .xlsx and the JSON; the
problem, unit, officer and draw records; and the refusals (a reviewer of another
jurisdiction, an inspector not on the task, an unknown id, an export format we do not make)."""

from __future__ import annotations

import html
import io
import json
import re
from urllib.parse import unquote
from uuid import UUID

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from domain.base import Actor
from domain.problems import Problem
from domain.tasks import InspectionTask
from projections.tables import plans, problems, tasks
from tests.support.pages import text
from workers.demo import stories
from workers.demo.load import load_demo

STORY = "order-failed-penalty"
HEADERS = ["序号", "时间", "记录", "事项", "操作人", "角色", "文书编号", "证据哈希", "变更内容", "理由/依据"]


@pytest.fixture
def demo(system):
    load_demo(system, "default", echo=lambda *_: None)
    return system


def page_rows(response) -> list[dict]:
    """The record table as a reader sees it: per row its log position and its cells' text."""
    found = []
    for attrs, body in re.findall(r"<tr (data-position[^>]*)>(.*?)</tr>", response.text, flags=re.S):
        cells = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split())
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", body, flags=re.S)]
        found.append({"position": int(re.search(r'data-position="(\d+)"', attrs).group(1)), "cells": cells})
    return found


def column(rows: list[dict], name: str) -> list[str]:
    return [r["cells"][HEADERS.index(name)] for r in rows]


def switch(client, login, username: str):
    client.post("/logout")
    return login(username)


def test_the_task_record_reads_the_whole_case_in_order_with_its_numbers_and_hashes(demo, login):
    task_id = stories.task_id(STORY)
    problem = demo.app.load(Problem, stories.problem_id(STORY))
    photo = demo.app.load(InspectionTask, task_id).evidence[0]["sha256"]
    report = problem.disposition("d1").facts["evidence"][0]["sha256"]
    client = login("zhidui")
    page = client.get(f"/record/task/{task_id.hex}")
    assert page.status_code == 200 and "执法全过程记录" in text(page)
    rows = page_rows(page)
    positions = [r["position"] for r in rows]
    assert positions == sorted(positions) and column(rows, "序号") == [str(n) for n in range(1, len(rows) + 1)]
    assert column(rows, "事项") == [
        "建立检查任务", "指派检查人员", "已派发", "已接收", "已接收", "检查情况已记录", "证据已上传", "发现并登记问题",
        "任务已办结", "责令改正", "提交整改报告", "已安排回头看", "回头看未通过", "已立案", "作出处罚决定",
        "处罚执行完毕", "问题办结", "任务闭环"]
    by_title = {r["cells"][3]: r["cells"] for r in rows}
    assert by_title["责令改正"][6] == "昌州环责改〔2026〕58号"
    assert by_title["已立案"][6] == "昌州环立〔2026〕112号"
    assert by_title["作出处罚决定"][6] == "昌州环罚〔2026〕27号" and "250000.00" in by_title["作出处罚决定"][8]
    assert by_title["证据已上传"][7] == photo and by_title["提交整改报告"][7] == report
    assert by_title["责令改正"][2].startswith("问题：") and by_title["建立检查任务"][2].startswith("检查任务：")
    assert by_title["责令改正"][4:6] == ["昌吉州支队调度员（zhidui）", "支队（调度）"]
    assert by_title["证据已上传"][5] == "执法人员" and "（3105" in by_title["证据已上传"][4]  # a name, not an id
    assert "—" in by_title["指派检查人员"][8] and "→" in by_title["指派检查人员"][8]
    assert "罚款已全额缴纳" in by_title["问题办结"][9]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", by_title["任务闭环"][1])
    stylesheet = client.get(re.search(r'href="([^"]*print\.css)"', page.text).group(1))
    assert b"size:A4 landscape" in stylesheet.data  # printable on A4 (site.css already hides the nav)


def test_the_workbook_and_the_json_hold_the_page_s_rows(demo, login):
    client = login("zhidui")
    task_id = stories.task_id(STORY).hex
    rows = page_rows(client.get(f"/record/task/{task_id}"))
    download = client.get(f"/record/task/{task_id}.xlsx")
    assert download.status_code == 200
    disposition = download.headers["Content-Disposition"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]).startswith("执法全过程记录_检查任务_新疆")
    sheet = load_workbook(io.BytesIO(download.data)).active
    values = [["" if v is None else " ".join(str(v).split()) for v in line]
              for line in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADERS and values[1:] == [r["cells"] for r in rows]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b and sheet["B2"].font.name == "宋体"

    data = json.loads(client.get(f"/record/task/{task_id}?format=json").data)
    assert json.loads(client.get(f"/record/task/{task_id}.json").data)["rows"] == data["rows"]
    assert data["ids"]["task_id"] == task_id and data["ids"]["problem_ids"] == [stories.problem_id(STORY).hex]
    assert data["columns"] == HEADERS and [r["position"] for r in data["rows"]] == [r["position"] for r in rows]
    assert all(a["position"] < b["position"] for a, b in zip(data["rows"], data["rows"][1:]))
    for stream in {r["stream_id"] for r in data["rows"]}:
        versions = [r["version"] for r in data["rows"] if r["stream_id"] == stream]
        assert versions == list(range(1, len(versions) + 1))  # every event of each stream, none left out
    penalty = next(r for r in data["rows"] if r["event"] == "PenaltyDecided")
    assert penalty["documents"] == ["昌州环罚〔2026〕27号"] and penalty["at"].endswith("+08:00")
    assert penalty["actor_id"] == "zhidui" and penalty["actor_role"] == "supervisor"

    refused = client.get(f"/record/task/{task_id}?format=pdf")
    assert refused.status_code == 400 and "导出格式只能是 xlsx 或 json" in text(refused)


def test_problem_unit_officer_and_draw_records(demo, login):
    client = login("zhidui")
    with demo.engine.connect() as conn:
        task = conn.execute(select(tasks).where(tasks.c.id == stories.task_id(STORY).hex)).mappings().one()
        plan_id = conn.execute(select(plans.c.id).where(plans.c.jurisdiction == "652300")).scalar()  # 州本级
        made = len(conn.execute(select(tasks.c.id).where(tasks.c.plan_id == plan_id)).all())
        problem_id = conn.execute(select(problems.c.id).where(problems.c.task_id == task["id"])).scalar()
    page = client.get(f"/record/problem/{problem_id}")
    rows = page_rows(page)
    assert column(rows, "事项")[0] == "发现并登记问题" and set(column(rows, "记录")) == {rows[0]["cells"][2]}
    assert f'/record/task/{task["id"]}' in page.text  # its task's record

    unit = page_rows(client.get(f"/record/unit/{task['target_id']}"))
    assert column(unit, "事项")[0] == "登记入库" and {"建立检查任务", "作出处罚决定", "任务闭环"} <= set(column(unit, "事项"))

    officer, other = task["officers"]
    mine = client.get(f"/record/officer/{officer}")
    name = re.search(r"检查人员：([^<]+)</small>", mine.text).group(1)
    rows = page_rows(mine)
    assert column(rows, "事项")[0] == "登记入库" and "已接收" in column(rows, "事项")
    assert all(name in " ".join(r["cells"][4:]) or name in r["cells"][2] for r in rows)  # each names them

    draw = page_rows(client.get(f"/record/draw/{plan_id}"))
    assert column(draw, "事项")[:3] == ["制定抽查计划", "承诺（事前公开）", "执行抽取"]
    assert column(draw, "事项").count("建立检查任务") == made and "随机选派检查人员" in column(draw, "事项")


def test_who_may_not_read_a_record(demo, login, client):
    demo.app.create_user(Actor("admin", "admin"), "t:kf-reviewer", username="kfjicha", display_name="经开区稽查",
                         role="reviewer", jurisdiction="652800-KF")
    demo.read_side_up_to_date()
    task_id = stories.task_id(STORY).hex
    with demo.engine.connect() as conn:
        target_id = conn.execute(select(tasks.c.target_id).where(tasks.c.id == task_id)).scalar()

    assert client.get(f"/record/task/{task_id}").status_code == 302  # to the login page
    login("kfjicha")
    for path in (f"/record/task/{task_id}", f"/record/task/{task_id}.xlsx", f"/record/unit/{target_id}"):
        refused = client.get(path)
        assert refused.status_code == 403 and "不在您的管辖范围内" in text(refused), path

    switch(client, login, "dadui")  # 毛峰 of the 昌吉市 brigade: not on the 阜康 case
    for path in (f"/record/task/{task_id}", f"/record/problem/{stories.problem_id(STORY).hex}"):
        assert client.get(path).status_code == 403, path
    assert client.get(f"/record/unit/{target_id}").status_code == 403  # units: not an inspector's record
    assert client.get(f"/record/task/{stories.task_id('order-verified').hex}").status_code == 200  # his own

    switch(client, login, "jicha")  # the region's reviewer sees it all
    assert client.get(f"/record/task/{task_id}.json").status_code == 200
    for kind in ("task", "problem", "unit", "officer", "draw"):
        missing = client.get(f"/record/{kind}/{UUID(int=1).hex}")
        assert missing.status_code == 404 and "不存在" in text(missing), kind
    assert client.get("/record/case/abc").status_code == 404
