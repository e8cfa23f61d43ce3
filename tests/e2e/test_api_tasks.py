"""检查任务 through the JSON API, checked against the pages a user sees for the same question:
the supervisor's task list with its filters and pages, an officer's 我的任务, a task page
(officers, inspection records, evidence, problems, the steps offered), an evidence file; and
the refusals (401, 403 another scope or role, 404, 422 in Chinese). On the demo data (a
county brigade's year of work), loaded once for the module; PostgreSQL with a small world."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from uuid import UUID

import pytest
from sqlalchemy import event

from domain.base import Actor
from domain.tasks import InspectionTask
from tests.support.api_demo import api, logged_in, open_demo
from tests.support.pages import PASSWORD, text
from tests.support.world import TODAY, register_world
from webapp import create_app, forms
from webapp.auth.credentials import set_password
from webapp.auth.tokens import issue
from webapp.services import wait_for

PAGE_SIZE = 10
RECUSAL_STATES = ("assigned", "dispatched", "accepted")  # a drawn task's recusal form is shown in these
ROW = re.compile(r'<tr data-id="([0-9a-f]{32})"')
# The task page's forms, by the step the API names (POST /api/v1/tasks/<id>/<step>).
FORMS = {"accept": "form-accept", "inspection": "form-inspection", "evidence": "form-evidence",
         "problems": "form-problem", "complete": "form-complete", "dispatch": "form-dispatch",
         "officers": "form-reassign", "recusal": "form-recusal", "joint": "form-joint", "due": "form-extend",
         "cancel": "form-cancel", "reopen": "form-reopen"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo's directories, accounts and casework (昌吉州), read by every test here."""
    yield from open_demo(tmp_path_factory, "api-tasks", PAGE_SIZE=PAGE_SIZE)


@pytest.fixture(scope="module")
def user(demo):
    return logged_in(*demo)


# -- the list ------------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["", "state=assigned&overdue=no", "state=closed&overdue=no"])
def test_the_task_list_is_the_pages_list_page_by_page(user, query):
    boss = user("zhidui")
    first = api(boss, f"/api/v1/tasks?per_page={PAGE_SIZE}&{query}", template="/api/v1/tasks")
    assert first["total"] > 0, query
    for page in range(1, min(3, -(-first["total"] // PAGE_SIZE)) + 1):
        shown = boss.get(f"/tasks?page={page}&{query}")
        assert shown.status_code == 200
        found = api(boss, f"/api/v1/tasks?page={page}&per_page={PAGE_SIZE}&{query}", check=False)
        assert [t["id"] for t in found["items"]] == ROW.findall(shown.text)
        assert f"共 {found['total']} 条" in text(shown)
        for t in found["items"]:  # what each row says: the unit, the officers by name, the state
            assert t["unit"]["name"] in shown.text and t["state_label"] in text(shown)
            assert all(name in shown.text for name in t["officer_names"])


def test_the_list_filters_answer_in_chinese_and_the_roles_are_the_pages(user, demo):
    boss = user("zhidui")
    wrong = api(boss, "/api/v1/tasks?state=lost", 422, "/api/v1/tasks")
    assert wrong["errors"]["query"]["state"] == ["“lost”不在可选范围内"]
    too_many = api(boss, "/api/v1/tasks?per_page=500", 422, "/api/v1/tasks")
    assert too_many["errors"]["query"]["per_page"] == ["每页条数应在1至200之间"]
    officer = user("dadui")
    assert officer.get("/tasks").status_code == 403
    assert api(officer, "/api/v1/tasks?state=lost", 403, "/api/v1/tasks")["message"]  # the role before the filters
    assert demo[1].test_client().get("/api/v1/tasks").status_code == 401
    # a reviewer of the region reads every county's tasks; a Korla supervisor sees none of Changji's
    everything = api(user("jicha"), "/api/v1/tasks?per_page=1", template="/api/v1/tasks")["total"]
    changji = api(boss, "/api/v1/tasks?per_page=1", template="/api/v1/tasks")["total"]
    assert everything > changji > 0


def test_listing_costs_the_same_queries_for_one_row_or_many(user, demo):
    """Units and officer names come in one query each, not one per row."""
    s, _app = demo
    boss, counted = user("zhidui"), []
    listener = lambda *_args: counted.append(1)  # noqa: E731
    event.listen(s.engine, "before_cursor_execute", listener)
    try:
        sizes = {}
        for per_page in (1, 30):
            counted.clear()
            assert len(api(boss, f"/api/v1/tasks?per_page={per_page}", template="/api/v1/tasks")["items"]) == per_page
            sizes[per_page] = len(counted)
    finally:
        event.remove(s.engine, "before_cursor_execute", listener)
    assert sizes[1] == sizes[30], sizes


# -- 我的任务 ---------------------------------------------------------------------------------------
def test_my_tasks_are_what_the_officer_sees_on_the_phone(user, demo):
    officer = user("dadui")
    mine = api(officer, "/api/v1/tasks/mine")
    page = officer.get("/tasks/mine")
    shown_open = re.findall(r'class="card task-card(?: overdue)?" data-id="([0-9a-f]{32})"', page.text)
    shown_done = re.findall(r'class="card task-card done" data-id="([0-9a-f]{32})"', page.text)
    assert [t["id"] for t in mine["open"]] == shown_open and shown_open
    assert [t["id"] for t in mine["done"]] == shown_done and shown_done
    assert mine["officer_name"].startswith("毛峰") and f"您在任务中的身份：{mine['officer_name']}" in text(page)
    assert all(mine["officer_id"] in t["officers"] for t in mine["open"] + mine["done"])
    assert api(user("zhidui"), "/api/v1/tasks/mine", 403)["status"] == "无权访问"
    s, app = demo  # a token acts as its user
    token = issue(s, Actor("cli", "admin"), "tok-dadui", "dadui", "移动端").token
    by_token = app.test_client().get("/api/v1/tasks/mine", headers={"Authorization": f"Bearer {token}"})
    assert by_token.status_code == 200 and by_token.get_json() == mine


# -- one task ------------------------------------------------------------------------------------
def _forms(page_html: str) -> set[str]:
    return set(re.findall(r'<form method="post" action="[^"]+"[^>]*id="(form-[a-z-]+)"', page_html))


def test_a_task_is_its_page_records_evidence_and_problems(user):
    boss = user("zhidui")
    listed = api(boss, "/api/v1/tasks?per_page=200", template="/api/v1/tasks")["items"]
    worked = [t for t in listed if t["evidence"] and t["records"]]
    assert worked, "the demo has inspected tasks with evidence"
    for n, row in enumerate(worked):
        task = api(boss, f"/api/v1/tasks/{row['id']}", template="/api/v1/tasks/{task_id}", check=n == 0)
        page = boss.get(f"/tasks/{row['id']}")
        assert [r["no"] for r in task["inspections"]] == [int(n) for n in re.findall(r'class="card record" data-no="(\d+)"', page.text)]
        assert f"共 {len(task['inspections'])} 份" in text(page)
        assert [e["sha256"] for e in task["evidence_files"]] == re.findall(r'<li data-sha256="([0-9a-f]{64})"', page.text)
        assert [p["id"] for p in task["problems"]] == re.findall(r'<li class="problem" data-id="([0-9a-f]{32})"', page.text)
        for record in task["inspections"]:
            assert record["findings"] in page.text and record["officer_name"] in page.text
            assert all(c["result_label"] in text(page) for c in record["checklist"])
        assert [c["name"] for c in task["crew"]] == task["officer_names"] and all(n in page.text for n in task["officer_names"])
        assert {FORMS[a] for a in task["actions"]} == _forms(page.text)
        for item in task["evidence_files"]:  # the file itself, checked against its hash again
            download = boss.get(item["download"])
            assert download.status_code == 200 and hashlib.sha256(download.data).hexdigest() == item["sha256"]


def test_the_steps_offered_are_the_forms_the_page_shows_each_user(user, demo, monkeypatch):
    officer, boss = user("dadui"), user("zhidui")
    # a targeted task assigned but not yet dispatched, made through the API's own command
    monkeypatch.setattr(forms, "wait_for", lambda position: demo[0].projector.catch_up() or wait_for(position))
    waiting = next(t for t in api(officer, "/api/v1/tasks/mine")["open"] if t["state"] == "dispatched")
    made = boss.post("/api/v1/tasks", json={
        "command_id": "api-new-task", "origin": "assigned", "reference": "州局交办〔2026〕9号",
        "credit_code": waiting["unit"]["credit_code"], "due": (TODAY + timedelta(days=20)).isoformat(),
        "officer_1": waiting["officers"][0], "officer_2": waiting["officers"][1]})
    assert made.status_code == 200 and made.get_json()["ok"], made.text
    for t in api(officer, "/api/v1/tasks/mine")["open"]:
        for who, role in ((officer, "assigned"), (boss, "supervising")):
            task = api(who, f"/api/v1/tasks/{t['id']}", check=False)
            assert task[role] and {FORMS[a] for a in task["actions"]} == _forms(who.get(f"/tasks/{t['id']}").text)
    one_of_each = {}  # a task in every state there is (drawn or targeted), for a supervisor and a reviewer
    for t in api(boss, "/api/v1/tasks?per_page=200", check=False)["items"]:
        if t["plan_id"] and t["state"] in RECUSAL_STATES:
            continue  # the page cannot show these yet: test_a_drawn_task_page_renders_for_its_supervisor
        one_of_each.setdefault((t["state"], bool(t["plan_id"])), t["id"])
    assert len(one_of_each) >= 4, one_of_each
    for who in (boss, user("jicha")):
        for state, task_id in one_of_each.items():
            task = api(who, f"/api/v1/tasks/{task_id}", check=False)
            assert {FORMS[a] for a in task["actions"]} == _forms(who.get(f"/tasks/{task_id}").text), state
    mine = api(officer, f"/api/v1/tasks/{waiting['id']}", template="/api/v1/tasks/{task_id}")
    assert mine["assigned"] and mine["actions"] == ["accept"] and [c["me"] for c in mine["crew"]].count(True) == 1


def test_a_drawn_task_page_renders_for_its_supervisor(user):
    """The API offers the recusal of a drawn officer; the page should show the same form."""
    boss = user("zhidui")
    drawn = next(t for t in api(boss, "/api/v1/tasks?state=assigned&per_page=200", check=False)["items"]
                 if t["plan_id"])
    task = api(boss, f"/api/v1/tasks/{drawn['id']}", check=False)
    assert "recusal" in task["actions"]
    assert {FORMS[a] for a in task["actions"]} == _forms(boss.get(f"/tasks/{drawn['id']}").text)


def test_another_scope_is_refused_and_an_unknown_task_is_not_found(user):
    changji = api(user("zhidui"), "/api/v1/tasks?per_page=1", template="/api/v1/tasks")["items"][0]["id"]
    korla = user("kaifaqu")
    assert korla.get(f"/tasks/{changji}").status_code == 403
    refused = api(korla, f"/api/v1/tasks/{changji}", 403, "/api/v1/tasks/{task_id}")
    assert refused["message"] == "不在您的管辖范围内"
    for missing in ("0" * 32, "not-a-task"):
        assert api(korla, f"/api/v1/tasks/{missing}", 404, "/api/v1/tasks/{task_id}")["message"] == "检查任务不存在"
    assert korla.get(f"/api/v1/evidence/{'a' * 64}?in={changji}").status_code == 403
    no_record = korla.get(f"/api/v1/evidence/{'a' * 64}")
    assert no_record.status_code == 422 and no_record.get_json()["errors"]["query"]["in"] == ["必填"]


# -- PostgreSQL ----------------------------------------------------------------------------------
@pytest.mark.postgres
def test_an_officers_tasks_and_a_task_on_postgresql(pg_system, tmp_path):
    s = pg_system
    ids = register_world(s.app)
    cli = Actor("cli", "admin")
    s.app.create_user(cli, "u-zm", username="zhangming", display_name="张明", role="inspector", brigade="CJ-01")
    made = s.app.create_targeted_task(cli, "t1", origin="complaint", target_id=UUID(ids["化工"]),
                                      jurisdiction="652301", due=TODAY + timedelta(days=10), reference="12369-1")
    task = made.aggregate_id
    officers = sorted([ids["张明"], ids["赵阜康"]])
    s.app.command(InspectionTask, task, "assign_officers", cli, "t1a", officers=officers, reason="指派")
    s.app.command(InspectionTask, task, "dispatch", cli, "t1d")
    s.projector.catch_up()
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SHUANGSUI_SETTINGS": {"var_dir": tmp_path}},
                     system=s)
    client = app.test_client()
    set_password(s.engine, "zhangming", PASSWORD)
    assert client.post("/login", data={"username": "zhangming", "password": PASSWORD}).status_code == 302
    mine = api(client, "/api/v1/tasks/mine")
    assert [t["id"] for t in mine["open"]] == [task.hex] and mine["officer_name"] == "张明（31050015101）"
    detail = api(client, f"/api/v1/tasks/{task.hex}", template="/api/v1/tasks/{task_id}")
    assert detail["actions"] == ["accept"] and detail["reference"] == "12369-1" and detail["state"] == "dispatched"
