"""问题台账 and the closed loop in the browser: a problem found on a complaint inspection is
ordered to be rectified in 20 working days, the officer reports the rectification with a
photo, the supervisor schedules the 回头看 (a task of its own with two officers), records
it passed and closes the problem, and the task that found it shows 已闭环. The board shows
open problems by disposition and how overdue they are, and a supervisor's counts per
county. Plus a penalty paid, a transfer to the police, a coercive measure lifted, and the
refusals (a fine with three decimals, an officer not assigned, a reviewer, another county)."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import timedelta
from uuid import UUID

import pytest

from domain.calendar import add_working_days
from domain.problems import Problem
from domain.tasks import InspectionTask
from tests.e2e.test_task_pages import (JPEG, inspected_task, login, ok, problem_form, text,  # noqa: F401
                                       today, world)


def found_problem(login, world, *, complete: bool = True) -> tuple[str, str, object, object]:
    """(task id, problem id, supervisor, officer): a problem recorded on an inspected task."""
    task_id, boss, officer = inspected_task(login, world)
    recorded = ok(officer.post(f"/tasks/{task_id}/problems", data=problem_form()))
    problem_id = re.search(r"/problems/([0-9a-f]{32})$", recorded.headers["Location"]).group(1)
    if complete:
        ok(officer.post(f"/tasks/{task_id}/complete", data={"command_id": "done-1", "summary": "发现问题1项"}))
    return task_id, problem_id, boss, officer


def with_files(data: dict, *files: tuple[bytes, str]) -> dict:
    return {**data, "file": [(io.BytesIO(content), name) for content, name in files]}


def post_files(client, path: str, data: dict, *files: tuple[bytes, str]):
    return client.post(path, content_type="multipart/form-data", data=with_files(data, *files))


# -- the closed loop ---------------------------------------------------------------------------------
def test_an_order_verified_on_the_first_reinspection_closes_the_problem_and_the_task(system, world, login):
    task_id, problem_id, boss, officer = found_problem(login, world)
    page = ok(boss.get(f"/problems/{problem_id}"), 200)
    assert "危险废物贮存间未做防渗" in page.text and 'id="form-order"' in page.text
    assert "尚无任何处置措施" in text(page)  # why it cannot close yet

    ok(boss.post(f"/problems/{problem_id}/order", data={
        "command_id": "order-1", "order_no": "昌环责改〔2026〕12号", "requirements": "完成危废贮存间防渗改造",
        "working_days": "20", "ordered_on": today().isoformat()}))
    deadline = add_working_days(today(), 20).day
    page = ok(boss.get(f"/problems/{problem_id}"), 200)
    assert deadline.isoformat() in page.text and "20 个工作日" in text(page) and "待提交整改报告" in text(page)
    board = ok(boss.get("/problems"), 200)
    assert 'data-kind="order"' in board.text and f'data-id="{problem_id}"' in board.text
    assert "剩余" in text(board)

    # The officer of the task reports the rectification with a photo.
    page = ok(officer.get(f"/problems/{problem_id}"), 200)
    assert 'class="form-report"' in page.text and 'id="form-order"' not in page.text
    photo = JPEG + b"after"
    ok(post_files(officer, f"/problems/{problem_id}/d/d1/report",
                  {"command_id": "rep-1", "report": "已完成防渗改造并设置标识", "reported_on": today().isoformat()},
                  (photo, "整改后.jpg")))
    digest = hashlib.sha256(photo).hexdigest()
    page = ok(boss.get(f"/problems/{problem_id}"), 200)
    assert digest in page.text and "已报告整改，待安排回头看" in text(page)
    assert ok(boss.get(f"/evidence/{digest}?in={problem_id}"), 200).data == photo

    # The supervisor schedules the 回头看 and records it passed.
    ok(boss.post(f"/problems/{problem_id}/d/d1/verification", data={
        "command_id": "ver-1", "due": (today() + timedelta(days=10)).isoformat(),
        "officer_1": world["zhangmy"], "officer_2": world["wangjh"]}))
    found = system.app.load(Problem, UUID(hex=problem_id))
    followup_id = found.disposition("d1").facts["verification_task_id"]
    followup = system.app.load(InspectionTask, followup_id)
    assert followup.origin == "followup" and followup.followup_of.hex == problem_id
    assert followup.officers == sorted([world["zhangmy"], world["wangjh"]]) and followup.state == "assigned"
    page = ok(boss.get(f"/problems/{problem_id}"), 200)
    assert f"/tasks/{followup_id.hex}" in page.text and "待回头看核查" in text(page)
    followup_page = ok(boss.get(f"/tasks/{followup_id.hex}"), 200)
    assert "回头看（整改核查）" in text(followup_page) and "昌环责改〔2026〕12号" in text(followup_page)

    ok(boss.post(f"/problems/{problem_id}/d/d1/verify", data={
        "command_id": "pass-1", "passed": "yes", "note": "防渗已完成", "verified_on": today().isoformat()}))
    ok(boss.post(f"/problems/{problem_id}/close", data={"command_id": "close-1", "reason": "整改到位，回头看通过"}))

    page = ok(boss.get(f"/problems/{problem_id}"), 200)
    assert "已办结" in text(page) and 'id="form-reopen"' in page.text and 'id="form-order"' not in page.text
    task_page = ok(officer.get(f"/tasks/{task_id}"), 200)
    assert "已闭环" in text(task_page)
    assert system.app.load(InspectionTask, UUID(hex=task_id)).state == "closed"
    assert f'data-id="{problem_id}"' not in ok(boss.get("/problems"), 200).text  # open only, by default
    assert f'data-id="{problem_id}"' in ok(boss.get("/problems?state=closed"), 200).text
    history = text(page)
    for title in ("发现并登记问题", "责令改正", "提交整改报告", "已安排回头看", "回头看通过", "问题办结"):
        assert title in history, title


def test_a_failed_order_ends_in_a_penalty_that_is_paid(system, world, login):
    _task_id, problem_id, boss, _officer = found_problem(login, world)
    on = today().isoformat()
    ok(boss.post(f"/problems/{problem_id}/order", data={
        "command_id": "o-1", "order_no": "昌环责改〔2026〕13号", "requirements": "限期达标",
        "deadline": (today() + timedelta(days=15)).isoformat(), "ordered_on": on}))
    ok(post_files(boss, f"/problems/{problem_id}/d/d1/report",
                  {"command_id": "r-1", "report": "已整改", "reported_on": on}, (JPEG, "a.jpg")))
    ok(boss.post(f"/problems/{problem_id}/d/d1/verification", data={
        "command_id": "v-1", "due": on, "officer_1": world["zhangmy"], "officer_2": world["liwd"]}))
    refused = ok(boss.post(f"/problems/{problem_id}/d/d1/verify", data={
        "command_id": "f-0", "passed": "no", "note": "", "verified_on": on}), 422)
    assert "回头看未通过的情况说明不能为空" in text(refused)
    ok(boss.post(f"/problems/{problem_id}/d/d1/verify", data={
        "command_id": "f-1", "passed": "no", "note": "复查仍超标", "verified_on": on}))
    ok(boss.post(f"/problems/{problem_id}/case", data={"command_id": "c-1", "case_no": "昌环立〔2026〕88号",
                                                        "opened_on": on}))
    penalty = {"command_id": "p-1", "decision_no": "昌环罚〔2026〕41号", "issuing_body": "昌吉州生态环境局",
               "legal_basis": "《大气污染防治法》第九十九条", "fine": "1.234", "other_sanctions": "责令停产整治",
               "decided_on": on}
    bad = ok(boss.post(f"/problems/{problem_id}/d/d2/penalty", data=penalty), 422)
    assert "罚款金额最多保留两位小数" in text(bad)
    bad = ok(boss.post(f"/problems/{problem_id}/d/d2/penalty", data={**penalty, "fine": "二十万"}), 422)
    assert "金额格式不正确" in text(bad)
    assert system.app.load(Problem, UUID(hex=problem_id)).disposition("d2").state == "opened"
    ok(boss.post(f"/problems/{problem_id}/d/d2/penalty", data={**penalty, "fine": "250,000.00"}))
    page = ok(boss.get(f"/problems/{problem_id}"), 200)
    assert "250000.00 元" in text(page) and "处罚20万元及以上" in text(page)
    ok(boss.post(f"/problems/{problem_id}/d/d2/execution", data={
        "command_id": "e-1", "paid_or_executed_on": on, "amount_paid": "250000.00"}))
    ok(boss.post(f"/problems/{problem_id}/close", data={"command_id": "close-1", "reason": "罚款已缴纳"}))
    assert system.app.load(Problem, UUID(hex=problem_id)).state == "closed"


def test_a_transfer_to_the_police_and_a_seal_up_lifted(system, world, login):
    _task_id, problem_id, boss, _officer = found_problem(login, world)
    on = today().isoformat()
    wrong = ok(boss.post(f"/problems/{problem_id}/transfer", data={
        "command_id": "t-0", "receiving_body": "昌吉市自然资源局", "receiver_kind": "department",
        "document_no": "昌环移〔2026〕2号", "transferred_on": on, "suspected_crime": "yes"}), 422)
    assert "涉嫌犯罪的案件应当移送公安机关" in text(wrong)
    ok(boss.post(f"/problems/{problem_id}/transfer", data={
        "command_id": "t-1", "receiving_body": "昌吉市公安局", "receiver_kind": "police",
        "document_no": "昌环移〔2026〕3号", "transferred_on": on, "suspected_crime": "yes"}))
    ok(boss.post(f"/problems/{problem_id}/coercive", data={
        "command_id": "s-1", "measure": "seal_up", "document_no": "昌环封〔2026〕5号", "starts_on": on,
        "ends_on": (today() + timedelta(days=30)).isoformat()}))
    board = ok(boss.get("/problems?kind=transfer"), 200)
    assert "涉嫌犯罪" in text(board) and 'data-kind="transfer"' in board.text and 'data-kind="coercive"' not in board.text
    ok(boss.post(f"/problems/{problem_id}/d/d1/receipt", data={"command_id": "rc-1", "received_on": on}))
    ok(boss.post(f"/problems/{problem_id}/d/d1/reply", data={"command_id": "rp-1", "reply": "已立案侦查",
                                                             "replied_on": on}))
    ok(boss.post(f"/problems/{problem_id}/d/d2/lift", data={"command_id": "l-1", "lifted_on": on,
                                                            "reason": "危废已转移处置"}))
    ok(boss.post(f"/problems/{problem_id}/close", data={"command_id": "close-1", "reason": "已移送并解除查封"}))
    page = ok(boss.get(f"/problems/{problem_id}"), 200)
    shown = text(page)
    for expected in ("昌吉市公安局", "已立案侦查", "查封", "危废已转移处置", "已办结"):
        assert expected in shown, expected


def test_the_officer_fixes_on_the_spot_and_gives_guidance(system, world, login):
    _task_id, problem_id, boss, officer = found_problem(login, world, complete=False)
    on = today().isoformat()
    ok(post_files(officer, f"/problems/{problem_id}/on-spot",
                  {"command_id": "fix-1", "note": "现场补贴危废标识", "fixed_on": on}, (JPEG, "标识.jpg")))
    ok(officer.post(f"/problems/{problem_id}/guidance", data={
        "command_id": "g-1", "document_no": "昌环指〔2026〕1号", "content": "完善危废台账", "issued_on": on}))
    ok(officer.post(f"/problems/{problem_id}/d/d2/acknowledge", data={"command_id": "a-1", "acknowledged_on": on}))
    refused = ok(officer.post(f"/problems/{problem_id}/order", data={
        "command_id": "o-1", "order_no": "x", "requirements": "y", "working_days": "5"}), 403)
    assert refused.status_code == 403
    problem = system.app.load(Problem, UUID(hex=problem_id))
    assert [d.state for d in problem.dispositions.values()] == ["ended", "ended"]
    ok(boss.post(f"/problems/{problem_id}/close", data={"command_id": "close-1", "reason": "当场整改完毕"}))


# -- the board -------------------------------------------------------------------------------------
def test_the_board_shows_overdue_problems_in_red_and_counts_per_county(system, world, login, monkeypatch):
    _task_id, problem_id, boss, officer = found_problem(login, world)
    ok(boss.post(f"/problems/{problem_id}/order", data={
        "command_id": "o-1", "order_no": "昌环责改〔2026〕14号", "requirements": "限期整改",
        "deadline": (today() + timedelta(days=3)).isoformat(), "ordered_on": today().isoformat()}))
    board = ok(boss.get("/problems"), 200)
    assert "剩余 3 天" in text(board) and "special overdue" not in board.text
    # Five days later the order is two days overdue.
    later = today() + timedelta(days=5)
    monkeypatch.setattr("webapp.problems.routes.today", lambda: later)
    board = ok(boss.get("/problems?overdue=yes"), 200)
    assert "逾期 2 天" in text(board) and 'class="card problem overdue"' in board.text
    counts = re.search(r'<tr data-code="652301">.*?</tr>', board.text, flags=re.S).group(0)
    assert '<td class="open">1</td>' in counts and 'class="tag special">1<' in counts
    assert f'data-id="{problem_id}"' in ok(boss.get("/problems?category=hazardous_waste"), 200).text
    assert f'data-id="{problem_id}"' not in ok(boss.get("/problems?category=air"), 200).text
    ok(boss.get("/problems?category=nonsense"), 422)
    # The officer's brigade board, and the prefecture's reviewer across the counties.
    assert f'data-id="{problem_id}"' in ok(officer.get("/problems"), 200).text
    reviewer = login("jicha")
    board = ok(reviewer.get("/problems"), 200)
    assert f'data-id="{problem_id}"' in board.text and "昌吉市" in text(board)
    assert f'data-id="{problem_id}"' in ok(reviewer.get("/problems?jurisdiction=652301"), 200).text
    assert f'data-id="{problem_id}"' not in ok(reviewer.get("/problems?jurisdiction=652302"), 200).text
    assert f'data-id="{problem_id}"' not in ok(login("qian").get("/problems"), 200).text


# -- refusals --------------------------------------------------------------------------------------
def test_refusals_on_the_problem_page(system, world, login):
    _task_id, problem_id, boss, officer = found_problem(login, world)
    ok(boss.post(f"/problems/{problem_id}/order", data={
        "command_id": "o-1", "order_no": "昌环责改〔2026〕15号", "requirements": "限期整改", "working_days": "20"}))
    version = system.app.load(Problem, UUID(hex=problem_id)).version
    report = {"command_id": "rep-x", "report": "已整改", "reported_on": today().isoformat()}

    stranger = login("wangjh")  # same brigade, not on the task
    refused = ok(post_files(stranger, f"/problems/{problem_id}/d/d1/report", report, (JPEG, "a.jpg")), 403)
    assert "只有本问题所属任务指派的检查人员" in text(refused)

    reviewer = login("jicha")
    page = ok(reviewer.get(f"/problems/{problem_id}"), 200)
    assert 'id="form-' not in page.text and 'class="form-' not in page.text
    ok(reviewer.post(f"/problems/{problem_id}/close", data={"command_id": "r-1", "reason": "x"}), 403)
    ok(post_files(reviewer, f"/problems/{problem_id}/d/d1/report", report, (JPEG, "a.jpg")), 403)

    other = login("qian")
    ok(other.get(f"/problems/{problem_id}"), 403)
    ok(other.post(f"/problems/{problem_id}/d/d1/deadline", data={
        "command_id": "q-1", "new_deadline": (today() + timedelta(days=90)).isoformat(), "reason": "x"}), 403)

    exe = ok(post_files(officer, f"/problems/{problem_id}/d/d1/report", report, (b"MZ\x90\x00" * 8, "r.exe")), 422)
    assert "证据文件类型不支持" in text(exe)
    future = (today() + timedelta(days=1)).isoformat()
    late = ok(post_files(officer, f"/problems/{problem_id}/d/d1/report", {**report, "reported_on": future},
                         (JPEG, "a.jpg")), 422)
    assert "已经发生的事项不能登记将来的日期" in text(late)
    early = ok(boss.post(f"/problems/{problem_id}/close", data={"command_id": "c-1", "reason": "x"}), 422)
    assert "问题尚不能办结" in text(early)
    assert system.app.load(Problem, UUID(hex=problem_id)).version == version

    ok(post_files(officer, f"/problems/{problem_id}/d/d1/report", report, (JPEG, "a.jpg")))
    again = post_files(officer, f"/problems/{problem_id}/d/d1/report", report, (JPEG, "a.jpg"))
    assert again.status_code == 302  # the same form again: recorded once
    assert system.app.load(Problem, UUID(hex=problem_id)).version == version + 1


@pytest.mark.parametrize("lang, expected", [("en", "Problem register"), ("zh", "问题台账")])
def test_the_board_speaks_both_languages(system, world, login, lang, expected):
    page = ok(login("zhou").get("/problems", headers={"Accept-Language": lang}), 200)
    assert expected in page.text


def test_every_domain_label_is_marked_for_the_catalog():
    from webapp.problems.schemas import MARKED

    for what, (domain, marked) in MARKED.items():
        assert marked == domain, what
