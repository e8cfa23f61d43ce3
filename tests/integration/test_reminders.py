"""提醒: each reminder kind fires on the working day its rule says and not the day before,
reaches the nearest supervisors and the task's officers (by their login), is sent once however
often the job runs (also two runs at once), follows the rules a supervisor changes (days, off,
inherited from the jurisdiction above), and goes out by webhook to a real HTTP server once,
retried while the server fails and given up after five attempts."""

from __future__ import annotations

import json
import threading
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from domain.base import Actor, DomainError, NoChangeError
from domain.calendar import add_working_days, last_working_days, local_day
from domain.checklists import items
from domain.plan_rules import DEFAULT_RULES
from domain.problems import Problem
from domain.reminder_rules import EVERYWHERE, ReminderRules
from domain.tasks import InspectionTask
from domain.users import User
from projections.job_tables import notifications
from tests.support.history import credit_code
from workers import casework
from workers.reminders import change_rules, send_reminders

ADMIN, SUP = Actor("admin", "admin"), Actor("zhidui", "supervisor")
MAO_LOGIN = Actor("maofeng", "inspector")
TODAY = date(2026, 11, 20)
WITNESS = {"kind": "witness", "format": r"\d{6}", "description": "现场见证人摇号6位数字"}


# -- the town ----------------------------------------------------------------------------------
def build_town(s) -> dict:
    """A prefecture with two counties; the county 昌吉市 has its own supervisor (xian), 阜康市
    none (its matters go to the prefecture's zhidui). Officer 毛峰 of 昌吉市 has a login
    (maofeng, matched by name within the brigade); another 毛峰 in 阜康市 has one too."""
    app, ids = s.app, {}
    for cid, code, name, level, parent in (("j0", "650000", "新疆维吾尔自治区", "province", None),
                                           ("j1", "652300", "昌吉回族自治州", "prefecture", "650000"),
                                           ("j2", "652301", "昌吉市", "county", "652300"),
                                           ("j3", "652302", "阜康市", "county", "652300")):
        app.register_jurisdiction(ADMIN, cid, code=code, name=name, level=level, parent=parent)
    for county in ("652301", "652302"):
        app.form_brigade(ADMIN, f"b{county}", code=f"BR-{county}", name=f"{county}执法大队", kind="brigade",
                         jurisdiction=county)
    for key, name, cert, unit in (("mao", "毛峰", "31050090001", "BR-652301"), ("li", "李明", "31050090002", "BR-652301"),
                                  ("mao2", "毛峰", "31050090003", "BR-652302"), ("wu", "吴刚", "31050090004", "BR-652302")):
        ids[key] = app.register_inspector(ADMIN, f"o-{key}", name=name, kind="officer", cert_no=cert,
                                          cert_valid_until=date(2030, 1, 1), unit=unit).aggregate_id.hex
    for username, name, role, jurisdiction, brigade in (
            ("zhidui", "昌吉州支队调度员", "supervisor", "652300", None), ("xian", "昌吉市分局调度员", "supervisor", "652301", None),
            ("old", "已停用调度员", "supervisor", "652301", None), ("maofeng", "毛峰", "inspector", None, "BR-652301"),
            ("fukang", "毛峰", "inspector", None, "BR-652302"), ("jicha", "自治区稽查员", "reviewer", "650000", None)):
        app.create_user(ADMIN, f"u-{username}", username=username, display_name=name, role=role,
                        jurisdiction=jurisdiction, brigade=brigade)
    app.command(User, User.create_id(username="old"), "disable", ADMIN, "u-old-off", reason="调离")
    for n, county in enumerate(("652301", "652302")):
        ids[county] = app.register_target(ADMIN, f"t{county}", credit_code=credit_code(n), site="",
                                          name=f"{county}某化工有限公司", jurisdiction=county,
                                          address=f"工业园{n}号").aggregate_id
    s.projector.catch_up()
    return ids


def task_in(s, town, cid, county="652301", *, accept=True, inspected_on=date(2026, 9, 8)):
    """A complaint task with two officers, dispatched; accepted and inspected unless told."""
    app = s.app
    officers = [town["mao"], town["li"]] if county == "652301" else [town["mao2"], town["wu"]]
    task = app.create_targeted_task(SUP, cid, origin="complaint", target_id=town[county], jurisdiction=county,
                                    due=date(2026, 12, 31), reference=f"12369-{cid}").aggregate_id
    app.command(InspectionTask, task, "assign_officers", SUP, f"{cid}a", officers=officers, reason="指派")
    app.command(InspectionTask, task, "dispatch", SUP, f"{cid}d")
    if accept:
        me = Actor(officers[0], "inspector")
        app.command(InspectionTask, task, "accept", me, f"{cid}z", officer_id=officers[0])
        app.command(InspectionTask, task, "record_inspection", me, f"{cid}r", officer_id=officers[0],
                    form="污染源现场检查记录表", on_site=True, present=officers, representative="环保负责人",
                    production_status="正常生产", checklist={i: "ok" for i in items()}, data_sources=[],
                    approval="", findings="危废贮存间无防渗", inspected_on=inspected_on, today=TODAY)
    return task


def problem_in(s, town, cid, county="652301"):
    task = task_in(s, town, cid, county)
    return casework.record_problem(s, task, SUP, f"{cid}p", description="危险废物贮存间未做防渗",
                                   category="hazardous_waste", legal_basis="《固体废物污染环境防治法》第七十九条",
                                   found_on=date(2026, 9, 8), today=TODAY).aggregate_id


def order(s, problem, cid, deadline):
    s.app.command(Problem, problem, "order_rectification", SUP, cid, order_no=f"昌市环责改〔2026〕{cid}号",
                  requirements="完成防渗改造", today=TODAY, deadline=deadline, ordered_on=date(2026, 9, 10))


def transfer(s, problem, cid, on=date(2026, 11, 2)):
    s.app.command(Problem, problem, "transfer_case", SUP, cid, receiving_body="昌吉市公安局", kind="police",
                  transferred_on=on, suspected_crime=True, document_no=f"昌环移〔2026〕{cid}号", today=TODAY)


def run(s, day: date) -> int:
    s.projector.catch_up()
    return send_reminders(s, today=day)


def fired(s, day: date, rule: str) -> int:
    """How many reminders of `rule` a run on `day` sends (other kinds may fire that day too)."""
    before = len(sent(s, rule))
    run(s, day)
    return len(sent(s, rule)) - before


def sent(s, rule: str | None = None) -> list[tuple]:
    with s.engine.connect() as conn:
        query = select(notifications.c.user_id, notifications.c.rule, notifications.c.subject_id,
                       notifications.c.occasion).order_by(notifications.c.user_id, notifications.c.subject_id)
        if rule:
            query = query.where(notifications.c.rule == rule)
        return [tuple(r) for r in conn.execute(query)]


def users_of(s, rule: str) -> set[str]:
    return {r[0] for r in sent(s, rule)}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def town(request):
    s = request.getfixturevalue("system" if request.param == "sqlite" else "pg_system")
    return s, build_town(s)


@pytest.fixture
def town1(system):
    return system, build_town(system)


# -- each kind on its working day ---------------------------------------------------------------
def test_a_rectification_deadline_after_national_day_is_reminded_three_working_days_before(town1):
    s, town = town1
    order(s, problem_in(s, town, "r1"), "r1o", date(2026, 10, 9))
    # 9 October 2026 is the second working day after the National Day week (1–7 Oct off):
    # three working days before it are 29 and 30 September and 8 October.
    assert add_working_days(date(2026, 9, 29), 3).day == date(2026, 10, 9)
    assert fired(s, date(2026, 9, 28), "rectification") == 0
    assert fired(s, date(2026, 9, 29), "rectification") == 2
    assert users_of(s, "rectification") == {"xian", "maofeng"}  # nearest supervisor + the officer with a login
    with s.engine.connect() as conn:
        row = conn.execute(select(notifications).where(notifications.c.user_id == "xian",
                                                       notifications.c.rule == "rectification")).mappings().one()
    assert "2026年10月9日" in row["message"] and "652301某化工有限公司" in row["message"]
    assert row["link"].startswith("/problems/") and row["occasion"] == date(2026, 10, 9)


def test_a_county_without_supervisors_is_reminded_through_the_prefecture(town1):
    s, town = town1
    order(s, problem_in(s, town, "r2", "652302"), "r2o", date(2026, 10, 9))
    run(s, date(2026, 9, 29))
    # zhidui, not the county's xian; the officer 毛峰 of 阜康市 by his own login, not 昌吉市's 毛峰
    assert users_of(s, "rectification") == {"zhidui", "fukang"}


def test_a_disclosure_is_reminded_five_working_days_before_its_due_day(town1):
    s, town = town1
    task = task_in(s, town, "d1", inspected_on=date(2026, 10, 30))
    casework.complete_task(s, task, town["mao"], "未发现问题", Actor(town["mao"], "inspector"), "d1c",
                           completed_on=date(2026, 11, 2), today=TODAY)
    due = add_working_days(date(2026, 11, 2), 20).day
    assert due == date(2026, 11, 30)  # 5 working days before: Monday 23 November (22nd is a Sunday)
    assert fired(s, date(2026, 11, 22), "disclosure") == 0
    assert fired(s, date(2026, 11, 23), "disclosure") == 1
    assert [(r[0], r[3]) for r in sent(s, "disclosure")] == [("xian", due)]


def test_a_task_not_accepted_is_reminded_after_two_working_days(town1):
    s, town = town1
    task_in(s, town, "a1", accept=False)
    dispatched = local_day(datetime.now(timezone.utc))
    assert fired(s, add_working_days(dispatched, 1).day, "acceptance") == 0
    assert fired(s, add_working_days(dispatched, 2).day, "acceptance") == 2
    assert users_of(s, "acceptance") == {"xian", "maofeng"}  # 李明 has no login
    assert {r[3] for r in sent(s, "acceptance")} == {dispatched}


def test_the_quarterly_draw_is_reminded_in_the_last_five_working_days_until_drawn(town1):
    s, town = town1
    s.app.create_plan(SUP, "plan-27q1", title="昌吉市2027年第一季度双随机抽查", period_kind="quarter", period="2027Q1",
                      jurisdiction="652301", level="county", brigades=["BR-652301"], rules=DEFAULT_RULES["county"],
                      public_source=WITNESS)
    assert last_working_days(date(2026, 12, 31), 5) == (date(2026, 12, 25), False)
    assert fired(s, date(2026, 12, 24), "draw") == 0
    assert fired(s, date(2026, 12, 25), "draw") == 1
    assert [r[0] for r in sent(s, "draw")] == ["xian"]


def test_reports_are_reminded_in_the_quarters_last_days_and_before_the_yearly_summary(town1):
    s, _town = town1
    run(s, date(2026, 11, 20))
    assert sent(s, "report") == []
    run(s, date(2026, 11, 23))  # county summary due 30 November: 5 working days before
    assert sent(s, "report") == [("xian", "report", "652301:2026", date(2026, 11, 30))]
    run(s, date(2026, 11, 27))
    assert len(sent(s, "report")) == 1  # the prefecture's is due 5 December
    run(s, date(2026, 11, 30))
    assert ("zhidui", "report", "652300:2026", date(2026, 12, 5)) in sent(s, "report")
    run(s, date(2026, 12, 24))
    assert len(sent(s, "report")) == 2
    run(s, date(2026, 12, 25))  # the 情况统计表 of 2026Q4, one for each bureau with supervisors
    quarter = {r[:3] for r in sent(s, "report") if r[2].endswith("Q4")}
    assert quarter == {("xian", "report", "652301:2026Q4"), ("zhidui", "report", "652300:2026Q4")}


def test_a_transfer_without_reply_is_reminded_after_ten_working_days(town1):
    s, town = town1
    transfer(s, problem_in(s, town, "x1"), "x1t")
    assert add_working_days(date(2026, 11, 2), 10).day == date(2026, 11, 16)
    assert fired(s, date(2026, 11, 13), "transfer") == 0
    assert fired(s, date(2026, 11, 16), "transfer") == 2
    assert users_of(s, "transfer") == {"xian", "maofeng"}


# -- once, and the rules --------------------------------------------------------------------------
def test_running_twice_or_twice_at_once_sends_each_reminder_once(town):
    s, town_ids = town
    transfer(s, problem_in(s, town_ids, "x2"), "x2t")
    s.projector.catch_up()
    counts, errors = [], []

    def job():
        try:
            counts.append(send_reminders(s, today=date(2026, 11, 16)))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
    threads = [threading.Thread(target=job) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and sum(counts) == 2
    assert run(s, date(2026, 11, 16)) == 0 and run(s, date(2026, 11, 20)) == 0
    assert len(sent(s, "transfer")) == 2


def test_a_disabled_rule_sends_nothing_and_changed_days_move_the_day(town1):
    s, town = town1
    transfer(s, problem_in(s, town, "x3"), "x3t")
    change_rules(s, ADMIN, "rules-1", jurisdiction=EVERYWHERE, rules={"transfer": {"enabled": False}}, reason="暂停")
    assert fired(s, date(2026, 11, 30), "transfer") == 0
    # The prefecture turns it back on with 5 days: its county (no rules of its own) follows.
    change_rules(s, SUP, "rules-2", jurisdiction="652300", rules={"transfer": {"enabled": True, "days": 5}},
                 reason="移送案件须一周内跟进")
    assert add_working_days(date(2026, 11, 2), 5).day == date(2026, 11, 9)
    assert fired(s, date(2026, 11, 6), "transfer") == 0
    assert fired(s, date(2026, 11, 9), "transfer") == 2
    # The county's own rules win over the prefecture's.
    transfer(s, problem_in(s, town, "x4"), "x4t", on=date(2026, 11, 9))
    change_rules(s, SUP, "rules-3", jurisdiction="652301", rules={"transfer": {"days": 8}}, reason="本县自定")
    assert fired(s, add_working_days(date(2026, 11, 9), 7).day, "transfer") == 0
    assert fired(s, add_working_days(date(2026, 11, 9), 8).day, "transfer") == 2


def test_the_rules_refuse_bad_values_in_chinese_and_write_nothing(town1):
    s, _town = town1
    for rules, words in (({"transfer": {"days": 61}}, "须为0至60之间的整数"), ({"transfer": {"days": "三"}}, "须为0至60之间的整数"),
                         ({"transfer": {"days": True}}, "须为0至60之间的整数"), ({"holiday": {"days": 3}}, "提醒类型“holiday”不存在"),
                         ({"transfer": {"loud": True}}, "没有“loud”这项设置")):
        with pytest.raises(DomainError, match=words):
            change_rules(s, SUP, f"bad-{words}", jurisdiction="652301", rules=rules, reason="试")
    with pytest.raises(DomainError, match="变更理由不能为空"):
        change_rules(s, SUP, "bad-reason", jurisdiction="652301", rules={"transfer": {"days": 4}}, reason=" ")
    with pytest.raises(DomainError, match="辖区“999999”不存在"):
        change_rules(s, SUP, "bad-place", jurisdiction="999999", rules={}, reason="试")
    assert not s.app.exists(ReminderRules.create_id(jurisdiction="652301"))
    change_rules(s, SUP, "ok", jurisdiction="652301", rules={"transfer": {"days": 4}}, reason="试")
    with pytest.raises(NoChangeError, match="没有变化"):
        change_rules(s, SUP, "same", jurisdiction="652301", rules={"transfer": {"days": 4}}, reason="再试")
    rules = s.app.load(ReminderRules, ReminderRules.create_id(jurisdiction="652301")).rules
    assert rules["transfer"] == {"enabled": True, "days": 4, "webhook": False} and rules["rectification"]["days"] == 3


# -- the webhook ------------------------------------------------------------------------------------
class Receiver:
    """A real HTTP server on a free local port that answers with the statuses it is given."""

    def __init__(self, statuses):
        self.statuses, self.posts = list(statuses), []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.posts.append((json.loads(body.decode("utf-8")), self.headers["Content-Type"]))
                status = outer.statuses.pop(0) if len(outer.statuses) > 1 else outer.statuses[0]
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(monkeypatch):
    made = []

    def start(*statuses):
        made.append(Receiver(statuses))
        monkeypatch.setenv("SHUANGSUI_WEBHOOK_URL", made[-1].url)
        return made[-1]
    yield start
    for r in made:
        r.close()


def states(s) -> dict[str, tuple]:
    with s.engine.connect() as conn:
        return {r.user_id: (r.webhook_state, r.webhook_attempts) for r in conn.execute(
            select(notifications.c.user_id, notifications.c.webhook_state, notifications.c.webhook_attempts)
            .where(notifications.c.rule == "transfer"))}


def test_the_webhook_is_retried_while_it_fails_and_delivered_once(town, receiver):
    s, town_ids = town
    hook = receiver(500, 500, 200)
    transfer(s, problem_in(s, town_ids, "w1"), "w1t")
    change_rules(s, ADMIN, "hook-on", jurisdiction=EVERYWHERE, rules={"transfer": {"webhook": True}}, reason="推送到值班群")
    order(s, problem_in(s, town_ids, "w2"), "w2o", date(2026, 11, 19))  # its rule does not push
    assert run(s, date(2026, 11, 16)) == 4
    assert states(s) == {"xian": ("pending", 1), "maofeng": ("pending", 1)}
    run(s, date(2026, 11, 16))
    assert states(s) == {"xian": ("sent", 2), "maofeng": ("sent", 2)}
    for _ in range(2):
        run(s, date(2026, 11, 17))
    assert len(hook.posts) == 4  # two failed attempts, one delivery each, nothing after
    payload, content_type = hook.posts[-1]
    assert content_type.startswith("application/json")
    assert payload["rule"] == "transfer" and "移送" in payload["message"] and len(payload["id"]) == 64
    assert {p["user"] for p, _ in hook.posts[2:]} == {"xian", "maofeng"}
    with s.engine.connect() as conn:
        others = set(conn.execute(select(notifications.c.webhook_state).where(notifications.c.rule != "transfer")).scalars())
    assert others == {"none"}


def test_the_webhook_gives_up_after_five_attempts(town1, receiver):
    s, town = town1
    hook = receiver(503)
    change_rules(s, ADMIN, "hook-on", jurisdiction=EVERYWHERE, rules={"transfer": {"webhook": True}}, reason="推送")
    transfer(s, problem_in(s, town, "w3"), "w3t")
    for n in range(7):
        run(s, date(2026, 11, 16) + timedelta(days=n))
    assert states(s) == {"xian": ("failed", 5), "maofeng": ("failed", 5)}
    assert len(hook.posts) == 10


def test_no_webhook_without_an_address(town1, monkeypatch):
    s, town = town1
    monkeypatch.delenv("SHUANGSUI_WEBHOOK_URL", raising=False)
    change_rules(s, ADMIN, "hook-on", jurisdiction=EVERYWHERE, rules={"transfer": {"webhook": True}}, reason="推送")
    transfer(s, problem_in(s, town, "w4"), "w4t")
    run(s, date(2026, 11, 16))
    assert states(s) == {"xian": ("none", 0), "maofeng": ("none", 0)}


def test_a_round_of_deliveries_stops_after_three_failures_in_a_row(town1, receiver):
    s, town = town1
    hook = receiver(503)
    change_rules(s, ADMIN, "hook-on", jurisdiction=EVERYWHERE, rules={"transfer": {"webhook": True}}, reason="推送")
    for cid in ("w5", "w6"):
        transfer(s, problem_in(s, town, cid), f"{cid}t")
    run(s, date(2026, 11, 16))
    assert len(hook.posts) == 3  # the fourth waits for the next round instead of another timeout
    with s.engine.connect() as conn:
        attempts = sorted(conn.execute(select(notifications.c.webhook_attempts)
                                       .where(notifications.c.rule == "transfer")).scalars())
    assert attempts == [0, 1, 1, 1]
