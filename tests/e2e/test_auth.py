"""Login, refusals, CSRF, headers and the public page, as a user meets them."""

import logging

import pytest

from domain.base import Actor
from webapp import create_app
from webapp.auth.credentials import set_password

ADMIN = Actor("cli", "admin")


@pytest.fixture
def people(system):
    system.app.register_jurisdiction(ADMIN, "j0", code="650000", name="新疆维吾尔自治区", level="province", parent=None)
    system.app.create_user(ADMIN, "u1", username="zhidui", display_name="支队调度员", role="supervisor", jurisdiction="650000")
    set_password(system.engine, "zhidui", "Zhidui-2026")
    system.projector.catch_up()


def test_wrong_password_and_unknown_user_are_refused_and_logged(client, people, caplog):
    with caplog.at_level(logging.WARNING):
        bad = client.post("/login", data={"username": "zhidui", "password": "nope-0000"})
        ghost = client.post("/login", data={"username": "ghost", "password": "Zhidui-2026"})
    assert bad.status_code == ghost.status_code == 401
    assert "用户名或密码错误" in bad.text
    assert "登录失败 user=zhidui" in caplog.text and "登录失败 user=ghost" in caplog.text


def test_login_is_rate_limited(client, people):
    for _ in range(5):
        client.post("/login", data={"username": "zhidui", "password": "wrong-000"}, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    blocked = client.post("/login", data={"username": "zhidui", "password": "Zhidui-2026"}, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert blocked.status_code == 429 and "5分钟后再试" in blocked.text


def test_pages_need_login_but_the_public_page_does_not(client, people):
    assert client.get("/targets").status_code == 302
    assert client.get("/public/").status_code == 200


def test_good_login_and_security_headers(client, people):
    response = client.post("/login", data={"username": "zhidui", "password": "Zhidui-2026"})
    assert response.status_code == 302
    page = client.get("/")
    assert "您好，支队调度员" in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY" and page.headers["Cache-Control"] == "no-store"


def test_a_role_without_the_right_is_refused_and_logged(client, people, caplog):
    client.post("/login", data={"username": "zhidui", "password": "Zhidui-2026"})
    with caplog.at_level(logging.WARNING):
        response = client.get("/admin/users")
    assert response.status_code == 403 and "无权访问" in response.text
    assert "拒绝访问 user=zhidui" in caplog.text


def test_csrf_is_enforced_on_forms(system, tmp_path, people):
    app = create_app({"TESTING": True, "SHUANGSUI_SETTINGS": {"var_dir": tmp_path / "var"}}, system=system)
    response = app.test_client().post("/login", data={"username": "zhidui", "password": "Zhidui-2026"})
    assert response.status_code == 400 and "CSRF" in response.text


def test_healthz_reports_the_database_and_the_lag(client, people, system):
    system.app.register_jurisdiction(ADMIN, "j1", code="652300", name="昌吉州", level="prefecture", parent="650000")
    report = client.get("/healthz").get_json()
    assert report["status"] == "ok" and report["lag"] == 1
    system.projector.catch_up()
    assert client.get("/healthz").get_json()["lag"] == 0


def test_healthz_reports_redis_when_configured(system, tmp_path, redis_url):
    from dataclasses import replace

    system.settings = replace(system.settings, redis_url=redis_url)
    app = create_app({"TESTING": True, "SHUANGSUI_SETTINGS": {"var_dir": tmp_path / "var"}}, system=system)
    assert app.test_client().get("/healthz").get_json()["redis"] == {"ok": True}
    system.settings = replace(system.settings, redis_url="redis://127.0.0.1:1/0")  # nothing listens there
    report = app.test_client().get("/healthz").get_json()
    assert report["status"] == "degraded" and report["redis"]["ok"] is False
