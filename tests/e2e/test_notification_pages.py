"""提醒 as users see them: the unread count in the navigation, the list (unread first, a page at
a time) that goes down as reminders are read one by one or all at once, opening a reminder
goes to its subject; nobody sees or marks another user's reminders. The rules page: a
county's supervisor changes the county's rules with a reason (bad days or no reason: a
Chinese message and nothing written), the county then shows its own rules and the change;
another jurisdiction or the default is refused; a reviewer reads; an inspector gets 403."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, insert, select

from domain.reminder_rules import ReminderRules
from projections.job_tables import notifications
from projections.reminder_tables import reminder_rules
from tests.integration.test_reminders import build_town, problem_in, transfer
from tests.e2e.test_report_pages import switch  # noqa: F401 - fixture: log in as another user
from tests.support.pages import text
from workers.reminders import send_reminders

BADGE = re.compile(r'id="nav-notifications">[^<]*(?:<span class="badge">(\d+)</span>)?')


@pytest.fixture
def town(system, projector_in_request):
    ids = build_town(system)
    transfer(system, problem_in(system, ids, "x1"), "x1t")  # xian and maofeng are reminded on 16 November
    system.projector.catch_up()
    send_reminders(system, today=date(2026, 11, 16))
    return system


def ok(response, status: int = 200):
    assert response.status_code == status, text(response)[:600]
    return response


def badge(response) -> int:
    found = BADGE.search(response.text)
    assert found, "the navigation has no 提醒 link"
    return int(found.group(1) or 0)


def ids_of(s, user: str) -> list[int]:
    with s.engine.connect() as conn:
        return list(conn.execute(select(notifications.c.id).where(notifications.c.user_id == user)
                                 .order_by(notifications.c.id)).scalars())


def add(s, user: str, n: int) -> None:
    """More reminders for one user (the job's rows, written here directly to fill pages)."""
    start = datetime(2026, 11, 1, tzinfo=timezone.utc)
    with s.engine.begin() as conn:
        conn.execute(insert(notifications), [
            {"key": f"{user}-{i:03d}".ljust(64, "0"), "user_id": user, "rule": "disclosure", "subject_kind": "disclosure",
             "subject_id": f"s{i}", "occasion": date(2026, 11, 30), "message": f"结果公开提醒：第{i:03d}号测试企业",
             "link": "/disclosure/", "created_at": start + timedelta(minutes=i), "read_at": None,
             "webhook_state": "none", "webhook_attempts": 0} for i in range(n)])


def test_the_unread_count_shows_in_the_navigation_and_goes_down_when_read(town, client, switch):
    switch("xian")
    home = ok(client.get("/notifications/"))
    assert badge(home) == 1
    page = text(home)
    assert "移送回复提醒：652301某化工有限公司" in page and "未读 1 条" in page
    assert 'name="csrf_token"' in home.text
    mine = ids_of(town, "xian")[0]
    opened = client.post(f"/notifications/{mine}/open")
    assert opened.status_code == 302 and opened.headers["Location"].startswith("/problems/")
    after = ok(client.get("/notifications/"))
    assert badge(after) == 0 and "未读 0 条" in text(after) and "已读" in text(after)


def test_nobody_sees_or_marks_another_users_reminders(town, client, switch):
    theirs = ids_of(town, "maofeng")[0]
    switch("zhidui")
    page = ok(client.get("/notifications/"))
    assert badge(page) == 0 and "暂无提醒" in text(page) and "移送回复提醒" not in text(page)
    assert client.post(f"/notifications/{theirs}/read").status_code == 404
    assert client.post(f"/notifications/{theirs}/open").status_code == 404
    client.post("/notifications/read-all")
    with town.engine.connect() as conn:
        assert conn.execute(select(notifications.c.read_at).where(notifications.c.id == theirs)).scalar() is None
    switch("maofeng")
    assert badge(ok(client.get("/notifications/"))) == 1


def test_unread_first_a_page_at_a_time_and_all_read_at_once(town, client, switch):
    add(town, "xian", 34)  # 35 in all with the transfer reminder
    switch("xian")
    first = ids_of(town, "xian")[0]
    ok(client.post(f"/notifications/{first}/read", data={"page": "1"}), 302)
    page1, page2 = ok(client.get("/notifications/")), ok(client.get("/notifications/?page=2"))
    assert badge(page1) == 34 and page1.text.count('class="unread"') == 30
    assert page2.text.count('class="unread"') == 4 and page2.text.count('class="read"') == 1
    assert "第 2 页，共 35 条" in text(page2) and "第033号测试企业" in text(page1)  # newest first
    ok(client.post("/notifications/read-all"), 302)
    assert badge(ok(client.get("/notifications/"))) == 0


def test_no_count_and_no_list_without_logging_in(town, client):
    assert client.get("/notifications/").status_code == 302
    public = ok(client.get("/public/"))
    assert "nav-notifications" not in public.text and 'class="badge"' not in public.text


# -- the rules page ------------------------------------------------------------------------------
def form(**changes) -> dict:
    data = {"jurisdiction": "652301", "reason": "本县移送案件须一周内跟进"}
    for kind, days in (("rectification", 3), ("disclosure", 5), ("acceptance", 2), ("draw", 5), ("report", 5),
                       ("transfer", 10)):
        data[f"enabled_{kind}"] = "yes"
        data[f"days_{kind}"] = str(days)
    data.update(changes)
    return data


def rules_count(s) -> int:
    with s.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(reminder_rules)).scalar()


def test_a_county_supervisor_changes_the_county_rules_with_a_reason(town, client, switch):
    switch("xian")
    page = ok(client.get("/notifications/rules"))
    assert "提醒规则 · 昌吉市" in text(page) and "尚未设置，使用系统默认规则" in text(page)
    assert 'data-kind="transfer" data-enabled="yes" data-days="10"' in page.text
    for bad, words in (({"days_transfer": "abc"}, "须为0至60之间的整数"), ({"days_transfer": "61"}, "须为0至60之间的整数"),
                       ({"reason": ""}, "变更理由不能为空")):
        refused = ok(client.post("/notifications/rules", data=form(**bad)), 422)
        assert words in text(refused)
    assert rules_count(town) == 0
    done = client.post("/notifications/rules", data=form(days_transfer="5"), follow_redirects=True)
    assert "提醒规则已修改" in text(ok(done))
    assert 'data-kind="transfer" data-enabled="yes" data-days="5"' in done.text
    assert "本辖区单独设置的规则" in text(done) and "本县移送案件须一周内跟进" in text(done)
    assert "移送后未获回复：5个工作日" in text(done)
    assert town.app.load(ReminderRules, ReminderRules.create_id(jurisdiction="652301")).rules["transfer"]["days"] == 5
    off = client.post("/notifications/rules", data={k: v for k, v in form(days_transfer="5").items()
                                                    if k != "enabled_draw"}, follow_redirects=True)
    assert 'data-kind="draw" data-enabled="no"' in ok(off).text


def test_the_rules_page_keeps_to_the_users_scope_and_role(town, client, switch):
    switch("xian")
    assert client.get("/notifications/rules?jurisdiction=652300").status_code == 403  # the prefecture above
    assert client.post("/notifications/rules", data=form(jurisdiction="*")).status_code == 403
    assert client.get("/notifications/rules?jurisdiction=999999").status_code == 404
    switch("zhidui")
    ok(client.post("/notifications/rules", data=form(jurisdiction="652300", days_transfer="7"), follow_redirects=True))
    county = ok(client.get("/notifications/rules?jurisdiction=652302"))
    assert "沿用昌吉回族自治州的规则" in text(county) and 'data-kind="transfer" data-enabled="yes" data-days="7"' in county.text
    switch("jicha")
    read = ok(client.get("/notifications/rules?jurisdiction=652302"))
    assert "沿用昌吉回族自治州的规则" in text(read) and "保存规则" not in text(read)
    assert client.post("/notifications/rules", data=form(jurisdiction="652302")).status_code == 403
    switch("maofeng")
    assert client.get("/notifications/rules").status_code == 403
    assert rules_count(town) == 1
