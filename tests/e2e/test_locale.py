"""The second language: the English catalog is complete, and the pages switch.

Message ids are Chinese, so a string without a translation shows up in Chinese on an
English page; the catalog tests below make such a string fail CI instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from domain.base import Actor
from webapp.auth.credentials import set_password

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "webapp" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
CLI = Actor("cli", "admin")
BRACES = re.compile(r"\{[a-z_]*\}")  # marshmallow's own placeholders, e.g. {input}

ENGLISH_NAV = ["Directory of supervised units", "Directory of inspectors",
               "Jurisdictions and enforcement units", "Directory import", "User management",
               "Public information", "Log out"]
ENGLISH_TILES = ["Key supervised unit", "Special supervised unit", "General supervised unit",
                 "Excluded from draws", "Enforcement officers on duty"]
CHINESE_NAV = ["检查对象名录", "检查人员名录", "辖区与执法单位", "名录导入", "用户管理", "公开信息", "退出"]
CHINESE_TILES = ["重点监管对象", "特殊监管对象", "一般监管对象", "不参与双随机", "在岗执法人员"]


def _catalog():
    with CATALOG.open("rb") as f:
        return read_po(f)


def _messages(catalog):
    return [m for m in catalog if m.id]


# -- (a) the catalog ---------------------------------------------------------------------
def test_every_message_of_the_english_catalog_is_translated_and_not_fuzzy():
    catalog = _catalog()
    messages = _messages(catalog)
    assert messages, "the English catalog is empty"
    untranslated = [m.id for m in messages
                    if not (all(m.string) if isinstance(m.string, (list, tuple)) else m.string)]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert not catalog.fuzzy, "the catalog header is marked fuzzy"


def test_translations_keep_the_placeholders():
    catalog = _catalog()
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert not problems, problems  # %(name)s placeholders (python-format entries)
    for m in _messages(catalog):
        assert sorted(BRACES.findall(m.string)) == sorted(BRACES.findall(m.id)), m.id


def test_every_extracted_message_is_in_the_catalog(tmp_path):
    """Re-extract exactly as babel.cfg says: a new string without a translation fails."""
    pot = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"),
                                "-k", "N_", "-k", "lazy_gettext", "-o", str(pot), str(ROOT)])
    with pot.open("rb") as f:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    assert len(extracted) > 300  # the templates, the forms and the vocabularies were all read
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in _messages(_catalog())}
    missing = sorted(extracted - known)
    assert not missing, (
        "messages without an English translation (run pybabel extract / update, translate, "
        f"see babel.cfg): {missing}")


# -- the pages ---------------------------------------------------------------------------
@pytest.fixture
def admin(system, client):
    system.app.create_user(CLI, "u-admin", username="guanli", display_name="管理员甲", role="admin")
    set_password(system.engine, "guanli", "Guanli-2026")
    system.projector.catch_up()
    response = client.post("/login", data={"username": "guanli", "password": "Guanli-2026"})
    assert response.status_code == 302
    return client


def test_accept_language_en_gives_english_navigation_and_tiles(admin):
    page = admin.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    for text in ENGLISH_NAV + ENGLISH_TILES + ["Hello, 管理员甲", "System administrator", "Data as of event"]:
        assert text in page.text, text
    for text in CHINESE_NAV + CHINESE_TILES:
        assert text not in page.text, text


def test_without_a_header_the_page_is_chinese(admin):
    page = admin.get("/")
    assert page.status_code == 200
    assert '<html lang="zh-CN">' in page.text
    for text in CHINESE_NAV + CHINESE_TILES + ["您好，管理员甲", "系统管理员"]:
        assert text in page.text, text
    for text in ENGLISH_NAV + ENGLISH_TILES:
        assert text not in page.text, text


def test_a_browser_preferring_chinese_gets_chinese(admin):
    page = admin.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
    assert "检查对象名录" in page.text and "Directory of inspectors" not in page.text


def test_the_language_switch_persists_in_the_session(admin):
    switched = admin.post("/lang/en", data={"next": "/targets"})
    assert switched.status_code == 302 and switched.headers["Location"].endswith("/targets")
    with admin.session_transaction() as session:
        assert session["lang"] == "en"
    page = admin.get("/")  # no Accept-Language: the session decides
    assert "Directory of supervised units" in page.text and "检查对象名录" not in page.text
    assert "中文" in page.text  # the switch now offers the way back

    admin.post("/lang/zh", data={"next": "/"})
    with admin.session_transaction() as session:
        assert session["lang"] == "zh"
    page = admin.get("/", headers={"Accept-Language": "en"})  # the choice beats the browser
    assert "检查对象名录" in page.text and "Directory of supervised units" not in page.text


def test_form_messages_follow_the_language(admin):
    """Field labels and messages are built at import time, translated when shown."""
    english = admin.post("/admin/users", data={"username": "1x", "display_name": "", "role": "boss",
                                               "password": "short"},
                         headers={"Accept-Language": "en"})
    assert english.status_code == 422
    for text in ("User name: must start with a lowercase letter", "Name: required",
                 "Initial password: at least 8 characters", "Role is not valid; choose one of: "
                 "System administrator, Detachment (dispatch), Enforcement officer, Reviewer"):
        assert text in english.text, text
    chinese = admin.post("/admin/users", data={"username": "1x", "display_name": "", "role": "boss",
                                               "password": "short"})
    assert chinese.status_code == 422
    for text in ("用户名：须以小写字母开头", "姓名：必填", "初始密码：密码至少8位",
                 "角色不存在，可选：系统管理员、支队（调度）、执法人员、稽查"):
        assert text in chinese.text, text


def test_flash_and_error_pages_are_english_too(admin):
    missing = admin.get("/targets/" + "0" * 32, headers={"Accept-Language": "en"})
    assert missing.status_code == 404
    assert "Not found" in missing.text and "No such supervised unit" in missing.text
    logged_out = admin.post("/logout")
    assert logged_out.status_code == 302
    admin.post("/lang/en", data={"next": "/"})
    login_page = admin.get("/targets", follow_redirects=True)
    assert "Please log in first" in login_page.text
