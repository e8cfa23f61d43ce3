"""检查任务 as a brigade works it in the browser: the supervisor creates a 12369 complaint
task with two officers and dispatches it; the officer finds it on "my tasks", accepts it,
records an on-site inspection with the 十必查, uploads a photo (its SHA-256 on the page,
the download re-checked), records a problem and completes. And the refusals: an officer
not assigned, a date in the future, a file type not allowed, a form sent twice, a
reviewer who only reads, a supervisor of another county.

Users and inspector records are matched by name within the brigade (webapp/tasks/queries.
officer_of): a 执法证号 is 11 digits and a user name starts with a letter, so the other
branch of the rule (证号 = user name) is exercised directly on the function."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import datetime, timedelta
from types import SimpleNamespace
from uuid import UUID

import pytest
from sqlalchemy import func, select

from domain.base import Actor
from domain.checklists import items
from domain.credit_code import make_credit_code
from domain.inspectors import Inspector
from domain.tasks import InspectionTask
from projections.tables import history
from webapp.auth.credentials import set_password
from webapp.templating import SHANGHAI
from tests.support.pages import PASSWORD, text

CLI = Actor("cli", "admin")
CODE = make_credit_code("91652301MA8000001")
OTHER_CODE = make_credit_code("91652302MA8000002")
OFFICERS = {"zhangmy": ("张明远", "31050016001"), "liwd": ("李卫东", "31050016002"),
            "wangjh": ("王建华", "31050016003")}
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 40 + b"\xff\xd9"


def today():
    return datetime.now(SHANGHAI).date()


def register_world(app) -> dict:
    """昌吉市 and 阜康市 (two counties of 昌吉州), a brigade in each; three officers of the
    昌吉市 brigade with their users, a supervisor for each county, a reviewer for the
    prefecture, and one unit in each county."""
    app.register_jurisdiction(CLI, "j1", code="650000", name="新疆维吾尔自治区", level="province", parent=None)
    app.register_jurisdiction(CLI, "j2", code="652300", name="昌吉回族自治州", level="prefecture", parent="650000")
    app.register_jurisdiction(CLI, "j3", code="652301", name="昌吉市", level="county", parent="652300")
    app.register_jurisdiction(CLI, "j4", code="652302", name="阜康市", level="county", parent="652300")
    app.form_brigade(CLI, "b1", code="BR-652301", name="昌吉市分局执法大队", kind="brigade", jurisdiction="652301")
    app.form_brigade(CLI, "b2", code="BR-652302", name="阜康市分局执法大队", kind="brigade", jurisdiction="652302")
    ids = {}
    for username, (name, cert) in OFFICERS.items():
        ids[username] = app.register_inspector(CLI, f"o-{username}", name=name, kind="officer", cert_no=cert,
                                               cert_valid_until=today() + timedelta(days=3650),
                                               unit="BR-652301").aggregate_id.hex
        app.create_user(CLI, f"u-{username}", username=username, display_name=name, role="inspector",
                        brigade="BR-652301")
    for username, role, jurisdiction in (("zhou", "supervisor", "652301"), ("qian", "supervisor", "652302"),
                                         ("jicha", "reviewer", "652300")):
        app.create_user(CLI, f"u-{username}", username=username, display_name=username, role=role,
                        jurisdiction=jurisdiction)
    ids["unit"] = app.register_target(CLI, "t1", credit_code=CODE, site="", name="昌吉市某化工有限公司",
                                      jurisdiction="652301", address="昌吉市工业园1号").aggregate_id.hex
    ids["other_unit"] = app.register_target(CLI, "t2", credit_code=OTHER_CODE, site="", name="阜康市某煤化有限公司",
                                            jurisdiction="652302", address="阜康市产业园2号").aggregate_id.hex
    return ids


@pytest.fixture
def world(system, projector_in_request):
    ids = register_world(system.app)
    system.projector.catch_up()
    return ids


@pytest.fixture
def login(app, system):
    """A fresh browser (test client) logged in as `username`."""
    def as_user(username: str):
        client = app.test_client()
        set_password(system.engine, username, PASSWORD)
        response = client.post("/login", data={"username": username, "password": PASSWORD})
        assert response.status_code == 302, response.text
        return client
    return as_user



def ok(response, status: int = 302):
    assert response.status_code == status, text(response)
    return response


def task_form(world, **overrides) -> dict:
    form = {"command_id": "new-task-1", "origin": "complaint", "reference": "12369-2026-00871",
            "credit_code": CODE, "site": "", "due": (today() + timedelta(days=30)).isoformat(),
            "officer_1": world["zhangmy"], "officer_2": world["liwd"], "note": "群众反映夜间异味"}
    return {**form, **overrides}


def create_task(boss, world, **overrides) -> str:
    response = ok(boss.post("/tasks", data=task_form(world, **overrides)))
    match = re.search(r"/tasks/([0-9a-f]{32})$", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def inspection_form(world, **overrides) -> dict:
    form = {"command_id": "insp-1", "form": "污染源现场检查记录表", "mode": "on_site",
            "present": [world["zhangmy"], world["liwd"]], "representative": "环保负责人 马某",
            "production_status": "正常生产", "findings": "危废贮存间地面未做防渗，标识不全",
            "inspected_on": today().isoformat()}
    form.update({f"check_{n}": "ok" for n in range(1, len(items()) + 1)})
    form["check_6"] = "problem"  # 危险废物规范化管理
    return {**form, **overrides}


def problem_form(**overrides) -> dict:
    form = {"command_id": "prob-1", "description": "危险废物贮存间未做防渗", "category": "hazardous_waste",
            "legal_basis": "《固体废物污染环境防治法》第七十九条", "found_on": today().isoformat()}
    return {**form, **overrides}


def dispatched_task(login, world) -> tuple[str, object]:
    boss = login("zhou")
    task_id = create_task(boss, world)
    ok(boss.post(f"/tasks/{task_id}/dispatch", data={"command_id": "dispatch-1"}))
    return task_id, boss


def inspected_task(login, world) -> tuple[str, object, object]:
    """A dispatched complaint task, accepted and inspected on site by 张明远."""
    task_id, boss = dispatched_task(login, world)
    officer = login("zhangmy")
    ok(officer.post(f"/tasks/{task_id}/accept", data={"command_id": "accept-1"}))
    ok(officer.post(f"/tasks/{task_id}/inspection", data=inspection_form(world)))
    return task_id, boss, officer


def upload(client, task_id: str, data: bytes, name: str, command_id: str = "ev-1"):
    return client.post(f"/tasks/{task_id}/evidence", content_type="multipart/form-data",
                       data={"command_id": command_id, "file": (io.BytesIO(data), name)})


def events(system, stream_id: str) -> int:
    system.projector.catch_up()
    with system.engine.connect() as conn:
        return conn.execute(select(func.count()).where(history.c.stream_id == stream_id)).scalar()


# -- the whole story ---------------------------------------------------------------------------------
def test_a_complaint_task_from_creation_to_completion(system, world, login):
    boss = login("zhou")
    page = ok(boss.get("/tasks"), 200)
    assert "新建针对性检查任务" in page.text and "张明远（31050016001）" in page.text
    task_id = create_task(boss, world)
    page = ok(boss.get(f"/tasks/{task_id}"), 200)
    shown = text(page)
    for expected in ("昌吉市某化工有限公司", "12369投诉举报", "12369-2026-00871", "张明远（31050016001）",
                     "李卫东（31050016002）", "已分配人员"):
        assert expected in shown, expected
    assert 'id="form-dispatch"' in page.text
    ok(boss.post(f"/tasks/{task_id}/dispatch", data={"command_id": "dispatch-1"}))

    officer = login("zhangmy")
    mine = ok(officer.get("/tasks/mine"), 200)
    assert f'data-id="{task_id}"' in mine.text and "昌吉市某化工有限公司" in mine.text
    assert "已派发" in text(mine) and "执法证号与用户名相同" in text(mine)
    page = ok(officer.get(f"/tasks/{task_id}"), 200)
    assert 'id="form-accept"' in page.text and 'id="form-dispatch"' not in page.text
    ok(officer.post(f"/tasks/{task_id}/accept", data={"command_id": "accept-1"}))

    page = ok(officer.get(f"/tasks/{task_id}"), 200)
    assert 'id="form-inspection"' in page.text
    for n, item in enumerate(items(), 1):
        assert f'name="check_{n}"' in page.text and item in page.text
    ok(officer.post(f"/tasks/{task_id}/inspection", data=inspection_form(world)))

    uploaded = upload(officer, task_id, JPEG, "危废贮存间.jpg")
    ok(uploaded)
    digest = hashlib.sha256(JPEG).hexdigest()
    page = ok(officer.get(f"/tasks/{task_id}"), 200)
    shown = text(page)
    assert digest in page.text and "image/jpeg" in shown and "危废贮存间.jpg" in shown
    assert "污染源现场检查记录表" in shown and "危废贮存间地面未做防渗" in shown and "存在问题" in shown
    download = ok(officer.get(f"/evidence/{digest}?in={task_id}"), 200)
    assert download.data == JPEG and download.mimetype == "image/jpeg"

    recorded = ok(officer.post(f"/tasks/{task_id}/problems", data=problem_form()))
    problem_id = re.search(r"/problems/([0-9a-f]{32})$", recorded.headers["Location"]).group(1)
    ok(officer.post(f"/tasks/{task_id}/complete", data={"command_id": "done-1", "summary": "发现问题1项，待处置"}))

    page = ok(officer.get(f"/tasks/{task_id}"), 200)
    assert "已办结" in text(page) and f"/problems/{problem_id}" in page.text
    task = system.app.load(InspectionTask, UUID(hex=task_id))
    assert task.state == "completed" and task.problems == [problem_id]
    assert task.accepted_by == [world["zhangmy"]] and len(task.records) == 1 and len(task.evidence) == 1
    # The officer's events carry the officer (the inspector record), the supervisor's the user.
    with system.engine.connect() as conn:
        actors = set(conn.execute(select(history.c.actor_id).where(history.c.stream_id == task_id)).scalars())
    assert actors == {"zhou", world["zhangmy"]}
    history_page = text(page)
    assert "检查情况已记录" in history_page and "张明远（31050016001）" in history_page


def test_a_task_with_nothing_found_closes_when_completed(system, world, login):
    task_id, boss, officer = inspected_task(login, world)
    ok(officer.post(f"/tasks/{task_id}/complete", data={"command_id": "done-1", "summary": "未发现环境违法问题"}))
    page = ok(officer.get(f"/tasks/{task_id}"), 200)
    assert "已闭环" in page.text and "未发现问题" in text(page)
    mine = ok(officer.get("/tasks/mine"), 200)
    assert "最近办结" in mine.text


def test_the_supervisor_filters_reassigns_extends_and_cancels(system, world, login):
    boss = login("zhou")
    task_id = create_task(boss, world)
    listing = ok(boss.get("/tasks?state=assigned&origin=complaint"), 200)
    assert f'data-id="{task_id}"' in listing.text
    assert f'data-id="{task_id}"' not in ok(boss.get("/tasks?state=closed"), 200).text
    assert f'data-id="{task_id}"' not in ok(boss.get("/tasks?overdue=yes"), 200).text
    assert ok(boss.get("/tasks?state=nonsense"), 422)
    ok(boss.post(f"/tasks/{task_id}/officers", data={"command_id": "re-1", "officer_1": world["zhangmy"],
                                                     "officer_2": world["wangjh"], "reason": "李卫东出差"}))
    new_due = (today() + timedelta(days=60)).isoformat()
    ok(boss.post(f"/tasks/{task_id}/due", data={"command_id": "due-1", "due": new_due, "reason": "企业停产检修"}))
    task = system.app.load(InspectionTask, UUID(hex=task_id))
    assert task.officers == sorted([world["zhangmy"], world["wangjh"]]) and task.due.isoformat() == new_due
    system.app.command(InspectionTask, UUID(hex=task_id), "record_joint_members", Actor("zhou", "supervisor"), "j-1",
                       department="昌吉市市场监督管理局", kind="department", members=["赵某", "钱某"], basis="联合抽查方案")
    system.projector.catch_up()
    page = ok(boss.get(f"/tasks/{task_id}"), 200)
    assert "部门联合抽查 昌吉市市场监督管理局：赵某、钱某" in text(page) and "登记联合检查人员" in text(page)
    ok(boss.post(f"/tasks/{task_id}/cancel", data={"command_id": "cancel-1", "reason": "投诉人撤回，经核实无此事"}))
    page = ok(boss.get(f"/tasks/{task_id}"), 200)
    assert "已取消" in text(page) and "投诉人撤回" in text(page) and 'id="form-cancel"' not in page.text


# -- bad input and refusals ----------------------------------------------------------------------------
def test_a_complaint_needs_its_number_and_two_different_officers(system, world, login):
    boss = login("zhou")
    missing = ok(boss.post("/tasks", data=task_form(world, reference="")), 422)
    assert "12369投诉举报来源的任务须填写投诉编号" in text(missing)
    same = ok(boss.post("/tasks", data=task_form(world, officer_2=world["zhangmy"], command_id="n2")), 422)
    assert "每项检查须有两名不同的执法人员" in text(same)
    elsewhere = ok(boss.post("/tasks", data=task_form(world, credit_code=OTHER_CODE, command_id="n3")), 422)
    assert "不在您的管辖范围内" in text(elsewhere)
    system.projector.catch_up()
    with system.engine.connect() as conn:
        assert conn.execute(select(func.count()).where(history.c.stream_kind == "inspectiontask")).scalar() == 0


def test_an_officer_not_assigned_is_refused(system, world, login):
    task_id, _boss = dispatched_task(login, world)
    other = login("wangjh")
    page = ok(other.get(f"/tasks/{task_id}"), 200)  # same brigade: may read, not record
    assert 'id="form-accept"' not in page.text
    before = events(system, task_id)
    refused = ok(other.post(f"/tasks/{task_id}/accept", data={"command_id": "x-1"}), 403)
    assert "只有本任务指派的检查人员" in text(refused)
    ok(other.post(f"/tasks/{task_id}/inspection", data=inspection_form(world, command_id="x-2")), 403)
    assert f'data-id="{task_id}"' not in ok(other.get("/tasks/mine"), 200).text
    assert events(system, task_id) == before


def test_an_inspection_dated_in_the_future_is_refused_and_nothing_is_written(system, world, login):
    task_id, _boss = dispatched_task(login, world)
    officer = login("zhangmy")
    ok(officer.post(f"/tasks/{task_id}/accept", data={"command_id": "accept-1"}))
    before = events(system, task_id)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    refused = ok(officer.post(f"/tasks/{task_id}/inspection", data=inspection_form(world, inspected_on=tomorrow)),
                 422)
    assert "检查日期不能晚于今天" in text(refused)
    short = ok(officer.post(f"/tasks/{task_id}/inspection",
                            data=inspection_form(world, command_id="insp-2", check_3="")), 422)
    assert "“十必查”尚有1项未填写" in text(short)
    assert events(system, task_id) == before
    assert system.app.load(InspectionTask, UUID(hex=task_id)).records == []


def test_an_executable_is_not_accepted_as_evidence(system, world, login):
    task_id, _boss, officer = inspected_task(login, world)
    before = events(system, task_id)
    refused = ok(upload(officer, task_id, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "照片.jpg"), 422)
    assert "证据文件类型不支持" in text(refused)
    ok(officer.post(f"/tasks/{task_id}/evidence", data={"command_id": "ev-2"}), 422)  # no file at all
    assert events(system, task_id) == before


def test_the_same_form_sent_twice_records_once(system, world, login):
    task_id, _boss, officer = inspected_task(login, world)
    again = officer.post(f"/tasks/{task_id}/inspection", data=inspection_form(world), follow_redirects=True)
    assert "该表单已提交过，未重复执行" in again.text
    ok(upload(officer, task_id, JPEG, "a.jpg", "ev-1"))
    ok(upload(officer, task_id, JPEG, "a.jpg", "ev-1"))
    ok(officer.post(f"/tasks/{task_id}/problems", data=problem_form()))
    ok(officer.post(f"/tasks/{task_id}/problems", data=problem_form()))
    task = system.app.load(InspectionTask, UUID(hex=task_id))
    assert len(task.records) == 1 and len(task.evidence) == 1
    boss = login("zhou")
    board = ok(boss.get("/problems"), 200)
    assert board.text.count('class="card problem') == 1
    # A second targeted-task form with the same id makes one task.
    first = create_task(boss, world, command_id="same-id")
    assert create_task(boss, world, command_id="same-id") == first


def test_a_reviewer_reads_but_has_no_forms_and_may_not_post(system, world, login):
    task_id, _boss, _officer = inspected_task(login, world)
    reviewer = login("jicha")
    page = ok(reviewer.get(f"/tasks/{task_id}"), 200)
    assert "昌吉市某化工有限公司" in page.text and "污染源现场检查记录表" in text(page)
    assert 'id="form-' not in page.text
    listing = ok(reviewer.get("/tasks"), 200)
    assert f'data-id="{task_id}"' in listing.text and 'id="form-new-task"' not in listing.text
    for path in ("dispatch", "cancel", "accept", "problems", "complete"):
        ok(reviewer.post(f"/tasks/{task_id}/{path}", data={"command_id": f"r-{path}", "reason": "x"}), 403)
    ok(reviewer.post("/tasks", data=task_form(world, command_id="r-new")), 403)
    ok(reviewer.get("/tasks/mine"), 403)


def test_a_supervisor_of_another_county_is_refused(system, world, login):
    task_id, _boss = dispatched_task(login, world)
    other = login("qian")
    ok(other.get(f"/tasks/{task_id}"), 403)
    ok(other.post(f"/tasks/{task_id}/cancel", data={"command_id": "q-1", "reason": "不是我县的"}), 403)
    assert f'data-id="{task_id}"' not in ok(other.get("/tasks"), 200).text
    assert system.app.load(InspectionTask, UUID(hex=task_id)).state == "dispatched"


def test_evidence_is_only_served_with_a_record_that_holds_it_and_when_intact(system, world, login):
    task_id, _boss, officer = inspected_task(login, world)
    ok(upload(officer, task_id, JPEG, "a.jpg"))
    digest = hashlib.sha256(JPEG).hexdigest()
    ok(officer.get(f"/evidence/{digest}"), 404)
    ok(login("qian").get(f"/evidence/{digest}?in={task_id}"), 403)
    stored = system.settings.var_dir / "evidence" / digest[:2] / digest
    stored.write_bytes(JPEG + b"swapped")
    tampered = ok(officer.get(f"/evidence/{digest}?in={task_id}"), 422)
    assert "证据文件缺失或已被改动" in text(tampered)


def test_officer_of_matches_the_certificate_number_or_the_name_within_the_brigade(system, world):
    from webapp.tasks.queries import officer_of

    with system.engine.connect() as conn:
        def user(username, display_name, brigade, role="inspector"):
            return SimpleNamespace(username=username, display_name=display_name, brigade=brigade, role=role)
        assert officer_of(user("31050016002", "随便", None), conn) == world["liwd"]
        assert officer_of(user("zhangmy", "张明远", "BR-652301"), conn) == world["zhangmy"]
        assert officer_of(user("zhangmy", "张明远", "BR-652302"), conn) is None  # another brigade
        assert officer_of(user("zhou", "张明远", "BR-652301", role="supervisor"), conn) is None
    assert Inspector.create_id(cert_no="31050016001").hex == world["zhangmy"]


def test_my_tasks_in_english(system, world, login):
    task_id, _boss = dispatched_task(login, world)
    officer = login("zhangmy")
    page = ok(officer.get("/tasks/mine", headers={"Accept-Language": "en"}), 200)
    assert "My tasks" in page.text and "我的任务" not in page.text and "Dispatched" in page.text


def test_every_domain_label_is_marked_for_the_catalog():
    """States, origins, forms and results are the domain's; the pages translate them only if
    webapp/tasks/schemas.py marks them (babel does not read domain/tasks.py)."""
    from webapp.tasks.schemas import MARKED

    for what, (domain, marked) in MARKED.items():
        wanted = domain if isinstance(next(iter(domain.values())), str) else dict.fromkeys(domain)
        assert {k: v for k, v in marked.items() if k in domain} == wanted, what


def test_a_joint_inspection_names_the_other_side(world, login):
    client = login("zhou")
    task_id = create_task(client, world)
    response = client.post(f"/tasks/{task_id}/joint", data={"kind": "corps", "department": "兵团第七师生态环境局",
                                                             "members": "七师执法人员甲\n七师执法人员乙\n"})
    assert response.status_code == 302
    page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "兵团第七师生态环境局" in page and "七师执法人员甲" in page and "七师执法人员乙" in page
