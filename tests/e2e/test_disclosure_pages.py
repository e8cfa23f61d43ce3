"""一公开 in the browser: a supervisor finds a completed task's result on the 待审核 list,
reviews it with the proposed phrase, publishes it (on time) and corrects it; withholds
another with its reason; publishes two reviewed results together from the list; sees an
overdue one with how many working days late. And the refusals: publishing before review,
withholding without a reason, a task not yet completed, a batch with an unreviewed result,
an inspector, a reviewer who only reads, a supervisor of another county."""

from __future__ import annotations

import re

from datetime import timedelta
from uuid import UUID

from domain.base import Actor
from domain.calendar import add_working_days, working_days_between
from domain.checklists import items
from domain.disclosure import Disclosure
from domain.problems import Problem
from domain.tasks import InspectionTask
from tests.e2e.test_task_pages import CLI, login, ok, text, today, world  # noqa: F401 - fixtures
from workers import casework


def inspected(system, world, cid: str, *, unit: str = "unit", jurisdiction: str = "652301", days_ago: int = 0) -> UUID:
    """A complaint task inspected on site by 张明远 and 李卫东 (`days_ago` days ago)."""
    app, on = system.app, today() - timedelta(days=days_ago)
    officer = Actor(world["zhangmy"], "inspector")
    task = app.create_targeted_task(CLI, cid, origin="complaint", target_id=UUID(hex=world[unit]),
                                    jurisdiction=jurisdiction, due=today() + timedelta(days=30),
                                    reference=f"12369-{cid}").aggregate_id
    app.command(InspectionTask, task, "assign_officers", CLI, f"{cid}a", officers=[world["zhangmy"], world["liwd"]],
                reason="指派")
    app.command(InspectionTask, task, "dispatch", CLI, f"{cid}d")
    app.command(InspectionTask, task, "accept", officer, f"{cid}z", officer_id=world["zhangmy"])
    app.command(InspectionTask, task, "record_inspection", officer, f"{cid}r", officer_id=world["zhangmy"],
                form="污染源现场检查记录表", on_site=True, present=[world["zhangmy"], world["liwd"]],
                representative="环保负责人", production_status="正常生产", checklist={i: "ok" for i in items()},
                data_sources=[], approval="", findings="未见异常", inspected_on=on, today=today())
    return task


def completed(system, world, cid: str, *, order: bool = False, **where) -> str:
    """A completed task (with a problem ordered to be rectified, if `order`), projected."""
    task = inspected(system, world, cid, **where)
    officer = Actor(world["zhangmy"], "inspector")
    if order:
        problem = casework.record_problem(system, task, officer, f"{cid}p", description="危废贮存间未做防渗",
                                          category="hazardous_waste", legal_basis="《固体废物污染环境防治法》第七十九条",
                                          found_on=today(), today=today()).aggregate_id
        system.app.command(Problem, problem, "order_rectification", CLI, f"{cid}o", order_no="昌环责改〔2026〕12号",
                           requirements="完成防渗改造", today=today(), working_days=20)
    on = today() - timedelta(days=where.get("days_ago", 0))
    casework.complete_task(system, task, world["zhangmy"], "检查完毕", officer, f"{cid}c", completed_on=on,
                           today=today())
    system.projector.catch_up()
    return task.hex


def state(system, task_id: str) -> str | None:
    did = Disclosure.create_id(UUID(hex=task_id))
    return system.app.load(Disclosure, did).state if system.app.exists(did) else None


def row_of(page, task_id: str) -> str:
    start = page.text.index(f'data-id="{task_id}"')
    return page.text[start:page.text.index("</tr>", start)]


def test_review_publish_and_correct_a_result(system, world, login):
    task_id = completed(system, world, "t1", order=True)
    boss = login("zhou")
    listing = ok(boss.get("/disclosure/"), 200)
    due = add_working_days(today(), 20)
    row = row_of(listing, task_id)
    assert "昌吉市某化工有限公司" in row and due.day.isoformat() in row and "待审核" in row
    assert f"剩余 {working_days_between(today(), due.day)} 个工作日" in row
    assert ("暂定" in row) == due.provisional
    assert 'data-list="review"' in listing.text and "待审核 1" in text(listing)

    page = ok(boss.get(f"/disclosure/{task_id}"), 200)
    shown = text(page)
    assert "系统建议的检查结果： 发现问题，作出责令改正等行政命令" in shown
    assert "危废贮存间未做防渗" in shown and "昌环责改〔2026〕12号" in shown and "责令改正" in shown
    assert 'id="form-review"' in page.text and 'id="form-withhold"' in page.text
    assert 'id="form-publish"' not in page.text
    assert f"/record/task/{task_id}" in page.text

    refused = ok(boss.post(f"/disclosure/{task_id}/publish", data={
        "command_id": "pub-0", "published_on": today().isoformat()}), 422)
    assert "检查结果尚未经审核，不能公开" in text(refused) and state(system, task_id) is None

    ok(boss.post(f"/disclosure/{task_id}/review", data={
        "command_id": "rev-1", "phrase": "order", "description": "责令限期完成危废贮存间防渗改造"}))
    page = ok(boss.get(f"/disclosure/{task_id}"), 200)
    assert "已审核，待公开" in text(page) and 'id="form-publish"' in page.text
    assert "发现问题，作出责令改正等行政命令" in text(page) and "责令限期完成危废贮存间防渗改造" in text(page)

    ok(boss.post(f"/disclosure/{task_id}/publish", data={
        "command_id": "pub-1", "published_on": today().isoformat(), "notice": "2026年第四季度抽查结果公告"}))
    page = ok(boss.get(f"/disclosure/{task_id}"), 200)
    assert "按期公开" in text(page) and "2026年第四季度抽查结果公告" in text(page)
    assert 'id="form-correct"' in page.text and 'id="form-review"' not in page.text
    assert task_id in ok(boss.get("/disclosure/?list=published"), 200).text

    missing = ok(boss.post(f"/disclosure/{task_id}/correct", data={
        "command_id": "cor-0", "phrase": "penalty", "description": "罚款5万元"}), 422)
    assert "更正理由：必填" in text(missing)
    ok(boss.post(f"/disclosure/{task_id}/correct", data={
        "command_id": "cor-1", "phrase": "penalty", "description": "罚款5万元", "reason": "经复核已作出处罚决定"}))
    page = ok(boss.get(f"/disclosure/{task_id}"), 200)
    history = text(page)
    assert "发现问题，作出行政处罚决定" in history and "罚款5万元" in history
    for title in ("审核检查结果", "公开检查结果", "更正已公开的结果", "经复核已作出处罚决定"):
        assert title in history, title

    rates = ok(boss.get(f"/disclosure/?period={due.day.year}"), 200)
    cells = row_of_code(rates, "652301")
    assert "100.0%" in cells


def row_of_code(page, code: str) -> str:
    start = page.text.index(f'data-code="{code}"')
    return page.text[start:page.text.index("</tr>", start)]


def test_withhold_needs_a_reason_and_counts_as_withheld(system, world, login):
    task_id = completed(system, world, "t1")
    boss = login("zhou")
    assert "系统建议的检查结果： 未发现问题" in text(ok(boss.get(f"/disclosure/{task_id}"), 200))
    head = system.app.recorder.max_notification_id()
    refused = ok(boss.post(f"/disclosure/{task_id}/withhold", data={
        "command_id": "w-0", "ground": "public_security", "reason": "", "decided_by": "局长 王某"}), 422)
    assert "不予公开的具体理由不能为空" in text(refused)
    assert system.app.recorder.max_notification_id() == head and state(system, task_id) is None
    ok(boss.post(f"/disclosure/{task_id}/withhold", data={
        "command_id": "w-1", "ground": "public_security", "reason": "涉及危化品储存设施安全", "decided_by": "局长 王某"}))
    page = text(ok(boss.get(f"/disclosure/{task_id}"), 200))
    assert "涉及公共安全" in page and "涉及危化品储存设施安全" in page and "局长 王某" in page
    listing = ok(boss.get("/disclosure/?list=withheld"), 200)
    assert task_id in listing.text and "不予公开 1" in text(listing) and "已逾期 0" in text(listing)


def test_an_overdue_result_and_a_batch_published_from_the_list(system, world, login):
    late = completed(system, world, "t1", days_ago=60)
    first, second = completed(system, world, "t2"), completed(system, world, "t3")
    boss = login("zhou")
    overdue = ok(boss.get("/disclosure/?list=overdue"), 200)
    due = add_working_days(today() - timedelta(days=60), 20).day
    assert f"逾期 {working_days_between(due, today())} 个工作日" in row_of(overdue, late)
    assert first not in overdue.text
    wrong = ok(boss.get("/disclosure/?list=late&page=0"), 422)
    assert "列表：“late”不在可选范围内" in text(wrong) and "页码应为正整数" in text(wrong)

    def tile(label: str) -> str:  # the home page's count of one list
        home = text(ok(boss.get("/"), 200))
        return re.search(r"(\d+) " + label, home[home.index("结果公开"):]).group(1)

    assert (tile("待审核"), tile("已逾期")) == ("3", "1")
    for n, task_id in enumerate((first, second)):
        ok(boss.post(f"/disclosure/{task_id}/review", data={"command_id": f"r{n}", "phrase": "no_problem"}))
    assert (tile("待审核"), tile("待公开")) == ("1", "2")
    waiting = ok(boss.get("/disclosure/?list=reviewed"), 200)
    assert 'id="form-batch-publish"' in waiting.text and f'name="task_id" value="{first}"' in waiting.text

    head = system.app.recorder.max_notification_id()
    refused = ok(boss.post("/disclosure/publish", data={
        "command_id": "b-0", "task_id": [first, late], "published_on": today().isoformat()}), 422)
    assert f"任务{late[:8]}的检查结果尚未经审核" in text(refused)
    assert system.app.recorder.max_notification_id() == head and state(system, first) == "reviewed"
    nothing = ok(boss.post("/disclosure/publish", data={"command_id": "b-1", "published_on": today().isoformat()}), 422)
    assert "请至少勾选一项已审核的结果" in text(nothing)

    done = ok(boss.post("/disclosure/publish", data={
        "command_id": "b-2", "task_id": [first, second], "published_on": today().isoformat(), "list": "reviewed"}))
    assert done.headers["Location"].endswith("/disclosure/?list=reviewed")
    assert state(system, first) == state(system, second) == "published"
    assert "已公开 2 项检查结果" in text(ok(boss.get("/disclosure/?list=published"), 200))


def test_a_task_not_yet_completed_cannot_be_disclosed(system, world, login):
    task_id = inspected(system, world, "t1").hex
    system.projector.catch_up()
    boss = login("zhou")
    assert "任务尚未办结" in text(ok(boss.get(f"/disclosure/{task_id}"), 200))
    refused = ok(boss.post(f"/disclosure/{task_id}/review", data={"command_id": "r", "phrase": "no_problem"}), 422)
    assert "任务尚未办结，不能公开检查结果" in text(refused) and state(system, task_id) is None
    assert ok(boss.get("/disclosure/00000000000000000000000000000000"), 404)


def test_who_may_read_and_act(system, world, login):
    task_id = completed(system, world, "t1")
    other = completed(system, world, "t2", unit="other_unit", jurisdiction="652302")
    inspector = login("zhangmy")
    ok(inspector.get("/disclosure/"), 403)
    ok(inspector.get(f"/disclosure/{task_id}"), 403)
    ok(inspector.post(f"/disclosure/{task_id}/review", data={"command_id": "x", "phrase": "no_problem"}), 403)

    neighbour = login("qian")  # 阜康市
    listing = ok(neighbour.get("/disclosure/"), 200)
    assert task_id not in listing.text and other in listing.text
    ok(neighbour.get(f"/disclosure/{task_id}"), 403)
    ok(neighbour.post(f"/disclosure/{task_id}/review", data={"command_id": "y", "phrase": "no_problem"}), 403)
    ok(neighbour.post("/disclosure/publish", data={"command_id": "z", "task_id": [task_id],
                                                   "published_on": today().isoformat()}), 403)
    ok(neighbour.get("/disclosure/?jurisdiction=652301"), 403)

    reviewer = login("jicha")  # the prefecture: reads both, acts on neither
    listing = ok(reviewer.get("/disclosure/"), 200)
    assert task_id in listing.text and other in listing.text and 'id="form-batch-publish"' not in listing.text
    page = ok(reviewer.get(f"/disclosure/{task_id}"), 200)
    assert "系统建议的检查结果" in text(page) and 'id="form-review"' not in page.text
    ok(reviewer.post(f"/disclosure/{task_id}/review", data={"command_id": "w", "phrase": "no_problem"}), 403)
    assert state(system, task_id) is None


def test_every_ground_and_state_is_marked_for_translation():
    from webapp.disclosure.schemas import MARKED

    for what, (domain, marked) in MARKED.items():
        assert set(domain) == set(marked), what
