"""用户管理, as an administrator meets it: create a prefecture supervisor who then sees only
that prefecture; reset a password (the log records the fact, never the password);
disable and enable an account; refuse bad input in Chinese without writing anything."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import select

from domain.base import Actor
from projections.tables import credentials, history, users
from webapp.auth.credentials import set_password

SETUP = Actor("setup", "admin")
PASSWORDS = {"admin": "Admin-2026", "changji": "Changji-2026"}


@pytest.fixture
def bureau(system):
    app = system.app
    for code, name, level, parent in (("650000", "新疆维吾尔自治区", "province", None),
                                      ("652300", "昌吉回族自治州", "prefecture", "650000"),
                                      ("652301", "昌吉市", "county", "652300"),
                                      ("652800", "巴音郭楞蒙古自治州", "prefecture", "650000")):
        app.register_jurisdiction(SETUP, f"j-{code}", code=code, name=name, level=level, parent=parent)
    app.form_brigade(SETUP, "b-cj", code="CJ-ZD", name="昌吉州执法支队", kind="brigade", jurisdiction="652300")
    app.create_user(SETUP, "u-admin", username="admin", display_name="系统管理员", role="admin")
    app.create_user(SETUP, "u-changji", username="changji", display_name="昌吉州支队调度", role="supervisor",
                    jurisdiction="652300")
    for username, password in PASSWORDS.items():
        set_password(system.engine, username, password)
    system.projector.catch_up()
    system.projector.start_thread()  # read-your-writes after each form, as in the server
    from webapp.auth import routes

    routes.failures.clear()
    return system


def login(app, username: str, password: str | None = None):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": password or PASSWORDS[username]})
    return client, response


def as_admin(app):
    client, response = login(app, "admin")
    assert response.status_code == 302
    return client


def events(system) -> int:
    return system.app.recorder.max_notification_id() or 0


def new_user(**fields) -> dict:
    return {"command_id": fields.pop("command_id", ""), "username": "wangfang", "display_name": "王芳",
            "role": "supervisor", "jurisdiction": "652300", "brigade": "", "password": "Wangfang-2026", **fields}


def test_only_admins_reach_user_management_and_refusals_are_logged(app, bureau, caplog):
    client, _ = login(app, "changji")
    with caplog.at_level(logging.WARNING):
        assert client.get("/admin/users").status_code == 403
        assert client.get("/admin/users/admin").status_code == 403
        forged = client.post("/admin/users", data=new_user(role="admin", jurisdiction=""))
        assert client.post("/admin/users/admin/disable", data={"reason": "夺权"}).status_code == 403
    assert forged.status_code == 403 and "无权访问" in forged.text
    assert caplog.text.count("拒绝访问 user=changji") == 4 and "path=/admin/users/admin/disable" in caplog.text
    assert "用户管理" not in client.get("/").text  # not even offered in the menu
    assert app.test_client().get("/admin/users").status_code == 302  # not logged in: to the login page


def test_the_list_shows_role_scope_and_state(app, bureau):
    page = as_admin(app).get("/admin/users").text
    assert "系统管理员" in page and "昌吉州支队调度" in page and "支队（调度）" in page
    assert "昌吉回族自治州" in page and "启用" in page


def test_admin_creates_a_supervisor_who_then_sees_only_their_prefecture(app, bureau):
    admin = as_admin(app)
    response = admin.post("/admin/users", data=new_user(username="WangFang "))
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/users/wangfang")
    page = admin.get("/admin/users/wangfang").text
    assert "已创建账号“wangfang”" in page and "王芳" in page and "昌吉回族自治州" in page
    assert "创建账号" in page and 'data-event="Created"' in page
    assert "wangfang" in admin.get("/admin/users").text

    supervisor, login_response = login(app, "wangfang", "Wangfang-2026")
    assert login_response.status_code == 302
    organisation = supervisor.get("/organisation").text
    assert "昌吉市" in organisation and "巴音郭楞蒙古自治州" not in organisation
    assert supervisor.get("/jurisdictions/652800").status_code == 403
    assert supervisor.get("/admin/users").status_code == 403


def test_reset_password_the_log_records_the_fact_never_the_password(app, bureau):
    admin = as_admin(app)
    response = admin.post("/admin/users/changji/password", data={"password": "Xin-Mima-2027", "reason": "本人遗忘"})
    assert response.status_code == 302
    page = admin.get("/admin/users/changji").text
    assert "密码已重置" in page and "重置密码" in page and "本人遗忘" in page

    assert login(app, "changji", "Changji-2026")[1].status_code == 401
    assert login(app, "changji", "Xin-Mima-2027")[1].status_code == 302

    with bureau.engine.connect() as conn:
        stored_hash = conn.execute(select(credentials.c.password_hash)
                                   .where(credentials.c.username == "changji")).scalar()
        user_id = conn.execute(select(users.c.id).where(users.c.username == "changji")).scalar()
        payloads = conn.execute(select(history.c.event, history.c.payload)
                                .where(history.c.stream_id == user_id)).all()
    assert ("PasswordReset", {}) in [(e, p) for e, p in payloads]
    notifications = bureau.app.recorder.select_notifications(1, 10_000)
    assert notifications[-1].topic.endswith("User.PasswordReset")
    logged = b"".join(n.state for n in notifications)
    for secret in ("Xin-Mima-2027", "Changji-2026", stored_hash, stored_hash.split("$")[-1], "scrypt"):
        assert secret.encode() not in logged
        assert all(secret not in str(p) for _, p in payloads)


def test_disabled_user_cannot_log_in_until_enabled(app, bureau):
    admin = as_admin(app)
    missing_reason = admin.post("/admin/users/changji/disable", data={"reason": ""})
    assert missing_reason.status_code == 422 and "理由：必填" in missing_reason.text
    admin.post("/admin/users/changji/disable", data={"reason": "调离岗位"})
    assert "已停用" in admin.get("/admin/users").text
    refused = login(app, "changji")[1]
    assert refused.status_code == 401 and "账号已停用" in refused.text
    again = admin.post("/admin/users/changji/disable", data={"reason": "再停一次"})
    assert again.status_code == 409 and "该账号已停用" in again.text

    admin.post("/admin/users/changji/enable", data={"reason": "返岗"})
    page = admin.get("/admin/users/changji").text
    assert "停用" in page and "启用" in page and "调离岗位" in page and "返岗" in page
    assert login(app, "changji")[1].status_code == 302


def test_an_admin_cannot_disable_or_demote_themselves(app, bureau):
    admin = as_admin(app)
    before = events(bureau)
    response = admin.post("/admin/users/admin/disable", data={"reason": "离职"})
    assert response.status_code == 422 and "不能停用自己的账号" in response.text
    demote = admin.post("/admin/users/admin/role", data={"role": "reviewer", "jurisdiction": "650000", "reason": "x"})
    assert demote.status_code == 422 and "不能取消自己的系统管理员角色" in demote.text
    assert events(bureau) == before
    assert "不能停用自己的账号" in admin.get("/admin/users/admin").text  # no disable form on one's own page


def test_change_role_and_scope(app, bureau):
    admin = as_admin(app)
    response = admin.post("/admin/users/changji/role",
                          data={"role": "inspector", "jurisdiction": "", "brigade": "CJ-ZD", "reason": "转为一线执法"})
    assert response.status_code == 302
    page = admin.get("/admin/users/changji").text
    assert "角色/范围变更" in page and "转为一线执法" in page
    assert "角色：支队（调度） → <span class=\"after\">执法人员</span>" in page
    assert "所属大队：— → <span class=\"after\">昌吉州执法支队</span>" in page
    no_brigade = admin.post("/admin/users/changji/role", data={"role": "inspector", "reason": "x"})
    assert no_brigade.status_code == 422 and "执法人员账号须归属一个执法大队或检查组" in no_brigade.text
    client, _ = login(app, "changji")
    assert "昌吉州执法支队" in client.get("/organisation").text


@pytest.mark.parametrize("fields, status, message", [
    ({"username": ""}, 422, "用户名：必填"),
    ({"username": "9lives"}, 422, "用户名：须以小写字母开头"),
    ({"display_name": "  "}, 422, "姓名：必填"),
    ({"password": "short1"}, 422, "初始密码：密码至少8位"),
    ({"password": "onlyletters"}, 422, "初始密码：密码须同时包含字母和数字"),
    ({"password": ""}, 422, "初始密码：必填"),
    ({"role": "superuser"}, 422, "角色不存在"),
    ({"role": "supervisor", "jurisdiction": ""}, 422, "账号须指定管辖范围"),  # the domain's rule
    ({"jurisdiction": "659999"}, 422, "辖区“659999”不存在"),
    ({"username": "changji"}, 409, "用户已存在"),
])
def test_bad_input_is_refused_in_chinese_and_writes_nothing(app, bureau, fields, status, message):
    """Form problems come back on the list page with the form filled in (minus the password);
    rules of the domain and a duplicate come back as an error page."""
    admin = as_admin(app)
    before = events(bureau)
    with bureau.engine.connect() as conn:
        hashes = conn.execute(select(credentials.c.username, credentials.c.password_hash)).all()
    response = admin.post("/admin/users", data=new_user(**fields))
    assert response.status_code == status and message in response.text
    assert events(bureau) == before
    with bureau.engine.connect() as conn:
        assert conn.execute(select(credentials.c.username, credentials.c.password_hash)).all() == hashes
    assert "Wangfang-2026" not in response.text
    if "：" in message:  # a form problem: the form comes back as typed
        assert 'id="create"' in response.text
        assert 'value="王芳"' in response.text or "display_name" in fields


def test_a_weak_new_password_is_refused(app, bureau):
    admin = as_admin(app)
    before = events(bureau)
    response = admin.post("/admin/users/changji/password", data={"password": "12345678"})
    assert response.status_code == 422 and "新密码：密码须同时包含字母和数字" in response.text
    assert events(bureau) == before
    assert login(app, "changji")[1].status_code == 302


def test_with_csrf_on_the_rendered_form_works_and_a_forged_post_does_not(system, tmp_path, bureau):
    from webapp import create_app

    app = create_app({"TESTING": True, "SHUANGSUI_SETTINGS": {"var_dir": tmp_path / "var"}}, system=system)
    client = app.test_client()

    def token(path):
        return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)

    client.post("/login", data={"username": "admin", "password": "Admin-2026", "csrf_token": token("/login")})
    page = client.get("/admin/users").text
    form = re.search(r'action="/admin/users" class="stack">(.*?)</form>', page, re.S).group(1)
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]+)"', form))
    assert set(hidden) == {"csrf_token", "command_id"}
    before = events(bureau)
    forged = client.post("/admin/users", data=new_user())
    assert forged.status_code == 400 and "CSRF" in forged.text and events(bureau) == before
    created = client.post("/admin/users", data=new_user(**hidden))
    assert created.status_code == 302 and events(bureau) == before + 1
    again = client.post("/admin/users", data=new_user(**hidden))  # the same form sent twice
    assert again.status_code == 302 and events(bureau) == before + 1
