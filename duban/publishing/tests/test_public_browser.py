"""The public page in a real browser: filtering by status, the font-size switch, phone width."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from duban.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    screenshot(page, "public-phone.png", full_page=False)
    page.close()

    assert scroll_width <= 375
    assert first_row_display == "block"
    assert label == '"进展情况"'
