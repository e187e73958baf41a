"""The cockpit in a real browser: a leader signs in, reads the seed's counts, drills down by a
tile and by a chart bar, prints without animation, and fits a phone screen."""

from typing import Any

import pytest
from django.core.cache import cache

from duban.conftest import STEP_TIMEOUT_MS, screenshot

CHARTS = 6

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def base_url(live_server: Any, seed_period: Any, make_user: Any) -> str:
    """The seed on the live server, and a leader `lingdao` (password "x")."""
    cache.clear()  # a cockpit cached by an earlier test may carry the same keys
    make_user("leader", username="lingdao")
    return str(live_server.url)


def _signed_in(browser: Any, base_url: str, width: int, height: int) -> Any:
    """A leader's page at `width`, signed in through the form: a leader lands on the cockpit."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", "lingdao")
    page.fill("input[name=password]", "x")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.url.endswith("/cockpit/")
    page.wait_for_selector(f"html[data-charts-ready='{CHARTS}']")
    # Drawn and done animating: bars grow into place, so clicks and screenshots wait for it.
    page.wait_for_selector(f"html[data-charts-settled='{CHARTS}']")
    return page


def _count(page: Any, status: str) -> str:
    return page.inner_text(f".tile[data-status={status}] .tile-count")


def test_leader_reads_the_counts_and_drills_into_partly_behind(browser, base_url):
    page = _signed_in(browser, base_url, 1280, 900)

    assert page.inner_text("h1") == "驾驶舱 2021年嘉兴市 · 上半年"
    assert {label: _count(page, status) for label, status in [
        ("按时推进", "ON_TRACK"),
        ("进度较快", "AHEAD"),
        ("部分滞后", "PARTLY_BEHIND"),
        ("进度滞后", "BEHIND"),
    ]} == {"按时推进": "88", "进度较快": "7", "部分滞后": "3", "进度滞后": "1"}  # fmt: skip
    assert page.inner_text(".tile[data-status=ON_TRACK] .tile-label") == "按时推进"
    assert page.inner_text(".tile[data-status=ON_TRACK] .tile-share") == "88.0%"
    # Every chart is drawn (SVG) beside its table.
    assert page.locator("[data-chart] svg").count() == CHARTS
    assert page.locator("table.figures caption").count() == CHARTS
    screenshot(page, "cockpit-desktop.png")

    with page.expect_navigation():
        page.click(".tile[data-status=PARTLY_BEHIND]")
    rows = page.locator("table.drill-list tbody tr")
    assert rows.count() == 3
    assert rows.locator(".status").all_inner_texts() == ["部分滞后"] * 3
    assert page.inner_text("#drill-count") == "3"
    page.context.close()


def test_a_bar_of_the_department_chart_drills_down_to_its_tasks(browser, base_url):
    page = _signed_in(browser, base_url, 1280, 900)
    # 市商务局 leads the most tasks (first bar): 4 进度较快 stacked before 9 按时推进.
    page.locator("[data-chart=departments]").scroll_into_view_if_needed()
    point = page.evaluate(
        """() => {
          const element = document.querySelector("[data-chart=departments]");
          const chart = echarts.getInstanceByDom(element);
          // The first series (进度较快), first bar: where ECharts laid it out.
          const bar = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(0);
          const box = element.getBoundingClientRect();
          return {x: box.left + bar.x + bar.width / 2, y: box.top + bar.y + bar.height / 2};
        }"""
    )
    page.mouse.move(point["x"], point["y"])
    with page.expect_navigation():
        page.mouse.click(point["x"], point["y"])
    assert "status=AHEAD" in page.url
    assert "department=" in page.url
    assert page.inner_text("#drill-count") == "4"
    assert "牵头单位:市商务局" in page.inner_text(".drill-title")
    page.context.close()


def test_printing_turns_animation_off(browser, base_url):
    page = _signed_in(browser, base_url, 1280, 900)

    def animations() -> list[bool]:
        return page.evaluate(
            """() => [...document.querySelectorAll("[data-chart]")].map(
                 (el) => echarts.getInstanceByDom(el).getOption().animation)"""
        )

    assert set(animations()) == {True}
    page.emulate_media(media="print")
    page.wait_for_function(
        """() => [...document.querySelectorAll("[data-chart]")].every(
             (el) => echarts.getInstanceByDom(el).getOption().animation === false)"""
    )
    assert set(animations()) == {False}
    assert page.evaluate("getComputedStyle(document.querySelector('.sidenav')).display") == "none"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.copy-table')).display") == "none"
    )
    page.context.close()


def test_phone_width_fits_without_sideways_scrolling(browser, base_url):
    page = _signed_in(browser, base_url, 375, 812)

    assert _count(page, "ON_TRACK") == "88"
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    chart_width = page.evaluate(
        "document.querySelector('[data-chart=status]').getBoundingClientRect().width"
    )
    screenshot(page, "cockpit-phone.png")
    page.context.close()

    assert scroll_width <= 375
    assert 300 <= chart_width <= 375
