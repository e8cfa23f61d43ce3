"""A supervisor in a real browser: log in, find a unit of the 2025 Changji special list,
open it, see its category and its history; then the page on a phone-sized screen."""


import pytest

from tests.support.browser import chromium, serve_demo

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serve_demo(tmp_path_factory, "browser")


@pytest.fixture(scope="module")
def browser(chromium_path):
    yield from chromium(chromium_path)


def test_supervisor_finds_a_special_unit_and_reads_its_history(server, browser, tmp_path):
    page = browser.new_page(locale="zh-CN")
    page.goto(server + "/login")
    page.fill("input[name=username]", "zhidui")
    page.fill("input[name=password]", "Zhidui-2026")
    page.click("button[type=submit]")
    page.wait_for_url(server + "/")
    assert "您好，昌吉州支队调度员" in page.inner_text("main")
    page.click("text=检查对象名录")
    page.fill("input[name=q]", "城北污水处理厂")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    page.click("text=昌吉市城北污水处理厂")
    page.wait_for_load_state()
    body = page.inner_text("main")
    assert "特殊监管对象" in body and "行政处罚金额在20万元及以上" in body
    assert "登记入库" in page.inner_text("#history")
    page.screenshot(path=str(tmp_path / "unit.png"), full_page=True)


def test_the_directory_works_on_a_phone(server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page.goto(server + "/login")
    page.fill("input[name=username]", "dadui")
    page.fill("input[name=password]", "Dadui-2026")
    page.click("button[type=submit]")
    page.goto(server + "/targets")
    assert page.is_visible("label.menu-button")  # the menu folds away on a narrow screen
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, "the page itself must not scroll sideways; wide tables scroll in their box"
