"""The supervisor's dashboard in a real browser, on the demo: the charts are drawn (a canvas in
each box) without a console error or a CSP violation, clicking a bar opens the list of the
rows it counts, the page prints as tables (no menu, no canvas), and on a phone the charts fit
the screen while wide tables scroll in their box."""

import re

import pytest

from tests.support.browser import chromium, serve_demo

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHARTS = ("ratios", "counties", "problems", "inspections", "penalties")
# Collected before any script of the page runs (init scripts are not subject to the page's CSP).
WATCH_CSP = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
                          e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from serve_demo(tmp_path_factory, "dashboard")


@pytest.fixture(scope="module")
def browser(chromium_path):
    yield from chromium(chromium_path)


def supervisor_home(browser, server, **options):
    page = browser.new_page(locale="zh-CN", **options)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # what the browser asks for by itself (the icon) is not the page's doing
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page.add_init_script(WATCH_CSP)
    page.goto(server + "/login")
    page.fill("input[name=username]", "zhidui")
    page.fill("input[name=password]", "Zhidui-2026")
    page.click("button[type=submit]")
    page.wait_for_url(server + "/")
    for name in CHARTS:
        page.wait_for_selector(f'[data-chart="chart-{name}"] canvas')
    return page, errors


def test_the_charts_draw_and_a_bar_opens_its_rows(server, browser, tmp_path):
    page, errors = supervisor_home(browser, server, viewport={"width": 1280, "height": 900})
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    assert errors == [] and page.evaluate("window.__csp") == []
    # the first bar with something to show in the chart of overdue work by county
    bar = page.evaluate("""() => {
        const box = document.querySelector('[data-chart="chart-counties"]');
        box.scrollIntoView();
        const spec = JSON.parse(document.getElementById('chart-counties').textContent);
        const chart = echarts.getInstanceByDom(box);
        for (let s = 0; s < spec.series.length; s++) {
            const i = spec.series[s].data.findIndex(p => p.value > 0);
            if (i < 0) continue;
            const at = chart.getModel().getSeriesByIndex(s).getData().getItemLayout(i);  // the bar as drawn
            const r = box.getBoundingClientRect();
            return {x: r.left + at.x + at.width / 2, y: r.top + at.y + at.height / 2,
                    href: spec.series[s].data[i].href, n: spec.series[s].data[i].value};
        }
        return null;
    }""")
    assert bar is not None, "the demo has overdue problems and results in 昌吉市"
    page.mouse.click(bar["x"], bar["y"])
    page.wait_for_url(server + bar["href"])
    shown = page.inner_text("main")
    if bar["href"].startswith("/problems"):
        ids = page.locator("div.card.problem").evaluate_all("els => els.map(e => e.dataset.id)")
        assert len(set(ids)) == int(bar["n"])
    elif bar["href"].startswith("/disclosure/"):
        listing = re.search(r"list=(\w+)", bar["href"]).group(1)
        assert page.inner_text(f'a[data-list="{listing}"] .count') == str(int(bar["n"]))
    else:
        assert f"共 {int(bar['n'])} 条" in shown
    assert errors == []


def test_the_dashboard_prints_as_tables_and_fits_a_phone(server, browser):
    page, errors = supervisor_home(browser, server, viewport={"width": 390, "height": 844})
    assert errors == [] and page.evaluate("window.__csp") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 400, "wide tables scroll in their box"
    for name in CHARTS:
        box = page.locator(f'[data-chart="chart-{name}"]').bounding_box()
        assert box["width"] <= 390 and box["height"] > 100
    page.emulate_media(media="print")
    assert not page.is_visible("header.top nav") and not page.is_visible("header.top")
    for name in CHARTS:
        assert page.is_hidden(f'[data-chart="chart-{name}"]')
    assert page.is_visible("#ratios table") and page.is_visible("#penalties table")
