"""The JSON API as a machine client meets it: the OpenAPI document and Swagger UI, tokens,
CSRF for session calls, and the pages' commands with their checks, messages and command ids."""

from __future__ import annotations

import re

import pytest

from domain.base import Actor
from projections.tables import history
from sqlalchemy import func, select
from tests.support.openapi import assert_matches_openapi
from tests.support.pages import PASSWORD
from tests.support.world import register_world
from webapp import create_app
from webapp.api.bridge import NOT_COMMANDS, command_endpoints
from webapp.auth.credentials import set_password
from webapp.auth.tokens import issue

CLI = Actor("cli", "admin")
EXCLUDE = {"exclusion_reason": "suspended", "note": "长期停产", "reason": "现场核实已停产"}


@pytest.fixture
def world(system, projector_in_request):
    ids = register_world(system.app)
    system.projector.catch_up()
    return ids


def bearer(system, username: str, name: str = "省平台对接") -> dict:
    return {"Authorization": f"Bearer {issue(system, CLI, f'tok-{username}-{name}', username, name).token}"}


# -- the document ---------------------------------------------------------------------------------
def test_every_page_command_is_in_the_openapi_document(app, client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.") and "bearer" in spec["components"]["securitySchemes"]
    documented = {path for path, item in spec["paths"].items() if "post" in item}
    pages = command_endpoints(app)
    assert len(pages) > 80
    for endpoint, rule in pages:
        assert "/api/v1" + re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule) in documented, endpoint
    posts = {r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods and not r.endpoint.startswith("api")}
    assert posts - {e for e, _ in pages} == NOT_COMMANDS  # what is left out is left out on purpose


def test_a_command_documents_the_form_its_page_posts(client):
    spec = client.get("/api/openapi.json").get_json()
    body = spec["paths"]["/api/v1/targets/{target_id}/exclusion"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(spec["components"]["schemas"][ref]["properties"]) == {"exclusion_reason", "note", "reason"}


def test_swagger_ui_is_served_from_our_own_files(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/") for s in sources), sources  # nothing from another host
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    for source in sources:
        if source.startswith("/static/"):
            assert client.get(source).status_code == 200, source


# -- who calls ------------------------------------------------------------------------------------
def test_without_login_or_token_the_api_answers_401_in_json(client, world):
    response = client.get("/api/v1/tokens")
    assert response.status_code == 401 and "Authorization: Bearer" in response.get_json()["message"]
    bad = client.get("/api/v1/tokens", headers={"Authorization": "Bearer ss_nope.nope"})
    assert bad.status_code == 401
    english = client.get("/api/v1/tokens", headers={"Accept-Language": "en"})
    assert english.get_json()["status"] == "Please log in first"


def test_a_token_acts_as_its_user_until_revoked(client, system, world):
    headers = bearer(system, "zhou")
    mine = client.get("/api/v1/tokens", headers=headers)
    assert mine.status_code == 200 and [t["name"] for t in mine.get_json()] == ["省平台对接"]
    assert_matches_openapi(client.application, mine, "/api/v1/tokens")
    token_id = mine.get_json()[0]["token_id"]
    assert mine.get_json()[0]["last_used_at"] is not None
    revoked = client.post(f"/api/v1/tokens/{token_id}/revoke", json={"reason": "对接结束"}, headers=headers)
    assert revoked.status_code == 204
    assert client.get("/api/v1/tokens", headers=headers).status_code == 401
    system.projector.catch_up()
    with system.engine.connect() as conn:  # issue and revocation are on the user's record
        kinds = conn.execute(select(history.c.event).where(history.c.stream_id == _user_stream(system, "zhou"))
                             .order_by(history.c.position)).scalars().all()
    assert [k for k in kinds if "Token" in k] == ["TokenIssued", "TokenRevoked"]


def _user_stream(system, username: str) -> str:
    from domain.users import User
    return User.create_id(username=username).hex


def test_a_disabled_users_token_stops_working(client, system, world):
    headers = bearer(system, "officer1")
    assert client.get("/api/v1/tokens", headers=headers).status_code == 200
    from domain.users import User
    system.app.command(User, User.create_id(username="officer1"), "disable", CLI, "off-1", reason="调离")
    system.projector.catch_up()
    assert client.get("/api/v1/tokens", headers=headers).status_code == 401


def test_tokens_are_issued_and_revoked_on_the_page(client, system, world, login):
    login("zhou")
    page = client.post("/account/tokens", data={"name": "大队系统"})
    token = re.search(r"(ss_[0-9a-f]{32}\.[\w-]+)", page.text).group(1)
    assert "离开本页后将无法再次查看" in page.text
    assert client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    refused = client.post("/account/tokens", data={"name": ""})
    assert refused.status_code == 422 and "令牌名称" in refused.text


def test_session_calls_need_the_csrf_token_and_token_calls_do_not(system, tmp_path, world):
    app = create_app({"TESTING": True, "SHUANGSUI_SETTINGS": {"var_dir": tmp_path / "var"}}, system=system)
    client = app.test_client()
    set_password(system.engine, "zhou", PASSWORD)
    login_page = client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
    assert client.post("/login", data={"username": "zhou", "password": PASSWORD, "csrf_token": csrf}).status_code == 302
    without = client.post(f"/api/v1/targets/{world['化工']}/exclusion", json=EXCLUDE)
    assert without.status_code == 400 and "CSRF" in without.get_json()["message"]
    page = client.get("/api/docs").text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    with_header = client.post(f"/api/v1/targets/{world['化工']}/exclusion", json=EXCLUDE,
                              headers={"X-CSRFToken": csrf})
    assert with_header.status_code == 200, with_header.get_json()
    other = app.test_client()  # no session, a token: no CSRF needed
    by_token = other.post(f"/api/v1/targets/{world['热电']}/exclusion", json=EXCLUDE, headers=bearer(system, "zhou"))
    assert by_token.status_code == 200, by_token.get_json()


# -- commands -------------------------------------------------------------------------------------
def test_a_command_runs_once_per_command_id(client, system, world):
    headers = {**bearer(system, "zhou"), "X-Command-Id": "platform-42"}
    first = client.post(f"/api/v1/targets/{world['化工']}/exclusion", json=EXCLUDE, headers=headers)
    assert first.status_code == 200
    body = first.get_json()
    assert body["ok"] and not body["repeated"] and body["position"] > 0
    assert body["location"].endswith(f"/targets/{world['化工']}") and "已登记为不参与双随机" in body["messages"]
    assert_matches_openapi(client.application, first, "/api/v1/targets/{target_id}/exclusion", "POST")
    again = client.post(f"/api/v1/targets/{world['化工']}/exclusion", json=EXCLUDE, headers=headers)
    assert again.status_code == 200 and again.get_json()["repeated"] is True
    with system.engine.connect() as conn:
        excluded = conn.execute(select(func.count()).select_from(history).where(
            history.c.stream_id == world["化工"], history.c.event.like("%Exclu%"))).scalar()
    assert excluded == 1
    page = client.get(f"/targets/{world['化工']}", headers=headers)  # a token is not a page session
    assert page.status_code in (302, 401)


def test_field_errors_are_422_field_by_field_in_chinese_or_english(client, system, world):
    headers = bearer(system, "zhou")
    empty = client.post(f"/api/v1/targets/{world['化工']}/exclusion", json={"note": "x"}, headers=headers)
    assert empty.status_code == 422
    body = empty.get_json()
    assert body["errors"]["exclusion_reason"] == ["必填"] and body["errors"]["reason"] == ["必填"]
    assert "不参与原因：必填" in body["message"]
    assert_matches_openapi(client.application, empty, "/api/v1/targets/{target_id}/exclusion", "POST")
    english = client.post(f"/api/v1/targets/{world['化工']}/exclusion", json={"exclusion_reason": "moved"},
                          headers={**headers, "Accept-Language": "en"})
    assert english.status_code == 422 and english.get_json()["errors"]["reason"] == ["required"]
    not_object = client.post(f"/api/v1/targets/{world['化工']}/exclusion", json=["a"], headers=headers)
    assert not_object.status_code == 422 and not_object.get_json()["message"] == "请求体应为JSON对象"


def test_domain_rules_role_and_scope_answer_in_json(client, system, world):
    again = {**EXCLUDE, "command_id": "x2"}
    zhou = bearer(system, "zhou")
    client.post(f"/api/v1/targets/{world['化工']}/exclusion", json=EXCLUDE, headers=zhou)
    rule = client.post(f"/api/v1/targets/{world['化工']}/exclusion", json=again, headers=zhou)
    assert rule.status_code in (409, 422) and rule.get_json()["message"]
    other_county = client.post(f"/api/v1/targets/{world['热电']}/exclusion", json=EXCLUDE,
                               headers=bearer(system, "fukang"))
    assert other_county.status_code == 403 and other_county.get_json()["message"] == "不在您的管辖范围内"
    officer = client.post(f"/api/v1/targets/{world['热电']}/exclusion", json=EXCLUDE,
                          headers=bearer(system, "officer1"))
    assert officer.status_code == 403 and "无权" in officer.get_json()["message"]
    missing = client.post("/api/v1/targets/" + "0" * 32 + "/exclusion", json=EXCLUDE, headers=zhou)
    assert missing.status_code == 404


def test_an_operator_issues_lists_and_revokes_tokens_from_the_cli(tmp_path):
    from projections.system import Settings, open_system
    from tests.support.cli import run

    var = tmp_path / "var"
    assert run(var, "users", "create-admin", "ops", "--password", "Ops-2026-x").returncode == 0
    issued = run(var, "token", "issue", "ops", "--name", "备份脚本")
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip().splitlines()[-1]
    assert token.startswith("ss_")
    listed = run(var, "token", "list", "ops")
    assert "备份脚本" in listed.stdout and "有效" in listed.stdout
    token_id = listed.stdout.split()[0]
    system = open_system(Settings(var_dir=var))
    try:
        app = create_app({"TESTING": True, "SHUANGSUI_SETTINGS": {"var_dir": var}}, system=system)
        headers = {"Authorization": f"Bearer {token}"}
        assert app.test_client().get("/api/v1/tokens", headers=headers).status_code == 200
        assert run(var, "token", "revoke", "ops", token_id, "--reason", "脚本停用").returncode == 0
        assert app.test_client().get("/api/v1/tokens", headers=headers).status_code == 401
    finally:
        system.close()
    again = run(var, "token", "revoke", "ops", token_id, "--reason", "再次吊销")
    assert again.returncode == 2 and "不存在或已吊销" in again.stderr
    nobody = run(var, "token", "issue", "ghost", "--name", "x")
    assert nobody.returncode == 2 and "错误" in nobody.stderr
