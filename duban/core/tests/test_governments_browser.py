"""Two cities in one instance, in a real browser (decision 0030): the demo's 嘉兴市 and a second
city, 湖州市, under 浙江省. The province's leader picks either city's plan; 嘉兴's office sees
only 嘉兴 and creates accounts of 嘉兴 only; the instance's 系统管理员 chooses the government.
"""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from duban.conftest import STEP_TIMEOUT_MS, page_check
from duban.core.audit import SYSTEM
from duban.demo.load import DEMO_ACCOUNTS

from .test_government_separation import HUZHOU_MARK, HUZHOU_TABLE, JIAXING_MARK

PASSWORDS = {account.username: account.password for account in DEMO_ACCOUNTS}
PROVINCE_LEADER, PROVINCE_PASSWORD = "zj_leader", "Duban-province-2021"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def base_url(live_server: Any, transactional_db: None) -> str:
    from django.core.cache import cache

    from duban.accounts.services import user_create
    from duban.core.status import get_profile
    from duban.demo.load import demo_load
    from duban.orgs.selectors import government_get
    from duban.orgs.services import government_add
    from duban.reporting.progress_table.apply import progress_table_apply
    from duban.reporting.progress_table.preview import progress_table_preview

    cache.clear()
    demo_load()
    preview = progress_table_preview(
        name="huzhou.csv",
        data=HUZHOU_TABLE.encode(),
        government_name="湖州市",
        profile=get_profile("jiaxing"),
    )
    progress_table_apply(
        preview=preview,
        government_name="湖州市",
        year=2021,
        period_label="上半年",
        as_of=datetime.date(2021, 6, 30),
        actor=SYSTEM,
    )
    government_add(name="嘉兴市", parent_name="浙江省", actor=SYSTEM)
    government_add(name="湖州市", parent_name="浙江省", actor=SYSTEM)
    user_create(
        username=PROVINCE_LEADER,
        password=PROVINCE_PASSWORD,
        role="leader",
        government=government_get(name="浙江省"),
        display_name="省领导",
        actor=SYSTEM,
    )
    return str(live_server.url)


def _sign_in(browser: Any, base_url: str, username: str, password: str, width: int) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    page.goto(base_url + reverse("accounts:login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form button[type=submit]")
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"
    return page


@pytest.mark.parametrize("width", [1366, 375])
def test_the_province_leader_reads_each_city(browser: Any, base_url: str, width: int) -> None:
    page = _sign_in(browser, base_url, PROVINCE_LEADER, PROVINCE_PASSWORD, width)
    page.goto(base_url + reverse("reporting:task_list"))
    page_check(page, f"governments-province-ledger-{width}")
    assert "浙江省" in page.inner_text("header")
    plans = page.locator("select[name=plan] option").all_inner_texts()
    assert any("嘉兴市" in text for text in plans)
    assert any("湖州市" in text for text in plans)
    page.select_option("select[name=plan]", label=next(t for t in plans if "湖州市" in t))
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    page_check(page, f"governments-province-huzhou-{width}")
    assert HUZHOU_MARK in page.inner_text("main")
    page.goto(base_url + reverse("dashboards:cockpit"))
    page_check(page, f"governments-province-cockpit-{width}")


def test_the_city_office_sees_its_city_and_its_accounts(browser: Any, base_url: str) -> None:
    page = _sign_in(browser, base_url, "office_admin", PASSWORDS["office_admin"], 1366)
    page.goto(base_url + reverse("reporting:task_list"))
    page_check(page, "governments-jiaxing-ledger")
    body = page.inner_text("main")
    assert JIAXING_MARK in body
    assert "湖州" not in body
    page.goto(base_url + reverse("accounts:account_list"))
    page_check(page, "governments-jiaxing-accounts")
    assert "zj_leader" not in page.inner_text("main")
    page.goto(base_url + reverse("accounts:account_create"))
    page_check(page, "governments-jiaxing-account-new")
    government = page.locator("select[name=government]")
    assert government.is_disabled()
    assert government.locator("option:checked").inner_text() == "嘉兴市"


def test_the_instance_administrator_chooses_the_government(browser: Any, base_url: str) -> None:
    page = _sign_in(browser, base_url, "sysadmin", PASSWORDS["sysadmin"], 1366)
    page.goto(base_url + reverse("accounts:account_create"))
    page_check(page, "governments-sysadmin-account-new")
    options = page.locator("select[name=government] option").all_inner_texts()
    assert {"嘉兴市", "湖州市", "浙江省"} <= set(options)
    page.fill("input[name=username]", "hz_office")
    page.fill("input[name=first_name]", "湖州督查室")
    page.select_option("select[name=role]", "office_admin")
    page.select_option("select[name=government]", label="湖州市")
    page.fill("input[name=new_password1]", "Lantern-river-2024")
    page.fill("input[name=new_password2]", "Lantern-river-2024")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page_check(page, "governments-sysadmin-accounts")
    row = page.locator("table.data tbody tr").filter(has_text="hz_office")
    assert "湖州市" in row.inner_text()
