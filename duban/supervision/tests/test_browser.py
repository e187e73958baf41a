"""A slip in a real browser: the office issues one from a lagging task and opens the ranking;
the lead signs the slip."""

from typing import Any

import pytest
from django.urls import reverse

from duban.conftest import STEP_TIMEOUT_MS, screenshot
from duban.reporting.models import StatusDecision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    # The office decided task 20 部分滞后 in 上半年 (the seed printed 按时推进).
    StatusDecision.objects.filter(task__seq="20", period=seed_period).update(
        status="PARTLY_BEHIND", reason="人才引进低于序时进度"
    )
    page = _sign_in(browser, base_url, office.username)
    page.goto(base_url + reverse("supervision:proposal_list") + f"?period={seed_period.pk}")
    # Task 20 is decided 部分滞后 in 上半年: issue a slip from its row.
    with page.expect_navigation():
        page.click("#lagging-tasks a[data-task='20']")
    assert page.input_value("#slip-issue-form textarea[name=requirements]").startswith(
        "该项工作上半年认定状态为部分滞后。"
    )
    assert page.is_checked("#slip-issue-form input[name=departments]")
    with page.expect_navigation():
        page.click("#slip-issue-form button[type=submit]")
    assert page.inner_text("#slip-number") == "督办〔2021〕第1号"
    assert page.inner_text("#slip-state") == "已下发"
    screenshot(page, "supervision-slip-issued.png")

    # The office then opens the ranking from the navigation: every unit with its score.
    with page.expect_navigation():
        page.click("nav.sidenav a:has-text('绩效考核')")
    assert page.inner_text("h1") == "绩效考核得分排名"
    assert page.locator("table.ranking > tbody > tr").count() > 10
    assert "市人力社保局" in page.inner_text("table.ranking")  # task 20's lead
    screenshot(page, "appraisal-ranking.png")

    lead = _sign_in(browser, base_url, liaison.username)
    lead.goto(base_url + reverse("supervision:slip_list"))
    assert lead.inner_text("h1") == "我的督办单"
    with lead.expect_navigation():
        lead.click("#slip-list a.slip-number")
    with lead.expect_navigation():
        lead.click("#slip-actions button:has-text('签收')")
    assert lead.inner_text("#slip-state") == "已签收"
    assert liaison.username in lead.inner_text("#signed")
