"""The JSON API of background jobs, reminders, the import page and the role home pages, on the
demo: the same jobs, progress, row errors and files as the job pages (only for who asked, or
an admin); the caller's own reminders in the page's order; the reminder rules of a
jurisdiction in scope; the import templates; and each role's dashboard with the figures its
home page shows (another role's: 403). Answers fit the OpenAPI document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from domain.base import Actor
from tests.e2e.test_api_public import demo  # noqa: F401 - fixture: the demo, once for the module
from tests.e2e.test_api_records import users  # noqa: F401 - fixture: a logged-in session per user
from tests.integration.test_jobs import units_file
from tests.support.openapi import assert_matches_openapi
from tests.support.pages import text
from workers import reminders
from workers.jobs import context
from workers.jobs.runner import run_job
from workers.jobs.service import request_job

API = "/api/v1"


def get(client, path: str, status: int = 200, **query):
    response = client.get(API + path, query_string=query)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    if response.mimetype == "application/json":
        assert_matches_openapi(client.application, response, API + path)
    return response


@pytest.fixture(scope="module")
def jobs(demo):  # noqa: F811
    """A failed import of 昌吉州's dispatcher (two bad rows) and the Korla zone's export of its
    2022 Q2 table, each run to its end here, as a worker would."""
    system, _app = demo
    context.use(system)
    var = Path(system.settings.var_dir)
    (var / "uploads").mkdir(exist_ok=True)
    units_file(var / "uploads" / "bad.upload", rows=5, spoil={1: {"所在辖区": "火星县"}, 3: {"监管类别": "超级重点"}})
    failed = request_job(system, Actor("zhidui", "supervisor"), "api-import", "import_targets",
                         path="uploads/bad.upload", name="坏名录.xlsx").aggregate_id.hex
    export = request_job(system, Actor("kaifaqu", "supervisor"), "api-export", "export_disclosure_table",
                         quarter="2022Q2", jurisdiction="652800-KF").aggregate_id.hex
    assert (run_job(failed, 0), run_job(export, 0)) == ("failed", "finished")
    system.projector.catch_up()
    yield {"failed": failed, "export": export}
    context.use(None)


# -- jobs ---------------------------------------------------------------------------------------------
def test_a_user_s_jobs_as_the_page_lists_them(users, jobs):  # noqa: F811
    zhidui = users("zhidui")
    mine = get(zhidui, "/jobs").get_json()
    listed = re.findall(r'<tr data-id="([0-9a-f]{32})"', zhidui.get("/jobs/").text)
    assert [j["id"] for j in mine["items"]] == listed and jobs["failed"] in listed and jobs["export"] not in listed
    everyone = get(users("admin"), "/jobs", per_page=1).get_json()
    assert everyone["total"] >= 2 and len(everyone["items"]) == 1
    assert get(zhidui, "/jobs", 422, per_page=0).get_json()["errors"]["query"]["per_page"] == ["每页条数应在1至200之间"]


def test_a_failed_import_with_its_progress_and_row_errors(users, jobs):  # noqa: F811
    zhidui = users("zhidui")
    job = get(zhidui, f"/jobs/{jobs['failed']}").get_json()
    progress = zhidui.get(f"/jobs/{jobs['failed']}.json").get_json()  # what the page polls
    assert {k: job[k] for k in progress} == progress
    assert job["status_label"] == "失败" and job["params"] == {"name": "坏名录.xlsx"}  # not where it lies in var/
    page = text(zhidui.get(f"/jobs/{jobs['failed']}"))
    assert job["error"] in page and "共 5 行，其中 2 行有错误" in job["error"]
    assert job["download"] is None and job["errors_download"] == f"{API}/jobs/{jobs['failed']}/errors.xlsx"

    errors = get(zhidui, f"/jobs/{jobs['failed']}/errors").get_json()
    assert errors["total"] == errors["problems"] == 2
    for e in errors["items"]:
        assert f"{e['row']} {e['column']} {e['message']}" in page
    assert [e["column"] for e in errors["items"]] == ["所在辖区", "监管类别"]
    sheet = get(zhidui, f"/jobs/{jobs['failed']}/errors.xlsx")
    assert sheet.data == zhidui.get(f"/jobs/{jobs['failed']}/errors.xlsx").data
    assert zhidui.get(API + f"/jobs/{jobs['failed']}/download").status_code == 404


def test_an_export_s_file_only_for_who_asked_or_an_admin(demo, users, jobs):  # noqa: F811
    kaifaqu = users("kaifaqu")
    job = get(kaifaqu, f"/jobs/{jobs['export']}").get_json()
    assert job["status"] == "finished" and job["done"] == 13 and job["result"]["rows"] == 13
    assert "file" not in job["result"]  # the path under var/: said as a download address instead
    got = kaifaqu.get(job["download"])
    assert got.status_code == 200 and got.data == kaifaqu.get(f"/jobs/{jobs['export']}/download").data
    assert got.data == (Path(demo[0].settings.var_dir) / "jobs" / f"{jobs['export']}.xlsx").read_bytes()
    assert get(kaifaqu, f"/jobs/{jobs['export']}/errors").get_json() == {
        "items": [], "total": 0, "page": 1, "per_page": 50, "problems": 0, "errors_download": None}
    for other in ("zhidui", "dadui"):
        for path in ("", "/errors", "/download"):
            refused = get(users(other), f"/jobs/{jobs['export']}{path}", 403).get_json()
            assert refused["message"] == "只有提交该后台任务的用户或系统管理员可以查看"
    assert users("admin").get(job["download"]).status_code == 200
    get(kaifaqu, "/jobs/" + "0" * 32, 404)
    assert demo[1].test_client().get(API + f"/jobs/{jobs['export']}").status_code == 401


# -- reminders ----------------------------------------------------------------------------------------
def test_my_reminders_in_the_page_s_order(demo, users):  # noqa: F811
    system, _app = demo
    reminders.send_reminders(system)
    zhidui = users("zhidui")
    mine = get(zhidui, "/notifications", per_page=200).get_json()
    page = zhidui.get("/notifications/")
    assert mine["total"] >= 1 and [n["id"] for n in mine["items"]] == [
        int(i) for i in re.findall(r'<tr class="(?:unread|read)" data-id="(\d+)"', page.text)]
    assert f"未读 {mine['unread']} 条" in text(page) and mine["unread"] == sum(not n["read"] for n in mine["items"])
    assert all(n["message"] in text(page) for n in mine["items"])
    first = mine["items"][0]["id"]
    theirs = get(users("dadui"), "/notifications").get_json()
    assert first not in [n["id"] for n in theirs["items"]]
    zhidui.post(f"/notifications/{first}/read")
    after = get(zhidui, "/notifications", per_page=200).get_json()
    assert after["unread"] == mine["unread"] - 1 and after["items"][-1]["id"] == first  # read ones last
    assert after["items"][-1]["read_at"] is not None


def test_the_reminder_rules_of_a_jurisdiction_in_scope(demo, users):  # noqa: F811
    system, _app = demo
    zhidui = users("zhidui")
    before = get(zhidui, "/notifications/rules").get_json()
    page = zhidui.get("/notifications/rules")
    assert before["jurisdiction"] == "652300" and before["own"] is False and before["editable"] is True
    assert [(r["kind"], str(r["days"])) for r in before["rules"]] == re.findall(
        r'<tr data-kind="(\w+)" data-enabled="\w+" data-days="(\d+)">', page.text)
    assert before["source_text"] in text(page)
    changed = {**{r["kind"]: {k: r[k] for k in ("enabled", "days", "webhook")} for r in before["rules"]},
               "disclosure": {"enabled": True, "days": 8, "webhook": False}}
    reminders.change_rules(system, Actor("zhidui", "supervisor"), "api-rules", jurisdiction="652300",
                           rules=changed, reason="提前提醒公开")
    system.projector.catch_up()
    after = get(zhidui, "/notifications/rules", jurisdiction="652300").get_json()
    assert after["own"] is True and after["source_text"] == "本辖区单独设置的规则"
    assert {r["kind"]: r["days"] for r in after["rules"]}["disclosure"] == 8
    assert [c["reason"] for c in after["changes"]] == ["提前提醒公开"] and "结果公开期限临近：8个工作日" in after[
        "changes"][0]["rules"]
    county = get(zhidui, "/notifications/rules", jurisdiction="652302").get_json()  # 阜康市 follows 昌吉州
    assert county["source"] == "652300" and county["source_text"] == "本辖区未单独设置，沿用昌吉州的规则"
    assert get(users("kaifaqu"), "/notifications/rules", 403, jurisdiction="652300").get_json()[
        "message"] == "不在您的管辖范围内"
    get(users("dadui"), "/notifications/rules", 403)
    assert get(users("jicha"), "/notifications/rules").get_json()["editable"] is False
    get(zhidui, "/notifications/rules", 404, jurisdiction="999999")


# -- the import page ------------------------------------------------------------------------------------
def test_the_import_page_s_kinds_and_templates(users):  # noqa: F811
    zhidui = users("zhidui")
    found = get(zhidui, "/imports").get_json()
    assert [k["title"] for k in found["kinds"]] == ["检查对象名录库", "检查人员名录库"]
    assert found["max_upload_mb"] == 20 and found["in_request_rows"] == 2000
    for kind in found["kinds"]:
        template = zhidui.get(kind["template"])
        assert template.status_code == 200
        assert template.data[:2] == b"PK" and template.headers["Content-Disposition"] == zhidui.get(
            f"/imports/template/{kind['kind']}.xlsx").headers["Content-Disposition"]
    get(zhidui, "/imports/template/nope.xlsx", 404)
    get(users("dadui"), "/imports", 403)
    get(users("dadui"), "/imports/template/targets.xlsx", 403)


# -- dashboards ------------------------------------------------------------------------------------------
def figure(html: str, row: str, name: str) -> int:
    cell = re.search(rf'<tr data-code="{row}">.*?data-figure="{name}">(.*?)</t[dh]>', html, re.S).group(1)
    return int(re.sub(r"<[^>]+>", "", cell).strip())


def test_the_supervisor_s_dashboard_has_the_home_page_s_figures(users):  # noqa: F811
    zhidui = users("zhidui")
    assert get(zhidui, "/dashboards").get_json() == {"role": "supervisor", "dashboard": f"{API}/dashboards/supervisor"}
    d = get(zhidui, "/dashboards/supervisor").get_json()
    page = zhidui.get("/").text
    assert d["counties"]["places"] and [p["code"] for p in d["counties"]["places"]] == re.findall(
        r'<tr data-code="([\w-]+)"><td>', page)
    for p in d["counties"]["places"]:
        assert [figure(page, p["code"], k) for k in ("problems", "tasks", "disclosures")] == [
            p["problems"], p["tasks"], p["disclosures"]]
    assert d["counties"]["total"] == {k: figure(page, "all", k) for k in ("problems", "tasks", "disclosures")}
    assert d["quarter"]["label"] in page and d["directory"]["officers"] >= 1
    assert get(users("admin"), "/dashboards/supervisor").get_json()["counties"]["places"] != d["counties"]["places"]
    for other in ("dadui", "jicha"):
        assert "无权" in get(users(other), "/dashboards/supervisor", 403).get_json()["message"]


def test_the_officer_s_day_and_the_reviewer_s_second_look(users):  # noqa: F811
    dadui = users("dadui")
    assert get(dadui, "/dashboards").get_json()["dashboard"] == f"{API}/dashboards/officer"
    d = get(dadui, "/dashboards/officer").get_json()
    page = dadui.get("/").text
    assert d["officer"]["name"] in page and d["notice"] is None
    for name in ("today", "overdue", "week", "open", "problems_overdue"):
        shown = re.search(rf'data-figure="{name}"><span class="num">(\d+)</span>', page).group(1)
        assert int(shown) == d["counts"][name], name
    assert {t["id"] for t in d["today"] + d["later"]} | {p["id"] for p in d["problems"]} == set(
        re.findall(r'<tr data-id="([0-9a-f]{32})">', page))
    get(dadui, "/dashboards/reviewer", 403)

    jicha = users("jicha")
    r = get(jicha, "/dashboards/reviewer").get_json()
    page = jicha.get("/").text
    assert [(p["id"], p["status"]) for p in r["draws"]] == re.findall(
        r'<tr data-id="([0-9a-f]{32})" data-status="(\w+)">', page)
    assert r["draws"] and all(p["status_label"] for p in r["draws"])
    assert set(r["changes"]["titles"]) == set(r["changes"]["counts"]) and r["ledger"]["head"]["position"] > 0
    get(jicha, "/dashboards/officer", 403)
