"""A slip in a real browser: the office issues one from a lagging task, the lead signs it."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
STEP_TIMEOUT_MS = 10_000

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(monkeypatch: pytest.MonkeyPatch) -> None:
    # Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls
    # from it (the transactional teardown flushes the database) unless told it is safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser() -> Iterator[Any]:
    # CI installs Debian's chromium; a missing browser is a broken set-up, not a reason to skip.
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _sign_in(browser: Any, base_url: str, username: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    page.goto(base_url + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "x")  # make_user's password
    with page.expect_navigation():
        page.click("form button[type=submit]")
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"
    return page


def test_office_issues_a_slip_from_a_lagging_task_and_the_lead_signs(
    browser, live_server, seed_period, office, liaison
):
    base_url = str(live_server.url)
    page = _sign_in(browser, base_url, office.username)
    page.goto(base_url + reverse("supervision:proposal_list") + f"?period={seed_period.pk}")
    # Task 20 is suggested 部分滞后 in 上半年: issue a slip from its row.
    with page.expect_navigation():
        page.click("#lagging-tasks a[data-task='20']")
    assert page.input_value("#slip-issue-form textarea[name=requirements]").startswith(
        "该项工作上半年建议状态为部分滞后。"
    )
    assert page.is_checked("#slip-issue-form input[name=departments]")
    with page.expect_navigation():
        page.click("#slip-issue-form button[type=submit]")
    assert page.inner_text("#slip-number") == "督办〔2021〕第1号"
    assert page.inner_text("#slip-state") == "已下发"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "supervision-slip-issued.png"), full_page=True)

    lead = _sign_in(browser, base_url, liaison.username)
    lead.goto(base_url + reverse("supervision:slip_list"))
    assert lead.inner_text("h1") == "我的督办单"
    with lead.expect_navigation():
        lead.click("#slip-list a.slip-number")
    with lead.expect_navigation():
        lead.click("#slip-actions button:has-text('签收')")
    assert lead.inner_text("#slip-state") == "已签收"
    assert liaison.username in lead.inner_text("#signed")
