"""The status board, the statistics tables, 结果公开, the reports and the special list and
corrections through the JSON API, checked figure by figure against the pages that show them
(and each .xlsx against the page's own file), with the pages' role and scope refusals."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from tests.support.api_demo import api, logged_in, open_demo
from tests.support.pages import text
from webapp import forms
from webapp.services import wait_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MADE = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")  # 制表时间: the minute the file was made


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo's directories, accounts and casework (昌吉州), read by every test here."""
    yield from open_demo(tmp_path_factory, "api-reports")


@pytest.fixture(scope="module")
def user(demo):
    return logged_in(*demo)


def part(html: str, pattern: str) -> str:
    found = re.search(pattern, html, re.S)
    assert found, pattern
    return found.group(1)


def cells(content: bytes) -> list:
    """Every sheet's values, the time the file was made left out."""
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    return [[[MADE.sub("…", v) if isinstance(v, str) else v for v in row] for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets]


def same_file(client, api_path: str, page_path: str) -> None:
    ours, theirs = client.get(api_path), client.get(page_path)
    assert ours.status_code == theirs.status_code == 200 and ours.mimetype == XLSX
    assert ours.headers["Content-Disposition"] == theirs.headers["Content-Disposition"]
    assert cells(ours.data) == cells(theirs.data)


# -- 状态看板 -------------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["", "period=2026Q4", "period=2026&jurisdiction=652301&origin=targeted"])
def test_the_status_board_is_the_pages_figures(user, query):
    boss = user("zhidui")
    board = api(boss, f"/api/v1/board?{query}", template="/api/v1/board")
    html = boss.get(f"/board?{query}").text
    for listing in ("tasks", "problems"):
        section = part(html, rf'<section class="card" id="{listing}-by-state">(.*?)</section>')
        shown = dict(re.findall(r'<tr data-state="(\w+)">.*?data-n="(\d+)"', section, re.S))
        assert {r["state"]: str(r["count"]) for r in board[listing]} == {k: v for k, v in shown.items() if k != "all"}
        assert str(board[f"{listing}_total"]) == shown["all"]
    kinds = dict(re.findall(r'<tr data-kind="(\w+)">.*?data-n="(\d+)"', part(html, r'id="dispositions">(.*?)</section>'), re.S))
    assert {d["kind"]: str(d["count"]) for d in board["dispositions"]} == kinds
    for listing in ("tasks", "dispositions"):
        row = part(html, rf'<tr data-listing="{listing}">(.*?)</tr>')
        late = board[f"{listing}_late"]
        assert dict(re.findall(r'data-band="(\w+)"><a class="figure" data-n="(\d+)"', row)) == \
            {band: str(late[band]) for band in ("le5", "6to20", "gt20")}
        assert part(row, r'class="overdue"><a class="figure" data-n="(\d+)"') == str(late["overdue"])
        assert part(row, r'class="week"><a class="figure" data-n="(\d+)"') == str(late["week"])
    for kind in ("tasks", "dispositions"):
        shown_ids = re.findall(r'<li data-id="([^"]+)"', part(html, rf'<ul class="worst-{kind}">(.*?)</ul>'))
        assert [w["id"] for w in board[f"worst_{kind}"]] == shown_ids


def test_the_board_narrows_an_officer_to_its_brigade_and_checks_its_filters(user):
    officer = user("dadui")
    assert api(officer, "/api/v1/board", template="/api/v1/board")["brigade"] == "BR-652301"
    assert api(officer, "/api/v1/board?brigade=BR-652302", 403, "/api/v1/board")["message"] == "执法人员只能查看本单位的任务"
    boss = user("zhidui")
    bad = api(boss, "/api/v1/board?period=2026Q5", 422, "/api/v1/board")
    assert "统计期间“2026Q5”格式不正确" in bad["errors"]["query"]["period"][0]
    assert api(boss, "/api/v1/board?jurisdiction=652800", 403, "/api/v1/board")["message"].endswith("不在您的管辖范围内")


@pytest.mark.parametrize("listing,query", [("tasks", "state=assigned"), ("tasks", "overdue=yes"),
                                           ("problems", "period=2026"), ("dispositions", ""),
                                           ("dispositions", "count=penalty&period=2026")])
def test_a_figures_list_is_the_pages_list(user, listing, query):
    boss = user("zhidui")
    found = api(boss, f"/api/v1/board/{listing}?per_page=50&{query}", template=f"/api/v1/board/{listing}")
    page = boss.get(f"/board/{listing}?{query}")
    assert [r["id"] for r in found["items"]] == re.findall(r'<tr data-id="([^"]+)"', page.text)
    assert f"共 {found['total']} 条" in text(page) and found["title"] in text(page)
    if listing == "dispositions" and found["total"]:
        assert part(page.text, r'<strong class="fines">([^<]+)</strong>') == f"{float(found['fines_total']):,.2f}"
    wrong = api(boss, f"/api/v1/board/{listing}?count=everything", 422, f"/api/v1/board/{listing}")
    assert wrong["errors"]["query"]["count"] == ["统计口径“everything”不存在"]


# -- 统计表 ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["period=2026Q4", "period=2026&jurisdiction=652302", "from=2026-07-01&to=2026-09-30"])
def test_the_statistics_tables_are_the_pages_and_its_file(user, query):
    boss = user("zhidui")
    tables = api(boss, f"/api/v1/stats?{query}", template="/api/v1/stats")
    html = boss.get(f"/stats?{query}").text
    for line in ("directory", "drawn", "inspected", "on_site", "problems", "orders", "cases", "closed", "disclosed"):
        row = part(html, rf'<tr data-line="{line}">(.*?)</tr>')
        shown = re.findall(r'data-category="(\w+)"><(?:a|span) class="(?:figure|disclosed)" data-n="(\d+)"', row)
        assert [(r["category"], str(r[line])) for r in tables["categories"]] == shown, line
    minimum = re.findall(r'<span class="figure">(\d+)</span>', part(html, r'<tr data-line="minimum">(.*?)</tr>'))
    assert [str(r["minimum"]) for r in tables["categories"]] == minimum
    assert [r["fines"] for r in tables["categories"]] == re.findall(r'data-fines="([^"]+)"', html)
    officers = re.findall(r'<tr data-id="([0-9a-f]{32})">(.*?)</tr>', part(html, r'id="officers">(.*?)</table>'), re.S)
    assert [o["id"] for o in tables["officers"]] == [i for i, _row in officers]
    for o, (_id, row) in zip(tables["officers"], officers):
        assert dict(re.findall(r'data-figure="(\w+)"><a class="figure" data-n="(\d+)"', row)) == \
            {k: str(o[k]) for k in ("random", "targeted", "inspected", "completed", "problems", "workload")}
    same_file(boss, f"/api/v1/stats.xlsx?{query}", f"/stats.xlsx?{query}")


def test_the_tables_are_for_supervisors_and_reviewers_only(user):
    officer = user("dadui")
    assert officer.get("/stats").status_code == 403
    assert api(officer, "/api/v1/stats", 403, "/api/v1/stats")["status"] == "无权访问"
    assert officer.get("/api/v1/stats.xlsx").status_code == 403
    reviewer = api(user("jicha"), "/api/v1/stats?period=2026", template="/api/v1/stats")
    assert reviewer["period"] == {"label": "2026", "start": "2026-01-01", "end": "2026-12-31"}
    both = user("zhidui").get("/api/v1/stats.xlsx?period=2026Q1&from=2026-01-01&to=2026-02-01")
    assert both.status_code == 422
    assert both.get_json()["errors"]["query"]["_schema"] == ["请选择统计期间或填写起止日期，二者不能同时使用"]


# -- 结果公开 -------------------------------------------------------------------------------------
def test_the_disclosure_lists_and_on_time_table_are_the_pages(user):
    boss = user("zhidui")
    for listing in ("review", "reviewed", "due_week", "overdue", "withheld", "published"):
        found = api(boss, f"/api/v1/disclosure?list={listing}", template="/api/v1/disclosure")
        html = boss.get(f"/disclosure/?list={listing}").text
        counts = dict(re.findall(r'data-list="(\w+)" href="[^"]*"\s*(?:aria-current="page")?>[^<]*<span class="count">(\d+)', html))
        assert {k: str(v) for k, v in found["counts"].items()} == counts
        assert [r["task_id"] for r in found["items"]] == re.findall(r'<tr data-id="([0-9a-f]{32})" data-state', html)
        assert found["total"] == found["counts"][listing]
    assert found["total"] > 0  # the demo has published results
    rates = api(boss, "/api/v1/disclosure/on-time?period=2026", template="/api/v1/disclosure/on-time")
    shown = re.findall(r'<tr data-code="(\w+)"><td>[^<]*</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>\s*<td>(\d+)</td>',
                       boss.get("/disclosure/?period=2026").text)
    assert [(r["code"], *map(str, (r["due"], r["published"], r["on_time"], r["withheld"], r["overdue"])))
            for r in rates["rows"]] == shown and shown


def test_one_tasks_disclosure_is_its_page(user):
    boss = user("zhidui")
    for listing in ("published", "review"):
        row = api(boss, f"/api/v1/disclosure?list={listing}&per_page=1", template="/api/v1/disclosure")["items"][0]
        found = api(boss, f"/api/v1/disclosure/{row['task_id']}", template="/api/v1/disclosure/{task_id}")
        html = boss.get(f"/disclosure/{row['task_id']}").text
        state = part(html, r'id="disclosure-state"[^>]*data-state="(\w+)"')
        assert found["disclosure"]["state"] == state == {"published": "published", "review": "pending"}[listing]
        assert found["proposed"]["phrase"] == part(html, r'<span id="proposed" data-phrase="(\w+)"')
        assert found["task"]["unit"] in html and str(found["disclosure"]["due"]) in html
        assert [p["id"] for p in found["problems"]] == re.findall(r'<section class="card problem" data-id="(\w+)"', html)


def test_disclosure_is_refused_outside_scope_and_to_officers(user):
    korla = user("kaifaqu")
    assert api(korla, "/api/v1/disclosure?jurisdiction=652301", 403, "/api/v1/disclosure")["message"].endswith("不在您的管辖范围内")
    assert api(korla, "/api/v1/disclosure?jurisdiction=999999", 422, "/api/v1/disclosure")["errors"]["query"]["jurisdiction"]
    assert api(korla, "/api/v1/disclosure?list=later", 422, "/api/v1/disclosure")["errors"]["query"]["list"]
    published = api(user("zhidui"), "/api/v1/disclosure?list=published&per_page=1", template="/api/v1/disclosure")
    assert api(korla, f"/api/v1/disclosure/{published['items'][0]['task_id']}", 403, "/api/v1/disclosure/{task_id}")
    assert api(korla, f"/api/v1/disclosure/{'0' * 32}", 404, "/api/v1/disclosure/{task_id}")["message"] == "检查任务不存在"
    assert user("dadui").get("/api/v1/disclosure/on-time").status_code == 403


# -- 报表 -----------------------------------------------------------------------------------------
def test_the_yearly_summary_and_campaign_table_are_their_pages_and_files(user):
    boss = user("zhidui")
    yearly = api(boss, "/api/v1/reports/yearly?year=2026", template="/api/v1/reports/yearly")
    html = boss.get("/reports/yearly?year=2026").text
    assert yearly["jurisdiction"] == {"code": "652300", "name": "昌吉州"} and yearly["due"] == "2026-12-05"
    for line in ("directory", "inspected", "problems", "penalties", "disclosed"):
        assert [str(r[line]) for r in yearly["categories"]] == re.findall(
            r'<td data-category="\w+">(\d+)</td>', part(html, rf'<tr data-line="{line}">(.*?)</tr>'))
    places = re.findall(r'<tr data-place="(\w+)">.*?data-figure="due">(\d+)<.*?data-figure="published">(\d+)<', html, re.S)
    assert [(p["code"], str(p["due"]), str(p["published"])) for p in yearly["places"] + [yearly["disclosure"]]] == places
    same_file(boss, "/api/v1/reports/yearly.xlsx?year=2026", "/reports/yearly.xlsx?year=2026")
    campaign = api(boss, "/api/v1/reports/campaign?period=2026Q3", template="/api/v1/reports/campaign")
    html = boss.get("/reports/campaign?period=2026Q3").text
    shown = re.findall(r'<tr data-group="([^"]*)">.*?data-figure="inspected">(\d+)<.*?data-figure="problems">(\d+)<', html, re.S)
    assert [(r["code"] or "None", str(r["inspected"]), str(r["problems"])) for r in campaign["rows"] + [campaign["total"]]] == shown
    same_file(boss, "/api/v1/reports/campaign.xlsx?period=2026Q3", "/reports/campaign.xlsx?period=2026Q3")


def test_the_daily_report_and_the_reports_refusals(user):
    boss, reviewer = user("zhidui"), user("jicha")
    query = "group=BR-652300&group=BR-652301&from=2026-07-01&to=2026-09-30"
    daily = api(boss, f"/api/v1/reports/daily?{query}", template="/api/v1/reports/daily")
    html = boss.get(f"/reports/daily?{query}").text
    assert [g["code"] for g in daily["groups"]] == re.findall(r'class="card daily-group" data-group="([^"]+)"', html)
    visits = [u for g in daily["groups"] for d in g["days"] for u in d["units"]]
    assert [u["task_id"] for u in visits] == re.findall(r'<tr data-task="(\w+)"', html) and visits
    said = [r for u in visits for p in u["problems"] for r in p["requirements"] + [p["description"]]] + \
        [c for u in visits for c in u["cases"]]
    assert said and all(words in html for words in said)
    same_file(boss, f"/api/v1/reports/daily.xlsx?{query}", f"/reports/daily.xlsx?{query}")
    groups = api(reviewer, "/api/v1/reports/daily?date=2026-11-20", template="/api/v1/reports/daily")["groups"]
    assert [g["code"] for g in groups] == ["GRP-654000-1", "GRP-654000-2", "GRP-654000-3"]  # every group, even idle
    long = api(reviewer, "/api/v1/reports/daily?period=2026", 422, "/api/v1/reports/daily")
    assert long["errors"]["query"]["_schema"] == ["检查组日报的期间不能超过92天，请缩小日期范围"]
    refused = user("kaifaqu").get("/api/v1/reports/daily?group=GRP-654000-1")
    assert refused.status_code == 403 and "不在您的管辖范围内" in refused.get_json()["message"]
    assert user("dadui").get("/api/v1/reports").status_code == 403
    choices = api(user("zhidui"), "/api/v1/reports", template="/api/v1/reports")
    assert choices["places"][0]["code"] == "652300" and choices["quarter"].startswith(str(choices["year"]))


# -- 数据纠错 and 特殊监管对象联审 (last: it records a decision) -------------------------------------------
def test_the_corrections_inbox_and_one_correction(user):
    boss, admin = user("zhidui"), user("admin")
    inbox = api(boss, "/api/v1/corrections", template="/api/v1/corrections")
    html = boss.get("/corrections/").text
    assert [c["id"] for c in inbox["items"]] == re.findall(r'<tr data-id="([0-9a-f]{32})"><td>', html) and inbox["items"]
    assert [(s["state"], s["count"]) for s in inbox["states"]] == [
        (state, len(re.findall(r"<tr data-id", body))) for state, body in
        re.findall(r'data-state="(\w+)">(.*?)</section>', html, re.S)]
    one = inbox["items"][0]
    detail = api(boss, f"/api/v1/corrections/{one['id']}", template="/api/v1/corrections/{correction_id}")
    assert detail["contact"] and detail["contact"] in boss.get(f"/corrections/{one['id']}").text
    assert detail["actions"] == ["accept", "reject"] and detail["age"] == one["age"]
    assert api(admin, f"/api/v1/corrections/{one['id']}", template="/api/v1/corrections/{correction_id}")["contact"] is None
    assert api(user("kaifaqu"), f"/api/v1/corrections/{one['id']}", 403, "/api/v1/corrections/{correction_id}")
    assert api(user("jicha"), "/api/v1/corrections", 403, "/api/v1/corrections")
    assert api(boss, "/api/v1/corrections?state=lost", 422, "/api/v1/corrections")["errors"]["query"]["state"]
    assert api(boss, "/api/v1/corrections?state=resolved", template="/api/v1/corrections")["items"] == []


def test_the_special_list_proposal_and_the_recorded_decision(user, demo, monkeypatch):
    boss = user("zhidui")
    proposal = api(boss, "/api/v1/special?year=2027", template="/api/v1/special")
    html = boss.get("/special/?year=2027").text
    proposed = part(html, r'<section class="card" id="proposals">(.*?)</section>')
    assert [p["target_id"] for p in proposal["proposed"]] == re.findall(r'<tr data-id="(\w+)">', proposed)
    assert {c for p in proposal["proposed"] for c in p["reasons"]} == set(re.findall(r'data-criterion="([^"]+)"', proposed))
    assert proposal["decided"] is None and proposal["may_decide"] and proposal["jurisdiction"]["code"] == "652300"
    assert api(user("jicha"), "/api/v1/special?year=2027&jurisdiction=652300", template="/api/v1/special")["may_decide"] is False
    assert api(user("kaifaqu"), "/api/v1/special?jurisdiction=652300", 403, "/api/v1/special")
    assert api(boss, "/api/v1/special?jurisdiction=火星", 422, "/api/v1/special")["errors"]["query"]["jurisdiction"]
    assert api(boss, "/api/v1/special?year=1999", 422, "/api/v1/special")["errors"]["query"]["year"]
    first = proposal["proposed"][0]
    form = {"command_id": "special-2027", "jurisdiction": "652300", "year": "2027", "reference": "联审会纪要〔2026〕1号",
            "meeting_on": "2026-11-20", "unit": first["target_id"], f"criteria_{first['target_id']}": first["criteria"]}
    monkeypatch.setattr(forms, "wait_for", lambda position: demo[0].projector.catch_up() or wait_for(position))
    assert boss.post("/special/decision", data=form).status_code == 302
    decided = api(boss, "/api/v1/special?year=2027", template="/api/v1/special")["decided"]
    assert decided["reference"] == "联审会纪要〔2026〕1号" and [u["target_id"] for u in decided["units"]] == [first["target_id"]]
    assert decided["units"][0]["category"] == "special" and decided["units"][0]["criteria"] == first["criteria"]
    assert decided["reference"] in boss.get("/special/?year=2027").text
