"""The public page in a real browser: filtering by status, the font-size switch, phone width."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
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

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls
    # from it (the transactional teardown flushes the database) unless told it is safe.
    # Set per test, so the rest of the suite keeps Django's check.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    # CI installs Debian's chromium; a missing browser is a broken set-up, not a reason to skip.
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def public_url(live_server, seed_publication) -> str:
    """The seed's public page on the live server (the data is committed: transactional test)."""
    cache.clear()  # a page cached by an earlier test may carry the same primary key
    path = reverse("publishing:publication_detail", args=[seed_publication.pk])
    return f"{live_server.url}{path}"


def test_status_filter_in_browser_shows_three_rows(browser, public_url):
    page = browser.new_page()
    page.goto(public_url)
    assert page.locator("table.progress-table tbody tr").count() == 100

    page.select_option("#id_status", "部分滞后")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")

    rows = page.locator("table.progress-table tbody tr")
    assert rows.count() == 3
    assert rows.locator(".status").all_inner_texts() == ["部分滞后"] * 3
    assert "共3项" in page.inner_text(".count")
    page.close()


def test_font_size_switch_scales_the_page(browser, public_url):
    page = browser.new_page()
    page.goto(public_url)

    def root_font_size() -> str:
        return page.evaluate("getComputedStyle(document.documentElement).fontSize")

    assert root_font_size() == "16px"
    page.click("button[data-font-step='1']")
    assert root_font_size() == "18px"
    page.click("button[data-font-step='-1']")
    page.click("button[data-font-step='-1']")
    assert root_font_size() == "14px"
    page.close()


def test_phone_width_shows_cards_without_sideways_scrolling(browser, public_url):
    page = browser.new_page(viewport={"width": 375, "height": 812}, device_scale_factor=2)
    page.goto(public_url)

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    first_row_display = page.evaluate(
        "getComputedStyle(document.querySelector('.progress-table tbody tr')).display"
    )
    label = page.evaluate(
        "getComputedStyle(document.querySelector('.progress-table td.progress'), '::before')"
        ".content"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "public-phone.png"))
    page.close()

    assert scroll_width <= 375
    assert first_row_display == "block"
    assert label == '"进展情况"'
