"""The report workflow in a real browser: liaison → head → reviewer, a return and a conflict.

Each person signs in in a browser context of their own (their own cookies), against the live
server with the demo loaded, and every assertion reads what the page shows.
"""

from typing import Any

import pytest
from django.urls import reverse

from duban.conftest import STEP_TIMEOUT_MS, screenshot
from duban.core.audit import SYSTEM

FGW = "市发展改革委"
PASSWORDS = {
    "fgw_liaison": "Duban-fgw-2021",
    "fgw_head": "Duban-fgwhead-2021",
    "reviewer": "Duban-review-2021",
    "fgw_liaison2": "Duban-fgw2-2021",
}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: None) -> None:
    """The demo committed to the database the live server reads (period 1-9月 open)."""
    from duban.demo.load import demo_load

    demo_load()


@pytest.fixture
def base_url(live_server: Any, demo: None) -> str:
    return str(live_server.url)


def _shot(page: Any, name: str) -> None:
    screenshot(page, f"workflow-{name}.png")


def _sign_in(browser: Any, base_url: str, username: str) -> Any:
    """A page in a fresh browser context (own cookies), signed in as `username`."""
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


def _open_from_inbox(page: Any, base_url: str, report_path: str | None = None) -> str:
    """Open a report from 我的任务 (the given one, or the first the department leads)."""
    page.goto(base_url + reverse("reporting:inbox"))
    rows = page.locator("table.data tbody tr").filter(has_text=FGW)
    if report_path is None:
        link = rows.filter(has_not_text="配合报送").first.locator("a")
    else:
        link = rows.locator(f"a[href='{report_path}']")
    assert link.count() == 1, "the report is not in 我的任务"
    with page.expect_navigation():
        link.click()
    return page.url.removeprefix(base_url)


def _state(page: Any) -> str:
    return page.inner_text("#report-state").strip()


def _press(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


SAVE = "#report-form button[name=action][value=save]"
SUBMIT = "#report-form button[name=action][value=submit]"
APPROVE = "#workflow-actions button:has-text('审核通过')"
RETURN = "#workflow-actions button:has-text('退回')"


def test_report_goes_through_return_and_approval(browser: Any, base_url: str) -> None:
    first_text = "1.完成重大项目投资120亿元。"
    fixed_text = "1.完成重大项目投资120亿元,占年度计划的75%。\n2.新开工项目15个。"
    reason = "请补充投资完成比例和新开工项目数。"

    # The liaison fills 进展情况, saves a draft, then submits to the head.
    liaison = _sign_in(browser, base_url, "fgw_liaison")
    report_path = _open_from_inbox(liaison, base_url)
    assert _state(liaison) == "草稿"
    liaison.fill("#report-form textarea[name=progress]", first_text)
    _press(liaison, SAVE)
    assert "已保存" in liaison.inner_text(".messages")
    assert _state(liaison) == "草稿"
    assert liaison.input_value("textarea[name=progress]") == first_text
    _press(liaison, SUBMIT)
    assert _state(liaison) == "待部门审核"
    assert liaison.locator("#report-form").count() == 0  # no longer editable
    _shot(liaison, "1-liaison-submitted")

    # The head finds it in 我的任务 and approves: it goes to the office.
    head = _sign_in(browser, base_url, "fgw_head")
    _open_from_inbox(head, base_url, report_path)
    assert first_text in head.inner_text("main")
    _press(head, APPROVE)
    assert _state(head) == "已提交"

    # The reviewer returns it with a reason.
    reviewer = _sign_in(browser, base_url, "reviewer")
    _open_from_inbox(reviewer, base_url, report_path)
    reviewer.fill("#workflow-actions textarea[name=reason]", reason)
    _press(reviewer, RETURN)
    assert _state(reviewer) == "退回"
    _shot(reviewer, "2-reviewer-returned")

    # The liaison sees the reason, fixes the text and submits again.
    _open_from_inbox(liaison, base_url, report_path)
    assert _state(liaison) == "退回"
    assert liaison.inner_text("#return-reason").splitlines()[-1].strip() == reason
    _shot(liaison, "3-liaison-sees-reason")
    liaison.fill("#report-form textarea[name=progress]", fixed_text)
    _press(liaison, SUBMIT)
    assert _state(liaison) == "待部门审核"
    assert liaison.locator("#return-reason").count() == 0

    # The head approves again; the reviewer approves: 通过.
    _open_from_inbox(head, base_url, report_path)
    _press(head, APPROVE)
    assert _state(head) == "已提交"
    _open_from_inbox(reviewer, base_url, report_path)
    assert "新开工项目15个" in reviewer.inner_text("main")
    _press(reviewer, APPROVE)
    assert _state(reviewer) == "通过"
    assert reviewer.locator("#workflow-actions").count() == 0
    _shot(reviewer, "4-approved")

    liaison.reload()
    assert _state(liaison) == "通过"


def test_second_save_is_refused_and_keeps_what_was_typed(browser: Any, base_url: str) -> None:
    from duban.accounts.services import user_create
    from duban.orgs.models import Department

    user_create(
        username="fgw_liaison2",
        password=PASSWORDS["fgw_liaison2"],
        role="liaison",
        department=Department.objects.get(name=FGW),
        display_name=FGW + "联络员二",
        actor=SYSTEM,
    )
    first_text = "1.第一位联络员填写的进展。"
    second_text = "1.第二位联络员同时填写的进展。"

    # Both liaisons open the same report before either saves.
    first = _sign_in(browser, base_url, "fgw_liaison")
    report_path = _open_from_inbox(first, base_url)
    second = _sign_in(browser, base_url, "fgw_liaison2")
    _open_from_inbox(second, base_url, report_path)
    first.fill("textarea[name=progress]", first_text)
    second.fill("textarea[name=progress]", second_text)

    _press(first, SAVE)
    assert "已保存" in first.inner_text(".messages")

    _press(second, SAVE)
    assert "保存失败" in second.inner_text(".messages")
    assert "fgw_liaison" in second.inner_text(".messages")
    assert second.input_value("textarea[name=progress]") == second_text
    assert first_text in second.inner_text("#conflict")
    assert _state(second) == "草稿"
    _shot(second, "5-conflict")

    # What the first liaison saved stands: the refused save wrote nothing.
    first.reload()
    assert first.input_value("textarea[name=progress]") == first_text
