"""The directories and the organisation through the JSON API: the same units, officers,
jurisdictions and brigades as their pages, with the pages' filters, pagination, scope and
Chinese messages; every answer fits the OpenAPI document."""

from __future__ import annotations

import re

import pytest

from tests.support.openapi import assert_matches_openapi
from tests.support.pages import text
from tests.support.world import CODES, register_world


@pytest.fixture
def world(system, projector_in_request):
    ids = register_world(system.app)
    system.projector.catch_up()
    return ids


def listed(page, kind: str) -> list[str]:
    """The records a list page links to (its own rows), in order."""
    return re.findall(rf'<a href="/{kind}/([0-9a-f]{{32}})">', page.text)


def switch(client, login, username: str) -> None:
    client.post("/logout")
    login(username)


def get_json(app, client, path: str, status: int = 200, *, documented: bool = True) -> dict:
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)
    if documented:  # (reading the OpenAPI document takes a while: once per kind of answer is enough)
        assert_matches_openapi(app, response, path)
    return response.get_json()


def every_item(app, client, path: str, per_page: int) -> tuple[list[dict], int]:
    """All the items of a paged list, page by page; and the total each page said."""
    items, page, totals = [], 1, set()
    while True:
        body = get_json(app, client, f"{path}{'&' if '?' in path else '?'}per_page={per_page}&page={page}",
                        documented=page == 1)
        items += body["items"]
        totals.add(body["total"])
        assert body["page"] == page and body["per_page"] == per_page and len(body["items"]) <= per_page
        if page * per_page >= body["total"]:
            break
        page += 1
    assert len(totals) == 1
    return items, totals.pop()


# -- 检查对象名录 ---------------------------------------------------------------------------------
TARGET_FILTERS = ["", "q=美克", f"q={CODES['乳业'][:17].lower()}", "jurisdiction=652302", "category=key", "industry=建材",
                  "excluded=yes", "excluded=no", "positive=yes",
                  "jurisdiction=652301&category=general&positive=no&q=昌吉"]


def test_the_target_list_is_the_page_list(app, client, world, login):
    login("zhou")
    for query in TARGET_FILTERS:
        page = client.get(f"/targets?{query}")
        assert page.status_code == 200
        items, total = every_item(app, client, f"/api/v1/targets?{query}", per_page=2)
        assert [t["id"] for t in items] == listed(page, "targets"), query  # same rows, same order (by name)
        assert total == len(items) and f"共 {total} 条" in text(page), query


def test_a_target_with_its_status_and_quarters(app, client, world, login):
    login("zhou")
    unit = get_json(app, client, f"/api/v1/targets/{world['粮库']}")
    page = text(client.get(f"/targets/{world['粮库']}"))
    assert unit["name"] == "昌吉孔雀河粮食储备有限公司" and unit["name"] in page
    assert unit["credit_code"] == CODES["粮库"] and unit["jurisdiction_name"] == "昌吉市"
    assert unit["exclusion_reason"] == "suspended" and "不参与" in page
    assert len(unit["compliance"]["quarters"]) == 12 and unit["compliance"]["rows"]["inspected"]["total"] == 0
    key = get_json(app, client, f"/api/v1/targets/{world['化工']}")
    assert (key["category"], key["category_year"], key["category_basis"]) == ("key", 2025, "2025年重点排污单位名录")


def test_filters_the_page_refuses_are_refused_in_chinese(app, client, world, login):
    login("fukang")  # 阜康市 only
    wrong = get_json(app, client, "/api/v1/targets?category=big", 422)
    assert wrong["errors"]["query"]["category"] == ["“big”不在可选范围内"]
    outside = get_json(app, client, "/api/v1/targets?jurisdiction=652301", 422)
    assert outside["errors"]["query"]["jurisdiction"] == ["辖区“652301”不存在或不在您的管辖范围内"]
    assert "辖区“652301”不存在或不在您的管辖范围内" in outside["message"]
    assert client.get("/targets?jurisdiction=652301").status_code == 422  # as the page
    unlisted = get_json(app, client, "/api/v1/targets?industry=建材", 422)  # an industry of 昌吉市 only
    assert "“建材”不在可选范围内" in unlisted["errors"]["query"]["industry"][0]
    too_many = get_json(app, client, "/api/v1/targets?per_page=500", 422)
    assert too_many["errors"]["query"]["per_page"] == ["每页条数应在1至200之间"]


def test_scope_login_and_unknown_ids(app, client, world, login):
    assert client.get("/api/v1/targets").status_code == 401
    assert client.get(f"/api/v1/inspectors/{world['张明']}").status_code == 401
    login("fukang")
    items, _total = every_item(app, client, "/api/v1/targets", per_page=50)
    assert [t["name"] for t in items] == ["新疆五鑫铜业有限责任公司"]
    refused = get_json(app, client, f"/api/v1/targets/{world['化工']}", 403)
    assert refused["message"] == "不在您的管辖范围内"
    assert get_json(app, client, f"/api/v1/inspectors/{world['张明']}", 403)["message"] == "不在您的管辖范围内"
    assert get_json(app, client, "/api/v1/targets/" + "0" * 32, 404)["message"] == "监管对象不存在"
    assert get_json(app, client, "/api/v1/inspectors/nothex", 404)["message"] == "检查人员不存在"


# -- 检查人员名录 ---------------------------------------------------------------------------------
def test_the_inspector_list_is_the_page_list(app, client, world, login):
    login("zhou")
    for query in ("", "q=张", "unit=FK-01", "kind=assistant", "cert=valid", "cert=invalid", "pool=no", "active=yes"):
        page = client.get(f"/inspectors?{query}")
        assert page.status_code == 200
        items, total = every_item(app, client, f"/api/v1/inspectors?{query}", per_page=3)
        assert [i["id"] for i in items] == listed(page, "inspectors") and total == len(items), query


def test_an_inspector_with_certificate_state_and_conflicts(app, client, world, login):
    login("zhou")
    declared = client.post(f"/inspectors/{world['张明']}/conflicts", data={
        "command_id": "c1", "credit_code": CODES["化工"], "relation": "配偶在该单位任职"})
    assert declared.status_code == 302
    officer = get_json(app, client, f"/api/v1/inspectors/{world['张明']}")
    assert (officer["name"], officer["unit_name"], officer["post"], officer["cert_ok"]) == ("张明", "昌吉市执法大队", "队长", True)
    assert officer["conflicts"] == [{"id": world["化工"], "name": "新疆美克化工股份有限公司", "site": "",
                                     "credit_code": CODES["化工"], "relation": "配偶在该单位任职"}]
    expired = get_json(app, client, f"/api/v1/inspectors/{world['李强']}")
    assert expired["cert_ok"] is False and expired["in_draw_pool"] is False
    assert get_json(app, client, f"/api/v1/inspectors/{world['王监测']}")["cert_valid_until"] is None


def test_the_filter_choices_are_the_callers(app, client, world, login):
    login("fukang")
    choices = get_json(app, client, "/api/v1/directory/choices")
    assert [j["code"] for j in choices["jurisdictions"]] == ["652302"]
    assert choices["industries"] == ["有色金属"] and [b["code"] for b in choices["brigades"]] == ["FK-01"]


# -- 辖区与执法单位 -------------------------------------------------------------------------------
def test_jurisdictions_and_brigades_in_scope(app, client, world, login):
    login("fukang")
    page = client.get("/organisation").text
    places, total = every_item(app, client, "/api/v1/jurisdictions", per_page=1)
    assert [p["code"] for p in places] == re.findall(r'<li data-code="(\w+)">', page) == ["652302"]
    units, _total = every_item(app, client, "/api/v1/brigades", per_page=10)
    assert [(u["code"], u["jurisdiction_name"], u["cover_names"]) for u in units] == [("FK-01", "阜康市", ["阜康市"])]
    assert get_json(app, client, "/api/v1/jurisdictions/652301", 403)["message"] == "不在您的管辖范围内"
    assert get_json(app, client, "/api/v1/brigades/CJ-01", 403)["message"] == "不在您的管辖范围内"
    assert get_json(app, client, "/api/v1/brigades/NOPE", 404)["message"] == "执法单位不存在"

    switch(client, login, "zhou")
    places, total = every_item(app, client, "/api/v1/jurisdictions", per_page=2)
    assert [p["code"] for p in places] == ["652300", "652301", "652302"] and total == 3
    place = get_json(app, client, "/api/v1/jurisdictions/652301")
    assert place["parent_place"] == {"code": "652300", "name": "昌吉回族自治州"}
    assert [b["code"] for b in place["brigades"]] == ["CJ-01"] and place["children"] == []


def test_a_brigade_with_members_and_its_officers(app, client, world, login):
    login("zhou")
    added = client.post("/brigades/CJ-01/members", data={"command_id": "m1", "cert_no": "31050015101",
                                                         "as_leader": "y"})
    assert added.status_code == 302
    unit = get_json(app, client, "/api/v1/brigades/CJ-01")
    assert unit["leader_name"] == "张明" and unit["member_count"] == 1 and unit["can_manage"] is True
    assert unit["member_details"] == [{"id": world["张明"], "name": "张明", "cert_no": "31050015101", "unit": "CJ-01",
                                       "unit_name": "昌吉市执法大队", "leader": True}]
    assert sorted(p["name"] for p in unit["home"]) == sorted(["张明", "李强", "王监测"])
    switch(client, login, "officer1")  # an officer sees their own brigade, and may not change it
    assert get_json(app, client, "/api/v1/brigades/CJ-01")["can_manage"] is False


# -- PostgreSQL ----------------------------------------------------------------------------------
@pytest.mark.postgres
def test_the_directories_on_postgresql(pg_system, tmp_path):
    from tests.support.pages import PASSWORD
    from webapp import create_app
    from webapp.auth.credentials import set_password

    ids = register_world(pg_system.app)
    pg_system.projector.catch_up()
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SHUANGSUI_SETTINGS": {"var_dir": tmp_path}},
                     system=pg_system)
    client = app.test_client()
    set_password(pg_system.engine, "zhou", PASSWORD)
    assert client.post("/login", data={"username": "zhou", "password": PASSWORD}).status_code == 302
    for query in ("", "q=昌吉&excluded=no", "jurisdiction=652301&positive=yes"):
        items, total = every_item(app, client, f"/api/v1/targets?{query}", per_page=2)
        assert [t["id"] for t in items] == listed(client.get(f"/targets?{query}"), "targets") and total == len(items)
    officer = get_json(app, client, f"/api/v1/inspectors/{ids['李强']}")
    assert officer["cert_ok"] is False and officer["unit_name"] == "昌吉市执法大队"
    places = get_json(app, client, "/api/v1/jurisdictions")["items"]
    assert [p["code"] for p in places] == ["652300", "652301", "652302"]
    assert get_json(app, client, f"/api/v1/targets/{ids['化工']}")["compliance"]["fines_total"] == "0.00"
