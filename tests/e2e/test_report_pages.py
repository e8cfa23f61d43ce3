"""报表 as its users see it, on the history of tests/integration/test_official_reports.py (the
Changji quarter plus the prefecture's 第一帮扶检查组 and the disclosure of its results): the
index offers each report with pickers in the user's scope; the yearly summary, the daily
report and the campaign table show the figures of the statistics page of the same period, and
their .xlsx the figures of their page; a period not yet ended is marked 暂定. And the refusals:
an inspector has no reports, another prefecture's supervisor cannot pick this one's county or
group (403), and bad input is told in Chinese (422)."""

from __future__ import annotations

import io
import re
from datetime import date

import openpyxl
import pytest

from domain.base import Actor
from tests.integration.test_official_reports import GROUP, build_reports
from tests.support.pages import text
from tests.support.statistics import add_readers

ADMIN = Actor("cli", "admin")


@pytest.fixture
def made(system, projector_in_request):
    ids = build_reports(system)
    add_readers(system)
    return ids


@pytest.fixture
def switch(client, login):
    """Log in as another user in the same client (logging out first)."""
    def as_user(username: str):
        client.post("/logout")
        return login(username)
    return as_user


def ok(response, status: int = 200):
    assert response.status_code == status, text(response)[:500]
    return response


def figures(page, table_id: str, row_attr: str) -> dict[tuple[str, str], str]:
    """(row, figure) → the cell's text, from the table with this id."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page.text, flags=re.S).group(0)
    found = {}
    for key, row in re.findall(rf'<tr {row_attr}="([\w-]+)">(.*?)</tr>', table, flags=re.S):
        for figure, cell in re.findall(r'<td data-(?:figure|category)="(\w+)">(.*?)</td>', row, flags=re.S):
            found[(key, figure)] = " ".join(re.sub(r"<[^>]+>", " ", cell).split())
    return found


def workbook_rows(response, sheet: str | None = None) -> list[tuple]:
    assert "spreadsheetml" in response.headers["Content-Type"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    return [r for r in (book[sheet] if sheet else book.active).iter_rows(values_only=True) if any(r)]


def test_the_index_offers_every_report_within_the_scope(made, login, switch):
    page = ok(login("zhidui").get("/reports/"))
    shown = text(page)
    for title in ("生态环境“双随机、一公开”情况统计表", "年度工作汇总", "检查组日报", "执法检查数据统计表"):
        assert title in shown
    assert 'action="/stats"' in page.text and 'formaction="/stats.xlsx"' in page.text
    assert 'formaction="/reports/yearly.xlsx"' in page.text and "第一帮扶检查组" in shown
    assert "巴音郭楞蒙古自治州" not in shown and 'value="652301"' in page.text
    assert "昌吉市" not in text(ok(switch("bazhou").get("/reports/")))


def test_the_yearly_summary_shows_the_statistics_of_the_year(made, login):
    boss = login("zhidui")
    page = ok(boss.get("/reports/yearly?year=2026&jurisdiction=652300"))
    stats = ok(boss.get("/stats?period=2026&jurisdiction=652300"))
    summary = figures(page, "categories", "data-line")
    listed = {k: re.sub(r"\s*(含)?按规则测算", "", v) for k, v in figures(stats, "categories", "data-line").items()}
    for key in ("inspected", "problems", "cases", "penalties", "fines", "disclosed", "disclosed_on_time"):
        for category in ("key", "special", "general", "total"):
            assert summary[(key, category)] == listed[(key, category)], (key, category)
    assert summary[("disclosed", "total")] == "2" and summary[("disclosed_on_time", "total")] == "1"
    disclosure = figures(page, "disclosure", "data-place")
    assert (disclosure[("total", "published")], disclosure[("total", "on_time")], disclosure[("total", "withheld")]) \
        == ("2", "1", "1")
    assert "报送期限：2026-12-05前" in text(page) and "暂定" in text(page)
    # a county's summary is due by 30 November; the xlsx holds the page's disclosure figures
    county = ok(boss.get("/reports/yearly?year=2026&jurisdiction=652301"))
    assert "报送期限：2026-11-30前" in text(county)
    rows = workbook_rows(ok(boss.get("/reports/yearly.xlsx?year=2026&jurisdiction=652300")))
    total = next(r for r in rows if r[0] == "合计")
    assert [str(v) for v in total[1:6]] == [disclosure[("total", k)] for k in
                                            ("due", "published", "on_time", "withheld", "overdue")]
    assert rows[0][0].endswith("（暂定）")


def test_the_daily_report_of_a_group(made, login):
    boss = login("zhidui")
    page = ok(boss.get(f"/reports/daily?from=2026-09-15&to=2026-09-16&group={GROUP}"))
    shown = text(page)
    assert "第一帮扶检查组" in shown and "废气处理设施未正常运行" in shown
    assert "立即恢复废气处理设施正常运行，9月30日前提交整改报告" in shown and "已立案：昌州环立〔2026〕9号" in shown
    assert page.text.count("<tr data-task=") == 3 and "未发现问题" in shown and "非现场检查" in shown
    one_day = ok(boss.get("/reports/daily?date=2026-09-16"))
    assert one_day.text.count("<tr data-task=") == 1 and "危险废物台账记录不全" in text(one_day)
    rows = workbook_rows(ok(boss.get(f"/reports/daily.xlsx?from=2026-09-15&to=2026-09-16&group={GROUP}")),
                         "第一帮扶检查组")
    assert [r[7] for r in rows if isinstance(r[0], int)] == ["已立案：昌州环立〔2026〕9号", "未立案", "未立案"]


def test_the_campaign_table_adds_up_to_the_statistics_page(made, login):
    boss = login("zhidui")
    page = ok(boss.get("/reports/campaign?period=2026Q3"))
    stats = figures(ok(boss.get("/stats?period=2026Q3")), "categories", "data-line")
    table = figures(page, "campaign", "data-group")
    for key in ("inspected", "on_site", "off_site", "problems", "orders", "guidance", "cases", "penalties",
                "fines", "coercive", "transfers"):
        assert table[("total", key)] == stats[(key, "total")], key
    assert (table[(GROUP, "inspected")], table[(GROUP, "cases")]) == ("3", "1")
    assert "报送期限：检查结束后5个工作日内（2026-10-13前）" in text(page)
    chosen = ok(boss.get(f"/reports/campaign.xlsx?period=2026Q3&group={GROUP}"))
    rows = workbook_rows(chosen)
    assert [r[1] for r in rows if isinstance(r[0], int)] == ["第一帮扶检查组"]
    assert "执法检查数据统计表" in rows[0][0] and 'filename*=' in chosen.headers["Content-Disposition"]


def test_a_period_not_yet_ended_is_marked_provisional(made, login, monkeypatch):
    monkeypatch.setattr("webapp.reports.routes.today", lambda: date(2026, 9, 20))
    monkeypatch.setattr("webapp.stats.labels.today", lambda: date(2026, 9, 20))
    boss = login("zhidui")
    page = ok(boss.get("/reports/campaign?period=2026Q3"))
    assert 'class="tag off provisional"' in page.text and "本报表数据为暂定数" in text(page)
    rows = workbook_rows(ok(boss.get("/reports/campaign.xlsx?period=2026Q3")))
    assert rows[0][0] == "执法检查数据统计表（暂定）"
    stats = ok(boss.get("/stats.xlsx?period=2026Q3"))
    assert workbook_rows(stats, "情况统计表")[0][0] == "生态环境“双随机、一公开”情况统计表（暂定）"
    assert "暂定" in text(ok(boss.get("/stats?period=2026Q3")))


def test_refusals_outside_the_scope(made, login, switch):
    officer = login("zhifa0")
    assert "角色 inspector 无权访问" in text(ok(officer.get("/reports/"), 403))
    ok(officer.get("/reports/yearly.xlsx"), 403)
    other = switch("bazhou")
    for url in ("/reports/yearly?jurisdiction=652301", "/reports/daily.xlsx?jurisdiction=652300",
                f"/reports/campaign?group={GROUP}", f"/reports/daily?group={GROUP}"):
        assert "不在您的管辖范围内" in text(ok(other.get(url), 403)), url
    # 阜康市's supervisor sees the group's work in 阜康市 only
    county = ok(switch("qian").get(f"/reports/daily?from=2026-09-01&to=2026-09-30&group={GROUP}"))
    assert county.text.count("<tr data-task=") == 1 and "危险废物台账记录不全" in text(county)
    assert "废气处理设施未正常运行" not in text(county)


@pytest.mark.parametrize("url, message", [
    ("/reports/yearly?year=20x6", "年度应为四位数字"),
    ("/reports/yearly?year=1999", "年度应在2000至2100之间"),
    ("/reports/yearly?jurisdiction=999999", "辖区“999999”不存在"),
    ("/reports/daily?date=2026-09-15&period=2026Q3", "请选择检查日期或统计期间，二者不能同时使用"),
    ("/reports/daily?period=2026", "检查组日报的期间不能超过92天"),
    ("/reports/daily.xlsx?date=2026-13-01", "检查日期"),
    ("/reports/campaign?period=2026Q5", "统计期间“2026Q5”格式不正确"),
    ("/reports/campaign?group=NOPE", "检查组“NOPE”不存在"),
    ("/reports/campaign.xlsx?from=2026-09-30&to=2026-07-01", "起始日期（2026-09-30）不能晚于截止日期（2026-07-01）"),
])
def test_bad_input_is_told_in_chinese(made, login, url, message):
    page = ok(login("jicha").get(url), 422)
    assert message in text(page) and "筛选条件有误" in text(page)
