"""时间回溯 in the browser: a 12369 complaint task is created, dispatched, and a day later
inspected and closed; opened "as of" the afternoon it was dispatched it shows 已派发 and
none of the later work; compared with now it shows the state going 已派发 → 已闭环 and the
events in between; a reviewer steps through it version by version. A problem before and
after its rectification order, a unit before and after it was listed as a key unit. And
the refusals: a date that is no date, a moment still to come, a moment before the record
existed, another county's supervisor.

Event timestamps come from a clock the test moves (tests/integration/test_timetravel.py):
the phases of the story are hours apart, and the moments typed are minutes in between."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from uuid import UUID

import pytest

from domain.base import Actor
from domain.targets import Target
from tests.e2e.test_problem_pages import found_problem
from tests.e2e.test_task_pages import (create_task, inspection_form, login, ok, register_world,  # noqa: F401
                                       text, today)
from tests.integration.test_timetravel import clock  # noqa: F401
from webapp.templating import SHANGHAI


def typed(moment: datetime) -> str:
    """A moment as a person types it: Beijing time, to the minute."""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def lull(clock, hours: int = 2) -> datetime:
    """Let `hours` pass with nothing happening; the moment in the middle of that quiet."""
    return clock.advance(hours=hours) - timedelta(hours=hours / 2)


@pytest.fixture
def world(system, projector_in_request, clock):
    ids = register_world(system.app)
    system.projector.catch_up()
    return ids


@pytest.fixture
def story(world, login, clock) -> dict:
    """Created and assigned (v1, v2); dispatched (v3); a day later accepted, inspected on
    site with nothing found, completed and so closed."""
    boss = login("zhou")
    moments = {"before": lull(clock)}
    clock.advance(days=1)
    task_id = create_task(boss, world)
    moments["assigned"] = lull(clock)
    ok(boss.post(f"/tasks/{task_id}/dispatch", data={"command_id": "dispatch-1"}))
    moments["dispatched"] = lull(clock)
    clock.advance(days=1)
    officer = login("zhangmy")
    ok(officer.post(f"/tasks/{task_id}/accept", data={"command_id": "accept-1"}))
    ok(officer.post(f"/tasks/{task_id}/inspection", data=inspection_form(world)))
    ok(officer.post(f"/tasks/{task_id}/complete", data={"command_id": "done-1", "summary": "未发现环境违法问题"}))
    return {"id": task_id, "boss": boss, "officer": officer, **{k: typed(v) for k, v in moments.items()}}


# -- a task as it stood ------------------------------------------------------------------------------
def test_a_task_as_it_stood_the_afternoon_it_was_dispatched(story):
    boss, task_id = story["boss"], story["id"]
    current = ok(boss.get(f"/tasks/{task_id}"), 200)
    assert "已闭环" in text(current) and f'href="/asof/task/{task_id}">时间回溯</a>' in current.text
    page = text(ok(boss.get(f"/asof/task/{task_id}", query_string={"at": story["dispatched"]}), 200))
    assert f"截至 {story['dispatched']}（北京时间），该记录为第 3 版" in page
    for expected in ("状态 已派发", "昌吉市某化工有限公司", "任务来源 12369投诉举报", "来源编号 12369-2026-00871",
                     "张明远（31050016001）", "李卫东（31050016002）", "检查结果 —", "建立检查任务", "指派检查人员"):
        assert expected in page, expected
    for later in ("已闭环", "任务闭环", "检查情况已记录", "未发现问题", "污染源现场检查记录表"):
        assert later not in page, later
    # A day typed alone means the end of that day: today shows the task as it is now.
    now = text(ok(boss.get(f"/asof/task/{task_id}", query_string={"at": today().isoformat()}), 200))
    assert "状态 已闭环" in now and "检查结果 未发现问题" in now and "检查情况已记录" in now


def test_two_moments_compared_show_what_changed_and_the_events_between(story):
    boss, task_id = story["boss"], story["id"]
    page = ok(boss.get(f"/asof/task/{task_id}/compare", query_string={"from": story["dispatched"]}), 200)
    shown = text(page)
    assert f"{story['dispatched']}（第 3 版）→ 现在（第 7 版）" in shown
    assert "状态 已派发 已闭环" in shown and "检查结果 — 未发现问题" in shown
    assert "检查情况已记录" in shown and "任务已办结" in shown
    assert "建立检查任务" not in shown and 'data-event="Dispatched"' not in page.text
    short = text(ok(boss.get(f"/asof/task/{task_id}/compare",
                             query_string={"from": story["assigned"], "to": story["dispatched"]}), 200))
    assert "状态 已分配人员 已派发" in short and "共 1 项" in short and "共 1 条事件" in short


def test_a_reviewer_steps_through_the_case_one_event_at_a_time(story, login):
    reviewer, task_id = login("jicha"), story["id"]
    first = ok(reviewer.get(f"/asof/task/{task_id}/step/1"), 200)
    shown = text(first)
    total = int(re.search(r"第 1 版 / 共 (\d+) 版", shown).group(1))
    assert total >= 6 and "建立检查任务" in shown and "状态 已创建" in shown and "检查人员 —" in shown
    assert f'rel="next" href="/asof/task/{task_id}/step/2"' in first.text and 'rel="prev"' not in first.text
    second = ok(reviewer.get(f"/asof/task/{task_id}/step/2"), 200)
    shown = text(second)
    assert "第 2 版 / 共" in shown and "指派检查人员" in shown and "本条事件改变的事项" in shown
    assert "状态 已创建 已分配人员" in shown and "状态 已分配人员 本次变更" in shown
    assert f'rel="prev" href="/asof/task/{task_id}/step/1"' in second.text
    assert f'rel="next" href="/asof/task/{task_id}/step/3"' in second.text
    assert "<mark>已分配人员</mark>" in second.text
    last = ok(reviewer.get(f"/asof/task/{task_id}/step/{total}"), 200)
    assert 'rel="next"' not in last.text and "状态 已闭环" in text(last)
    missing = ok(reviewer.get(f"/asof/task/{task_id}/step/{total + 1}"), 404)
    assert f"该记录没有第 {total + 1} 版" in text(missing)


# -- bad moments and refusals ------------------------------------------------------------------------
def test_a_bad_date_a_future_moment_and_a_moment_before_the_task_are_explained(story):
    boss, task_id = story["boss"], story["id"]
    form = text(ok(boss.get(f"/asof/task/{task_id}"), 200))
    assert "回溯时间" in form and "共 " in form and "建立检查任务" in form  # the form and the versions
    for bad in ("2026-13-45", "明天上午", "2026/10/01 09:30", "2026-10-01 25:00"):
        page = text(ok(boss.get(f"/asof/task/{task_id}", query_string={"at": bad}), 422))
        assert "回溯时间：时间格式不正确，应为“年-月-日 时:分”" in page, bad
    assert "回溯时间：必填" in text(ok(boss.get(f"/asof/task/{task_id}?at="), 422))
    tomorrow = (today() + timedelta(days=1)).isoformat()
    future = text(ok(boss.get(f"/asof/task/{task_id}", query_string={"at": tomorrow}), 422))
    assert f"{tomorrow}（当日结束时） 尚未到来，只能回溯到过去的时间" in future
    early = text(ok(boss.get(f"/asof/task/{task_id}", query_string={"at": story["before"]}), 404))
    assert f"{story['before']}：该记录在此时间尚不存在" in early
    early = text(ok(boss.get(f"/asof/task/{task_id}/compare", query_string={"from": story["before"]}), 404))
    assert "起始时间 " in early and "该记录在此时间尚不存在" in early
    backwards = text(ok(boss.get(f"/asof/task/{task_id}/compare",
                                 query_string={"from": story["dispatched"], "to": story["assigned"]}), 422))
    assert "起始时间须早于结束时间" in backwards
    assert "尚未到来" in text(ok(boss.get(f"/asof/task/{task_id}/compare",
                                        query_string={"from": story["assigned"], "to": tomorrow}), 422))


def test_another_county_is_refused_and_an_assigned_officer_may_look(story, login):
    task_id, at = story["id"], {"at": story["dispatched"]}
    other = login("qian")
    for path in (f"/asof/task/{task_id}", f"/asof/task/{task_id}/compare?from={story['assigned']}",
                 f"/asof/task/{task_id}/step/1"):
        refused = ok(other.get(path, query_string=at if path.endswith(task_id) else None), 403)
        assert "不在您的管辖范围内" in text(refused) and "已派发" not in text(refused)
    assert "状态 已派发" in text(ok(story["officer"].get(f"/asof/task/{task_id}", query_string=at), 200))
    ok(story["boss"].get(f"/asof/plan/{task_id}", query_string=at), 404)
    ok(story["boss"].get(f"/asof/task/{'0' * 32}", query_string=at), 404)
    ok(story["boss"].get(f"/asof/problem/{task_id}", query_string=at), 404)  # a task is not a problem


# -- a problem and a unit ----------------------------------------------------------------------------
def test_a_problem_before_and_after_its_rectification_order(world, login, clock):
    clock.advance(days=1)
    _task_id, problem_id, boss, _officer = found_problem(login, world)
    found = typed(lull(clock))
    ok(boss.post(f"/problems/{problem_id}/order", data={
        "command_id": "order-1", "order_no": "昌环责改〔2026〕12号", "requirements": "完成危废贮存间防渗改造",
        "working_days": "20", "ordered_on": today().isoformat()}))
    current = ok(boss.get(f"/problems/{problem_id}"), 200)  # (and the notice of the order read)
    assert "待提交整改报告" in text(current) and f'href="/asof/problem/{problem_id}">时间回溯</a>' in current.text
    page = ok(boss.get(f"/asof/problem/{problem_id}", query_string={"at": found}), 200)
    then = text(page)
    assert "状态 处置中" in then and "问题类别 危险废物" in then and "发现并登记问题" in then
    assert 'data-fact="d1.state"' not in page.text and "责令改正" not in then
    compared = text(ok(boss.get(f"/asof/problem/{problem_id}/compare", query_string={"from": found}), 200))
    assert "d1 · 责令改正 — 待提交整改报告" in compared and "d1 · 责令改正 · 整改期限 —" in compared
    assert "最近的整改期限 —" in compared and "昌环责改〔2026〕12号" in compared


def test_a_unit_before_and_after_it_was_listed_as_a_key_unit(system, world, login, clock):
    unlisted = typed(lull(clock, hours=4))
    system.app.command(Target, UUID(hex=world["unit"]), "change_category",
                       Actor("zhou", "supervisor"), "cat-1", category="key", year=2026,
                       basis="昌吉州2026年重点排污单位名录", special_criteria=[], reason="列入重点排污单位名录")
    system.projector.catch_up()
    boss = login("zhou")
    current = ok(boss.get(f"/targets/{world['unit']}"), 200)
    assert f'href="/asof/target/{world["unit"]}">时间回溯</a>' in current.text
    then = text(ok(boss.get(f"/asof/target/{world['unit']}", query_string={"at": unlisted}), 200))
    assert "监管类别 一般监管对象" in then and "参与双随机 参与" in then and "正面清单 不在清单内" in then
    assert "所在辖区 昌吉市" in then and "监管类别变更" not in then
    compared = text(ok(boss.get(f"/asof/target/{world['unit']}/compare", query_string={"from": unlisted}), 200))
    assert "监管类别 一般监管对象 重点监管对象" in compared and "类别年度 — 2026" in compared
    assert "列入重点排污单位名录" in compared
    same_brigade = login("wangjh")  # as on the unit's own page: the brigade's area
    ok(same_brigade.get(f"/asof/target/{world['unit']}", query_string={"at": unlisted}), 200)
    ok(login("qian").get(f"/asof/target/{world['unit']}", query_string={"at": unlisted}), 403)
