"""账本与检查点 as its readers get it, on the demo: a reviewer signs a checkpoint from the page
and finds it listed with its 位置:链哈希; a task's 核验文件包 downloads and the standalone
verifier finds it intact, disclosing that task and its problems only; the refusals (an
inspector, a reviewer of another jurisdiction, a limited scope asking for everything, bad
period dates); the verifier is public and byte for byte the repository's; /healthz and the
home page show the ledger; a changed event shows in red after 全库核验, makes /healthz say
ok: false without changing its HTTP status, and stops the next checkpoint; the public plan
page prints the latest checkpoint, without who signed it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from sqlalchemy import func, select

from domain import ledger_verify
from domain.base import Actor
from projections.tables import checkpoints, ledger, plans, problems, tasks
from tests.integration.test_ledger import CHANGE, tamper
from tests.support.pages import text
from workers.demo import stories
from workers.demo.load import load_demo

STORY = "order-failed-penalty"  # 阜康, under 昌吉州 (zhidui's jurisdiction)
ADMIN = Actor("admin", "admin")


@pytest.fixture
def demo(system):
    load_demo(system, "default", echo=lambda *_: None)
    return system


def switch(client, login, username: str):
    client.post("/logout")
    return login(username)


def count_checkpoints(system) -> int:
    with system.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(checkpoints)).scalar()


def chain_at(system, position: int) -> str:
    with system.engine.connect() as conn:
        return conn.execute(select(ledger.c.chain_hash).where(ledger.c.position == position)).scalar()


def sign(client) -> tuple[int, str]:
    """Sign from the page; (position, chain hash) as the flash message says them."""
    page = client.post("/ledger/checkpoint", data={"command_id": "t-sign"}, follow_redirects=True)
    assert page.status_code == 200, page.text
    found = re.search(r"已签署检查点：位置 (\d+)，链哈希 ([0-9a-f]{64})", text(page))
    assert found, text(page)
    return int(found.group(1)), found.group(2)


def test_a_reviewer_signs_a_checkpoint_and_finds_it_listed(demo, login):
    client = login("jicha")
    before = client.get("/ledger")
    assert before.status_code == 200 and "账本与检查点" in text(before) and "尚未签署检查点" in text(before)
    assert 'href="/ledger"' in before.text  # the nav link

    position, chain = sign(client)
    assert chain == chain_at(demo, position)
    page = client.get("/ledger")
    row = re.search(rf'<tr data-position="{position}">(.*?)</tr>', page.text, flags=re.S).group(1)
    cells = " ".join(re.sub(r"<[^>]+>", " ", row).split())
    assert chain in cells and "手动" in cells and "自治区稽查员" in cells
    assert f'value="{position}:{chain}"' in row  # copyable as ledger verify --checkpoint takes it
    assert f"位置 {position}，签署于" in text(page)  # the last checkpoint, in the status
    with demo.engine.connect() as conn:
        key = conn.execute(select(checkpoints.c.key_id).where(checkpoints.c.position == position)).scalar()
    assert key in text(page) and "使用中" in text(page) and "公布的密钥编号" in text(page)


def test_a_task_bundle_verifies_and_discloses_the_task_and_its_problems_only(demo, login):
    task_id = stories.task_id(STORY).hex
    with demo.engine.connect() as conn:
        own = {task_id, *conn.execute(select(problems.c.id).where(problems.c.task_id == task_id)).scalars()}
    client = login("zhidui")
    assert f"/ledger/bundle/task/{task_id}" in client.get(f"/tasks/{task_id}").text  # the page links it
    got = client.get(f"/ledger/bundle/task/{task_id}")
    assert got.status_code == 200 and got.mimetype == "application/json"
    disposition = got.headers["Content-Disposition"]
    assert unquote(disposition.split("filename*=UTF-8''")[1]).startswith("核验文件包_检查任务_")
    bundle = json.loads(got.data)
    assert ledger_verify.verify_bundle(bundle) == []
    assert set(bundle["disclosed_streams"]) == own and len(own) > 1
    assert {e["stream"] for e in bundle["entries"] if e["event"]} == own
    assert bundle["scope"]["kind"] == "task"
    assert bundle["checkpoints"][-1]["position"] == bundle["entries"][-1]["position"]  # the export's own

    with demo.engine.connect() as conn:  # a unit's and a draw's, linked from their pages too
        target_id, plan_id = conn.execute(select(tasks.c.target_id, tasks.c.plan_id).where(tasks.c.id == task_id)).one()
        plan_id = plan_id or conn.execute(select(plans.c.id).where(plans.c.jurisdiction == "652300")).scalar()
        drawn = set(conn.execute(select(tasks.c.id).where(tasks.c.plan_id == plan_id)).scalars())
    for kind, subject, page, must in (("unit", target_id, f"/targets/{target_id}", {target_id, *own}),
                                      ("draw", plan_id, f"/plans/{plan_id}", {plan_id, *drawn})):
        assert f"/ledger/bundle/{kind}/{subject}" in client.get(page).text, page
        got = client.get(f"/ledger/bundle/{kind}/{subject}")
        bundle = json.loads(got.data)
        assert got.status_code == 200 and ledger_verify.verify_bundle(bundle) == [], kind
        assert must <= set(bundle["disclosed_streams"]) and bundle["scope"]["id"] == subject, kind


def test_who_may_not_have_the_ledger_or_a_bundle(demo, login, client):
    demo.app.create_user(ADMIN, "t:kf-reviewer", username="kfjicha", display_name="经开区稽查",
                         role="reviewer", jurisdiction="652800-KF")
    demo.read_side_up_to_date()
    task_id = stories.task_id(STORY).hex
    assert client.get("/ledger").status_code == 302  # to the login page
    assert client.get(f"/ledger/bundle/task/{task_id}").status_code == 302

    login("dadui")  # an inspector
    assert client.get("/ledger").status_code == 403
    assert client.post("/ledger/checkpoint").status_code == 403 and client.post("/ledger/verify").status_code == 403
    assert client.get("/ledger/bundle/store").status_code == 403
    assert 'href="/ledger"' not in client.get("/").text
    assert client.get(f"/ledger/bundle/task/{stories.task_id('order-verified').hex}").status_code == 200  # his own

    switch(client, login, "kfjicha")  # a reviewer of another jurisdiction
    for path in (f"/ledger/bundle/task/{task_id}", "/ledger/bundle/store",
                 "/ledger/bundle/period?from=2022-04-01&to=2022-06-30"):
        refused = client.get(path)
        assert refused.status_code == 403, path
    assert "不在您的管辖范围内" in text(client.get(f"/ledger/bundle/task/{task_id}"))
    assert "仅限不受辖区限制的账号" in text(client.get("/ledger/bundle/store"))

    switch(client, login, "jicha")  # the whole region, still a limited scope: not everything
    assert client.get("/ledger/bundle/store").status_code == 403
    assert "仅限不受辖区限制的账号下载" in text(client.get("/ledger"))
    for kind in ("task", "unit", "draw"):
        missing = client.get(f"/ledger/bundle/{kind}/{'0' * 31}1")
        assert missing.status_code == 404 and "不存在" in text(missing), kind
    assert count_checkpoints(demo) == 1  # the inspector's own task bundle; no refusal signed anything


def test_the_whole_store_and_a_period_for_an_unlimited_scope_and_bad_dates_refused(demo, login):
    client = login("admin")
    whole = client.get("/ledger/bundle/store")
    assert whole.status_code == 200
    bundle = json.loads(whole.data)
    assert ledger_verify.verify_bundle(bundle) == [] and bundle["scope"]["kind"] == "store"
    made = count_checkpoints(demo)
    for query, says in (("from=2022-06-30&to=2022-04-01", "不能晚于"), ("from=2022-13-01&to=2022-06-30", "日期格式不正确"),
                        ("from=2022-04-01", "须同时填写"), ("", "请填写期间的起始日期和截止日期")):
        refused = client.get(f"/ledger/bundle/period?{query}")
        assert refused.status_code == 422 and says in text(refused), query
    assert count_checkpoints(demo) == made  # nothing signed for a refused request
    quiet = client.get("/ledger/bundle/period?from=2000-01-01&to=2000-12-31")  # nothing happened then
    bundle = json.loads(quiet.data)
    assert quiet.status_code == 200 and "期间_2000-01-01_至_2000-12-31" in unquote(quiet.headers["Content-Disposition"])
    assert ledger_verify.verify_bundle(bundle) == [] and bundle["disclosed_streams"] == {}
    assert bundle["scope"]["from"] == "2000-01-01" and bundle["scope"]["to"] == "2000-12-31"


def test_a_period_bundle_up_to_today_verifies(demo, login):
    period = login("admin").get("/ledger/bundle/period?from=2000-01-01&to=2099-12-31")
    assert period.status_code == 200
    bundle = json.loads(period.data)
    assert len(bundle["disclosed_streams"]) > 100 and ledger_verify.verify_bundle(bundle) == []


def test_the_verifier_is_public_and_the_repository_s_own_bytes(client):
    got = client.get("/ledger/ledger_verify.py")
    assert got.status_code == 200 and got.mimetype == "text/x-python"
    assert got.data == Path(ledger_verify.__file__).read_bytes()


def test_healthz_and_the_home_page_show_the_ledger(demo, login, client):
    empty = client.get("/healthz").get_json()["ledger"]
    assert empty["last_checkpoint"] is None and empty["last_check"] is None
    position, _chain = sign(login("zhidui"))
    health = client.get("/healthz")
    status = health.get_json()["ledger"]
    with demo.engine.connect() as conn:
        head = conn.execute(select(func.max(ledger.c.position))).scalar()
    assert status["head"] == head and status["lag"] == 0
    assert status["last_checkpoint"]["position"] == position and status["last_checkpoint"]["made_at"].endswith("+00:00")
    home = text(client.get("/"))
    assert re.search(rf"账本\s*：\s*末端位置 {head} · 尚未全库核验", home)
    assert f"上次检查点：位置 {position}" in home


def test_a_changed_event_shows_in_red_and_stops_the_next_checkpoint(demo, login, client):
    signed, _chain = sign(login("jicha"))
    page = client.post("/ledger/verify", follow_redirects=True)
    assert "全库核验通过" in text(page) and 'class="tag ok"' in page.text
    healthy = client.get("/healthz")
    assert healthy.get_json()["ledger"]["last_check"]["ok"] is True

    demo.app.register_jurisdiction(ADMIN, "after", code="659998", name="检查点之后", level="county", parent="652300")
    demo.read_side_up_to_date()
    after = demo.app.recorder.max_notification_id()
    assert after > signed
    tamper(demo, CHANGE, after)

    page = client.post("/ledger/verify", follow_redirects=True)
    problem = re.search(r'<strong class="errors check-problem">(.*?)</strong>', page.text, flags=re.S)
    assert problem and f"位置 {after}" in problem.group(1) and "被修改" in problem.group(1)
    health = client.get("/healthz")
    assert health.status_code == healthy.status_code
    assert health.get_json()["status"] == healthy.get_json()["status"]
    check = health.get_json()["ledger"]["last_check"]
    assert check["ok"] is False and f"位置 {after}" in check["problem"]
    assert "未通过" in text(client.get("/"))  # the reviewer's home page says so too

    events, marks = demo.app.recorder.max_notification_id(), count_checkpoints(demo)
    refused = client.post("/ledger/checkpoint", data={"command_id": "t-after"})
    assert refused.status_code == 409 and "拒绝签署" in text(refused) and f"位置 {after}" in text(refused)
    bundle = client.get(f"/ledger/bundle/task/{stories.task_id(STORY).hex}")  # an export signs first: refused too
    assert bundle.status_code == 409 and f"位置 {after}" in text(bundle)
    assert (demo.app.recorder.max_notification_id(), count_checkpoints(demo)) == (events, marks)  # nothing written


def test_the_public_plan_page_prints_the_latest_checkpoint_without_who(demo, login, client):
    with demo.engine.connect() as conn:
        plan_id = conn.execute(select(plans.c.id).where(plans.c.state == "executed")).scalar()
    position, chain = sign(login("jicha"))
    client.post("/logout")
    page = client.get(f"/public/plans/{plan_id}")
    assert page.status_code == 200
    with demo.engine.connect() as conn:
        key = conn.execute(select(checkpoints.c.key_id).where(checkpoints.c.position == position)).scalar()
    line = re.search(r'<p class="ledger-checkpoint muted">(.*?)</p>', page.text, flags=re.S).group(1)
    said = " ".join(re.sub(r"<[^>]+>", " ", line).split())
    assert f"账本检查点：位置 {position}" in said and chain in said and "签署于" in said and key in said
    assert 'href="/ledger/ledger_verify.py"' in line
    assert "稽查" not in text(page) and "jicha" not in page.text
