"""统计 and 状态看板 as their users see them, on the quarter of tests/integration/test_statistics.py
(made with real commands): every figure of the tables and of the board opens a list of
exactly that many rows; the sums of money are exact; a missed minimum shows ✘ and a met one
✔; the .xlsx holds the page's figures; a unit's compliance grid puts a demo penalty in its
quarter. And the refusals: another prefecture's supervisor sees none of it and cannot pick a
county outside its scope (403); an inspector has its brigade's board only; bad filters get a
Chinese 422."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import select

from domain.base import Actor
from domain.calendar import working_days_between
from projections.tables import jurisdictions, plans
from tests.support.statistics import FINES, add_readers, build_quarter, expected_table
from tests.support.pages import text
from webapp.stats.schemas import TABLE_LINES
from webapp.tasks.views import today

ADMIN = Actor("cli", "admin")
FIGURE = re.compile(r'<a class="[^"]*figure[^"]*" data-n="(\d+)"[^>]*href="([^"]+)"')
CATEGORIES = ("key", "special", "general", "total")


@pytest.fixture
def quarter(system, projector_in_request):
    ids = build_quarter(system)
    add_readers(system)
    return ids


def ok(response, status: int = 200):
    assert response.status_code == status, text(response)[:500]
    return response


def listed(client, href: str) -> int:
    """The total a list says it has; its rows on the page agree when they fit on one page."""
    page = ok(client.get(href.replace("&amp;", "&")))
    total = int(re.search(r"共 (\d+) 条", text(page)).group(1))
    if href.startswith("/board/") and total <= 50:
        assert page.text.count("<tr data-id=") == total, href
    return total


def cells(page) -> dict[tuple[str, str], str]:
    """(line, category) → the cell's text, from the statistics table."""
    found = {}
    for line, row in re.findall(r'<tr data-line="(\w+)">(.*?)</tr>', page.text, flags=re.S):
        for category, cell in re.findall(r'<td data-category="(\w+)">(.*?)</td>', row, flags=re.S):
            found[(line, category)] = " ".join(re.sub(r"<[^>]+>", " ", cell).split())
    return found


def test_every_figure_of_the_tables_opens_as_many_rows(system, quarter, login):
    boss = login("zhidui")
    page = ok(boss.get("/stats?period=2026Q3"))
    with system.engine.connect() as conn:
        path = conn.execute(select(jurisdictions.c.path).where(jurisdictions.c.code == "652300")).scalar()
        minimums = conn.execute(select(plans.c.minimums).where(plans.c.id == quarter["plan"].hex)).scalar()
        expected = expected_table(conn, path, minimums)
    shown = cells(page)
    for figure in ("directory", "drawn", "inspected", "on_site", "off_site", "targeted", "problems", "orders",
                   "guidance", "cases", "penalties", "coercive", "transfers", "closed", "closed_on_time"):
        for category in ("key", "special", "general"):
            if figure != "directory":  # the directory is counted by the directory's own list below
                assert shown[(figure, category)] == str(expected[category][figure]), (figure, category)
    links = FIGURE.findall(page.text)
    assert len(links) > 60
    for n, href in links:
        assert listed(boss, href) == int(n), href
    # the money, exact to the fen, and the list of the decisions it sums
    assert shown[("fines", "total")] == format(sum(FINES), ",.2f") == "12,345.72"
    line = re.search(r'<tr data-line="fines">.*?</tr>', page.text, flags=re.S).group(0)
    fines = re.findall(r'<a class="fines" data-fines="([\d.]+)" href="([^"]+)"', line)[-1]
    assert Decimal(fines[0]) == sum(FINES)
    assert "罚款合计 12,345.72 元" in text(ok(boss.get(fines[1].replace("&amp;", "&"))))
    assert shown[("disclosed", "total")] == shown[("disclosed_on_time", "total")] == "0"  # none published yet
    assert "尚未上线" not in text(page) and "报送期限：2026-09-23至2026-09-30（季度结束前5个工作日内）" in text(page)
    assert all(shown[("met", c)] == "✔ 达标" for c in CATEGORIES) and 'class="tag ok met"' in page.text


def test_a_county_without_a_plan_misses_its_minimum(quarter, login):
    page = ok(login("zhidui").get("/stats?period=2026Q3&jurisdiction=652302"))
    shown = cells(page)
    assert shown[("met", "key")] == shown[("met", "general")] == "✘ 未达标"
    assert shown[("met", "special")] == "✔ 达标"  # no special unit: nothing to draw
    assert shown[("minimum", "general")] == "5 按规则测算" and 'class="tag special missed"' in page.text
    assert shown[("targeted", "key")] == "1" and shown[("drawn", "total")] == "0"


def test_the_download_holds_the_figures_of_the_page(quarter, login):
    boss = login("zhidui")
    shown = cells(ok(boss.get("/stats?period=2026Q3")))
    response = ok(boss.get("/stats.xlsx?period=2026Q3"))
    assert "spreadsheetml" in response.headers["Content-Type"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = book["情况统计表"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r[0]}
    assert "生态环境“双随机、一公开”情况统计表" in rows and "统计期间：2026年第三季度" in rows
    assert "报送期限：2026-09-23至2026-09-30（季度结束前5个工作日内）" in rows
    assert rows["指标"] == ("重点监管对象", "特殊监管对象", "一般监管对象", "合计")
    for key, label in TABLE_LINES:
        for category, value in zip(CATEGORIES, rows[label]):
            page_value = shown[(key, category)].replace(" 按规则测算", "").replace(" 含按规则测算", "")
            if key == "fines":
                assert Decimal(str(value)).quantize(Decimal("0.01")) == Decimal(page_value.replace(",", ""))
            else:
                assert str(value) == page_value, (key, category)
    assert sheet["A7"].font.name == "宋体" and sheet["A1"].font.name == "宋体"
    officers = {r[1]: r for r in book["执法人员统计"].iter_rows(min_row=7, values_only=True)}
    assert "执法员0" in officers and "执法员4" in officers


def test_the_board_figures_open_their_rows_and_show_how_late(quarter, login):
    boss = login("zhidui")
    page = ok(boss.get("/board"))
    links = FIGURE.findall(page.text)
    assert len(links) > 20
    for n, href in links:
        assert listed(boss, href) == int(n), href
    late = working_days_between(date(2026, 8, 10), today())
    worst = re.search(r'<ul class="worst-dispositions">(.*?)</ul>', page.text, flags=re.S).group(1)
    assert quarter["overdue_order"].hex in worst and f"逾期 {late} 个工作日" in worst
    overdue = re.search(r'<tr data-listing="dispositions">.*?</tr>', page.text, flags=re.S).group(0)
    assert 'class="tag special">1<' in overdue
    # narrowed to 阜康市: the complaint only
    fukang = ok(boss.get("/board?jurisdiction=652302&origin=targeted"))
    assert listed(boss, "/board/tasks?jurisdiction=652302&origin=targeted") == 1
    transfers = re.search(r'<tr data-kind="transfer">.*?</tr>', fukang.text, flags=re.S).group(0)
    assert 'data-n="1"' in transfers and "已移送，待对方接收" in transfers


def test_another_prefecture_sees_none_of_it_and_cannot_pick_it(quarter, login):
    other = login("bazhou")
    page = ok(other.get("/stats?period=2026Q3"))
    shown = cells(page)
    assert all(shown[(f, "total")] == "0" for f in ("directory", "inspected", "problems", "penalties"))
    assert "执法员0" not in text(page)
    for url in ("/stats?period=2026Q3&jurisdiction=652301", "/stats.xlsx?jurisdiction=652300",
                "/board?jurisdiction=652301", "/board/tasks?jurisdiction=652302", "/board?brigade=BR-652301"):
        assert "不在您的管辖范围内" in text(ok(other.get(url), 403)), url
    assert listed(other, "/board/tasks") == 0 and listed(other, "/board/dispositions?count=penalty") == 0
    ok(login("qian").get("/stats?jurisdiction=652301"), 403)  # a county's supervisor: not the neighbour


def test_an_inspector_sees_its_brigade_only(system, quarter, login):
    officer = login("zhifa0")
    ok(officer.get("/stats"), 403)
    ok(officer.get("/stats.xlsx"), 403)
    assert "只能查看本单位" in text(ok(officer.get("/board?brigade=BR-652302"), 403))
    page = ok(officer.get("/board"))
    for n, href in FIGURE.findall(page.text):
        assert listed(officer, href) == int(n)
    from projections.tables import tasks
    with system.engine.connect() as conn:
        ours = conn.execute(select(tasks.c.id).where(tasks.c.brigade == "BR-652301")).scalars().all()
    assert listed(officer, "/board/tasks") == len(ours) > 0
    assert quarter["complaint"].hex not in ok(officer.get("/board/tasks")).text  # 阜康市's brigade's


@pytest.mark.parametrize("url, message", [
    ("/stats?period=2026Q5", "统计期间“2026Q5”格式不正确"),
    ("/stats?from=2026-09-30&to=2026-07-01", "起始日期（2026-09-30）不能晚于截止日期（2026-07-01）"),
    ("/stats?from=2026-07-01", "起始日期和截止日期须同时填写"),
    ("/stats.xlsx?period=Q3", "统计期间“Q3”格式不正确"),
    ("/board?period=2026Q3&from=2026-07-01&to=2026-07-31", "二者不能同时使用"),
    ("/board?category=huge", "监管类别：“huge”不在可选范围内"),
    ("/board?jurisdiction=999999", "辖区“999999”不存在"),
    ("/board/tasks?count=everything", "统计口径“everything”不存在"),
    ("/board/dispositions?state=lost", "状态“lost”不存在"),
    ("/board/tasks?page=0", "页码应为正整数"),
])
def test_bad_filters_are_told_in_chinese(quarter, login, url, message):
    page = ok(login("jicha").get(url), 422)
    assert message in text(page) and "筛选条件有误" in text(page)


def test_the_unit_page_shows_a_demo_penalty_in_its_quarter(system, login, monkeypatch):
    from workers.demo import stories
    from workers.demo.load import load_demo
    from projections.tables import problems

    load_demo(system, "default", echo=lambda *_: None)
    monkeypatch.setattr("webapp.directory.routes.today", lambda: date(2026, 11, 22))  # the demo's last day
    with system.engine.connect() as conn:
        unit = conn.execute(select(problems.c.target_id).where(
            problems.c.id == stories.problem_id("order-failed-penalty").hex)).scalar()
    boss = login("zhidui")
    page = ok(boss.get(f"/targets/{unit}"))
    row = re.search(r'<tr data-row="penalties">(.*?)</tr>', page.text, flags=re.S).group(1)
    cell = re.search(r'<td data-quarter="2026Q3"[^>]*>(.*?)</td>', row, flags=re.S).group(1)
    assert ">1<" in cell and "250,000.00元" in cell
    others = re.findall(r'<td data-quarter="(\w+)" class="hit">', row)
    assert others == ["2026Q3"]
    [(n, href)] = FIGURE.findall(cell)
    assert listed(boss, href) == 1 and "昌州环罚〔2026〕27号" in ok(boss.get(href.replace("&amp;", "&"))).text
