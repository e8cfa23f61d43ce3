"""User accounts and the working-day calendar through the JSON API: what /admin/users and
/admin/calendar/ show, to the same roles, with a token as well as with the page session."""

from __future__ import annotations

import re
from datetime import date

import pytest

from domain.base import Actor
from domain.calendar import add_working_days
from tests.support.openapi import assert_matches_openapi
from tests.support.pages import text
from tests.support.world import register_world
from webapp.auth.tokens import issue

CLI = Actor("cli", "admin")


@pytest.fixture
def world(system, projector_in_request):
    ids = register_world(system.app)
    system.projector.catch_up()
    return ids


def get_json(app, client, path: str, status: int = 200, **kwargs) -> dict:
    response = client.get(path, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    assert_matches_openapi(app, response, path)
    return response.get_json()


# -- 用户管理 ---------------------------------------------------------------------------------------
def test_the_accounts_as_the_admin_page_lists_them(app, client, system, world, login):
    login("admin1")
    page = client.get("/admin/users").text
    first = get_json(app, client, "/api/v1/admin/users?per_page=3")
    rest = get_json(app, client, "/api/v1/admin/users?per_page=3&page=2")
    users = first["items"] + rest["items"]
    assert first["total"] == rest["total"] == len(users) == 4
    assert [u["username"] for u in users] == re.findall(r'href="/admin/users/([\w.-]+)"', page)
    officer = next(u for u in users if u["username"] == "officer1")
    assert (officer["role"], officer["brigade"], officer["brigade_name"], officer["jurisdiction"]) == \
        ("inspector", "CJ-01", "昌吉市执法大队", None)

    zhou = get_json(app, client, "/api/v1/admin/users/zhou")
    assert zhou["jurisdiction_name"] == "昌吉回族自治州" and zhou["password_changed"] is None
    assert zhou["is_self"] is False and zhou["disabled"] is False
    me = get_json(app, client, "/api/v1/admin/users/admin1")
    assert me["is_self"] is True and me["password_changed"] is not None  # set when the test logged in
    assert "未设置" in text(client.get("/admin/users/zhou")) and "未设置" not in text(client.get("/admin/users/admin1"))
    assert get_json(app, client, "/api/v1/admin/users/nobody", 404)["message"] == "用户不存在"


def test_only_admins_see_accounts_with_a_token_too(app, client, system, world, login):
    assert client.get("/api/v1/admin/users").status_code == 401
    supervisor = issue(system, CLI, "t1", "zhou", "测试").token
    refused = get_json(app, client, "/api/v1/admin/users", 403, headers={"Authorization": f"Bearer {supervisor}"})
    assert refused["message"] == "角色 supervisor 无权访问"
    admin = issue(system, CLI, "t2", "admin1", "测试").token
    listed = get_json(app, client, "/api/v1/admin/users", headers={"Authorization": f"Bearer {admin}"})
    assert listed["total"] == 4


# -- 节假日安排 -------------------------------------------------------------------------------------
def test_the_years_and_a_year_as_the_calendar_page(app, client, world, login):
    login("zhou")  # supervisors may look
    page = client.get("/admin/calendar/")
    years = get_json(app, client, "/api/v1/admin/calendar/years?per_page=200")
    shown = [int(y) for y in re.findall(r'<tr data-year="(\d{4})"', page.text)]
    assert [y["year"] for y in years["items"]] == shown and years["total"] == len(shown)
    y2026 = next(y for y in years["items"] if y["year"] == 2026)
    assert (y2026["source"], y2026["source_label"], y2026["record"]) == ("package", "chinesecalendar 软件包", None)

    year = get_json(app, client, "/api/v1/admin/calendar/years/2026")
    assert "2026-10-01至2026-10-07" in year["holidays"] and "2026-10-10" in year["workdays"]
    detail = text(client.get("/admin/calendar/?year=2026"))
    assert all(line in detail for line in year["holidays"] + year["workdays"])
    assert get_json(app, client, "/api/v1/admin/calendar/years/1999", 404)["message"] == "没有1999年的节假日安排"


def test_the_working_day_calculator(app, client, world, login):
    login("zhou")
    answer = get_json(app, client, "/api/v1/admin/calendar/working-days?start=2026-09-18&days=20")
    assert answer == {"start": "2026-09-18", "days": 20, "deadline": "2026-10-22", "provisional": False}
    page = client.get("/admin/calendar/?start=2026-09-18&days=20").text
    assert answer["deadline"] in page[page.index('id="calculated"'):][:400]
    later = get_json(app, client, "/api/v1/admin/calendar/working-days?start=2026-12-20&days=20")
    expected = add_working_days(date(2026, 12, 20), 20)
    assert (later["deadline"], later["provisional"]) == (expected.day.isoformat(), expected.provisional)

    bad = get_json(app, client, "/api/v1/admin/calendar/working-days?start=2026-13-01&days=1001", 422)
    assert bad["errors"]["query"] == {"start": ["日期格式不正确，应为“年-月-日”"], "days": ["应为0至1000的整数"]}
    missing = get_json(app, client, "/api/v1/admin/calendar/working-days?days=3", 422)
    assert missing["errors"]["query"]["start"] == ["必填"]


def test_officers_may_not_look_at_the_calendar(app, client, world, login):
    login("officer1")
    assert client.get("/admin/calendar/").status_code == 403
    for path in ("/api/v1/admin/calendar/years", "/api/v1/admin/calendar/years/2026",
                 "/api/v1/admin/calendar/working-days?start=2026-09-18&days=20"):
        assert get_json(app, client, path, 403)["message"] == "角色 inspector 无权访问"
