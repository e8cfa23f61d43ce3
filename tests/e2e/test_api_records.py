"""The record, time-travel and ledger queries of the JSON API, on the demo's 阜康 case (order
failed on the 回头看, case opened, fine paid): the same rows as the printable record and its
downloads, the same states, differences and versions as the 时间回溯 pages, the ledger page's
status, checkpoints and checks, the bundles with the page's checks; 401 without a login, 403
for another jurisdiction or role, 404 for an unknown record, 422 in Chinese for a bad moment."""

from __future__ import annotations

import io
import json
import re
from datetime import datetime, timedelta
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from domain.base import Actor
from projections import ledger_views
from tests.e2e.test_api_public import demo  # noqa: F401 - fixture: the demo, once for the module
from tests.e2e.test_record_pages import page_rows
from tests.support.openapi import assert_matches_openapi
from tests.support.pages import PASSWORD, text
from webapp.auth.credentials import set_password
from webapp.auth.tokens import issue
from workers.demo import stories
from workers.ledger import make_checkpoint
from workers.ledger_check import verify_store

API = "/api/v1"
STORY = "order-failed-penalty"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def users(demo):  # noqa: F811
    """A logged-in page session per user (the API takes the session too), made once."""
    system, app = demo
    made = {}

    def session(username: str):
        if username not in made:
            set_password(system.engine, username, PASSWORD)
            client = app.test_client()
            assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
            made[username] = client
        return made[username]
    return session


@pytest.fixture(scope="module")
def case(demo):  # noqa: F811
    return stories.task_id(STORY).hex


def get(client, path: str, status: int = 200, **query):
    response = client.get(API + path, query_string=query)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    if response.mimetype == "application/json" and not re.search(r"\.json$|/bundle/", path):
        assert_matches_openapi(client.application, response, API + path)
    return response


# -- 执法全过程记录 ----------------------------------------------------------------------------
def test_the_record_is_the_page_s_rows_and_its_downloads(users, case):
    zhidui = users("zhidui")
    found = get(zhidui, f"/record/task/{case}").get_json()
    document = json.loads(zhidui.get(f"/record/task/{case}.json").data)
    assert found["rows"] == document["rows"] and found["ids"] == document["ids"]
    assert found["title"] == document["title"] and found["columns"] == document["columns"]
    page = page_rows(zhidui.get(f"/record/task/{case}"))
    assert [r["position"] for r in page] == [r["position"] for r in found["rows"]]
    assert [r["cells"][3] for r in page] == [r["title"] for r in found["rows"]]
    decision = next(r for r in found["rows"] if r["title"] == "作出处罚决定")
    assert decision["documents"] == ["昌州环罚〔2026〕27号"]

    api_doc = get(zhidui, f"/record/task/{case}.json")
    assert api_doc.headers["Content-Disposition"] == zhidui.get(f"/record/task/{case}.json").headers["Content-Disposition"]
    assert json.loads(api_doc.data)["rows"] == document["rows"]
    sheet = load_workbook(io.BytesIO(get(zhidui, f"/record/task/{case}.xlsx").data)).worksheets[0]
    assert [c.value for c in sheet[1]] == found["columns"] and sheet.max_row == len(found["rows"]) + 1


def test_other_records_and_who_may_not_read_them(demo, users, case):  # noqa: F811
    system, app = demo
    zhidui = users("zhidui")
    problem = stories.problem_id(STORY).hex
    found = get(zhidui, f"/record/problem/{problem}").get_json()
    assert found["ids"]["task_id"] == case and all(r["stream_id"] == problem for r in found["rows"])
    unit = found["ids"]["target_id"]
    assert case in get(zhidui, f"/record/unit/{unit}").get_json()["ids"]["task_ids"]

    kaifaqu = users("kaifaqu")  # the Korla zone's supervisor: another jurisdiction
    for path in (f"/record/task/{case}", f"/record/task/{case}.xlsx", f"/asof/task/{case}/versions"):
        assert get(kaifaqu, path, 403).get_json()["message"] == "不在您的管辖范围内"
    dadui = users("dadui")  # an inspector of 昌吉市, not on the 阜康 case
    get(dadui, f"/record/task/{case}", 403)
    assert "无权" in get(dadui, f"/record/unit/{unit}", 403).get_json()["message"]
    assert get(zhidui, "/record/task/" + "0" * 32, 404).get_json()["message"] == "检查任务不存在"
    assert zhidui.get(API + "/record/case/abc").status_code == 404
    token = issue(system, Actor("cli", "admin"), "rec-token", "jicha", "复核平台").token  # the region's reviewer
    by_token = app.test_client().get(API + f"/record/task/{case}", headers={"Authorization": f"Bearer {token}"})
    assert by_token.status_code == 200
    assert by_token.get_json()["rows"] == zhidui.get(API + f"/record/task/{case}").get_json()["rows"]
    assert app.test_client().get(API + f"/record/task/{case}").status_code == 401


# -- 时间回溯 ----------------------------------------------------------------------------------
def moment(at: str) -> str:
    """A version's time as a person types it (Beijing time, to the second)."""
    return datetime.fromisoformat(at).astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def page_facts(response) -> dict[str, str]:
    """The facts a page lists, without the step page's "本次变更" marks."""
    return {k: " ".join(re.sub(r"<[^>]+>", " ", re.sub(r'<span class="tag key">.*?</span>', "", v)).split())
            for k, v in re.findall(r'<dd data-fact="([^"]+)">(.*?)</dd>', response.text, re.S)}


def test_a_task_as_it_stood_compared_and_stepped_through(users, case):
    zhidui = users("zhidui")
    spine = get(zhidui, f"/asof/task/{case}/versions").get_json()
    page = zhidui.get(f"/asof/task/{case}")
    assert spine["versions"] == len(spine["items"]) == page.text.count("<li value=")
    assert [v["title"] for v in spine["items"]][:2] == ["建立检查任务", "指派检查人员"]

    first = moment(spine["items"][0]["at"])
    then = get(zhidui, f"/asof/task/{case}", at=first).get_json()
    shown = zhidui.get(f"/asof/task/{case}", query_string={"at": first})
    assert f"该记录为第 {then['version']} 版（共 {spine['versions']} 版）" in text(shown)
    assert {f["key"]: f["value"] for f in then["facts"]} == page_facts(shown)
    assert [e["version"] for e in then["entries"]] == list(range(1, then["version"] + 1))

    compared = get(zhidui, f"/asof/task/{case}/compare", **{"from": first}).get_json()
    page = zhidui.get(f"/asof/task/{case}/compare", query_string={"from": first})
    assert [c["key"] for c in compared["changes"]] == re.findall(r'<tr data-fact="([^"]+)">', page.text)
    assert compared["end"] == "现在" and compared["end_version"] == spine["versions"]
    assert [e["version"] for e in compared["entries"]] == list(range(compared["start_version"] + 1,
                                                                     spine["versions"] + 1))

    step = get(zhidui, f"/asof/task/{case}/step/2").get_json()
    page = zhidui.get(f"/asof/task/{case}/step/2")
    assert [e["title"] for e in step["entries"]] == ["指派检查人员"]
    assert {c["key"] for c in step["changes"]} == set(re.findall(r'<tr data-fact="([^"]+)">', page.text))
    assert {f["key"]: f["value"] for f in step["facts"]} == page_facts(page)
    assert get(zhidui, f"/asof/task/{case}/step/99", 404).get_json()["message"] == (
        f"该记录没有第 99 版（共 {spine['versions']} 版）")


def test_bad_moments_are_explained_in_chinese(users, case):
    zhidui = users("zhidui")
    bad = get(zhidui, f"/asof/task/{case}", 422, at="十月一日").get_json()
    assert bad["errors"]["query"]["at"][0].startswith("时间格式不正确")
    later = (datetime.now(SHANGHAI) + timedelta(days=3)).strftime("%Y-%m-%d")
    assert "尚未到来" in get(zhidui, f"/asof/task/{case}", 422, at=later).get_json()["errors"]["query"]["at"][0]
    assert get(zhidui, f"/asof/task/{case}", 422).get_json()["errors"]["query"]["at"] == ["必填"]
    before = get(zhidui, f"/asof/task/{case}", 404, at="2020-01-01").get_json()
    assert before["message"] == "2020-01-01（当日结束时）：该记录在此时间尚不存在"
    ancient = get(zhidui, f"/asof/task/{case}", 422, at="0001-01-01").get_json()
    assert ancient["errors"]["query"]["at"] == ["时间应在1900年以后"] and ancient["message"] == "回溯时间：时间应在1900年以后"
    swapped = get(zhidui, f"/asof/task/{case}/compare", 422, **{"from": "2026-01-02", "to": "2026-01-01"})
    assert swapped.get_json()["errors"]["query"]["from"] == ["起始时间须早于结束时间"]


# -- 账本 ----------------------------------------------------------------------------------------
def test_the_ledger_s_status_checkpoints_and_checks_as_on_its_page(demo, users):  # noqa: F811
    system, _app = demo
    make_checkpoint(system, Actor("admin", "admin"), "demand")
    verify_store(system)
    jicha = users("jicha")
    status = get(jicha, "/ledger").get_json()
    with system.engine.connect() as conn:
        assert status["head"] == ledger_views.head(conn)
    page = text(jicha.get("/ledger"))
    assert f"位置 {status['head']['position']}" in page and status["head"]["chain_hash"] in page
    assert status["last_check"]["ok"] is True and status["whole_bundles"] is False  # a region's reviewer
    assert [k["key_id"] for k in status["keys"]] and all(k["key_id"] in page for k in status["keys"])

    marks = get(jicha, "/ledger/checkpoints").get_json()
    rows = re.findall(r'<tr data-position="(\d+)">', jicha.get("/ledger").text)
    assert marks["total"] == len(rows) >= 1 and [str(m["position"]) for m in marks["items"]] == rows
    assert marks["items"][0]["occasion_label"] == "手动" and marks["items"][0]["pair"] in jicha.get("/ledger").text
    checks = get(jicha, "/ledger/checks", per_page=1).get_json()
    assert checks["total"] >= 1 and checks["items"][0]["ok"] is True
    assert checks["items"][0]["position"] == status["last_check"]["position"]
    assert get(users("dadui"), "/ledger", 403).get_json()["message"] == "角色 inspector 无权访问"
    assert get(jicha, "/ledger/checks", 422, per_page=0).get_json()["errors"]["query"]["per_page"] == [
        "每页条数应在1至200之间"]


def test_bundles_with_the_page_s_checks(users, case):
    zhidui = users("zhidui")
    bundle = get(zhidui, f"/ledger/bundle/task/{case}")
    assert bundle.mimetype == "application/json" and "核验文件包" in unquote(bundle.headers["Content-Disposition"])
    assert json.loads(bundle.data)["scope"]["kind"] == "task"
    get(users("kaifaqu"), f"/ledger/bundle/task/{case}", 403)
    assert "仅限不受辖区限制的账号" in get(zhidui, "/ledger/bundle/store", 403).get_json()["message"]
    admin = users("admin")
    assert json.loads(get(admin, "/ledger/bundle/store").data)["scope"]["kind"] == "store"
    assert get(admin, "/ledger/bundle/period", 422).get_json()["message"] == "请填写期间的起始日期和截止日期"
    assert get(admin, "/ledger/bundle/period", 422, **{"from": "2026-01-01"}).get_json()["errors"]["query"] == {
        "_schema": ["起始日期和截止日期须同时填写"]}
    assert get(admin, "/ledger/bundle/period", 422, **{"from": "0001-01-01", "to": "0001-01-02"}).get_json()[
        "errors"]["query"] == {"from": ["日期应在1900年至2200年之间"]}
    period = json.loads(get(admin, "/ledger/bundle/period", **{"from": "2026-01-01", "to": "2026-12-31"}).data)
    assert period["scope"]["kind"] == "period"
