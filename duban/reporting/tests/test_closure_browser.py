"""A closure in a real browser: the lead department applies with evidence from the task page,
the office verifies, a leader confirms; the task page then says 已销号."""

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from duban.conftest import STEP_TIMEOUT_MS, screenshot
from duban.reporting.models import ProgressReport

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


def test_closure_from_application_to_confirmation(
    browser, live_server, open_period, make_user, tmp_path: Path
):
    base_url = str(live_server.url)
    report = ProgressReport.objects.get(period=open_period, task__seq="6")
    task = report.task
    report_link = f"a[href='{reverse('reporting:report_detail', args=[report.pk])}']"
    liaison = make_user("liaison", "市发展改革委", username="fgw")
    reviewer = make_user("reviewer", username="ducha")
    leader = make_user("leader", username="lingdao")
    evidence = tmp_path / "验收报告.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF")

    lead = _sign_in(browser, base_url, liaison.username)
    lead.goto(base_url + reverse("reporting:inbox"))
    assert lead.locator(report_link).count() >= 1
    lead.goto(base_url + reverse("reporting:task_detail", args=[task.pk]))
    assert "未申请" in lead.inner_text("#task-closure")
    with lead.expect_navigation():
        lead.click("#task-closure a")
    lead.fill("#closure-apply textarea[name=summary]", "项目已全部签约落地。")
    lead.set_input_files("#closure-apply input[name=files]", str(evidence))
    with lead.expect_navigation():
        lead.click("#closure-apply button[type=submit]")
    assert lead.inner_text("#closure-state") == "已申请"
    assert "验收报告.pdf" in lead.inner_text("main")

    office = _sign_in(browser, base_url, reviewer.username)
    office.goto(base_url + reverse("reporting:task_closure", args=[task.pk]))
    with office.expect_navigation():
        office.click("#closure-verify button[type=submit]")
    assert office.inner_text("#closure-state") == "已核实"

    chief = _sign_in(browser, base_url, leader.username)
    chief.goto(base_url + reverse("reporting:task_closure", args=[task.pk]))
    assert chief.locator("#closure-reject").count() == 1  # may also send it back
    with chief.expect_navigation():
        chief.click("#closure-confirm button[type=submit]")
    assert chief.inner_text("#closure-state") == "已销号"
    chief.goto(base_url + reverse("reporting:task_detail", args=[task.pk]))
    assert "已销号" in chief.inner_text("#task-closure")
    assert "不再填报" in chief.inner_text("#task-closure")
    screenshot(chief, "task-closure-confirmed.png")

    # The lead's 我的任务 no longer lists the task.
    lead.goto(base_url + reverse("reporting:inbox"))
    assert lead.locator(report_link).count() == 0
