"""Publishing as the office does it in a browser: the preview lists what looks wrong, nothing
goes out unconfirmed, and a withdrawn publication's URL says so (issue 12)."""

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from duban.conftest import STEP_TIMEOUT_MS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(browser: Any, base_url: str, username: str) -> Any:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    page.goto(base_url + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "x")  # make_user's password
    with page.expect_navigation():
        page.click("form button[type=submit]")
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"
    return page


def test_preview_confirm_publish_then_withdraw(browser, live_server, open_period, make_user):
    cache.clear()
    office = make_user("office_admin", username="office")
    base_url = str(live_server.url)
    page = _sign_in(browser, base_url, office.username)
    page.goto(base_url + reverse("publishing_office:period_list"))
    section = page.locator("section.card").filter(has_text="1-9月")
    with page.expect_navigation():
        section.locator("a:has-text('预览并发布')").click()

    # The preview is the table the public would see, and says what looks wrong.
    assert page.locator("#publish-preview tbody tr").count() == 100
    warnings = page.inner_text("#publish-warnings")
    assert "100项任务的进展情况为空" in warnings
    assert "尚未认定进展状态" in warnings
    assert "尚未审核通过" in warnings
    screenshot(page, "publishing-preview.png")

    # Not confirmed: the browser holds the form back (and the server would refuse it).
    page.click("#publish-form button[type=submit]")
    assert page.url.endswith(reverse("publishing_office:period_publish", args=[open_period.pk]))
    page.check("#publish-form input[name=confirm]")
    with page.expect_navigation():
        page.click("#publish-form button[type=submit]")
    assert "已发布" in page.inner_text(".messages")

    # Withdraw it with a note; its public URL then shows the note, not the table.
    public_link = page.locator("ul.publications a:has-text('公开页面')").first
    public_path = public_link.get_attribute("href")
    page.locator("details.withdraw summary").first.click()
    page.fill("details.withdraw textarea[name=note]", "进展尚未审核,撤回后重新发布。")
    with page.expect_navigation():
        page.click("details.withdraw button[type=submit]")
    assert "已撤回" in page.inner_text("main")

    public = browser.new_page()
    response = public.goto(base_url + public_path)
    assert response is not None
    assert response.status == 200
    notice = public.inner_text("#withdrawal")
    assert "撤回说明:进展尚未审核,撤回后重新发布。" in notice
    assert "已于" in notice
    assert public.locator("table.progress-table").count() == 0
    screenshot(public, "publishing-withdrawn.png")
