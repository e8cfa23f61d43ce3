"""节假日安排 in the browser and on the command line: every year from 2004 with where its
schedule comes from; an administrator records the first year the package does not know
(an event, with the notice, who and when) and the provisional deadlines counted through it
are counted again; a bad line or a contradictory schedule is refused with the line named
and nothing written; the working-day calculator; who may look and who may record."""

from __future__ import annotations

from datetime import date
import pytest
from sqlalchemy import select

from domain import calendar
from domain.calendar import add_working_days
from domain.problems import Problem
from projections.tables import dispositions
from tests.e2e.test_disclosure_pages import CLI, inspected
from tests.e2e.test_task_pages import login, ok, text, today, world  # noqa: F401 - fixtures
from webapp.cli_calendar import calendar_group
from workers import casework


@pytest.fixture(autouse=True)
def no_recorded_schedules():
    yield
    calendar.use_schedules([])  # the calendar is process-wide: leave no recorded year behind


@pytest.fixture
def admin(system, world, login):
    system.app.create_user(CLI, "u-admin", username="guanli", display_name="管理员甲", role="admin")
    system.projector.catch_up()
    return login("guanli")


def unknown_year() -> int:
    """The first year from this one that neither the package nor a record knows."""
    year = today().year
    while calendar.known(year):
        year += 1
    return year


def year_row(page, year: int) -> str:
    start = page.text.index(f'data-year="{year}"')
    return page.text[start:page.text.index("</tr>", start)]


def schedule(year: int, **overrides) -> dict:
    form = {"command_id": f"cal-{year}", "year": str(year),
            "holidays": f"{year}-01-01至{year}-01-03\n{year}-05-01~{year}-05-05",
            "workdays": "", "notice": f"国办发明电〔{year - 1}〕7号"}
    return {**form, **overrides}


def test_every_year_with_its_source(admin):
    page = ok(admin.get("/admin/calendar/"), 200)
    for year in range(2004, today().year + 2):
        assert f'data-year="{year}"' in page.text, year
    assert 'data-source="package"' in year_row(page, 2026) and "chinesecalendar 软件包" in year_row(page, 2026)
    assert 'data-source="unknown"' in year_row(page, unknown_year())
    assert 'id="form-record"' in page.text
    detail = text(ok(admin.get("/admin/calendar/?year=2026"), 200))
    assert "2026-10-01至2026-10-07" in detail and "2026-09-20" in detail  # National Day, and a Sunday worked


def test_recording_the_unknown_year_recounts_its_provisional_deadlines(system, world, admin):
    year, days = unknown_year(), 20
    while not add_working_days(today(), days).provisional and days <= 250:
        days += 10
    if days > 250:
        pytest.skip("整改期限最多250个工作日，到不了尚未公布安排的年份")
    task = inspected(system, world, "t1")
    problem = casework.record_problem(system, task, CLI, "p1", description="废气超标排放", category="air",
                                      legal_basis="《大气污染防治法》第九十九条", found_on=today(),
                                      today=today()).aggregate_id
    system.app.command(Problem, problem, "order_rectification", CLI, "o1", order_no="昌环责改〔2026〕40号",
                       requirements="限期达标", today=today(), working_days=days)
    system.projector.catch_up()
    assert add_working_days(today(), days).day.year == year
    page = ok(admin.get("/admin/calendar/"), 200)
    assert '<td class="provisional-count">1</td>' in year_row(page, year)

    ok(admin.post("/admin/calendar/record", data=schedule(year)))
    assert calendar.known(year)
    page = ok(admin.get(f"/admin/calendar/?year={year}"), 200)
    row = year_row(page, year)
    assert 'data-source="recorded"' in row and f"国办发明电〔{year - 1}〕7号" in row and "管理员甲" in row
    assert '<td class="provisional-count">0</td>' in row
    assert f"{year}-01-01至{year}-01-03" in text(page) and f"{year}-05-01至{year}-05-05" in text(page)
    with system.engine.connect() as conn:
        deadline, provisional = conn.execute(select(dispositions.c.deadline, dispositions.c.provisional)
                                             .where(dispositions.c.problem_id == problem.hex)).one()
    assert (deadline, provisional) == (add_working_days(today(), days).day, False)


@pytest.mark.parametrize("field, typed, message", [
    ("holidays", "2027-01-01\n2027-02-30", "放假日期：第2行“2027-02-30”不是有效日期"),
    ("holidays", "2027-01-03至2027-01-01", "放假日期：第1行“2027-01-03至2027-01-01”范围的结束日期早于开始日期"),
    ("workdays", "2027-02-08", "调休上班日2027-02-08是星期一：调休上班只能安排在星期六或星期日"),
    ("workdays", "2027-01-02", "2027-01-02既登记为放假又登记为调休上班，互相矛盾"),
    ("holidays", "2026-12-31\n2027-01-01", "放假日期中的2026-12-31不在2027年内"),
    ("notice", "", "发布文件（通知文号）不能为空"),
])
def test_a_bad_schedule_is_refused_with_the_line_named_and_nothing_written(system, admin, field, typed, message):
    head = system.app.recorder.max_notification_id()
    page = ok(admin.post("/admin/calendar/record", data=schedule(2027, **{field: typed})), 422)
    assert message in text(page)
    assert typed.splitlines()[0] in page.text if typed else True  # the form keeps what was typed
    assert system.app.recorder.max_notification_id() == head and not calendar.known(2027)


def test_a_revision_needs_a_reason(system, admin):
    ok(admin.post("/admin/calendar/record", data=schedule(2027)))
    again = ok(admin.post("/admin/calendar/record", data=schedule(2027, command_id="c2")), 409)
    assert "2027年的放假和调休安排没有变化" in text(again)
    revised = schedule(2027, command_id="c3", holidays="2027-01-01\n2027-05-01~2027-05-05")
    assert "变更理由不能为空" in text(ok(admin.post("/admin/calendar/record", data=revised), 422))
    ok(admin.post("/admin/calendar/record", data={**revised, "command_id": "c4", "reason": "通知更正"}))
    assert calendar.is_working_day(date(2027, 1, 4)) == (True, True)
    page = ok(admin.get("/admin/calendar/?year=2027"), 200)
    assert '<dd class="holidays">2027-01-01、2027-05-01至2027-05-05</dd>' in page.text


def test_the_calculator(admin):
    page = ok(admin.get("/admin/calendar/?start=2026-09-18&days=20"), 200)
    shown = page.text[page.text.index('id="calculated"'):]
    assert "2026-10-22" in shown[:400] and "暂定" not in shown[:400]
    page = ok(admin.get("/admin/calendar/?start=2026-12-20&days=20"), 200)
    shown = page.text[page.text.index('id="calculated"'):][:400]
    assert ("2027-01-15" in shown and "暂定" in shown) if not calendar.known(2027) else "2027-01-1" in shown
    bad = ok(admin.get("/admin/calendar/?start=2026-13-01&days=20"), 422)
    assert "起算日期：日期格式不正确" in text(bad)


def test_supervisors_and_reviewers_look_only_an_admin_records(system, world, login):
    for username in ("zhou", "jicha"):
        client = login(username)
        page = ok(client.get("/admin/calendar/"), 200)
        assert 'data-year="2004"' in page.text and 'id="form-record"' not in page.text
        ok(client.post("/admin/calendar/record", data=schedule(2027)), 403)
    ok(login("zhangmy").get("/admin/calendar/"), 403)
    assert not calendar.known(2027)


# -- the command line ---------------------------------------------------------------------------------
def test_the_calendar_from_the_command_line(app, system):
    cli = app.test_cli_runner()
    assert cli.invoke(calendar_group, ["add", "2026-09-18", "20"]).output.strip() == "2026-10-22"
    assert cli.invoke(calendar_group, ["add", "2026-12-20", "20"]).output.strip() == \
        "2027-01-15（暂定：经过节假日安排尚未公布的年份）"
    shown = cli.invoke(calendar_group, ["show", "2027"]).output
    assert "2027年：未公布（期限暂定）" in shown

    head = system.app.recorder.max_notification_id()
    bad = cli.invoke(calendar_group, ["record", "2027", "--holiday", "2027-01-01~2027-01-03",
                                      "--workday", "2027-02-08", "--notice", "国办发明电〔2026〕X号"])
    assert bad.exit_code == 1 and "未登记：调休上班日2027-02-08是星期一" in bad.output
    typo = cli.invoke(calendar_group, ["record", "2027", "--holiday", "2027-01-01~2027-01-03",
                                       "--holiday", "2027-02-31", "--notice", "国办发明电〔2026〕X号"])
    assert typo.exit_code == 1 and "--holiday 第2项“2027-02-31”不是有效日期" in typo.output
    assert system.app.recorder.max_notification_id() == head

    done = cli.invoke(calendar_group, ["record", "2027", "--holiday", "2027-01-01~2027-01-03",
                                       "--holiday", "2027-02-05至2027-02-12", "--workday", "2027-02-20",
                                       "--notice", "国办发明电〔2026〕X号"])
    assert done.exit_code == 0 and "已登记2027年节假日安排：放假11天，调休上班1天" in done.output
    shown = cli.invoke(calendar_group, ["show", "2027"]).output
    assert "2027年：管理员登记" in shown and "通知文号：国办发明电〔2026〕X号；登记人：cli" in shown
    assert "放假：2027-01-01至2027-01-03、2027-02-05至2027-02-12" in shown and "调休上班：2027-02-20" in shown
    assert cli.invoke(calendar_group, ["add", "2026-12-20", "20"]).output.strip() == "2027-01-18"
    assert cli.invoke(calendar_group, ["add", "someday", "20"]).exit_code == 1
