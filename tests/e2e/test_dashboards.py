"""The home pages as their users see them, on the quarter of tests/support/statistics.py (a
2026Q3 draw of 昌吉市 worked with real commands: problems, an order past its deadline,
penalties, an off-site inspection) plus the changes a reviewer should look at (a voided draw,
officers changed after the draw, a task and a problem reopened), on 20 November 2026.

Every figure of a dashboard opens a list that shows as many rows; the charts carry the same
figures and links as their tables; the minimum ratios are the statistics table's; each role
gets its page, within its scope; nothing inline for the CSP to refuse."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from uuid import UUID

import pytest
from sqlalchemy import select

from domain.base import Actor
from domain.plan_rules import DEFAULT_RULES
from domain.plans import SamplingPlan
from domain.problems import Problem
from domain.tasks import InspectionTask
from projections.tables import inspectors, problems, tasks
from tests.support.pages import text
from tests.support.statistics import BOSS, WITNESS, add_readers, build_quarter
from webapp.tasks import views
from webapp.templating import SHANGHAI
from workers import draws

TODAY = date(2026, 11, 20)
FIGURE = re.compile(r'<a class="figure" data-n="(\d+)" href="([^"]+)"')
CHANGE = re.compile(r'<tr data-kind="(\w+)"><td>[^<]*</td><td><a class="figure" data-n="(\d+)"')  # reviewer's counts
ADMIN = Actor("cli", "admin")


class Frozen(datetime):
    """20 November 2026 for every page (they all ask webapp.tasks.views.today)."""

    @classmethod
    def now(cls, tz=None):
        moment = datetime(TODAY.year, TODAY.month, TODAY.day, 10, 0, tzinfo=SHANGHAI)
        return moment.astimezone(tz) if tz else moment.replace(tzinfo=None)


@pytest.fixture
def work(system, projector_in_request, monkeypatch):
    monkeypatch.setattr(views, "datetime", Frozen)
    ids = build_quarter(system)
    add_readers(system)
    ids.update(second_look(system, ids))
    system.app.create_user(ADMIN, "u-bz-jicha", username="bzjicha", display_name="巴州稽查", role="reviewer",
                           jurisdiction="652800")
    system.projector.catch_up()
    return ids


def second_look(s, ids: dict) -> dict:
    """What a reviewer should see: officers changed on a drawn task, a draw voided, a closed
    task and a closed problem reopened."""
    app = s.app
    with s.engine.connect() as conn:
        drawn = conn.execute(select(tasks.c.id, tasks.c.officers).where(
            tasks.c.plan_id == ids["plan"].hex, tasks.c.state == "assigned").order_by(tasks.c.id)).first()
        crew = conn.execute(select(inspectors.c.id).where(inspectors.c.unit == "BR-652301")).scalars().all()
        closed = conn.execute(select(problems.c.id, problems.c.task_id).where(problems.c.state == "closed")).first()
    others = sorted(set(crew) - set(drawn.officers))[:2]
    app.command(InspectionTask, UUID(drawn.id), "assign_officers", BOSS, "look:reassign", officers=others,
                reason="原检查人员与被检查单位存在利害关系，回避")
    plan = app.create_plan(BOSS, "look:plan", title="阜康市2026年第四季度双随机抽查", period_kind="quarter",
                           period="2026Q4", jurisdiction="652302", level="county", brigades=["BR-652302"],
                           rules=DEFAULT_RULES["county"], public_source=WITNESS).aggregate_id
    draws.commit(s, plan, BOSS, "look:commit", acknowledge_shortfall=True)
    app.command(SamplingPlan, plan, "void", BOSS, "look:void", reason="抽取范围有误，重新编制")
    app.command(InspectionTask, UUID(closed.task_id), "reopen", BOSS, "look:task", reason="整改材料不全，重新核查")
    app.command(Problem, UUID(closed.id), "reopen", BOSS, "look:problem", reason="群众再次投诉，问题复发")
    s.projector.catch_up()
    return {"reassigned": drawn.id, "voided": plan.hex, "reopened_task": closed.task_id,
            "reopened_problem": closed.id}


def switch(client, login, username: str):
    client.post("/logout")
    return login(username)


def ok(response, status: int = 200):
    assert response.status_code == status, text(response)[:500]
    return response


def listed(client, href: str) -> int:
    """How many rows the list a figure links to holds, as that list says it."""
    href = href.replace("&amp;", "&")
    page = ok(client.get(href))
    if href.startswith("/board/"):
        total = int(re.search(r"共 (\d+) 条", text(page)).group(1))
        if total <= 50:
            assert page.text.count("<tr data-id=") == total, href
        return total
    if href.startswith("/problems"):
        return len(set(re.findall(r'<div class="card problem[^"]*" data-id="(\w+)"', page.text)))
    if href.startswith("/disclosure/"):
        listing = re.search(r"list=(\w+)", href).group(1)
        return int(re.search(rf'data-list="{listing}"[^>]*>[^<]*<span class="count">(\d+)</span>', page.text).group(1))
    raise AssertionError(f"a figure links to a list this test does not know: {href}")


def charts(page) -> dict[str, dict]:
    return {m.group(1): json.loads(m.group(2)) for m in re.finditer(
        r'<script type="application/json" id="chart-(\w+)">(.*?)</script>', page.text, flags=re.S)}


def stats_cells(page) -> dict[tuple[str, str], str]:
    found = {}
    for line, row in re.findall(r'<tr data-line="(\w+)">(.*?)</tr>', page.text, flags=re.S):
        for category, cell in re.findall(r'<td data-category="(\w+)">(.*?)</td>', row, flags=re.S):
            found[(line, category)] = " ".join(re.sub(r"<[^>]+>", " ", cell).split())
    return found


def nothing_inline(page) -> None:
    """The CSP allows only our own files: no style attributes, no inline code."""
    assert 'style="' not in page.text
    for tag in re.findall(r"<script[^>]*>", page.text):
        assert 'src="/static/' in tag or 'type="application/json"' in tag, tag


# -- the supervisor ---------------------------------------------------------------------------------
def test_every_figure_of_the_supervisor_dashboard_opens_as_many_rows(work, login):
    boss = login("zhidui")
    page = ok(boss.get("/"))
    nothing_inline(page)
    assert "/static/dashboard.css" in page.text and "/static/vendor/echarts/echarts.min.js" in page.text
    figures = FIGURE.findall(page.text)
    assert len(figures) > 90
    seen: dict[str, int] = {}
    for n, href in figures:
        if href not in seen:
            seen[href] = listed(boss, href)
        assert seen[href] == int(n), href
    # the quarter's casework is on the page: an order past its deadline in 昌吉市, the Q3 penalties,
    # the off-site inspection of September
    row = lambda section, key: re.search(  # noqa: E731
        rf'<section class="card dash" id="{section}">.*?<tr data-(?:code|month)="{key}">(.*?)</tr>', page.text,
        flags=re.S).group(1)
    assert re.search(r'data-figure="problems"><a class="figure" data-n="[1-9]', row("counties", "652301"))
    assert re.search(r'data-figure="decisions"><a class="figure" data-n="[1-9]', row("penalties", "2026-08"))
    assert re.search(r'data-figure="off_site"><a class="figure" data-n="[1-9]', row("inspections", "2026-09"))
    assert "12,345.67" in row("penalties", "2026-08")


def test_the_charts_carry_the_figures_and_links_of_their_tables(work, login):
    boss = login("zhidui")
    page = ok(boss.get("/"))
    table = {(href.replace("&amp;", "&")): int(n) for n, href in FIGURE.findall(page.text)}
    specs = charts(page)
    assert set(specs) == {"ratios", "problems", "inspections", "penalties", "counties"}
    for name, spec in specs.items():
        for series in spec["series"]:
            assert len(series["data"]) == len(spec["categories"]), name
            for point in series["data"]:
                assert point["href"] in table, (name, point)  # a click opens the list the table links to
                if series["type"] == "bar" and name != "ratios":
                    assert point["value"] == table[point["href"]], (name, point)
    ratios = specs["ratios"]
    assert ratios["line"] == 100 and [s["name"] for s in ratios["series"]] == ["本季度", "本年度"]


@pytest.mark.parametrize("period", ["2026Q4", "2026"])
def test_the_minimum_ratios_are_those_of_the_statistics_table(work, login, period):
    boss = login("zhidui")
    page, stats = ok(boss.get("/")), stats_cells(ok(boss.get(f"/stats?period={period}")))
    name = "quarter" if "Q" in period else "year"
    for category in ("key", "special", "general"):
        row = re.search(rf'<tr data-category="{category}">(.*?)</tr>', page.text, flags=re.S).group(1)
        cell = lambda figure: " ".join(re.sub(r"<[^>]+>", " ", re.search(  # noqa: E731
            rf'<td data-period="{name}" data-figure="{figure}">(.*?)</td>', row, flags=re.S).group(1)).split())
        minimum = stats[("minimum", category)]
        assert cell("minimum").split()[0] == minimum.split()[0], (period, category)
        assert ("估算" in cell("minimum")) == ("按规则测算" in minimum), (period, category)
        assert cell("drawn") == stats[("drawn", category)], (period, category)
        assert cell("met").split()[:2] == stats[("met", category)].split(), (period, category)
    # the year counts the Q3 draw; no plan covers Q4, so its minimums are the rules' estimate
    assert int(stats_cells(ok(boss.get("/stats?period=2026")))[("drawn", "total")]) > 0


def test_a_supervisor_sees_the_counties_of_their_jurisdiction_only(work, login, client):
    fukang = ok(login("qian").get("/"))  # 阜康市's supervisor
    codes = set(re.findall(r'<li class="county heat-\d" data-code="(\w+)">', fukang.text))
    assert codes == {"652302"}
    bazhou = ok(switch(client, login, "bazhou").get("/"))
    assert "昌吉市" not in text(bazhou) and not re.search(r'class="figure" data-n="[1-9]', bazhou.text)


# -- the officer --------------------------------------------------------------------------------------
def test_an_officer_sees_their_open_tasks_and_what_is_late(work, login):
    officer = login("zhifa0")  # 执法员0 of the 昌吉市 brigade
    page = ok(officer.get("/"))
    nothing_inline(page)
    assert 'href="/ledger"' not in page.text
    mine = ok(officer.get("/tasks/mine"))
    open_ids = re.findall(r'<section class="card task-card[^"]*" data-id="(\w+)"', mine.text)
    open_ids = [i for i in open_ids if f'task-card done" data-id="{i}"' not in mine.text]
    shown = re.findall(r'<tr data-id="(\w+)"><td><a href="/tasks/', page.text)
    assert open_ids and sorted(shown) == sorted(open_ids)
    tiles = dict(re.findall(r'href="([^"]+)" data-figure="(?:overdue|week)"><span class="num">(\d+)', page.text))
    assert len(tiles) == 2
    for href, n in tiles.items():
        assert listed(officer, href) == int(n), href
    assert any(int(n) > 0 for n in tiles.values())  # the drawn Q3 tasks not inspected are late
    late = re.search(r'<section class="card dash" id="today">(.*?)</section>', page.text, flags=re.S).group(1)
    assert "逾期" in late


# -- the reviewer ---------------------------------------------------------------------------------------
def test_a_reviewer_sees_the_draws_and_the_changes_worth_a_second_look(work, login, client):
    reviewer = login("jicha")
    page = ok(reviewer.get("/"))
    nothing_inline(page)
    counts = dict(CHANGE.findall(page.text))
    # what second_look did, and nothing else: the complaint's first assignment is no reassignment
    assert {k: int(n) for k, n in counts.items() if n != "0"} == {
        "void": 1, "reassignment": 1, "task_reopened": 1, "problem_reopened": 1}
    for kind, record in (("void", f"/plans/{work['voided']}"), ("reassignment", f"/tasks/{work['reassigned']}"),
                         ("task_reopened", f"/tasks/{work['reopened_task']}"),
                         ("problem_reopened", f"/problems/{work['reopened_problem']}")):
        section = re.search(rf'<h3 id="change-{kind}">.*?</table>', page.text, flags=re.S).group(0)
        assert f'href="{record}"' in section, kind
        ok(reviewer.get(record))
    reasons = text(page)
    assert "原检查人员与被检查单位存在利害关系，回避" in reasons and "抽取范围有误，重新编制" in reasons
    draws_table = re.search(r'<section class="card dash" id="draws">.*?</section>', page.text, flags=re.S).group(0)
    assert f'data-id="{work["plan"].hex}" data-status="chained"' in draws_table  # in the ledger, no check run yet
    assert f'href="/plans/{work["plan"].hex}/bundle.json"' in draws_table
    spec = charts(page)["changes"]
    assert [p["value"] for p in spec["series"][0]["data"]] == [float(n) for n in counts.values()]
    # another prefecture's reviewer sees none of it
    other = ok(switch(client, login, "bzjicha").get("/"))
    assert not re.search(r'<tr data-kind="\w+"><td>[^<]*</td><td><a class="figure" data-n="[1-9]', other.text)
    assert work["voided"] not in other.text


def test_the_draw_status_follows_the_whole_store_check(system, work, login):
    from workers.ledger_check import verify_store

    reviewer = login("jicha")
    verify_store(system)
    page = ok(reviewer.get("/"))
    assert f'data-id="{work["plan"].hex}" data-status="verified"' in page.text
    assert "已入账本，全库核验通过" in text(page)


# -- PostgreSQL ---------------------------------------------------------------------------------------
@pytest.mark.postgres
def test_the_dashboards_on_postgresql(pg_system, tmp_path, monkeypatch):
    from tests.support.pages import PASSWORD
    from webapp import create_app
    from webapp.auth.credentials import set_password

    monkeypatch.setattr(views, "datetime", Frozen)
    ids = build_quarter(pg_system)
    add_readers(pg_system)
    ids.update(second_look(pg_system, ids))
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SHUANGSUI_SETTINGS": {"var_dir": tmp_path}},
                     system=pg_system)

    def client_of(username: str):
        client = app.test_client()
        set_password(pg_system.engine, username, PASSWORD)
        assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
        return client

    boss = client_of("zhidui")
    page = ok(boss.get("/"))
    figures = FIGURE.findall(page.text)
    assert any(n != "0" for n, _ in figures)
    for href, n in {href: n for n, href in figures}.items():
        assert listed(boss, href) == int(n), href
    reviewer = ok(client_of("jicha").get("/"))
    counts = dict(CHANGE.findall(reviewer.text))
    assert {k: int(n) for k, n in counts.items() if n != "0"} == {
        "void": 1, "reassignment": 1, "task_reopened": 1, "problem_reopened": 1}
    officer = client_of("zhifa0")
    tiles = dict(re.findall(r'href="([^"]+)" data-figure="(?:overdue|week)"><span class="num">(\d+)',
                            ok(officer.get("/")).text))
    for href, n in tiles.items():
        assert listed(officer, href) == int(n), href
