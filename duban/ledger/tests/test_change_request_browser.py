"""A change request in a real browser: the lead department asks, the office checks, a leader
approves; 状态研判 and, once published, the public page show the approved baseline."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from duban.conftest import STEP_TIMEOUT_MS, screenshot

PASSWORDS = {
    "fgw_liaison": "Duban-fgw-2021",
    "reviewer": "Duban-review-2021",
    "leader": "Duban-leader-2021",
    "office_admin": "Duban-admin-2021",
}
NEW_TARGET = "年内完成投资260亿元"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def task_id(transactional_db: None) -> int:
    """The demo, with the first task 市发展改革委 leads due a month from today."""
    from duban.demo.load import demo_load
    from duban.ledger.models import KeyTask, TaskBaseline

    demo_load()
    task = (
        KeyTask.objects.filter(
            plan__year=2021,
            responsibilities__position=0,
            responsibilities__department__name="市发展改革委",
        )
        .order_by("position")
        .first()
    )
    assert task is not None
    due = timezone.localdate() + datetime.timedelta(days=30)
    KeyTask.objects.filter(pk=task.pk).update(deadline=due)
    TaskBaseline.objects.filter(task=task, version=1).update(deadline=due)
    return task.pk


@pytest.fixture
def base_url(live_server: Any, task_id: int) -> str:
    return str(live_server.url)


def _sign_in(browser: Any, base_url: str, username: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    page.goto(base_url + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    with page.expect_navigation():
        page.click("form button[type=submit]")
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"
    return page


def _act(page: Any, base_url: str, task_id: int, label: str, note: str) -> None:
    page.goto(base_url + reverse("reporting:task_detail", args=[task_id]))
    form = page.locator("#changes form").first
    form.locator("textarea[name=note]").fill(note)
    with page.expect_navigation():
        form.get_by_role("button", name=label, exact=True).click()


def test_a_change_request_from_request_to_approval_and_publication(
    browser: Any, base_url: str, task_id: int, tmp_path: Path
) -> None:
    from duban.reporting.models import ReportingPeriod

    liaison = _sign_in(browser, base_url, "fgw_liaison")
    liaison.goto(base_url + reverse("reporting:task_detail", args=[task_id]))
    with liaison.expect_navigation():
        liaison.click("#change-request-new")
    original = liaison.input_value("#change-request-form textarea[name=text]")
    liaison.fill("#change-request-form textarea[name=text]", original + NEW_TARGET + "。")
    liaison.fill("#change-request-form textarea[name=reason]", "受疫情影响,部分项目推迟开工。")
    evidence = tmp_path / "批复.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF")
    liaison.set_input_files("#change-files", str(evidence))
    with liaison.expect_navigation():
        liaison.click("#change-request-form button[type=submit]")
    assert "待核实" in liaison.inner_text("#changes")

    _act(_sign_in(browser, base_url, "reviewer"), base_url, task_id, "核实", "情况属实。")
    leader = _sign_in(browser, base_url, "leader")
    _act(leader, base_url, task_id, "批准", "同意调整。")
    assert "已批准" in leader.inner_text("#changes")
    note = leader.inner_text("#baseline-note")
    assert note.startswith("目标经批准调整:原 ")
    assert NEW_TARGET in note
    assert "原始(第1版)" in leader.inner_text("#baseline")
    screenshot(leader, "change-request-task.png")

    period = ReportingPeriod.objects.get(plan__year=2021, label="1-9月")
    leader.goto(base_url + reverse("assessment:review") + f"?period={period.pk}")
    assert note in leader.inner_text(f"#task-{task_id}")
    screenshot(leader, "change-request-review.png")

    office = _sign_in(browser, base_url, "office_admin")
    office.goto(base_url + reverse("publishing_office:period_list"))
    section = office.locator("section.card").filter(has_text="(1-9月)")
    with office.expect_navigation():
        section.locator("a:has-text('预览并发布')").click()
    office.check("#publish-form input[name=confirm]")
    with office.expect_navigation():
        office.click("#publish-form button[type=submit]")
    with office.expect_navigation():
        office.locator("section.card").filter(has_text="(1-9月)").get_by_role(
            "link", name="公开页面"
        ).first.click()
    public = office.locator("table").filter(has_text=NEW_TARGET).first
    assert note in public.inner_text()
    screenshot(office, "change-request-public.png")
