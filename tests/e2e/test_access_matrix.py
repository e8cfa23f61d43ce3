"""The authorisation matrix (issue 9): every route of app.url_map × anonymous and each role ×
a record in the user's own scope and one in another, as tests/support/access.py says.

Anonymous → 302 to /login (public routes excepted); a role the rule leaves out → 403; an
allowed role on another scope's record → 403 (404 where the code hides existence); an
allowed role in its own scope → what passing the checks answers (200 for a page; an empty
form 302/409/422). Never a 500; every answer carries a CSP without 'unsafe-…'. One test per
endpoint, every failing case listed. The data is built once: the demo (both scopes'
directories, tasks, plans, disclosures), a reviewer of 昌吉州, and in the other place a
task with evidence, a problem with a disposition and a report from the public; a finished
job and a reminder for each user. Also here: an expired session is refused; the CSP.
"""

from __future__ import annotations

import re
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.support import access, access_api
from tests.support.access_world import World, build_world
from tests.support.access import ACCOUNTS, LOGGED_IN, PUBLIC, RECORDS, RULES
from webapp import create_app

ROLES = tuple(ACCOUNTS)


def _url_map():
    """The routes, read once when the tests are collected (no database needed for that)."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"TESTING": True, "SHUANGSUI_SETTINGS": {"var_dir": Path(folder)}}, system=object())
        return app.url_map


URL_MAP = _url_map()
ENDPOINTS = sorted({r.endpoint for r in URL_MAP.iter_rules()} - {"static"})


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    yield from build_world(tmp_path_factory)


# -- what each case should answer --------------------------------------------------------------------
def allowed_roles(rule: access.Access, view) -> set[str]:
    if rule.who in (PUBLIC, LOGGED_IN):
        return set(ROLES)
    if rule.who == access.DECORATED:
        roles = getattr(view, "required_roles", None)
        assert roles, f"规则写的是 DECORATED，但 {view.__name__} 没有 roles_required（required_roles）"
        return set(roles)
    return set(rule.who)


def expected(w: World, rule: access.Access, view, method: str, role: str | None, side: str):
    """("login",) | ("refused", status) | ("allowed", statuses)."""
    fine = frozenset({200} if method == "GET" else {302, 409, 422}) | rule.ok
    if rule.who == PUBLIC:
        return ("allowed", fine)
    if role is None:
        return ("login",)
    if role not in allowed_roles(rule, view) or (rule.everything and not w.unlimited[role]):
        return ("refused", 403)
    if side == "other":
        kind = RECORDS[rule.record] if rule.record else None
        if not (w.unlimited[role] and (kind is None or kind.unlimited_sees_all)):
            return ("refused", kind.refused if kind else 403)
    return ("allowed", fine)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def problems_with(response, want) -> list[str]:
    status, found = response.status_code, []
    if want[0] == "login":
        where = urlparse(response.headers.get("Location", "")).path
        if status != 302 or where != "/login":
            found.append(f"应跳转登录（302 → /login），实际 {status} {where}")
    elif want[0] == "unauthorized" and status != 401:
        found.append(f"应答 401（API 未登录），实际 {status}")
    elif want[0] == "refused" and status != want[1]:
        found.append(f"应拒绝（{want[1]}），实际 {status}")
    elif want[0] == "allowed" and status not in want[1]:
        found.append(f"应放行（{sorted(want[1])}），实际 {status}")
    csp = response.headers.get("Content-Security-Policy", "")
    if "script-src 'self'" not in csp or "unsafe-" in csp:
        found.append(f"CSP 不符：{csp!r}")
    if status == 200 and response.mimetype == "text/html":
        page = response.get_data(as_text=True)
        if INLINE_SCRIPT.search(page) or INLINE_HANDLER.search(page):
            found.append("页面含内联脚本或 on… 事件属性（CSP 会拦截）")
    return found


def methods_of(endpoint: str) -> list[str]:
    found = {m for r in URL_MAP.iter_rules() if r.endpoint == endpoint for m in r.methods}
    return sorted(found & {"GET", "POST"})


def _ask(w: World, role, method: str, path: str, form: dict):
    c = w.client(role)
    try:
        return c.get(path) if method == "GET" else c.post(path, data=dict(form))
    except Exception as error:  # TESTING propagates what would be a 500
        return error


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if not access.covered_elsewhere(e)])
def test_every_role_and_scope_gets_what_the_rule_says(world, endpoint):
    rules = RULES.get(endpoint)
    assert rules, (f"新路由缺少授权规则：endpoint {endpoint}（{', '.join(methods_of(endpoint))}）"
                   "——请在 tests/support/access.py 的 RULES 中写明谁可以访问、是否按管辖范围限定")
    view, adapter = world.app.view_functions[endpoint], URL_MAP.bind("localhost")
    failures = []
    for method in methods_of(endpoint):
        for rule in rules:
            for role in (None, *ROLES):
                for side in (("own", "other") if rule.record or rule.place else ("-",)):
                    values = world.values(rule, side, role)
                    path = adapter.build(endpoint, values, method=method)
                    response = _ask(world, role, method, path, rule.form)
                    case = f"{method} {path} 角色={role or '未登录'} 范围={side}"
                    if isinstance(response, Exception):
                        failures.append(f"{case}：500 {type(response).__name__}: {response}")
                        continue
                    failures += [f"{case}：{p}" for p in problems_with(response, expected(
                        world, rule, view, method, role, side))]
                    if rule.ends_session and role is not None:
                        world.client(role, fresh=True)
    assert not failures, "\n".join(failures)


API_ENDPOINTS = [e for e in ENDPOINTS if access.covered_elsewhere(e)]


def api_expected(w: World, rule: access.Access, view, method: str, role: str | None, side: str):
    """As the page, but 401 instead of the login page, and a command's redirect is its 200."""
    want = expected(w, rule, view, method, role, side)
    if want[0] == "login":
        return ("unauthorized",)
    if want[0] == "allowed" and method == "POST":
        return ("allowed", frozenset(want[1] - {302}) | {200, 201, 204})
    return want


@pytest.mark.parametrize("endpoint", API_ENDPOINTS)
def test_every_api_route_answers_each_role_and_scope_as_its_page(world, endpoint):
    view, adapter = world.app.view_functions[endpoint], URL_MAP.bind("localhost")
    rules, page = access_api.rules_for(endpoint, view)
    judge = world.app.view_functions[page] if page else view  # the page's roles are the API's
    failures = []
    for method in methods_of(endpoint):
        for rule in rules:
            for role in (None, *ROLES):
                for side in (("own", "other") if rule.record or rule.place else ("-",)):
                    path = adapter.build(endpoint, world.values(rule, side, role), method=method)
                    c, headers = world.app.test_client(), world.api_headers(role)
                    try:
                        response = (c.get(path, headers=headers) if method == "GET"
                                    else c.post(path, json=dict(rule.form), headers=headers))
                    except Exception as error:  # TESTING propagates what would be a 500
                        failures.append(f"{method} {path} 角色={role or '未登录'}：500 {type(error).__name__}: {error}")
                        continue
                    case = f"{method} {path} 角色={role or '未登录'} 范围={side}"
                    failures += [f"{case}：{p}" for p in problems_with(response, api_expected(
                        world, rule, judge, method, role, side))]
    assert not failures, "\n".join(failures)


def test_the_rule_table_names_only_routes_that_exist():
    stale = sorted(set(RULES) - set(ENDPOINTS))
    assert not stale, f"授权规则表中有已不存在的 endpoint：{stale}"


# -- sessions and the CSP ---------------------------------------------------------------------------
def test_a_session_older_than_its_lifetime_is_refused(world, monkeypatch):
    from itsdangerous import TimestampSigner

    lifetime = world.app.config["PERMANENT_SESSION_LIFETIME"]
    assert lifetime == timedelta(hours=8)
    client = world.logged_in("supervisor")
    stamp = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: stamp(self) + int(lifetime.total_seconds()) - 60)
    assert client.get("/tasks").status_code == 200  # within the lifetime (and the cookie is renewed)
    later = int(lifetime.total_seconds()) * 2 + 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: stamp(self) + later)
    refused = client.get("/tasks")
    assert refused.status_code == 302 and urlparse(refused.headers["Location"]).path == "/login"
    assert client.get_cookie("remember_token") is None  # nothing logs it back in


def test_the_csp_allows_only_our_own_scripts_and_styles(world):
    for response in (world.app.test_client().get("/login"), world.app.test_client().get("/public/"),
                     world.app.test_client().get("/public/units/nope"), world.client("admin").get("/")):
        policy = dict((d.split(" ", 1) + [""])[:2] for d in
                      (p.strip() for p in response.headers["Content-Security-Policy"].split(";")) if d)
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
        assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
        loose = [d for d, v in policy.items() if "unsafe" in v or "*" in v or ("data:" in v and d != "img-src")]
        assert not loose, policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
