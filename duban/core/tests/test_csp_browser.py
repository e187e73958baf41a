"""The Content-Security-Policy in a real browser: the cockpit still draws every chart and the
public page's font buttons still work, with no CSP violation reported."""

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from duban.conftest import STEP_TIMEOUT_MS
from duban.core.security import DEFAULT_POLICY

CHARTS = 6
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def watched_page(browser: Any, live_server: Any, seed_period: Any, make_user: Any):
    cache.clear()
    make_user("leader", username="lingdao")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    yield page, console, str(live_server.url)
    context.close()


def _violations(page: Any, console: list[str]) -> list[str]:
    reported = page.evaluate("window.__cspViolations")
    return reported + [line for line in console if "Content Security Policy" in line]


def test_the_cockpit_draws_under_the_policy(watched_page):
    page, console, base_url = watched_page
    response = page.goto(f"{base_url}/accounts/login/")
    assert response.headers["content-security-policy"] == DEFAULT_POLICY
    page.fill("input[name=username]", "lingdao")
    page.fill("input[name=password]", "x")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.url.endswith("/cockpit/")
    page.wait_for_selector(f"html[data-charts-ready='{CHARTS}']")
    page.wait_for_selector(f"html[data-charts-settled='{CHARTS}']")
    assert page.locator("[data-chart] svg").count() == CHARTS
    page.hover("[data-chart] svg")  # a tooltip sets style attributes: allowed for styles
    assert _violations(page, console) == []


def test_the_public_page_script_runs_as_a_file(watched_page, seed_publication):
    page, console, base_url = watched_page
    page.goto(base_url + reverse("publishing:publication_detail", args=[seed_publication.pk]))
    tools = page.locator(".page-tools")
    tools.wait_for(state="visible")  # shown by the script: it ran
    before = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    page.locator("[data-font-step='1']").click()
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") != before
    assert _violations(page, console) == []
