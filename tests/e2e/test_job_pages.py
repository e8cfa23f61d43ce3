"""后台任务 as a user meets them: a large file confirmed on the import page becomes a job whose
page shows how far it has got; a background export started from the reports, statistics or
ledger page ends with a file to download; a failed import shows its row errors as a page and
as an .xlsx, and can be retried; nobody but the requester (or an admin) sees a job.

Embedded mode runs with the real thread pool (workers.jobs.embedded.Background) and the
projector thread, as the web process does; one test runs the same pages on real Redis with
real `shuangsui scheduler` and `shuangsui worker` processes."""

from __future__ import annotations

import re
import time
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from domain.base import Actor
from projections.disclosure_views import COLUMNS
from tests.integration.test_jobs import Gate, HEADERS, province, quiet, register_places, units_file
from tests.support.pages import PASSWORD, text
from webapp.auth.credentials import set_password
from workers.demo.load import load_demo
from workers.jobs.service import request_job

KORLA = "652800-KF"


@pytest.fixture
def demo(system):
    load_demo(system, "default", echo=lambda *_: None)
    register_places(system, Actor("admin", "admin"))
    system.projector.catch_up()
    system.projector.start_thread()  # pages wait for their writes as in the web process
    return system


@pytest.fixture
def background(demo):
    from workers.jobs.embedded import Background

    running = Background(demo, quiet(), tick=0.05).start()
    yield running
    running.stop()
    running.backend.pool.shutdown(wait=True)


@pytest.fixture
def user(app, demo):
    def logged_in(username: str):
        set_password(demo.engine, username, PASSWORD)
        client = app.test_client()
        assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
        return client
    return logged_in


def already_there(rows: int) -> int:
    """Units of the file that the demo has already (the same unit in both populations)."""
    from workers.demo.synthetic import population

    demo_units = {(t["credit_code"], t["site"]) for t in population("default")["targets"]}
    return sum((t["credit_code"], t["site"]) in demo_units for t in province()["targets"][:rows])


def job_of(response) -> str:
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    assert location.startswith("/jobs/"), location
    return location.rsplit("/", 1)[1]


def ended(client, job_id: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        state = client.get(f"/jobs/{job_id}.json").get_json()
        if state["ended"]:
            return state
        assert time.monotonic() < deadline, f"后台任务 {job_id} 在 {timeout} 秒内未结束：{state}"
        time.sleep(0.1)


def test_a_large_import_confirmed_on_the_page_runs_in_the_background_with_its_progress(
        background, user, demo, monkeypatch, tmp_path):
    gate = Gate(monkeypatch, at=1000)
    zhidui = user("zhidui")
    units_file(tmp_path / "名录.xlsx")
    preview = zhidui.post("/imports/targets", data={"file": ((tmp_path / "名录.xlsx").open("rb"), "名录.xlsx")},
                          content_type="multipart/form-data")
    planned = re.search(r"共5000行，新增(\d+)，变更(\d+)，未变(\d+)", text(preview))  # some are the demo's units
    assert preview.status_code == 200 and planned and int(planned[1]) > 4900
    assert "文件共 5000 行，确认后在后台导入" in text(preview)
    token = preview.text.split('name="token" value="')[1].split('"')[0]
    job_id = job_of(zhidui.post("/imports/targets/confirm", data={"token": token, "command_id": "confirm-1"}))

    assert gate.reached.wait(60)
    page = zhidui.get(f"/jobs/{job_id}")
    seen = text(page)
    assert page.status_code == 200 and "导入检查对象名录 · 名录.xlsx" in seen and "运行中" in seen
    state = zhidui.get(f"/jobs/{job_id}.json").get_json()
    assert state["status"] == "running" and 1000 <= state["done"] < 5000 and state["total"] == 5000
    assert f'max="5000" value="{state["done"]}"' in page.text and f"{state['done']} / 5000" in seen
    assert state["eta_text"] != "—" and state["percent"] == state["done"] * 100 // 5000
    # Refreshes itself: a script file (the CSP allows no inline script) and a <noscript> fallback.
    assert 'src="/static/job_progress.js"' in page.text and '<meta http-equiv="refresh"' in page.text
    assert "<script>" not in page.text and zhidui.get("/static/job_progress.js").status_code == 200
    gate.open.set()

    state = ended(zhidui, job_id)
    assert state["status"] == "finished" and (state["done"], state["total"]) == (5000, 5000)
    done = text(zhidui.get(f"/jobs/{job_id}"))
    assert "已完成" in done and "共5000行：新增%s，变更%s，未变%s" % planned.groups() in done
    assert "每秒自动刷新" not in done
    last = [t for t in province()["targets"][:5000] if t["jurisdiction"].startswith("6523")][-1]  # in 昌吉州
    assert last["name"] in text(zhidui.get("/targets", query_string={"q": last["credit_code"]}))
    # The same form sent again is the same job, not a second import.
    assert job_of(zhidui.post("/imports/targets/confirm", data={"token": token, "command_id": "confirm-1"})) == job_id


def test_a_failed_import_shows_its_errors_as_a_page_and_an_xlsx_and_can_be_retried(background, user, demo):
    var = Path(demo.settings.var_dir)
    units_file(var / "uploads" / "cli.upload", rows=3000, spoil={6: {"所在辖区": "火星县"}, 2000: {"监管类别": "超级重点"}})
    job_id = request_job(demo, Actor("zhidui", "supervisor"), "cli-1", "import_targets", path="uploads/cli.upload",
                         name="坏名录.xlsx").aggregate_id.hex
    zhidui = user("zhidui")
    assert ended(zhidui, job_id)["status"] == "failed"
    page = zhidui.get(f"/jobs/{job_id}")
    seen = text(page)
    assert "失败" in seen and "共 3000 行，其中 2 行有错误，未写入任何数据" in seen
    assert "8 所在辖区 辖区“火星县”不在辖区名录中" in seen and "2002 监管类别" in seen
    assert "下载错误清单" in seen and 'name="reason"' in page.text

    sheet = zhidui.get(f"/jobs/{job_id}/errors.xlsx")
    assert sheet.status_code == 200
    assert quote("坏名录-错误清单.xlsx", safe="") in sheet.headers["Content-Disposition"]
    lines = list(load_workbook(BytesIO(sheet.data)).worksheets[0].iter_rows(values_only=True))
    assert lines[0] == (*HEADERS, "错误说明") and len(lines) == 3
    assert lines[1][3] == "火星县" and "所在辖区 · 辖区“火星县”不在辖区名录中" in lines[1][-1]

    listing = text(zhidui.get("/jobs/"))
    assert "导入检查对象名录 坏名录.xlsx 失败" in listing and "错误清单" in listing

    # Retry: a reason is required; with one, the job runs again (the file was corrected meanwhile).
    assert zhidui.post(f"/jobs/{job_id}/retry", data={"reason": ""}).status_code == 422
    units_file(var / "uploads" / "cli.upload", rows=3000)
    assert zhidui.post(f"/jobs/{job_id}/retry", data={"reason": "已改正文件"}).status_code == 302
    state = ended(zhidui, job_id)
    assert state["status"] == "finished"
    seen = text(zhidui.get(f"/jobs/{job_id}"))
    old = already_there(3000)
    assert "第2次运行" in seen and f"共3000行：新增{3000 - old}，变更0，未变{old}" in seen
    assert zhidui.post(f"/jobs/{job_id}/retry", data={"reason": "再来"}).status_code == 422  # only a failed one


def test_a_background_export_of_the_public_table_downloads_whole_and_only_for_its_requester(
        background, user, demo):
    kaifaqu = user("kaifaqu")
    assert "后台导出" in text(kaifaqu.get("/reports/"))
    job_id = job_of(kaifaqu.post("/jobs/export/disclosure-table", data={"quarter": "2022q2", "jurisdiction": KORLA}))
    state = ended(kaifaqu, job_id)
    assert state["status"] == "finished" and state["done"] == 13
    page = text(kaifaqu.get(f"/jobs/{job_id}"))
    name = "库尔勒经济技术开发区2022年第二季度随机抽查情况公开表.xlsx"
    assert "导出随机抽查情况公开表" in page and f"下载（{name}）" in page

    got = kaifaqu.get(f"/jobs/{job_id}/download")
    assert got.status_code == 200 and f"filename*=UTF-8''{quote(name, safe='')}" in got.headers["Content-Disposition"]
    assert got.data == (Path(demo.settings.var_dir) / "jobs" / f"{job_id}.xlsx").read_bytes()
    sheet = load_workbook(BytesIO(got.data)).active
    assert [c.value for c in sheet[3]] == list(COLUMNS)
    assert [sheet.cell(row=r, column=1).value for r in range(4, 17)] == list(range(1, 14))

    # Another supervisor, an inspector: 403 on every page of the job; an admin sees it.
    for other in ("zhidui", "dadui"):
        client = user(other)
        for url in (f"/jobs/{job_id}", f"/jobs/{job_id}.json", f"/jobs/{job_id}/download"):
            assert client.get(url).status_code == 403, (other, url)
        assert client.post(f"/jobs/{job_id}/retry", data={"reason": "x"}).status_code == 403
        assert job_id not in client.get("/jobs/").text
    admin = user("admin")
    assert admin.get(f"/jobs/{job_id}/download").status_code == 200
    assert "库尔勒经开区环保局" in text(admin.get("/jobs/"))  # an admin's list: everyone's, with who asked


def test_exports_check_role_and_scope_like_their_pages(background, user, demo):
    zhidui = user("zhidui")  # 昌吉州's dispatcher
    assert zhidui.post("/jobs/export/disclosure-table", data={"quarter": "2022Q2", "jurisdiction": KORLA}).status_code == 403
    bad = zhidui.post("/jobs/export/disclosure-table", data={"quarter": "2022Q5"})
    assert bad.status_code == 422 and "不是季度" in text(bad)
    assert zhidui.post("/jobs/export/ledger-bundle", data={"kind": "whole"}).status_code == 403
    assert user("dadui").post("/jobs/export/statistics", data={"period": "2026Q3"}).status_code == 403
    assert "还没有后台任务" in text(zhidui.get("/jobs/"))  # nothing was asked for

    stats = zhidui.get("/stats?period=2026Q3")
    assert "后台导出" in text(stats)
    job_id = job_of(zhidui.post("/jobs/export/statistics", data={"period": "2026Q3"}))  # no pick: own jurisdiction
    assert ended(zhidui, job_id)["status"] == "finished"
    got = zhidui.get(f"/jobs/{job_id}/download")
    assert quote("昌吉州双随机一公开情况统计表-2026Q3.xlsx", safe="") in got.headers["Content-Disposition"]
    assert load_workbook(BytesIO(got.data)).sheetnames == ["情况统计表", "执法人员统计"]

    admin = user("admin")
    assert "后台导出整个事件库的核验文件包" in text(admin.get("/ledger"))
    job_id = job_of(admin.post("/jobs/export/ledger-bundle", data={"kind": "whole"}))
    assert ended(admin, job_id)["status"] == "finished"
    bundle = admin.get(f"/jobs/{job_id}/download")
    assert bundle.get_json()["format"] == "shuangsui-ledger-bundle/1"
    assert quote("核验文件包_整个事件库.json", safe="") in bundle.headers["Content-Disposition"]


@pytest.mark.slow
def test_on_redis_the_scheduler_and_a_worker_process_run_what_the_page_asked_for(user, demo, tmp_path):
    from tests.support.processes import app_env, processes

    kaifaqu = user("kaifaqu")
    with processes(tmp_path / "procs") as running:
        redis = running.redis()
        env = app_env(demo, redis.url, **{f"SHUANGSUI_EVERY_{n.upper()}": "0" for n in quiet()})
        running.scheduler(env)
        running.worker(env)
        job_id = job_of(kaifaqu.post("/jobs/export/disclosure-table", data={"quarter": "2022Q2", "jurisdiction": KORLA}))
        state = ended(kaifaqu, job_id, timeout=90)
        assert state["status"] == "finished", running.logs()
        got = kaifaqu.get(f"/jobs/{job_id}/download")
        assert [c.value for c in load_workbook(BytesIO(got.data)).active[3]] == list(COLUMNS)
        assert load_workbook(BytesIO(got.data)).active.max_row >= 16  # title, heading, 13 rows, footer


@pytest.mark.browser
@pytest.mark.slow
def test_in_a_browser_the_progress_page_follows_the_job_to_its_end(chromium_path, tmp_path):
    """The page's own script (under the app's CSP) polls, and shows the result when the job ends."""
    import os
    import subprocess
    import sys

    from playwright.sync_api import sync_playwright

    from projections.system import Settings, open_system
    from tests.support.browser import CHROMIUM_ARGS
    from tests.support.cli import run
    from tests.support.processes import ROOT, free_port, wait_for_http

    var = tmp_path / "var"
    assert run(var, "demo").returncode == 0
    opened = open_system(Settings(var_dir=var))
    register_places(opened, Actor("admin", "admin"))
    opened.close()
    units_file(tmp_path / "名录.xlsx")
    port, env = free_port(), {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DB_SCHEMA", "REDIS_URL")}
    env["SHUANGSUI_VAR"] = str(var)
    # The app as gunicorn serves it (docker-compose's web): create_app() starts the projector
    # and, without REDIS_URL, the jobs' thread pool and dispatcher in the same process.
    serve = ("from werkzeug.serving import run_simple; from webapp import create_app; "
             f"run_simple('127.0.0.1', {port}, create_app(), threaded=True)")
    server = subprocess.Popen([sys.executable, "-c", serve], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(base)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(locale="zh-CN")
            problems = []
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.goto(base + "/login")
            page.fill("input[name=username]", "zhidui")
            page.fill("input[name=password]", "Zhidui-2026")
            page.click("button[type=submit]")
            page.goto(base + "/imports/")
            page.set_input_files("form[action$='/imports/targets'] input[type=file]", str(tmp_path / "名录.xlsx"))
            page.click("form[action$='/imports/targets'] button[type=submit]")
            page.wait_for_selector("text=确认导入")
            page.click("text=确认导入")
            page.wait_for_url(f"{base}/jobs/*")
            # Still running when first shown (the dispatcher's tick and 5,000 rows take seconds).
            assert page.locator("progress.job-bar").count() == 1 and page.locator("[data-poll]").count() == 1
            page.wait_for_selector("#result", timeout=120_000)  # reloaded by the script when the job ended
            body = page.inner_text("main")
            assert "已完成" in body and "共5000行" in body and "每秒自动刷新" not in body
            assert not [m for m in problems if "Content Security Policy" in m], problems
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
