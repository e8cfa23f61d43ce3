"""The official reports on the quarter of tests/support/statistics.py (made with real commands),
plus an inspection group of the prefecture (第一帮扶检查组) that inspects three units on 15 and
16 September — an order with its requirements and a case opened, nothing found, guidance —
and the disclosure of results: one on time, one late, one withheld. Every figure of the yearly
summary and of the campaign table is checked against statistics.category_table of the same
period and scope, and the disclosure figures against the disclosures rows counted here."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from click.testing import Result
from sqlalchemy import select

from domain.base import Actor
from domain.problems import Problem
from domain.tasks import InspectionTask
from projections import reports, statistics
from projections.public_tables import disclosures
from projections.scope import Scope
from projections.tables import jurisdictions
from tests.support.statistics import BOSS, Q3, TODAY, _inspect, build_quarter
from workers import casework, publication
from workers.reports import official

GROUP = "GRP-652300-1"
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def build_reports(s) -> dict:
    """The quarter, the group's three inspections, and the decisions on disclosure."""
    ids = build_quarter(s)
    app = s.app
    app.form_brigade(BOSS, "grp", code=GROUP, name="第一帮扶检查组", kind="inspection_group", jurisdiction="652300",
                     covers=["652301", "652302"], vehicles=["支队"])
    crew = [app.register_inspector(BOSS, f"g{i}", name=f"帮扶员{i}", kind="officer", cert_no=f"3105009200{i}",
                                   cert_valid_until=date(2030, 1, 1), unit=GROUP).aggregate_id.hex for i in range(2)]
    s.projector.catch_up()
    visits = {}
    for key, county, category, day, on_site in (("a", "652301", "general", date(2026, 9, 15), True),
                                                ("b", "652301", "general", date(2026, 9, 15), True),
                                                ("c", "652302", "general", date(2026, 9, 16), False)):
        unit = ids[county][category][-1 if key != "b" else -2]
        task = app.create_targeted_task(BOSS, f"grp-{key}", origin="assigned", target_id=unit, jurisdiction=county,
                                        due=date(2026, 9, 30), reference=f"帮扶-{key}").aggregate_id
        app.command(InspectionTask, task, "assign_officers", BOSS, f"grp-{key}:assign", officers=crew,
                    reason="第三季度帮扶检查")
        _inspect(s, task, day, f"grp-{key}", on_site=on_site)
        visits[key] = task
    lead = Actor(crew[0], "inspector")
    smoke = casework.record_problem(s, visits["a"], lead, "grp-a:p", description="废气处理设施未正常运行",
                                    category="air", legal_basis="《大气污染防治法》", found_on=date(2026, 9, 15),
                                    today=TODAY).aggregate_id
    app.command(Problem, smoke, "order_rectification", BOSS, "grp-a:order", order_no="昌州环责改〔2026〕9号",
                requirements="立即恢复废气处理设施正常运行，9月30日前提交整改报告", deadline=date(2026, 9, 30),
                ordered_on=date(2026, 9, 15), today=TODAY)
    app.command(Problem, smoke, "open_case", BOSS, "grp-a:case", case_no="昌州环立〔2026〕9号",
                opened_on=date(2026, 9, 16), today=TODAY)
    ledger = casework.record_problem(s, visits["c"], lead, "grp-c:p", description="危险废物台账记录不全",
                                     category="hazardous_waste", legal_basis="《固体废物污染环境防治法》",
                                     found_on=date(2026, 9, 16), today=TODAY).aggregate_id
    app.command(Problem, ledger, "give_guidance", BOSS, "grp-c:guide", document_no="指导9号", content="完善台账",
                issued_on=date(2026, 9, 16), today=TODAY)
    for key, day in (("a", date(2026, 9, 16)), ("b", date(2026, 9, 15)), ("c", date(2026, 9, 16))):
        casework.complete_task(s, visits[key], crew[0], "帮扶检查完毕", lead, f"grp-{key}:done", completed_on=day,
                               today=TODAY)
    s.projector.catch_up()
    # a: published on time; b: published late (due 20 working days after 15 Sept); c: withheld
    for key, phrase, published_on in (("a", "penalty", date(2026, 9, 25)), ("b", "no_problem", date(2026, 11, 2))):
        publication.review(s, visits[key], BOSS, f"grp-{key}:review", phrase=phrase, description="无")
        publication.publish(s, [visits[key]], BOSS, f"grp-{key}:publish", published_on=published_on, today=TODAY)
    publication.withhold(s, visits["c"], BOSS, "grp-c:withhold", ground="public_security", reason="涉及公共安全",
                         decided_by="州局负责人")
    s.projector.catch_up()
    ids.update(group_tasks=visits, crew=crew)
    return ids


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def made(request):
    s = request.getfixturevalue("system" if request.param == "sqlite" else "pg_system")
    return s, build_reports(s)


def prefecture(conn) -> dict:
    return dict(conn.execute(select(jurisdictions).where(jurisdictions.c.code == "652300")).mappings().one())


def counted_disclosures(conn, path: str, start: date, end: date, today: date) -> dict[str, Counter]:
    """Per category and in total, the disclosure rows of the period's inspections, one by one."""
    found: dict[str, Counter] = {"total": Counter()}
    for r in conn.execute(select(disclosures)).mappings():
        if not r["jurisdiction_path"].startswith(path) or not (start <= r["inspected_on"] <= end):
            continue
        for c in (found.setdefault(r["category"], Counter()), found["total"]):
            c["due"] += 1
            c["published"] += r["state"] == "published"
            c["on_time"] += r["state"] == "published" and r["on_time"] is True
            c["withheld"] += r["state"] == "withheld"
            c["overdue"] += r["state"] in ("pending", "reviewed") and r["due"] < today
    return found


def test_the_statistics_table_counts_the_disclosures_rows(made):
    s, _ids = made
    with s.engine.connect() as conn:
        j = prefecture(conn)
        table = {r["category"]: r for r in statistics.category_table(conn, Scope((j["path"],)), *Q3)}
        counted = counted_disclosures(conn, j["path"], *Q3, TODAY)
    for category in (*statistics.CATEGORIES, "total"):
        expected = counted.get(category, Counter())
        assert table[category]["disclosed"] == expected["published"], category
        assert table[category]["disclosed_on_time"] == expected["on_time"], category
    assert (table["total"]["disclosed"], table["total"]["disclosed_on_time"]) == (2, 1)  # a on time, b late


def test_the_yearly_summary_is_the_years_statistics_table_and_its_disclosure(made):
    s, _ids = made
    with s.engine.connect() as conn:
        j = prefecture(conn)
        summary = reports.yearly_summary(conn, j, 2026, TODAY)
        assert summary["rows"] == statistics.category_table(conn, Scope((j["path"],)), *YEAR)
        counted = counted_disclosures(conn, j["path"], *YEAR, TODAY)["total"]
    d = summary["disclosure"]
    assert {k: d[k] for k in ("due", "published", "on_time", "withheld", "overdue")} == \
        {k: counted[k] for k in ("due", "published", "on_time", "withheld", "overdue")}
    assert d["published"] == summary["rows"][-1]["disclosed"] and d["on_time"] == summary["rows"][-1]["disclosed_on_time"]
    assert d["withheld"] == 1 and d["rate"] == round(100 * d["on_time"] / (d["due"] - 1), 1)
    assert sum(p["due"] for p in summary["places"]) == d["due"]
    assert [p["name"] for p in summary["places"]] == ["昌吉市", "阜康市"]
    assert summary["due"] == date(2026, 12, 5) and summary["provisional"]  # a prefecture; made in November


def test_the_campaign_table_adds_up_to_the_statistics_table(made):
    s, _ids = made
    with s.engine.connect() as conn:
        scope = Scope((prefecture(conn)["path"],))
        table = reports.campaign_table(conn, scope, *Q3)
        total = statistics.category_table(conn, scope, *Q3)[-1]
        chosen = reports.campaign_table(conn, scope, *Q3, [GROUP])
    for figure in (*reports.CAMPAIGN_FIGURES, "fines_fen"):
        assert table["total"][figure] == total[figure] == sum(r[figure] for r in table["rows"]), figure
    group = {r["code"]: r for r in table["rows"]}[GROUP]
    assert (group["inspected"], group["on_site"], group["off_site"], group["problems"], group["orders"],
            group["guidance"], group["cases"], group["transfers"]) == (3, 2, 1, 2, 1, 1, 1, 0)
    assert {"BR-652301", "BR-652302"} <= {r["code"] for r in table["rows"]}
    assert [r["code"] for r in chosen["rows"]] == [GROUP] and chosen["total"]["inspected"] == 3
    # 5 working days after 30 Sept: 1-7 Oct are holidays, Saturday 10 Oct is worked (调休)
    assert table["due"].day == date(2026, 10, 13)


def test_the_daily_report_says_what_each_group_did_each_day(made):
    s, ids = made
    with s.engine.connect() as conn:
        scope = Scope((prefecture(conn)["path"],))
        [group] = reports.daily_report(conn, scope, date(2026, 9, 15), date(2026, 9, 16))
        county = reports.daily_report(conn, Scope(("/650000/652300/652302/",)), date(2026, 9, 1), date(2026, 9, 30))
    assert group["code"] == GROUP and [d["day"] for d in group["days"]] == [date(2026, 9, 15), date(2026, 9, 16)]
    first, second = group["days"][0]["units"]
    assert first["task_id"] == ids["group_tasks"]["a"].hex and second["task_id"] == ids["group_tasks"]["b"].hex
    [problem] = first["problems"]
    assert problem["description"] == "废气处理设施未正常运行"
    assert problem["requirements"] == ["立即恢复废气处理设施正常运行，9月30日前提交整改报告"]
    assert first["cases"] == ["昌州环立〔2026〕9号"] and second["problems"] == [] and second["cases"] == []
    [third] = group["days"][1]["units"]
    assert third["problems"][0]["requirements"] == [] and not third["on_site"] and third["place"] == "阜康市"
    # 阜康市's supervisor sees the group's work in 阜康市 only
    assert [[u["task_id"] for u in d["units"]] for d in county[0]["days"]] == [[ids["group_tasks"]["c"].hex]]


def test_deadlines_of_the_reports():
    assert reports.summary_due("county", 2026) == date(2026, 11, 30) == reports.summary_due("zone", 2026)
    assert reports.summary_due("prefecture", 2026) == date(2026, 12, 5) == reports.summary_due("province", 2026)
    # the last 5 working days of 2026Q3: Mid-Autumn (25 Sept) is a holiday
    assert reports.quarter_window(date(2026, 9, 30)) == (date(2026, 9, 23), date(2026, 9, 30), False)
    assert reports.quarter_window(date(2027, 3, 31))[2] is True  # 2027's schedule is not published
    assert reports.quarter_window(date(2026, 9, 29)) is None and reports.quarter_window(date(2026, 8, 31)) is None


def sheet_rows(content: bytes, name: str | None = None) -> tuple[list[tuple], object]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book[name] if name else book.active
    return [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)], sheet


def test_the_workbooks_hold_the_reports_figures(system):
    build_reports(system)
    with system.engine.connect() as conn:
        j = prefecture(conn)
        scope = Scope((j["path"],))
        summary = reports.yearly_summary(conn, j, 2026, TODAY)
        table = reports.campaign_table(conn, scope, *Q3)
        daily = reports.daily_report(conn, scope, date(2026, 9, 15), date(2026, 9, 16))
    header = ["指标", "重点", "特殊", "一般", "合计"]
    lines = [["检查数", *(r["inspected"] for r in summary["rows"])]]
    rows, sheet = sheet_rows(official.yearly_workbook(summary, (header, lines), "2026-11-20 10:00"))
    assert rows[0][0] == "2026年度生态环境“双随机、一公开”工作情况汇总表（暂定）"
    assert "报送期限：2026-12-05前" in rows[3][0]
    assert ("检查数", *(r["inspected"] for r in summary["rows"]), None, None, None) in rows
    total = next(r for r in rows if r[0] == "合计")
    d = summary["disclosure"]
    assert total[1:6] == (d["due"], d["published"], d["on_time"], d["withheld"], d["overdue"])
    assert sheet["A1"].font.name == sheet["B9"].font.name == "宋体" and int(sheet.page_setup.paperSize) == 9  # A4

    rows, sheet = sheet_rows(official.campaign_workbook(table, "昌吉回族自治州", "2026年第三季度", "x", False))
    assert {"C7:E7", "J7:K7", "A7:A8"} <= {str(r) for r in sheet.merged_cells.ranges}
    assert rows[5][2] == "检查企业数（家次）" and rows[6][2:5] == ("合计", "现场检查", "非现场检查")
    group = next(r for r in rows if r[1] == "第一帮扶检查组")
    assert group[2:9] == (3, 2, 1, 2, 1, 1, 1)
    last = next(r for r in rows if r[1] == "合计")
    assert last[2] == table["total"]["inspected"] and Decimal(str(last[10])) == table["total"]["fines"]
    assert sheet.print_title_rows == "$7:$8" and sheet.page_setup.orientation == "landscape"

    rows, sheet = sheet_rows(official.daily_workbook(daily, "2026-09-15至2026-09-16", "x", False), "第一帮扶检查组")
    body = [r for r in rows if isinstance(r[0], int)]
    assert [r[1] for r in body] == ["2026-09-15", "2026-09-15", "2026-09-16"]
    assert body[0][5] == "1. 废气处理设施未正常运行" and body[0][6].startswith("1. 立即恢复废气处理设施")
    assert body[0][7] == "已立案：昌州环立〔2026〕9号" and body[1][5] == "未发现问题" and body[1][7] == "未立案"
    assert body[2][4] == "非现场检查" and sheet["C8"].font.name == "宋体"


# -- the command line --------------------------------------------------------------------------
def run(app, *args: str) -> Result:
    from webapp.cli import main

    return app.test_cli_runner().invoke(main, ["report", *args])


def test_the_command_line_writes_each_report(app, system, tmp_path):
    build_reports(system)
    out = {k: tmp_path / f"{k}.xlsx" for k in ("stats", "yearly", "daily", "campaign")}
    done = run(app, "stats", "--quarter", "2026Q3", "--jurisdiction", "昌吉回族自治州", "-o", str(out["stats"]))
    assert done.exit_code == 0, done.output
    assert "情况统计表：昌吉回族自治州 · 2026年第三季度" in done.output and "结果公开 2 条" in done.output
    rows, _sheet = sheet_rows(out["stats"].read_bytes(), "情况统计表")
    assert ("结果公开数", 0, 0, 2, 2) in rows and ("其中：按期公开", 0, 0, 1, 1) in rows
    assert "报送期限：2026-09-23至2026-09-30（季度结束前5个工作日内）" in [r[0] for r in rows]
    done = run(app, "yearly", "--year", "2026", "--jurisdiction", "652301", "-o", str(out["yearly"]))
    assert done.exit_code == 0 and "年度工作汇总（暂定）：昌吉市" in done.output and "报送期限 2026-11-30" in done.output
    done = run(app, "daily", "--period", "2026-09", "--jurisdiction", "昌吉回族自治州", "--group", GROUP,
               "-o", str(out["daily"]))
    assert done.exit_code == 0 and "检查组 1 个，检查 3 家次" in done.output, done.output
    done = run(app, "campaign", "--period", "2026Q3", "--jurisdiction", "昌吉回族自治州", "-o", str(out["campaign"]))
    assert done.exit_code == 0 and "立案 3 件" in done.output, done.output
    assert all(p.exists() for p in out.values())


@pytest.mark.parametrize("args, message", [
    (("yearly", "--quarter", "2026Q3"), "年度汇总须按年度生成"),
    (("daily", "--year", "2026"), "检查组日报的期间不能超过92天"),
    (("campaign", "--period", "2026Q3", "--group", "NOPE"), "检查组“NOPE”不存在"),
    (("stats", "--quarter", "2026Q5"), "格式不正确"),
])
def test_the_command_line_refuses_bad_input_in_chinese(app, system, tmp_path, args, message):
    build_quarter(system)
    done = run(app, *args, "--jurisdiction", "昌吉回族自治州", "-o", str(tmp_path / "x.xlsx"))
    assert done.exit_code == 2 and message in done.output and not (tmp_path / "x.xlsx").exists()
